"""The one place that reads the environment (cookiecutter-django, icms ``config/env.py``)."""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip() else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


# PostgreSQL's JIT compiles a query whose estimated cost is high, which the product's queries reach
# at 100k families only because of their correlated subqueries (the facts of a page of people): it
# cost 1.4 s of a 1.5 s search and up to 2.7 s per figures statement, to save milliseconds. Off for
# every connection the application opens (docs/performance.md).
POSTGRESQL_SESSION = "-c jit=off"


def _database(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=60)
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options"), POSTGRESQL_SESSION]))
    return database


def env_database(default_url: str) -> dict:
    return _database(os.environ.get("DATABASE_URL", default_url))


def env_database_optional(name: str) -> dict | None:
    """A database from an optional URL variable (e.g. DATABASE_REPLICA_URL), or None when unset."""
    url = os.environ.get(name)
    return _database(url) if url else None
