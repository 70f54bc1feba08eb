"""Settings shared by every environment. Environment-specific modules override a few names."""
from datetime import timedelta

from csp.constants import NONE, SELF

from config.env import BASE_DIR, env_bool, env_database, env_database_optional, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "config.apps.AdminConfig",  # django.contrib.admin, superusers only (config/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    # Before auditlog: its management commands (auditlogflush refused) replace auditlog's.
    "audit",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "centres",
    "families",
    "consent",
    "intake",  # early notification and new-birth data (issue 14): above consent, below sharing
    "sharing",
    "accounts",  # after django_otp and axes: its admin.py adjusts theirs
    "demo",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",  # first: every response and log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NoStoreMiddleware",  # after WhiteNoise: static files stay cacheable
    "config.middleware.RejectControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into our page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "centres.context_processors.staff_membership",
                "sharing.context_processors.capabilities",
            ],
        },
    },
]

DATABASES = {"default": env_database(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A streaming replica for reports and figures only (config/db_router.py, docs/deploy.md).
if (_replica := env_database_optional("DATABASE_REPLICA_URL")) is not None:
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["config.db_router.ReportingRouter"]
# A request is one transaction: the disclosure rows a page writes roll back with it if it
# fails, so a 500 leaves no record of a reveal that never reached the user (issue 11).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out account is refused before its password is tried
    "centres.backends.StaffModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian's anonymous user would be a shared account; there are none here (¶23).
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS 5.0 6.2.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.ContextWordsValidator"},  # ASVS 5.0 6.2.11: "sure-start-demo" is refused
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AUDITLOG_INCLUDE_ALL_MODELS = False
# The change log is ours (audit.LogEntry): hash-chained and append-only (docs/audit.md).
AUDITLOG_LOGENTRY_MODEL = "audit.LogEntry"
# Free text (note text, reasons, assessment notes) is sensitive (¶17) and the change log is not
# behind the sharing gate: each registration masks its free-text fields (mask_fields), and a
# masked value is concealed whole (auditlog's default keeps half of it in clear).
AUDITLOG_MASK_CALLABLE = "audit.masking.conceal"
# Test teardown only: lets `flush` TRUNCATE the append-only history tables (docs/audit.md).
AUDIT_FLUSH_HISTORY = False

# POLICY.md basis 2, Decision: a consent past its review date still stands unless set to True.
SHARING_CONSENT_LAPSES_AT_REVIEW = env_bool("SHARING_CONSENT_LAPSES_AT_REVIEW", False)
# POLICY.md basis 5: public-interest overrides last 24 hours unless asked otherwise, never over 72.
SHARING_OVERRIDE_DEFAULT_HOURS = 24
SHARING_OVERRIDE_MAX_HOURS = 72
# Issue 9 item 6: a practitioner holds at most this many open overrides; one more waits for the
# reviewer's approval. The manager's start page flags anyone opening more than this in a day.
SHARING_OVERRIDE_OPEN_LIMIT = env_int("SHARING_OVERRIDE_OPEN_LIMIT", 3)
# POLICY.md "Groups of people", ¶22: group figures from 1 to this minus one are suppressed
# (docs/figures.md).
FIGURES_SUPPRESSION_THRESHOLD = env_int("FIGURES_SUPPRESSION_THRESHOLD", 5)

# --- Sign-in and sessions (issue 11; docs/security.md, V6 and V7) -----------------------------------
# Two-factor sign-in (django-otp): on here, in production and in tests; `make run` turns it off by
# default (config/settings/dev.py) so the demo can be tried without an authenticator app.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Sure Start case records"
BACKUP_CODE_COUNT = 10
# Sessions end after this long without a request, and this long after sign-in whatever happens.
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
# The "you will be signed out" warning opens this long before the idle limit.
SESSION_TIMEOUT_WARNING = 2 * 60
# Activity renews the idle limit at most this often (one session write a minute, not one a page).
SESSION_TOUCH_INTERVAL = 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT  # the database row expires with the idle limit too
# Lockout (django-axes): per account, whether or not the username exists.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lockout key. Not here: staff at one centre share one address,
# so a lockout by address would lock out the whole centre; rotating user agents or cookies cannot get
# round a lockout keyed on the username alone (docs/security.md, V6.3.1).
# models.W040: the figures' covering indexes (families 0010) have INCLUDE columns, which SQLite (the
# zero-setup default of `make run`) ignores; they are plain indexes there, and that is all it needs.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_ENABLE_ADMIN = False  # accounts/admin.py registers them read-only

# ---- Issue 11, hardening: headers, field encryption, logging with request ids (docs/security.md V3, V14, V16)
# django-csp 4: nothing inline anywhere (GOV.UK Frontend's "js-enabled" snippet is static/js/supported.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}
# No page needs a device or sensor: deny them all (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "camera", "display-capture",
        "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
        "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "web-share", "xr-spatial-tracking",
    )
}
# Messages ("Note added for …") may name a person: kept in the session, never in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Note text and override justifications are encrypted in the application (config/fields.py).
# Comma-separated Fernet keys, newest first; older keys only decrypt. docs/security.md: rotation.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.middleware.RequestIdLogFilter"}},
    "formatters": {
        # ISO 8601 with the UTC offset (ASVS 16.2.2); the request id ties a line to a 500 page;
        # the user is an id, never a name.
        "with_request_id": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] [user %(user_id)s] %(name)s: %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "with_request_id"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
