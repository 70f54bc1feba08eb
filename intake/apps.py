from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Early notification and new-birth data"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from intake.models import PERSONAL_FIELDS, EarlyNotification

        # A notification is current state (pending, then decided); its history is django-auditlog's.
        # Its personal details are erased when it is declined or refused, so the change log must not
        # keep them either: concealed whole (audit.masking).
        auditlog.register(EarlyNotification, mask_fields=list(PERSONAL_FIELDS))
