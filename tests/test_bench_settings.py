"""The benchmark's settings serve production over plain HTTP, so they must refuse a real address."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD = "import django; django.setup(); from django.conf import settings; print(settings.ROOT_URLCONF)"


def load_bench_settings(allowed_hosts: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "SECRET_KEY": "bench-test-not-secret",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "ALLOWED_HOSTS": allowed_hosts,
        "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1ub3Qtc2VjcmV0LWZpZWxkLWtleTE=",
    }
    return subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_bench_settings_load_for_the_loopback():
    result = load_bench_settings("127.0.0.1,localhost")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bench.urls"


def test_bench_settings_refuse_any_other_host():
    result = load_bench_settings("127.0.0.1,records.example.gov.uk")
    assert result.returncode != 0
    assert "loopback only" in result.stderr
