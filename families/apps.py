from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families, children, carers and notes"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from families.models import CarerLink, Family, Note, Person

        # Change history for everything a family record holds (django-auditlog).
        auditlog.register(Family)
        auditlog.register(Person)
        auditlog.register(CarerLink)
        # ¶17: note text is sensitive; the change log records that it changed, not what it says.
        auditlog.register(Note, mask_fields=["text"])
