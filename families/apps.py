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
        # The note's text is encrypted at rest (config/fields.py): the change log, which stores
        # values as plain text, records that a note was written, not what it says.
        auditlog.register(Note, exclude_fields=["text"])
