"""History is never edited or deleted: consents, withdrawals, overrides, reviews, the disclosure log."""
import pytest

from config.append_only import AppendOnlyError
from consent.models import Consent, ConsentWithdrawal
from sharing import gate
from sharing.models import Disclosure, Override


@pytest.mark.parametrize("model", [Consent, ConsentWithdrawal, Override])
def test_history_rows_refuse_change_and_delete(demo, model):
    row = model.objects.first()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()


def test_disclosure_log_is_append_only(demo, user):
    frank = user("fsw.frank")
    gate.disclose_family(frank, gate.family_for(frank, "ADA"), context="test")
    row = Disclosure.objects.first()
    row.permitted = False
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        Disclosure.objects.all().delete()
    assert Disclosure.objects.filter(permitted=True).exists()


def test_the_new_history_rows_of_issue_9_refuse_change_and_delete(demo, user, settings):
    """Objection withdrawals, override approvals and ends are rows of their own, never edited."""
    from consent.models import Objection, ObjectionWithdrawal
    from consent.services import objection_withdraw
    from consent.vocabulary import ObjectionWithdrawalMethod
    from families.models import Person
    from sharing import services
    from sharing.loading import viewer_for
    from sharing.models import OverrideApproval, OverrideEnd

    settings.SHARING_OVERRIDE_OPEN_LIMIT = 0
    hana, frank, maya = user("hv.hana"), user("fsw.frank"), user("mgr.maya")
    objection = Objection.objects.get(family__reference="CLA")
    objection_withdraw(
        objection=objection, withdrawn_by=objection.made_by, method=ObjectionWithdrawalMethod.IN_PERSON,
        recorded_by=hana,
    )
    pending = services.override_open(
        viewer=viewer_for(frank), subject=Person.objects.select_related("family").get(reference="BRO-C1"),
        kind="public_interest", categories=["basic"], justification="Risk", discussed_with="line_manager",
        discussed_with_name="Maya Mills",
    )
    services.override_approve(override=pending, approved_by=maya)
    services.override_end(override=pending, ended_by=frank, reason="Resolved.")
    for model in (ObjectionWithdrawal, OverrideApproval, OverrideEnd):
        row = model.objects.get()
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
        with pytest.raises(AppendOnlyError):
            model.objects.all().delete()
