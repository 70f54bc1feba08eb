"""Production: everything secret comes from the environment; refuse to start without it."""
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool

from .base import *  # noqa: F403
from .base import DATABASES, FIELD_ENCRYPTION_KEYS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    raise ImproperlyConfigured("Set DATABASE_URL to a PostgreSQL database in production.")
# Debug pages show settings, SQL and tracebacks with people's data in them (ASVS 13.4.2).
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG cannot be on in production: unset DEBUG in the environment.")
# Notes and justifications are encrypted at rest (config/fields.py): no key, no start.
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS in the environment (docs/security.md, key rotation).")

DEBUG = False
TWO_FACTOR_REQUIRED = True  # every staff account, whatever the environment says (issue 11)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# ASVS 3.3.1, 3.3.3: Secure, host-only cookies (the prefix makes the browser insist on both).
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
