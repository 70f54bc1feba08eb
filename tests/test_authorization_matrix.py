"""The authorization matrix (tests/authorization_matrix.json), walked URL by URL and user by user.

Every URL name in the project × every demo user and anonymous × a target object (the user's
own centre's, another centre's, one that does not exist) → the status of a GET and of an empty
POST, and on family and person pages which categories of each person appear. The demo world is
seeded once for the module, inside a transaction that is rolled back at the end; every test
runs in a savepoint of it, so whatever a request writes is undone before the next.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.services import second_factor_reset
from centres.models import Centre, PartnerAgency, StaffMembership
from consent.models import (
    CapacityAssessment,
    Consent,
    ConsentWithdrawal,
    Objection,
    ObjectionWithdrawal,
    PrivacyNotice,
    Purpose,
)
from consent.services import objection_record
from consent.vocabulary import INFORMED_POINTS
from demo.world import seed_demo
from families.models import CarerLink, Family, Note, NoteAmendment, Person
from intake.models import BirthImport, BirthRecord, EarlyNotification, NotificationDecision
from intake.services import ExpectantParent, births_import, notification_send
from sharing import policy
from sharing.loading import viewer_for
from sharing.models import (
    Override,
    OverrideApproval,
    OverrideEnd,
    OverrideReview,
    Referral,
    ReferralEvent,
    SharingProtocol,
)
from sharing.services import override_open
from tests.signin import verified_client

MATRIX = json.loads(Path(__file__).with_name("authorization_matrix.json").read_text(encoding="utf-8"))
USERS = list(MATRIX["users"])
MARKERS = MATRIX["markers"]
STATUSES = {200, 302, 403, 404, 405}
OBJECT_TARGETS = {"own", "other", "missing"}


# --- The rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    url: str
    user: str
    target: str  # own / other / missing / none, or an object symbol for the extra cases
    symbol: str | None
    get: int
    post: int
    categories: list | dict | None
    shows: str | None

    @property
    def id(self) -> str:
        return f"{self.url}|{self.user}|{self.target}"


def _matrix_rows() -> list[Row]:
    by_user = MATRIX["targets"]["by_user"]
    missing = MATRIX["targets"]["missing_objects"]
    rows = []
    for name, spec in MATRIX["urls"].items():
        kind = spec["object"]
        for user, cells in spec["expect"].items():
            for target, cell in cells.items():
                if target == "none":
                    symbol = None
                elif target == "missing":
                    symbol = missing[kind]
                else:
                    symbol = by_user[user][target][kind]
                rows.append(
                    Row(
                        name, user, target, symbol, cell["GET"], cell["POST"], cell.get("categories"),
                        spec.get("shows"),
                    )
                )
    for case in MATRIX["cases"]:
        rows.append(
            Row(
                case["url"], case["user"], case["object"], case["object"], case["GET"], case["POST"],
                case.get("categories"), MATRIX["urls"][case["url"]].get("shows"),
            )
        )
    return rows


ROWS = _matrix_rows()


# --- The world: seeded once for the module --------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    reference: str
    family: str
    centre_slug: str
    full_name: str
    notes: tuple[str, ...]
    # Who wrote each note: a practitioner keeps seeing what they recorded (POLICY.md "recorded by you").
    note_authors: dict[str, str]

    def notes_not_by(self, username: str) -> list[str]:
        return [text for text in self.notes if self.note_authors.get(text) != username]


@dataclass
class World:
    args: dict[str, str | int]  # object symbol -> URL argument (reference or pk)
    people: dict[str, PersonFacts]
    sessions: dict[str, str]  # username -> a session signed in once for the module

    def outsiders(self, user: str) -> list[PersonFacts]:
        """People nothing of whom may ever appear on a page this user is shown."""
        may_see = MATRIX["users"][user]["may_see"]
        if "centre" in may_see:
            return [p for p in self.people.values() if p.centre_slug != may_see["centre"]]
        return [p for p in self.people.values() if p.reference not in may_see["people"]]


def _run_setup() -> None:
    users = get_user_model().objects
    for step in MATRIX["setup"]:
        assert step["action"] in ("override_open", "objection_record", "notification_send", "births_import"), step
        if step["action"] == "notification_send":
            sender = users.get(username=step["by"])
            today = timezone.localdate()
            notification_send(
                sent_by=sender, centre=sender.membership.centre,
                parent=ExpectantParent(step["first_name"], step["last_name"], dt.date(1995, 6, 1)),
                due_date=today + dt.timedelta(days=60), address_line_1="1 Matrix Row", town="Norwich",
                postcode=step["postcode"], consent_given=True, consent_given_on=today, signed_by="parent",
                informed=dict.fromkeys(INFORMED_POINTS, True),
            )
            continue
        if step["action"] == "births_import":
            record = births_import(
                uploaded_by=users.get(username=step["by"]), file_name="matrix.csv",
                data=step["csv"].encode(), mode="all_or_nothing",
            )
            assert isinstance(record, BirthImport), record
            continue
        if step["action"] == "objection_record":
            made_by = Person.objects.select_related("family").get(reference=step["made_by"])
            objection_record(
                family=made_by.family,
                made_by=made_by,
                subjects=list(Person.objects.filter(reference__in=step["subjects"])),
                recorded_by=users.get(username=step["by"]),
                reason="Made by the authorization matrix test.",
            )
            continue
        override_open(
            viewer=viewer_for(users.get(username=step["by"])),
            subject=Person.objects.get(reference=step["subject"]),
            kind=step["kind"],
            categories=step["categories"],
            justification="Made by the authorization matrix test.",
            discussed_with="line_manager",
            discussed_with_name="Line manager",
            hours=24,
        )


def _sign_in_records() -> None:
    """A sign-in, a failure and a recorded second-factor reset, so the admin's sign-in records have rows."""
    users = get_user_model().objects
    Client(HTTP_HOST="localhost").post(reverse("login"), {"username": "ext.evan", "password": "sure-start-demo"})
    Client(HTTP_HOST="localhost").post(reverse("login"), {"username": "no.such.user", "password": "not-the-password"})
    second_factor_reset(user=users.get(username="ext.evan"), reset_by=users.get(username="admin"), reason="Matrix")


# A note is named by its family: the note on the family's first child by the practitioner who
# registered it (demo/world.py: hv.hana wrote ADA-C1's, hv.hugo LEW-C1's). Its URL takes the
# person's reference and the note's pk.
NOTE_AUTHORS = {"ADA": "hv.hana", "LEW": "hv.hugo"}


def _resolve_note(key: str, spec: dict) -> tuple[str, int]:
    if not spec["exists"]:
        return "ADA-C1", (Note.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    note = Note.objects.get(subject__reference=f"{key}-C1", author__username=NOTE_AUTHORS[key])
    return f"{key}-C1", note.pk


def _resolve(symbol: str, spec: dict) -> str | int | tuple[str, int]:
    kind, key = symbol.split(":", 1)
    if kind == "note":
        return _resolve_note(key, spec)
    model, lookup = {
        "family": (Family, "reference"),
        "person": (Person, "reference"),
        "consent": (Consent, "family__reference"),
        "override": (Override, "subject__reference"),
        "objection": (Objection, "family__reference"),
        "referral": (Referral, "subject__reference"),
        "notification": (EarlyNotification, "parent_last_name"),
        "birth-import": (BirthImport, "uploaded_by__username"),
        "protocol": (SharingProtocol, "partner"),
    }[kind]
    if not spec["exists"]:
        if lookup == "reference":
            assert not model.objects.filter(reference=key).exists(), f"{symbol} is meant not to exist"
            return key
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    obj = model.objects.get(**{lookup: key})  # exactly one, or the matrix is ambiguous
    return obj.reference if lookup == "reference" else obj.pk


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            _run_setup()
            args = {symbol: _resolve(symbol, spec) for symbol, spec in MATRIX["objects"].items()}
            notes: dict[int, list[str]] = {}
            authors: dict[int, dict[str, str]] = {}
            for subject_id, text, author in Note.objects.values_list("subject_id", "text", "author__username"):
                notes.setdefault(subject_id, []).append(text)
                authors.setdefault(subject_id, {})[text] = author
            people = {
                p.reference: PersonFacts(
                    p.reference, p.family.reference, p.family.centre.slug,
                    f"{p.first_name} {p.last_name}", tuple(notes.get(p.pk, ())), authors.get(p.pk, {}),
                )
                for p in Person.objects.select_related("family__centre")
            }
            _sign_in_records()
            sessions = {}
            for username in USERS:
                if username != "anonymous":
                    client = verified_client(get_user_model().objects.get(username=username))
                    sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield World(args=args, people=people, sessions=sessions)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _client(username: str, world: World, **kwargs) -> Client:
    """A client signed in as the user (a session made once for the module; a test's changes to it roll back)."""
    client = Client(HTTP_HOST="localhost", **kwargs)
    if username != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[username]
    return client


def _url(row: Row, world: World) -> str:
    if row.symbol is None:
        return reverse(row.url)
    arg = world.args[row.symbol]
    return reverse(row.url, args=list(arg) if isinstance(arg, tuple) else [arg])


SNAPSHOT_MODELS = (
    Family, Person, CarerLink, Note, NoteAmendment, Consent, ConsentWithdrawal, Objection, ObjectionWithdrawal,
    CapacityAssessment, PrivacyNotice, Override, OverrideReview, OverrideApproval, OverrideEnd, StaffMembership,
    Centre, PartnerAgency, Purpose, Referral, ReferralEvent,
    EarlyNotification, NotificationDecision, BirthImport, BirthRecord,
)


def _snapshot() -> dict[str, int]:
    """Everything an empty POST must leave alone (the disclosure log and sessions may grow), in one query."""
    models = (*SNAPSHOT_MODELS, get_user_model())
    counts = ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in models)
    versions = f"(SELECT COALESCE(SUM(version), 0) FROM {Family._meta.db_table})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}, {versions}")
        values = cursor.fetchone()
    return dict(zip([m._meta.label for m in models] + ["family versions"], values, strict=True))


# --- What a page shows --------------------------------------------------------------------------


def _person_sections(page: str) -> dict[str, str]:
    """The family page's per-person sections, by reference (from the "Child · ADA-C1" caption)."""
    sections = {}
    for part in page.split('<section class="app-person"')[1:]:
        part = part.split("</section>")[0]
        found = re.search(r"· ([A-Z0-9]+-[CP]\d+)</span>", part)
        if found:
            sections[found.group(1)] = part
    return sections


def _check_family_page(page: str, row: Row, world: World) -> None:
    sections = _person_sections(page)
    if isinstance(row.categories, dict):
        expected = row.categories
    else:
        family = world.args[row.symbol]
        expected = {ref: row.categories for ref, p in world.people.items() if p.family == family}
    assert set(sections) == set(expected), f"people on the page: {sorted(sections)}, expected {sorted(expected)}"
    for ref, categories in expected.items():
        person, section = world.people[ref], sections[ref]
        if "basic" in categories:
            assert MARKERS["basic"] not in section, f"{ref}: basic information redacted"
            assert person.full_name in section, f"{ref}: name not shown"
        else:
            assert MARKERS["basic"] in section, f"{ref}: no basic redaction marker"
            assert person.full_name not in page, f"{ref}: name shown though basic is not shared"
        if "sensitive" in categories:
            assert MARKERS["sensitive"] not in section, f"{ref}: sensitive information redacted"
            for text in person.notes:
                assert text in section, f"{ref}: note not shown: {text}"
        else:
            assert MARKERS["sensitive"] in section, f"{ref}: no sensitive redaction marker"
            for text in person.notes_not_by(row.user):
                assert text not in page, f"{ref}: note shown though sensitive is not shared: {text}"
            for text in set(person.notes) - set(person.notes_not_by(row.user)):
                assert text in section.split("Notes you recorded")[-1], f"{ref}: own note not shown: {text}"


def _check_person_page(page: str, row: Row, world: World) -> None:
    person = world.people[world.args[row.symbol]]
    assert "sensitive" not in row.categories, "person pages show basic information at most"
    if "basic" in row.categories:
        assert person.full_name in page, f"{person.reference}: name not shown"
    else:
        assert person.full_name not in page, f"{person.reference}: name shown though basic is not shared"
    for text in person.notes:
        assert text not in page, f"{person.reference}: note shown on a page that shows no notes"


def _check_no_leaks(page: str, row: Row, world: World) -> None:
    for person in world.outsiders(row.user):
        assert person.full_name not in page, f"{row.user} was shown {person.reference}'s name"
        for text in person.notes:
            assert text not in page, f"{row.user} was shown a note about {person.reference}"


# --- (a) Every row --------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_matrix(row: Row, world: World, db) -> None:
    url = _url(row, world)
    for method, expected in (("GET", row.get), ("POST", row.post)):
        before = _snapshot() if method == "POST" else None
        response = getattr(_client(row.user, world), method.lower())(url)  # POST: an empty body
        assert response.status_code == expected, (
            f"{method} {url} as {row.user}: expected {expected}, got {response.status_code}"
        )
        if before is not None:
            assert _snapshot() == before, f"an empty POST to {url} as {row.user} changed something"
        if response.status_code == 302 and row.user == "anonymous":
            sign_in = reverse("admin:login") if row.url.startswith("admin:") else reverse("login")
            assert response["Location"].startswith(sign_in), response["Location"]
        if response.status_code == 200:
            page = html.unescape(response.content.decode())
            _check_no_leaks(page, row, world)
            if method == "GET" and row.categories is not None:
                {"family": _check_family_page, "person": _check_person_page}[row.shows](page, row, world)


# --- The matrix itself: complete, consistent, and covering every URL --------------------------------


def _walk(resolver: URLResolver, namespace: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, namespace + ((pattern.namespace,) if pattern.namespace else ()))
        else:
            assert isinstance(pattern, URLPattern)
            yield ":".join(namespace + (pattern.name or f"<unnamed {pattern.pattern}>",)), pattern


def _covered_by_rule(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, rule["pattern"]) for rule in MATRIX["pattern_rules"])


def test_every_url_pattern_is_in_the_matrix() -> None:
    patterns = dict(_walk(get_resolver()))
    missing = sorted(name for name in patterns if name not in MATRIX["urls"] and not _covered_by_rule(name))
    assert not missing, f"URL patterns missing from tests/authorization_matrix.json: {missing}"
    stale = sorted(set(MATRIX["urls"]) - set(patterns))
    assert not stale, f"the matrix lists URL names the project no longer has: {stale}"
    for rule in MATRIX["pattern_rules"]:
        assert rule["represented_by"] in MATRIX["urls"], rule
    for name in MATRIX["urls"]:
        takes_object = patterns[name].pattern.regex.groups > 0
        assert takes_object == (MATRIX["urls"][name]["object"] is not None), (
            f"{name}: the matrix's object kind does not match the URL's parameters"
        )


def test_the_matrix_is_complete_and_consistent() -> None:
    kinds = set(MATRIX["targets"]["missing_objects"])
    for name, spec in MATRIX["urls"].items():
        assert spec["object"] in kinds | {None}, name
        assert list(spec["expect"]) == USERS, f"{name}: every user and anonymous, in order"
        for user, cells in spec["expect"].items():
            targets = {"none"} if spec["object"] is None else OBJECT_TARGETS
            assert set(cells) == targets, f"{name} {user}: targets {sorted(cells)}"
    for symbol in {r.symbol for r in ROWS if r.symbol}:
        assert symbol in MATRIX["objects"], f"{symbol} is not defined in 'objects'"
    for row in ROWS:
        assert {row.get, row.post} <= STATUSES, row.id
        assert row.user in MATRIX["users"], row.id
        if row.get in (403, 404):
            # Who cannot see it cannot change it by posting either.
            # (405: a read-only page refuses every POST before it looks at anything.)
            assert row.post in (403, 404, 405), f"{row.id}: GET {row.get} but POST {row.post}"
        if row.categories is not None:
            assert row.get == 200 and row.shows in ("family", "person"), row.id


# --- (c) CSRF stays on ------------------------------------------------------------------------------


def _csrf_rows() -> list[Row]:
    """Per URL, one user whose empty POST gets through (200, or 302 for sign-in/out and admin)."""
    chosen: dict[str, Row] = {}
    for row in ROWS:
        through = row.post == 200 or (row.post == 302 and row.user != "anonymous")
        if through and row.url not in chosen:
            chosen[row.url] = row
    return list(chosen.values())


@pytest.mark.parametrize("row", _csrf_rows(), ids=[r.id for r in _csrf_rows()])
def test_a_post_without_a_csrf_token_is_refused(row: Row, world: World, db) -> None:
    before = _snapshot()
    response = _client(row.user, world, enforce_csrf_checks=True).post(_url(row, world))
    assert response.status_code == 403
    assert _snapshot() == before


def test_csrf_protection_is_not_switched_off_anywhere() -> None:
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    exempt = sorted(name for name, p in _walk(get_resolver()) if getattr(p.callback, "csrf_exempt", False))
    assert not exempt, f"views exempt from CSRF checks: {exempt}"


# --- The admin: superusers only, no person data (the admin:* pattern rule) -----------------------


ADMIN_MODELS = {
    "accounts.SecondFactorReset",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "auth.User",
    "centres.Centre",
    "centres.ReachArea",
    "centres.PartnerAgency",
    "centres.StaffMembership",
    "centres.Service",  # issue 15: services and their sensitive flag; no person data
    "consent.Purpose",
    "sharing.Disclosure",
    "sharing.Override",
}


def _admin_urls() -> dict[str, str]:
    """A URL for every named admin pattern (bar sign-in and sign-out), from the registry."""
    urls = {
        "admin:index": reverse("admin:index"),
        "admin:password_change": reverse("admin:password_change"),
        "admin:password_change_done": reverse("admin:password_change_done"),
        "admin:jsi18n": reverse("admin:jsi18n"),
        "admin:autocomplete": reverse("admin:autocomplete"),
    }
    centre = Centre.objects.first()
    urls["admin:view_on_site"] = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Centre).pk, centre.pk]
    )
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        urls["admin:app_list"] = reverse("admin:app_list", args=[app])
        urls[f"admin:app_list {app}"] = reverse("admin:app_list", args=[app])
        obj = model.objects.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} to try the admin with"
        for action in ("changelist", "add"):
            urls[f"admin:{app}_{name}_{action}"] = reverse(f"admin:{app}_{name}_{action}")
        for action in ("change", "history", "delete"):
            urls[f"admin:{app}_{name}_{action}"] = reverse(f"admin:{app}_{name}_{action}", args=[obj.pk])
        urls[f"<unnamed {app}_{name} object>"] = f"/admin/{app}/{name}/{obj.pk}/"
        for other, _ in _walk(get_resolver()):  # any further per-object views (e.g. a password change)
            if other.startswith(f"admin:{app}_{name}_") and other not in urls:
                urls[other] = reverse(other, args=[obj.pk])
    urls["<unnamed catch-all>"] = "/admin/families/person/"
    return urls


def test_admin_registers_no_person_data() -> None:
    registered = {model._meta.label for model in admin.site._registry}
    assert registered <= ADMIN_MODELS, f"unexpected admin registrations: {sorted(registered - ADMIN_MODELS)}"
    assert not any(label.startswith(("families.", "auditlog.")) for label in registered)


def test_admin_pattern_rule(world: World, db) -> None:
    """Every admin URL is refused to a staff member who is not a superuser, and open to one who is."""
    assert _client("hv.hana", world).get(reverse("families:detail", args=["ADA"])).status_code == 200  # a disclosure
    urls = _admin_urls()
    named = {name for name, _ in _walk(get_resolver()) if name.startswith("admin:") and "<unnamed" not in name}
    assert named - {"admin:login", "admin:logout"} <= set(urls), sorted(named - set(urls))

    staff = get_user_model().objects.get(username="mgr.maya")
    staff.is_staff = True
    staff.save()
    staff_client, superuser_client = _client("mgr.maya", world), _client("admin", world)
    sign_in = reverse("admin:login")
    for name, url in urls.items():
        response = staff_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(sign_in), (name, response.status_code)
        response = superuser_client.get(url)
        assert not (response.status_code == 302 and response["Location"].startswith(sign_in)), name
    assert superuser_client.get(reverse("admin:index")).status_code == 200
    assert superuser_client.get("/admin/auditlog/logentry/").status_code == 404
    assert superuser_client.get("/admin/families/person/").status_code == 404


def test_the_admin_sign_in_refuses_staff_who_are_not_superusers(world: World, db) -> None:
    staff = get_user_model().objects.get(username="mgr.maya")
    staff.is_staff = True
    staff.set_password("a-long-test-password")
    staff.save()
    client = Client(HTTP_HOST="localhost")
    response = client.post(reverse("admin:login"), {"username": "mgr.maya", "password": "a-long-test-password"})
    assert response.status_code == 200  # the form again, with an error
    assert "system administrator" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_shows_no_person_data(world: World, db) -> None:
    # Something in the disclosure log first, so its pages have rows to show.
    assert _client("hv.hana", world).get(reverse("families:detail", args=["ADA"])).status_code == 200
    assert _client("fsw.frank", world).get(reverse("families:detail", args=["MOR"])).status_code == 200
    client = _client("admin", world)
    secrets = [p.full_name for p in world.people.values()]
    secrets += [text for p in world.people.values() for text in p.notes]
    secrets += list(Override.objects.values_list("justification", flat=True))
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        pages.append(reverse(f"admin:{app}_{name}_changelist"))
        some = model.objects.values_list("pk", flat=True)[:20]
        pages += [reverse(f"admin:{app}_{name}_change", args=[pk]) for pk in some]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = html.unescape(response.content.decode())
        shown = [s for s in secrets if s in page]
        assert not shown, f"{url} shows person data: {shown}"


# --- Navigation: every link offered is one the user may open ------------------------------------

NAV_LINK = re.compile(r'class="govuk-service-navigation__link" href="([^"]+)"')


@pytest.mark.parametrize("username", [u for u in USERS if u != "anonymous"])
def test_every_navigation_link_opens(username: str, world: World, db) -> None:
    client = _client(username, world)
    links = NAV_LINK.findall(client.get("/").content.decode())
    assert links, f"{username} sees no navigation"
    for link in links:
        assert client.get(html.unescape(link)).status_code == 200, f"{username}: {link}"
    # Consent records and the manager's pages are offered exactly to those the policy lets open them.
    viewer = viewer_for(get_user_model().objects.get(username=username))
    assert ("/consent/due-for-review/" in links) == policy.may_view_consents(viewer, viewer.centre_id)
    assert ("/sharing/review/" in links) == policy.may_review_overrides(viewer)
    assert ("/sharing/check-access/" in links) == policy.may_review(viewer)
