from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent, objections, capacity and privacy notices"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from consent.models import CapacityAssessment, Consent, ConsentWithdrawal, Objection

        auditlog.register(Consent, m2m_fields={"subjects", "agencies", "purposes"})
        auditlog.register(ConsentWithdrawal)
        auditlog.register(CapacityAssessment)
        auditlog.register(Objection)
