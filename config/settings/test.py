"""The test suite: real PostgreSQL (POLICY.md is enforced against the database we ship on)."""
from config.env import env_database, env_str

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
DATABASES = {"default": env_database("postgres://postgres@127.0.0.1:5432/sure_start")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # as in base.py: a failed request leaves no rows
# TEST_DATABASE_NAME lets two test runs on one machine keep out of each other's way.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_sure_start")}
# A second alias on the same test database, as a replica would be (tests/test_db_router.py).
# A replica only answers reads: no request transaction is opened on it.
DATABASES["replica"] = {**DATABASES["default"], "ATOMIC_REQUESTS": False, "TEST": {"MIRROR": "default"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
# The suite signs in as production does: a password, then a code from a real TOTP device.
TWO_FACTOR_REQUIRED = True
# pytest-django flushes the tables after each transactional (browser) test: allow its TRUNCATE of
# the append-only history tables, and nothing else (audit/management/commands/flush.py).
AUDIT_FLUSH_HISTORY = True
# Field encryption (config/fields.py) with a fixed key that is not secret: base64 of
# "test-only-not-secret-field-key-1".
FIELD_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LW5vdC1zZWNyZXQtZmllbGQta2V5LTE="]
