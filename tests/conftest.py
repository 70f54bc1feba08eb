"""Fixtures shared by the whole suite: the demo world and signed-in clients."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.world import seed_demo
from tests import snapshot
from tests.signin import verified_client


@pytest.fixture(scope="session")
def demo_snapshots() -> dict:
    """The world of shared/DEMO.md built through the services, once per session and day
    (tests/snapshot.py), keyed by the day it was built on: its dates are relative to that day."""
    return {}


@pytest.fixture
def demo(db, demo_snapshots):
    """The world of shared/DEMO.md, as ``seed_demo`` built it today, in this test's transaction."""
    today = timezone.localdate()
    if today not in demo_snapshots:  # the first test of the session, or of a run that passed midnight
        demo_snapshots[today] = snapshot.take(seed_demo)
    snapshot.restore(demo_snapshots[today])
    return get_user_model().objects


@pytest.fixture
def user(demo):
    def get(username: str):
        return demo.get(username=username)

    return get


@pytest.fixture
def client_for(demo):
    """A test client signed in as a demo user with both factors: a password sign-in, then a
    session verified by their own TOTP device (tests/signin.py); HTTP_HOST an allowed host."""

    def make(username: str) -> Client:
        return verified_client(demo.get(username=username))

    return make


@pytest.fixture
def assert_request_queries():
    """Exact query count of one request, as production runs it.

    Every request is one transaction (ATOMIC_REQUESTS): in production that is BEGIN and COMMIT,
    which Django does not send as queries; inside the test's own transaction it becomes one
    SAVEPOINT and its RELEASE, which are not counted here. Any other savepoint — a nested atomic
    block, a real round trip in production too — is counted, and there must be exactly that one
    pair, so the assertion still fails if the request stops being one transaction.
    """

    @contextmanager
    def check(expected: int):
        with CaptureQueriesContext(connection) as context:
            yield context
        statements = [query["sql"] for query in context.captured_queries]
        request_transaction = [s for s in statements if s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))][:2]
        assert len(request_transaction) == 2, "the request ran in no transaction of its own"
        done = len(statements) - 2
        assert done == expected, f"Expected {expected} queries, {done} were done:\n" + "\n".join(statements)

    return check
