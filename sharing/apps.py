from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Sharing: the policy, the gate, the disclosure log and overrides"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sharing.models import SharingProtocol

        # The protocol register is current state (¶23): its history is django-auditlog's.
        auditlog.register(SharingProtocol)
