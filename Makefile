# The two commands: `make run` (set up and serve with demo data) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/sure_start

.PHONY: run test setup lint lock clean postgres chromium bench

setup: $(VENV)/.installed node_modules/.installed static/govuk/.built

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/govuk/.built: node_modules/.installed scripts/build_assets.py
	$(PY) scripts/build_assets.py

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000 — sign in with one of the demo users above."
	$(PY) manage.py runserver 127.0.0.1:8000

postgres:
	@scripts/ensure_postgres.sh

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: setup postgres chromium
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) -m pytest

# The benchmark of issue 12 (docs/performance.md): minutes to an hour; not part of make test.
bench:
	bench/run.sh

lint: setup
	$(VENV)/bin/ruff check .

lock:
	scripts/lock.sh

clean:
	rm -rf $(VENV) node_modules static/govuk staticfiles db.sqlite3
