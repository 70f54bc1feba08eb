#!/usr/bin/env bash
# The benchmark of issue 12, from a fresh clone: bench/run.sh (or make bench).
# Settings are environment variables, described in docs/performance.md; e.g.
#   BENCH_FAMILIES=20000 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# wrk is a Debian package; install it if missing, as the Makefile's chromium target does.
command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
make setup
scripts/ensure_postgres.sh
exec .venv/bin/python bench/run.py "$@"
