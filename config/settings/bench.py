"""The benchmark (bench/run.sh): production settings, served over plain HTTP on the loopback only.

Everything of ``prod`` stands (DEBUG off, the manifest static storage, persistent connections)
except what needs TLS: gunicorn on 127.0.0.1 has no certificate, so the SSL redirect, HSTS and
secure-only cookies are off. It refuses any host but the loopback, so it cannot be served by
mistake on a real address. It adds the benchmark's plain comparison views (bench/urls.py).
"""
from django.core.exceptions import ImproperlyConfigured

from .prod import *  # noqa: F403
from .prod import ALLOWED_HOSTS, INSTALLED_APPS

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
if not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured("The benchmark settings serve the loopback only: set ALLOWED_HOSTS=127.0.0.1.")

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
