"""Fixtures shared by the whole suite: the demo world and signed-in clients."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from demo.world import seed_demo
from tests.signin import verified_client


@pytest.fixture
def demo(db):
    """The world of shared/DEMO.md, built through the services, in this test's transaction."""
    seed_demo()
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
