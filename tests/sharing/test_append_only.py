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
