# audit_chain_append draws its keys from the sequence looked up once, not once per key
# (issue 14: a 10,000-row birth import draws 40,000 change-log keys in one call).

from django.db import migrations

import audit.chain


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_reencrypt_updates'),
    ]

    operations = [migrations.RunPython(audit.chain.install_append_function, migrations.RunPython.noop, elidable=False)]
