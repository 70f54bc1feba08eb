"""gunicorn for production and the benchmark: ``gunicorn -c config/gunicorn.conf.py``.

Read by gunicorn, not Django, so it reads its own few environment variables here.
Behind a reverse proxy (docs/deploy.md) bind to the loopback or a private address only.
"""
import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: each request is mostly PostgreSQL time, and 2 × cores + 1 keeps every
# core busy while some workers wait on the database (gunicorn's design notes).
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
# A page that takes 30 s is broken: kill the worker, log it, let the master start another.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # behind a proxy that keeps connections alive to us
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Method and path only, never the query string: a search (?q=Smith) is a name, and the access log
# is not behind the gate. Request time in microseconds (%(D)s) last, a latency record for free.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(D)s'
# The proxy's X-Forwarded-* headers are trusted only from the addresses it connects from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "sure-start"
