"""Hostile input to every form and URL parameter: never a 500, nothing written on refusal (issue 11).

The forms are found from the URL configuration, not listed by hand: every pattern is opened
(path parameters filled with demo references) as the first demo user who may see it (the
admin's add and change forms as the superuser), and every page with a ``<form method="post">``
is a target. Each form then gets
- a sweep: every field at once set to each adversarial value in turn (NUL and control
  characters, the right-to-left override, SQL and template syntax, ``<script>``, huge numbers,
  5,000 digits, long strings), and
- hypothesis: random mixes of those, random text, the page's own values, missing fields and
  fields sent twice.
Every answer must be below 500. A refusal (4xx, or the form shown again with 200) must leave
every history table as it was; a 200 may add disclosure rows, since the page it shows reveals
people and records that it did, but a 4xx may not (a failed request leaves none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.models import Consent
from sharing.models import Disclosure, NotificationDisclosure, Override

CANDIDATE_USERS = ["hv.hana", "mgr.maya", "fsw.frank", "sw.sara"]
# Only the sign-in form is for people who are not signed in; sign-out would end the session.
ANONYMOUS_FORMS = {"login"}
SKIPPED = {"logout"}
EXAMPLES_PER_FORM = 8
PAGE_VALUE = "the value the page itself sends"

ADVERSARIAL = [
    "\x00",
    "ADA\x00",
    "\x01\x02\x1b[31m\x7f",
    "\u202eevil.exe",
    "\u202e1C-ADA",
    "' OR '1'='1' --",
    "'; DROP TABLE families_family; --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    str(2**31),
    str(2**63),
    "9" * 5000,
    "1e309",
    "-1",
    "²",
    "١٢",
    "x" * 20_000,
    "",
    "\r\n\t",
    "../../etc/passwd",
    "ADA-C1",
]
VALUE = st.one_of(
    st.sampled_from(ADVERSARIAL),
    st.text(max_size=200),
    st.integers().map(str),
    st.from_regex(r"[0-9]{1,40}", fullmatch=True),
)


@dataclass(frozen=True)
class FormPage:
    name: str
    path: str
    user: str | None
    fields: dict[str, list[str]]  # name → the values the page itself sends (hidden fields, defaults)


def _walk(resolver: URLResolver, prefix: str = "", namespace: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route, namespace + ((pattern.namespace,) if pattern.namespace else ()))
        else:
            assert isinstance(pattern, URLPattern)
            yield ":".join(namespace + (pattern.name or f"<unnamed {route}>",)), route


ADMIN_FORM = re.compile(r"admin:(?P<app>[a-z]+)_(?P<model>[a-z]+)_(?P<view>add|change)")


def _fill(name: str, route: str, values: dict[str, str]) -> str | None:
    """The route with its parameters replaced; None for a page that is not a form to try.

    In the admin (superusers only), the add and change forms of each model; not deletions,
    whose form is a confirmation that would remove the demo world under the other tests.
    """
    path = "/" + route
    if name.startswith("admin:"):
        admin_form = ADMIN_FORM.fullmatch(name)
        if not admin_form:
            return None
        if admin_form["view"] == "add":
            return path
        model = apps.get_model(admin_form["app"], admin_form["model"])
        objects = model._default_manager.order_by("pk")
        if model is get_user_model():  # not one of the accounts this test signs in with
            objects = objects.exclude(username__in=[*CANDIDATE_USERS, "admin"])
        first = objects.first()
        return None if first is None else re.sub(r"<path:object_id>", str(first.pk), path)

    def value(match: re.Match) -> str:
        parameter = match.group(2)
        key = "person" if parameter == "reference" and "people/" in route else parameter
        if parameter == "pk":
            key = "override" if route.startswith("sharing/") else "consent"
        assert key in values, f"{name}: no demo value for the path parameter <{match.group(0)}>"
        return quote(values[key], safe="")

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, path)


FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _post_fields(html: str) -> dict[str, list[str]] | None:
    """Field names in the page's POST form (not the sign-out form) with the values it would send."""
    forms = [
        body
        for attributes, body in re.findall(r"<form\b([^>]*)>(.*?)</form>", html, re.DOTALL | re.IGNORECASE)
        if 'method="post"' in attributes.lower() and "sign-out" not in attributes
    ]
    if not forms:
        return None
    fields: dict[str, list[str]] = {}
    for body in forms:
        for tag, attributes in FIELD.findall(body):
            attrs = dict(ATTRIBUTE.findall(attributes))
            name = attrs.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            values = fields.setdefault(name, [])
            kind = attrs.get("type", "").lower()
            checked = "checked" in attributes
            if tag.lower() == "input" and (kind not in {"radio", "checkbox"} or checked) and attrs.get("value"):
                values.append(attrs["value"])
    return fields


def _history_counts() -> dict[str, int]:
    """Rows in every table of the project's apps and the change log, in one query."""
    models = [m for label in ("centres", "families", "consent", "sharing", "auditlog", "guardian", "auth")
              for m in apps.get_app_config(label).get_models()]
    tables = sorted({m._meta.db_table for m in models})
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {qn(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _clients(client_for) -> dict[str | None, Client]:
    """Signed in through the suite's own fixture, so it keeps up with how sign-in works."""
    clients: dict[str | None, Client] = {None: Client(HTTP_HOST="localhost")}
    for username in [*CANDIDATE_USERS, "admin"]:
        clients[username] = client_for(username)
    return clients


def _discover(clients: dict[str | None, Client]) -> list[FormPage]:
    values = {
        "reference": "ADA",
        "person": "ADA-C1",
        "consent": str(Consent.objects.filter(family__reference="ADA").order_by("pk").first().pk),
        "override": str(Override.objects.filter(review__isnull=True, centre__slug__startswith="riverside").first().pk),
    }
    found = []
    for name, route in _walk(get_resolver()):
        if name in SKIPPED:
            continue
        path = _fill(name, route, values)
        if path is None:
            continue
        users = [None] if name in ANONYMOUS_FORMS else ["admin"] if name.startswith("admin:") else CANDIDATE_USERS
        for user in users:
            response = clients[user].get(path)
            if response.status_code == 200:
                fields = _post_fields(response.content.decode())
                if fields:
                    found.append(FormPage(name, path, user, fields))
                break
    return found


def _post(client: Client, page: FormPage, data: dict[str, list[str]]) -> None:
    before = _history_counts()
    response = client.post(page.path, data)
    status = response.status_code
    assert status < 500, f"{page.name} as {page.user}: {status} for {data!r:.500}"
    if status >= 400 or status == 200:
        after = _history_counts()
        if status == 200:  # the form shown again reveals people (or a notification), and records that it did
            for table in (Disclosure._meta.db_table, NotificationDisclosure._meta.db_table):
                before.pop(table)
                after.pop(table)
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert not changed, f"{page.name} as {page.user} refused ({status}) but wrote {changed}"


@pytest.fixture
def forms(client_for):
    clients = _clients(client_for)
    pages = _discover(clients)
    return clients, pages


def test_the_forms_are_found_from_the_url_configuration(forms):
    _, pages = forms
    names = {page.name for page in pages}
    # Not a list to keep up to date: a floor, so a broken discovery cannot pass with no forms.
    assert {"login", "families:register", "families:note-add", "consent:new", "consent:withdraw",
            "sharing:override-new", "sharing:override-review"} <= names
    assert len(pages) >= 12, names


def test_every_form_survives_each_adversarial_value_in_every_field(forms):
    clients, pages = forms
    for page in pages:
        for value in ADVERSARIAL:
            _post(clients[page.user], page, {name: [value] for name in page.fields})


def _random_posts(client: Client, page: FormPage):
    field = st.one_of(
        st.none(),  # missing
        st.just(PAGE_VALUE),
        VALUE.map(lambda v: [v]),
        st.lists(VALUE, min_size=2, max_size=3),  # sent twice or more
    )

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries(dict.fromkeys(page.fields, field)))
    def post_random(choice: dict) -> None:
        data = {}
        for name, chosen in choice.items():
            if chosen is not None:
                data[name] = page.fields[name] if chosen == PAGE_VALUE else chosen
        _post(client, page, data)

    return post_random


def test_every_form_survives_random_hostile_posts(forms):
    clients, pages = forms
    for page in pages:
        _random_posts(clients[page.user], page)()


def test_every_path_parameter_and_query_survives_adversarial_values(client_for):
    client = client_for("mgr.maya")
    routes = [
        (name, route)
        for name, route in _walk(get_resolver())
        if not name.startswith("admin:") and name not in SKIPPED and "<" in route
    ]
    assert len(routes) >= 10
    # An empty or "../" segment is another URL, not a parameter.
    for value in [v for v in ADVERSARIAL if v.strip("\r\n\t ") and not v.startswith("../")]:
        for name, route in routes:
            path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m, v=value: quote(v, safe=""), "/" + route)
            before = Disclosure.objects.count()
            response = client.get(path)
            assert response.status_code < 500, f"{name}: {response.status_code} for {path[:200]}"
            if response.status_code >= 400:
                assert Disclosure.objects.count() == before, f"{name} refused but recorded reveals"
        for url, query in [
            ("/", {"q": value}),
            ("/families/ADA/", {"purpose": value}),
            ("/sharing/override/new/", {"reference": value}),
            ("/sharing/check-access/", dict.fromkeys(("username", "reference", "category", "purpose"), value)),
            ("/consent/family/ADA/new/", {"replaces": value}),
        ]:
            response = client.get(url, query)
            assert response.status_code < 500, f"{url}?{query!r:.200}: {response.status_code}"
