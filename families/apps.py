from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families, children, carers and notes"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from families.models import CarerLink, Family, Note, Person, ReviewContact

        # Change history for everything a family record holds (django-auditlog).
        auditlog.register(Family)
        # NHS number and phone are other personal details (issue 13): never in the change log in clear.
        auditlog.register(Person, mask_fields=["nhs_number", "phone"])
        auditlog.register(CarerLink)
        # Note text is sensitive (¶17): the change log records that it changed, never the words
        # (issue 10: "note text never sits in the change log in clear").
        auditlog.register(Note, mask_fields=["text"])  # concealed whole (audit.masking)
        auditlog.register(ReviewContact, mask_fields=["present", "note"])
