"""Time the reach-area figures of one centre and show the plans (issue 14, docs/performance.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fig_big PYTHONPATH=. \\
        .venv/bin/python bench/figures_profile.py [--repeats 7] [--centre riverside-childrens-centre] [--explain]

Each run is ``figures_for(centre, Period.default())`` inside ``transaction.atomic()``, as a request
runs it. Reports the wall time (min and median), the part of it spent in the database statements,
the database backend's CPU time (``/proc``: only when PostgreSQL runs on this machine; on a shared
machine it is steadier than the wall time) and the load average. ``--explain`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of each statement (the timings in it are inflated by the
instrumentation). Writes nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from django.db import connection, transaction  # noqa: E402

from centres.models import Centre  # noqa: E402
from sharing import figures  # noqa: E402


def _backend_cpu_s(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--centre", default="riverside-childrens-centre")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    centre = Centre.objects.get(slug=args.centre)
    period = figures.Period.default()
    statements: list[tuple[str, dict]] = []
    in_sql = [0.0]
    rows = figures._rows

    def timed_rows(sql: str, params: dict) -> list[tuple]:
        statements.append((sql, params))
        started = time.perf_counter()
        try:
            return rows(sql, params)
        finally:
            in_sql[0] += time.perf_counter() - started

    figures._rows = timed_rows
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()

    def once() -> tuple[float, float, float | None]:
        statements.clear()
        in_sql[0] = 0.0
        cpu = _backend_cpu_s(pid)
        started = time.perf_counter()
        with transaction.atomic():
            figures.figures_for(centre=centre, period=period)
        wall = time.perf_counter() - started
        after = _backend_cpu_s(pid)
        return wall, in_sql[0], None if cpu is None or after is None else after - cpu

    once()  # warm the caches
    load_before = os.getloadavg()
    runs = [once() for _ in range(args.repeats)]
    load_after = os.getloadavg()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM families_family WHERE centre_id = %(c)s),"
            " (SELECT count(*) FROM families_person p JOIN families_family f ON f.id = p.family_id"
            "  WHERE f.centre_id = %(c)s AND p.kind = 'child'),"
            " (SELECT count(*) FROM families_reviewcontact r JOIN families_person p ON p.id = r.subject_id"
            "  JOIN families_family f ON f.id = p.family_id WHERE f.centre_id = %(c)s)",
            {"c": centre.pk},
        )
        families, children, contacts = cursor.fetchone()

    def ms(values: list[float]) -> str:
        return f"min {min(values) * 1000:.0f} ms, median {statistics.median(values) * 1000:.0f} ms"

    print(f"{centre.name}: {families:,} families, {children:,} children, {contacts:,} contacts; "
          f"{period.start} to {period.end}; {len(statements)} statements")
    print(f"figures_for: {ms([r[0] for r in runs])} ({args.repeats} runs)")
    print(f"  statements: {ms([r[1] for r in runs])}")
    cpus = [r[2] for r in runs if r[2] is not None]
    if cpus:
        print(f"  database backend CPU: {ms(cpus)}")
    print(f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {os.cpu_count()} CPUs")

    if args.explain:
        with transaction.atomic():
            statements.clear()
            figures.figures_for(centre=centre, period=period)
            for sql, params in [s for s in statements if "set_config" not in s[0]]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    print("\n" + "\n".join(line for (line,) in cursor.fetchall()))


if __name__ == "__main__":
    main()
