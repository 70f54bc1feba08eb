"""In-process figures for the benchmark (issue 12): the gate's parts without HTTP.

Every loop is bounded by a count and a time budget. Nothing here is kept: the search runs
inside a transaction that is rolled back, so the disclosure log does not grow from measuring.
The gate's functions are imported in one place below; when ``sharing`` is reorganised, adapt
these imports and nothing else.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command, get_commands
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consent.models import Consent
from demo.volume import GIVEN, STATE_CYCLE
from families.models import Family, Note, Person, PersonKind
from sharing import policy
from sharing.gate import decisions_for, visible_people
from sharing.loading import subject_facts, viewer_for
from sharing.models import Disclosure
from sharing.reach import reachable_people
from sharing.vocabulary import Category

AUTH_BACKEND = "centres.backends.StaffModelBackend"


def session_for(username: str) -> str:
    """A session signed in with both factors for a demo user, made directly, as sign-in would leave it:
    the user, the backend, a confirmed authenticator verified (django-otp) and the session clock
    (accounts.middleware). The pages measured then run every check a real session meets."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import LAST_SEEN, SIGNED_IN_AT

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Benchmark authenticator", confirmed=True
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = AUTH_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store[SIGNED_IN_AT] = store[LAST_SEEN] = time.time()
    store.create()
    return store.session_key


def sample_family(centre_prefix: str = "RIV") -> str:
    """The family the benchmark opens: the first volume family of the centre with given consent,
    two children and at least three notes. Its shape depends only on its reference
    (demo.volume), so it is the same family in a 1k and a 100k database."""
    candidates = Family.objects.filter(reference__regex=rf"^{centre_prefix}[0-9]+$").order_by("id")[:400]
    for family in candidates:
        number = int(family.reference[len(centre_prefix):])
        if STATE_CYCLE[number % len(STATE_CYCLE)][0] != GIVEN:
            continue
        children = family.people.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False).count()
        notes = Note.objects.filter(subject__family=family).count()
        if children == 2 and notes >= 3:
            return family.reference
    raise RuntimeError("No volume family fits: run seed_volume first.")


def counts() -> dict[str, int]:
    return {
        "families": Family.objects.count(),
        "people": Person.objects.count(),
        "notes": Note.objects.count(),
        "consents": Consent.objects.count(),
        "disclosures": Disclosure.objects.count(),
    }


def _timed(fn: Callable[[], object], *, repeats: int, budget_s: float) -> list[float]:
    """Seconds per call, at most ``repeats`` calls and (after the first) within ``budget_s``."""
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
        if time.perf_counter() > deadline:
            break
    return times


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def page_breakdown(user, path: str, *, runs: int = 5, budget_s: float = 60.0) -> dict:
    """One page through Django in process: total time, time in SQL, the number of queries and the
    slowest ones. Each request runs in a transaction that is rolled back (the log does not grow)."""
    client = Client(HTTP_HOST="127.0.0.1")
    # Signed in with both factors, as the served pages are (session_for).
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(user.get_username())
    totals: list[float] = []
    sql: list[float] = []
    queries: list[int] = []
    slowest: list[tuple[float, str]] = []
    # As Django's own tests do: a request's end must not close the connection mid-transaction.
    request_finished.disconnect(close_old_connections)
    try:
        deadline = time.perf_counter() + budget_s
        for _ in range(runs):
            with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                totals.append(time.perf_counter() - started)
                transaction.set_rollback(True)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            timings = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
            sql.append(sum(t for t, _ in timings))
            queries.append(len(timings))
            slowest = sorted(timings, reverse=True)[:3]
            if time.perf_counter() > deadline:
                break
    finally:
        request_finished.connect(close_old_connections)
    return {
        "total_ms": statistics.median(totals) * 1000,
        "sql_ms": statistics.median(sql) * 1000,
        "queries": sorted(set(queries)),
        "slowest": [{"ms": t * 1000, "sql": text[:160]} for t, text in slowest],
    }


def measure(
    *, username: str = "hv.hana", subjects: int = 1000, repeats: int = 7, search: str = "Smith",
    search_runs: int = 20, budget_s: float = 60.0,
) -> dict:
    user = get_user_model().objects.get(username=username)
    family = sample_family()
    results_pages = {
        "family_gated": page_breakdown(user, f"/families/{family}/", budget_s=budget_s),
        "family_plain": page_breakdown(user, f"/plain/families/{family}/", budget_s=budget_s),
    }
    viewer = viewer_for(user)
    people = list(reachable_people(user).order_by("id")[:subjects])
    results: dict = {"subjects": len(people), "username": username, "pages": results_pages}

    times = _timed(lambda: decisions_for(user, people, Category.BASIC), repeats=repeats, budget_s=budget_s)
    rates = [len(people) / t for t in times]
    results["decisions_for_per_s"] = {"median": statistics.median(rates), "min": min(rates), "max": max(rates)}

    facts = subject_facts(user, people, viewer)
    now = timezone.now()
    lapse = settings.SHARING_CONSENT_LAPSES_AT_REVIEW

    def decide() -> None:
        policy.decide_many(viewer, facts.values(), Category.BASIC, None, now, lapse_at_review=lapse)

    times = _timed(decide, repeats=repeats * 3, budget_s=budget_s)
    rates = [len(people) / t for t in times]
    results["decide_many_per_s"] = {"median": statistics.median(rates), "min": min(rates), "max": max(rates)}

    def search_once() -> None:
        with transaction.atomic():
            visible_people(user, context="bench:search", search=search)
            transaction.set_rollback(True)  # measuring must not grow the log

    times = _timed(search_once, repeats=search_runs, budget_s=budget_s)
    results["search_ms"] = {
        "p50": statistics.median(times) * 1000,
        "p95": _percentile(times, 0.95) * 1000,
        "runs": len(times),
        "term": search,
    }

    # Issue 14: the reach-area figures of a centre over twelve months (two aggregate statements and
    # the suppression in Python). Target: under a second at 100k families.
    from centres.models import Centre
    from sharing.figures import Period, figures_for

    centre = Centre.objects.get(slug="riverside-childrens-centre")
    def figures_once() -> None:
        with transaction.atomic():  # as in a request: the figures turn JIT off for their transaction
            figures_for(centre=centre, period=Period.default())

    times = _timed(figures_once, repeats=repeats, budget_s=budget_s)
    results["figures_ms"] = {
        "p50": statistics.median(times) * 1000, "max": max(times) * 1000, "runs": len(times),
    }

    if "verify_audit" in get_commands():
        started = time.perf_counter()
        call_command("verify_audit")
        results["verify_audit_s"] = time.perf_counter() - started
    results["counts"] = counts()
    return results
