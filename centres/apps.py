from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "Centres, reach areas, staff and partner agencies"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from centres.models import Service

        # Issue 15: who flagged a service as sensitive, and when, is kept (django-auditlog).
        auditlog.register(Service)
