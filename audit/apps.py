from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Tamper evidence for the history tables: the change log model, hash chains, append-only triggers.

    It sits below every other project app: it imports none of them, and they may use it.
    """

    name = "audit"
    verbose_name = "Audit: change log and tamper evidence"
