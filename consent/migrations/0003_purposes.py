from django.db import migrations

PURPOSES = [
    ("healthcare", "Healthcare", "Delivering healthcare: the Healthy Child Programme."),
    ("centre-services", "Centre services", "Delivering the children's centre's services to the family."),
    ("monitoring-evaluation", "Monitoring and evaluation", "Monitoring and evaluating services."),
]


def add_purposes(apps, schema_editor):
    Purpose = apps.get_model("consent", "Purpose")
    for slug, name, description in PURPOSES:
        Purpose.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_initial")]
    operations = [migrations.RunPython(add_purposes, migrations.RunPython.noop)]
