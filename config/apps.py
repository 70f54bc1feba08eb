from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with the superuser-only site of ``config.admin_site``."""

    default_site = "config.admin_site.SuperuserAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin.py
        from auditlog import get_logentry_model
        from django.contrib import admin

        LogEntry = get_logentry_model()  # audit.LogEntry (AUDITLOG_LOGENTRY_MODEL)

        # django-auditlog registers its change log itself. Its entries copy the changed fields
        # of people, families and notes (names, dates of birth, note text), which the admin
        # must not show: change history is read through the product, behind the gate.
        if admin.site.is_registered(LogEntry):
            admin.site.unregister(LogEntry)
