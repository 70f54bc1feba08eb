from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent, objections, capacity and privacy notices"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from consent.models import CapacityAssessment, Consent, ConsentWithdrawal, Objection

        auditlog.register(Consent, m2m_fields={"subjects", "agencies", "purposes"})
        # Free text is masked in the change log (audit.masking): reasons and assessment notes can
        # hold sensitive information (¶17).
        auditlog.register(ConsentWithdrawal, mask_fields=["reason"])
        auditlog.register(CapacityAssessment, mask_fields=["note"])
        auditlog.register(Objection, mask_fields=["reason"])
