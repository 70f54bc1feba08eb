"""Trying it out on a laptop: SQLite unless DATABASE_URL says otherwise, debug on."""
from config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-not-secret-0f3a9c7e1b"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Two-factor sign-in is off unless TWO_FACTOR_REQUIRED=1: a newcomer can try the demo without an app.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
# Field encryption (config/fields.py) with a fixed key that is not secret: base64 of
# "dev-only-not-secret-field-key-01". Production refuses to start without its own.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", ["ZGV2LW9ubHktbm90LXNlY3JldC1maWVsZC1rZXktMDE="])
