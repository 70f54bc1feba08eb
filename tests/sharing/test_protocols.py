"""The register of information sharing protocols (issue 14, ¶23): kept by the manager, flagged past
review, named by group-figure exports — and never a basis for revealing anything about a person."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from auditlog import get_logentry_model
from django.utils import timezone

from families.models import Person
from sharing.gate import decisions_for
from sharing.models import SharingProtocol, TrailAccess
from sharing.vocabulary import Category, LegalBasis, ProtocolData, ProtocolStatus

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "partner": "Norfolk Library Service", "data_shared": ProtocolData.FIGURES, "categories": "Counts by sector",
        "purpose": "Planning rhyme-time sessions", "legal_basis": LegalBasis.PUBLIC_TASK,
        "start_date": today.isoformat(), "review_date": (today + dt.timedelta(days=365)).isoformat(),
        "status": ProtocolStatus.ACTIVE, "document_link": "", **overrides,
    }


def test_the_register_flags_protocols_past_review(client_for):
    body = client_for("mgr.maya").get("/sharing/protocols/").content.decode()
    assert "City Housing Support" in body and "Norfolk Public Health" in body
    assert "NHS Norfolk and Waveney ICB" not in body  # Hillview's register is not Maya's
    assert body.count('data-testid="past-review"') == 1
    assert "1 protocol is past its review date" in body


def test_a_manager_adds_and_changes_a_protocol(client_for, user):
    client = client_for("mgr.maya")
    response = client.post("/sharing/protocols/new/", _form())
    assert response.status_code == 302
    protocol = SharingProtocol.objects.get(partner="Norfolk Library Service")
    assert protocol.centre.slug == "riverside-childrens-centre" and protocol.recorded_by == user("mgr.maya")
    response = client.post(f"/sharing/protocols/{protocol.pk}/", _form(status=ProtocolStatus.SUSPENDED))
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.SUSPENDED
    # django-auditlog keeps the register's history.
    assert get_logentry_model().objects.get_for_object(protocol).count() == 2


def test_a_review_date_must_follow_the_start(client_for):
    today = timezone.localdate()
    response = client_for("mgr.maya").post("/sharing/protocols/new/", _form(review_date=today.isoformat()))
    assert response.status_code == 200
    assert "The review date must be after the start date" in response.content.decode()
    assert not SharingProtocol.objects.filter(partner="Norfolk Library Service").exists()


def test_a_figures_export_to_a_partner_names_its_protocol(client_for):
    protocol = SharingProtocol.objects.get(partner="Norfolk Public Health")
    client = client_for("mgr.maya")
    assert f'<option value="{protocol.pk}">Norfolk Public Health' in client.get("/sharing/figures/").content.decode()
    response = client.get(f"/sharing/figures/export.csv?protocol={protocol.pk}")
    assert response.status_code == 200
    first = next(csv.reader(io.StringIO(response.content.decode())))[0]
    assert first.startswith("Shared with Norfolk Public Health under the information sharing protocol")
    access = TrailAccess.objects.latest("id")
    assert access.filters["partner"] == "Norfolk Public Health" and access.filters["protocol"] == protocol.pk


@pytest.mark.parametrize("partner", ["City Housing Support", "NHS Norfolk and Waveney ICB"])
def test_only_an_active_figures_protocol_of_the_centre_may_be_named(client_for, partner):
    # City Housing Support's covers individuals, not figures; the ICB's is Hillview's.
    protocol = SharingProtocol.objects.get(partner=partner)
    assert client_for("mgr.maya").get(f"/sharing/figures/export.csv?protocol={protocol.pk}").status_code == 404


def test_a_protocol_never_permits_an_individual_reveal(client_for, user):
    """POLICY.md "Groups of people": ISPs never replace case-by-case decisions about individuals.
    Riverside's protocol with City Housing Support covers individuals; ext.ella works there. She
    still sees only what the Evans family's consent allows, and nothing of anyone else."""
    protocol = SharingProtocol.objects.get(partner="City Housing Support")
    SharingProtocol.objects.filter(pk=protocol.pk).update(
        data_shared=ProtocolData.BOTH, review_date=timezone.localdate() + dt.timedelta(days=300)
    )
    ella = user("ext.ella")
    client = client_for("ext.ella")
    assert client.get("/families/BRO/").status_code == 404
    people = list(Person.objects.filter(reference__in=["EVA-C1", "BRO-C1", "ADA-C1"]).order_by("reference"))
    basic_decisions = decisions_for(ella, people, Category.BASIC)
    sensitive_decisions = decisions_for(ella, people, Category.SENSITIVE)
    basic = {p.reference: basic_decisions[p.pk].permitted for p in people}
    sensitive = {p.reference: sensitive_decisions[p.pk].permitted for p in people}
    assert basic == {"ADA-C1": False, "BRO-C1": False, "EVA-C1": True}  # EVA: the family's consent
    assert sensitive == {"ADA-C1": False, "BRO-C1": False, "EVA-C1": False}


def test_the_gate_does_not_read_protocols():
    """The structural half of the proof: nothing that decides or fetches a reveal names them."""
    root = Path(__file__).resolve().parents[2] / "sharing"
    # capabilities.py names who keeps the register (MANAGE_PROTOCOLS), which decides no reveal.
    policy = [m for m in root.joinpath("policy").glob("*.py") if m.name != "capabilities.py"]
    gate_modules = [*policy, *(root / name for name in (
        "disclose.py", "access.py", "loading.py", "reach.py", "gate.py", "revealed.py"))]
    for module in gate_modules:
        text = module.read_text()
        assert "SharingProtocol" not in text and "protocol" not in text.lower(), module
