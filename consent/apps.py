from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent, objections, capacity and privacy notices"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from consent.models import CapacityAssessment, Consent, ConsentWithdrawal, Objection

        auditlog.register(Consent, m2m_fields={"subjects", "agencies", "purposes"})
        # Reasons are encrypted at rest (config/fields.py): kept out of the plain-text change log.
        auditlog.register(ConsentWithdrawal, exclude_fields=["reason"])
        auditlog.register(CapacityAssessment)
        auditlog.register(Objection, exclude_fields=["reason"])
