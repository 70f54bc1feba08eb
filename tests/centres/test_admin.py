"""The admin's writes keep reach in step: memberships through the service, deactivation signs out.

Who reaches the admin at all, and that it shows no person data, is in test_authorization_matrix.py.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from centres.models import Centre, JobRole, PartnerAgency, StaffMembership
from consent.models import Purpose
from tests.signin import verified_client

User = get_user_model()


def admin_client(demo) -> Client:
    return verified_client(demo.get(username="admin"))


def test_changing_a_membership_in_the_admin_moves_reach_through_the_service(demo, client_for):
    frank = demo.get(username="fsw.frank")
    hillview = Centre.objects.get(slug="hillview-childrens-centre")
    frank_client = client_for("fsw.frank")
    assert frank_client.get(reverse("families:detail", args=["ADA"])).status_code == 200
    response = admin_client(demo).post(
        reverse("admin:centres_staffmembership_change", args=[frank.membership.pk]),
        {"role": JobRole.FAMILY_SUPPORT_WORKER, "centre": hillview.pk, "agency": "", "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(frank.groups.all()) == [hillview.group]
    assert frank_client.get(reverse("families:detail", args=["ADA"])).status_code == 404
    assert frank_client.get(reverse("families:detail", args=["LEW"])).status_code == 200


def test_adding_and_deleting_a_membership_in_the_admin_gives_and_takes_reach(demo):
    newcomer = User.objects.create_user(username="new.starter", password="x")
    housing = PartnerAgency.objects.get(slug="city-housing-support")
    client = admin_client(demo)
    response = client.post(
        reverse("admin:centres_staffmembership_add"),
        {"user": newcomer.pk, "role": JobRole.EXTERNAL_PRACTITIONER, "centre": "", "agency": housing.pk,
         "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(newcomer.groups.all()) == [housing.group]
    membership = StaffMembership.objects.get(user=newcomer)
    response = client.post(reverse("admin:centres_staffmembership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not StaffMembership.objects.filter(user=newcomer).exists()
    assert not newcomer.groups.exists()


def test_deactivating_a_user_in_the_admin_signs_them_out_everywhere(demo):
    hana = demo.get(username="hv.hana")
    hana_client = verified_client(hana)
    response = admin_client(demo).post(
        reverse("admin:auth_user_change", args=[hana.pk]),
        {
            "username": hana.username, "first_name": hana.first_name, "last_name": hana.last_name,
            "email": hana.email, "date_joined_0": hana.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": hana.date_joined.strftime("%H:%M:%S"), "_save": "Save",
            # is_active left out: unticked
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    hana.refresh_from_db()
    assert not hana.is_active
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(hana.pk)]
    assert hana_client.get(reverse("start")).status_code == 302


def test_the_user_form_does_not_edit_groups_or_permissions(demo):
    page = admin_client(demo).get(reverse("admin:auth_user_change", args=[demo.get(username="hv.hana").pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "groups" not in form.fields and "user_permissions" not in form.fields


def test_administrators_may_add_a_local_purpose_but_not_rename_or_delete_one(demo):
    client = admin_client(demo)
    response = client.post(
        reverse("admin:consent_purpose_add"),
        {"name": "Family learning", "slug": "family-learning", "description": "Adult and family learning courses."},
    )
    assert response.status_code == 302
    assert Purpose.objects.filter(slug="family-learning").exists()
    healthcare = Purpose.objects.get(slug=Purpose.HEALTHCARE)
    client.post(
        reverse("admin:consent_purpose_change", args=[healthcare.pk]),
        {"name": healthcare.name, "slug": "renamed", "description": healthcare.description},
    )
    assert Purpose.objects.filter(pk=healthcare.pk, slug=Purpose.HEALTHCARE).exists()
    assert client.get(reverse("admin:consent_purpose_delete", args=[healthcare.pk])).status_code == 403


def test_a_centre_added_in_the_admin_gets_its_own_group(demo):
    response = admin_client(demo).post(
        reverse("admin:centres_centre_add"),
        {
            "name": "Lakeside Children's Centre", "slug": "lakeside-childrens-centre",
            "reach_areas-TOTAL_FORMS": "1", "reach_areas-INITIAL_FORMS": "0",
            "reach_areas-MIN_NUM_FORMS": "0", "reach_areas-MAX_NUM_FORMS": "1000",
            "reach_areas-0-postcode_sector": "NR5 1", "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lakeside = Centre.objects.get(slug="lakeside-childrens-centre")
    assert lakeside.group.name == "centre:lakeside-childrens-centre"
    assert list(lakeside.reach_areas.values_list("postcode_sector", flat=True)) == ["NR5 1"]
    assert not lakeside.group.user_set.exists()



def test_an_administrator_flags_a_service_as_sensitive_in_the_admin(demo):
    """Issue 15: the sensitive flag on a service is the administrators' (the topic a consent must name)."""
    from centres.models import Service

    response = admin_client(demo).post(
        reverse("admin:centres_service_add"),
        {"name": "Family drug and alcohol service", "organisation": "NHS", "sensitive_topic": "lifestyle",
         "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Service.objects.get(name="Family drug and alcohol service").sensitive_topic == "lifestyle"
    response = admin_client(demo).post(
        reverse("admin:centres_service_add"), {"name": "Bad", "sensitive_topic": "not-a-topic", "_save": "Save"}
    )
    assert response.status_code == 200 and not Service.objects.filter(name="Bad").exists()
