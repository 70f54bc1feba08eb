"""The benchmark of issue 12, in one run: run it with ``bench/run.sh`` (docs/performance.md).

1. Makes (or reuses) two volume databases, 1k families and N families (``seed_volume``).
2. Serves each with gunicorn and the production settings (``config.settings.bench``: prod over
   plain HTTP on 127.0.0.1) with the plain comparison views of ``bench/urls.py``.
3. Interleaves gated and plain pages for several rounds: ``wrk`` flat out, and a fixed-rate
   client for latency; then in-process figures (``bench_inprocess``).
4. Writes the table into docs/performance.md between the result markers.

Loopback addresses only; every loop is bounded in count and in time.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
START_MARK = "<!-- bench:results:start -->"
END_MARK = "<!-- bench:results:end -->"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


@dataclass(frozen=True)
class Config:
    pg: str = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    families: int = env_int("BENCH_FAMILIES", 100_000)
    small_families: int = env_int("BENCH_SMALL_FAMILIES", 1_000)
    db_prefix: str = os.environ.get("BENCH_DB_PREFIX", "bench")
    rounds: int = env_int("BENCH_ROUNDS", 3)
    wrk_seconds: int = env_int("BENCH_WRK_SECONDS", 20)
    wrk_connections: int = env_int("BENCH_WRK_CONNECTIONS", 8)
    # The fixed rate for family-page latency; by default half the gated page's flat-out
    # throughput in round 1, so latency is measured below saturation, not in a queue.
    family_rate: float = env_float("BENCH_FAMILY_RATE", 0.0)
    family_requests: int = env_int("BENCH_FAMILY_REQUESTS", 50)
    list_rate: float = env_float("BENCH_LIST_RATE", 1.0)
    list_requests: int = env_int("BENCH_LIST_REQUESTS", 15)
    workers: int = env_int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
    port_small: int = env_int("BENCH_PORT_SMALL", 8101)
    port_large: int = env_int("BENCH_PORT_LARGE", 8102)
    user: str = os.environ.get("BENCH_USER", "hv.hana")
    out: Path = Path(os.environ.get("BENCH_OUT", ROOT / "docs" / "performance.md"))

    def db_url(self, name: str) -> str:
        return f"{self.pg.rstrip('/')}/{name}"


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", flush=True)


# --- Databases --------------------------------------------------------------------------------


def django_env(cfg: Config, database: str, secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": cfg.db_url(database),
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # A fixed, non-secret key for the benchmark's own databases only (base64 of 32 bytes), so a
        # database seeded once is readable by every later run.
        "FIELD_ENCRYPTION_KEYS": os.environ.get(
            "BENCH_FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1ub3Qtc2VjcmV0LWZpZWxkLWtleTE="
        ),
    }


def manage(env: dict[str, str], *args: str, timeout: float = 3600) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def volume_families(cfg: Config, database: str) -> int:
    with psycopg.connect(cfg.db_url(database)) as conn:
        exists = conn.execute("SELECT to_regclass('families_family')").fetchone()[0]
        if exists is None:
            return 0
        return conn.execute(
            "SELECT count(*) FROM families_family WHERE reference ~ '^(RIV|HIL)[0-9]+$'"
        ).fetchone()[0]


def ensure_database(cfg: Config, database: str, families: int, secret: str) -> list[str]:
    """Create, migrate and fill the database up to ``families`` volume families. Returns the
    seed report's lines when it seeded now (empty when the database was already full)."""
    with psycopg.connect(cfg.db_url("postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is None:
            log(f"creating database {database}")
            conn.execute(f'CREATE DATABASE "{database}"')
    env = django_env(cfg, database, secret)
    manage(env, "migrate", "--no-input", "-v0")
    have = volume_families(cfg, database)
    if have >= families:
        log(f"{database}: {have:,} volume families already there")
        return []
    log(f"{database}: seeding {families - have:,} families on top of {have:,}")
    output = manage(env, "seed_volume", "--families", str(families - have)).splitlines()
    # The report: from its header line ("table  rows  COPY rows/s") to the end, progress lines left out.
    header = next((i for i, line in enumerate(output) if line.startswith("table ")), len(output))
    return output[header:]


# --- Serving ----------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    cookie: str
    family: str
    counts: dict


def start_server(cfg: Config, database: str, port: int, secret: str, logdir: Path) -> Server:
    env = django_env(cfg, database, secret)
    prepared = json.loads(manage(env, "bench_prepare", "--user", cfg.user).strip().splitlines()[-1])
    env.update({
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(cfg.workers),
        "GUNICORN_ACCESS_LOG": str(logdir / f"access-{database}.log"),
        "GUNICORN_ERROR_LOG": str(logdir / f"error-{database}.log"),
        # Requests are counted by the benchmark: no worker recycling in the middle of a round.
        "GUNICORN_MAX_REQUESTS": "0",
    })
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = Server(database, port, process, f"{prepared['cookie_name']}={prepared['session']}",
                    prepared["family"], prepared["counts"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn for {database} exited; see {logdir}/error-{database}.log")
        try:
            status, _ = get(port, "/sign-in/", "")
            if status == 200:
                log(f"gunicorn serving {database} on {HOST}:{port} with {cfg.workers} workers")
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"gunicorn for {database} did not answer within 60 s")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


def get(port: int, path: str, cookie: str, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_page(server: Server, path: str, marker: str) -> None:
    """Before measuring: the page answers 200 to the session, and is the page we think it is."""
    status, body = get(server.port, path, server.cookie)
    if status != 200 or marker.encode() not in body:
        raise RuntimeError(f"{server.name}{path}: status {status}, marker {marker!r} missing: not measuring that")


# --- Load ---------------------------------------------------------------------------------------


def wrk(cfg: Config, server: Server, path: str) -> dict:
    """Flat-out throughput with wrk (keep-alive connections, the session cookie)."""
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(cfg.wrk_connections), "-d", f"{cfg.wrk_seconds}s", "--latency",
         "--timeout", "30s", "-s", str(ROOT / "bench" / "cookie.lua"), f"http://{HOST}:{server.port}{path}"],
        capture_output=True, text=True, timeout=cfg.wrk_seconds + 120,
        env={**os.environ, "BENCH_COOKIE": server.cookie},
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr}")
    text = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    not_ok = int(re.search(r"BENCH_NOT_200 (\d+)", text).group(1))
    errors = re.search(r"Socket errors: (.*)", text)
    if not_ok or errors:
        raise RuntimeError(f"wrk {path}: {not_ok} answers not 200, socket errors: {errors and errors.group(1)}")
    return {"rps": rps}


def fixed_rate(server: Server, path: str, rate: float, requests: int) -> dict:
    """Latency at a fixed arrival rate (an open loop: a slow answer does not delay the next
    request, so queueing shows). Measured from the moment each request was due."""
    local = threading.local()
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def one(due: float) -> None:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Cookie": server.cookie})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            local.conn = None
            status = 0
        elapsed = time.perf_counter() - due
        with lock:
            (latencies if status == 200 else failures).append(elapsed if status == 200 else status)

    start = time.perf_counter() + 0.1
    deadline = start + requests / rate + 120
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        futures = []
        for i in range(requests):
            due = start + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            if time.perf_counter() > deadline:
                break
            futures.append(pool.submit(one, due))
        concurrent.futures.wait(futures, timeout=max(1.0, deadline - time.perf_counter()))
    if failures:
        raise RuntimeError(f"{server.name}{path}: {len(failures)} requests failed (statuses {set(failures)})")
    return {"p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
            "n": len(latencies)}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- Summaries ----------------------------------------------------------------------------------


@dataclass
class Series:
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def text(self, unit: str = "", digits: int = 0) -> str:
        if not self.values:
            return "—"
        fmt = f"{{:,.{digits}f}}"
        body = fmt.format(self.median)
        if len(self.values) > 1:
            body += f" ({fmt.format(min(self.values))}–{fmt.format(max(self.values))})"
        return body + unit


def machine() -> dict[str, str]:
    def run(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in run("lscpu").splitlines()
                if line.startswith("Model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {
        "cpu": cpu,
        "nproc": run("nproc"),
        "memory": f"{int(memory) / 1024 / 1024:.1f} GiB",
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "python": platform.python_version(),
        "commit": run("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"),
    }


def pg_version(cfg: Config) -> str:
    with psycopg.connect(cfg.db_url("postgres")) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def main() -> int:
    cfg = Config()
    secret = secrets.token_urlsafe(40)  # one per run: sessions and servers must agree
    logdir = ROOT / "bench" / "logs"
    logdir.mkdir(exist_ok=True)
    started = time.monotonic()
    load_before = machine()["load"]
    small_db = f"{cfg.db_prefix}_{cfg.small_families}"
    large_db = f"{cfg.db_prefix}_{cfg.families}"
    seed_lines = {}
    for database, families in ((small_db, cfg.small_families), (large_db, cfg.families)):
        seed_lines[database] = ensure_database(cfg, database, families, secret)
    manage(django_env(cfg, large_db, secret), "collectstatic", "--no-input", "-v0")

    servers: list[Server] = []
    try:
        small = start_server(cfg, small_db, cfg.port_small, secret, logdir)
        servers.append(small)
        large = start_server(cfg, large_db, cfg.port_large, secret, logdir)
        servers.append(large)
        if small.family != large.family:
            raise RuntimeError(f"The sample family differs ({small.family} vs {large.family}): reseed both")
        family = large.family
        pages = {
            "family_gated": f"/families/{family}/",
            "family_plain": f"/plain/families/{family}/",
            "start_gated": "/",
            "start_plain": "/plain/",
            "search_gated": "/?q=Smith",
            "search_plain": "/plain/?q=Smith",
        }
        for server in (small, large):
            check_page(server, pages["family_gated"], f"family {family}")
            check_page(server, pages["family_plain"], f"Family {family}")
        check_page(large, pages["start_gated"], "People you may see")
        check_page(large, pages["search_gated"], "Smith")
        check_page(large, pages["search_plain"], "Smith")
        for server in (small, large):  # warm every worker's connection and template cache
            for path in pages.values():
                for _ in range(cfg.workers):
                    get(server.port, path, server.cookie)

        s: dict[str, Series] = {name: Series() for name in (
            "wrk_gated", "wrk_plain", "wrk_ratio",
            "fam_gated_p50", "fam_gated_p95", "fam_plain_p50", "fam_plain_p95", "fam_ratio_p50", "fam_ratio_p95",
            "small_gated_p50", "small_plain_p50", "growth_gated", "growth_plain",
            "start_gated_p50", "start_gated_p95", "start_plain_p50", "start_plain_p95",
            "search_gated_p50", "search_gated_p95", "search_plain_p50", "search_plain_p95",
        )}
        rate = cfg.family_rate
        for round_no in range(1, cfg.rounds + 1):
            # Alternate which side goes first, so drift in the machine's load falls on both.
            order = ("gated", "plain") if round_no % 2 else ("plain", "gated")
            log(f"round {round_no} of {cfg.rounds} ({' then '.join(order)})")
            rps = {side: wrk(cfg, large, pages[f"family_{side}"])["rps"] for side in order}
            s["wrk_gated"].add(rps["gated"])
            s["wrk_plain"].add(rps["plain"])
            s["wrk_ratio"].add(rps["gated"] / rps["plain"])
            if not rate:
                rate = max(0.5, round(rps["gated"] / 2, 1))
                log(f"family pages at a fixed {rate:g} req/s: half the gated throughput")
            fam = {}
            for side in order:
                for server, size in ((small, "small"), (large, "large")):
                    fam[side, size] = fixed_rate(server, pages[f"family_{side}"], rate, cfg.family_requests)
            for side in ("gated", "plain"):
                s[f"fam_{side}_p50"].add(fam[side, "large"]["p50"])
                s[f"fam_{side}_p95"].add(fam[side, "large"]["p95"])
                s[f"small_{side}_p50"].add(fam[side, "small"]["p50"])
                s[f"growth_{side}"].add(fam[side, "large"]["p50"] / fam[side, "small"]["p50"])
            s["fam_ratio_p50"].add(fam["gated", "large"]["p50"] / fam["plain", "large"]["p50"])
            s["fam_ratio_p95"].add(fam["gated", "large"]["p95"] / fam["plain", "large"]["p95"])
            for page in ("start", "search"):
                for side in order:
                    result = fixed_rate(large, pages[f"{page}_{side}"], cfg.list_rate, cfg.list_requests)
                    s[f"{page}_{side}_p50"].add(result["p50"])
                    s[f"{page}_{side}_p95"].add(result["p95"])
        counts_after = json.loads(
            manage(django_env(cfg, large_db, secret), "bench_prepare", "--user", cfg.user).strip().splitlines()[-1]
        )["counts"]
    finally:
        for server in servers:
            stop_server(server)

    log("in-process figures")
    inproc = json.loads(manage(django_env(cfg, large_db, secret), "bench_inprocess", "--user", cfg.user)
                        .strip().splitlines()[-1])
    # Issue 14: a 10,000-row new-birth file, imported and rolled back (docs/import.md; target 5,000 rows/s).
    log("new-birth import")
    imported = json.loads(manage(django_env(cfg, large_db, secret), "bench_import", "--rows", "10000")
                          .strip().splitlines()[-1])
    info = machine()
    report = render(cfg, rate, s, inproc, info, load_before, pg_version(cfg), family, large.counts, counts_after,
                    seed_lines, small_db, large_db, time.monotonic() - started)
    report += (
        f"\n## New-birth import (issue 14)\n\n{imported['rows']:,} rows ({imported['bytes']:,} bytes) in "
        f"{imported['seconds']} s: {imported['rows_per_second']:,} rows a second "
        f"({verdict(imported['rows_per_second'] >= 5000)}; target at least 5,000).\n"
    )
    write_report(cfg.out, report)
    print(report)
    return 0


def render(cfg, rate, s, inproc, info, load_before, pg, family, counts_before, counts_after, seed_lines,
           small_db, large_db, seconds) -> str:
    n = f"{counts_before['families']:,}"
    small_n = f"{cfg.small_families:,}"
    wrk_ratio_ok = s["wrk_ratio"].median >= 0.75
    p50_ok = s["fam_ratio_p50"].median <= 1.3
    growth_ok = s["growth_gated"].median <= 1.15
    start_ok = s["start_gated_p50"].median <= 100
    search_ok = inproc["search_ms"]["p95"] <= 150
    decisions_ok = inproc["decisions_for_per_s"]["median"] >= 20_000
    verify = inproc.get("verify_audit_s")

    def ms(name: str) -> str:
        return s[name].text(" ms")

    lines = [
        f"Run on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC at commit `{info['commit']}`, in {seconds / 60:.0f} min.",
        "",
        f"- **Machine:** {info['cpu']}, `nproc` = {info['nproc']}, {info['memory']} memory; PostgreSQL {pg}; "
        f"Python {info['python']}; load average {load_before} before the run and {info['load']} after "
        "(the machine is shared: other work ran at the same time, which widens the ranges).",
        f"- **Data:** `{large_db}`: {n} families in all ({counts_before['people']:,} people, "
        f"{counts_before['notes']:,} notes, {counts_before['consents']:,} consents, "
        f"{counts_before['disclosures']:,} disclosure rows before the run, {counts_after['disclosures']:,} after); "
        f"`{small_db}`: {small_n} volume families. Both hold the demo world too.",
        f"- **Serving:** gunicorn, {cfg.workers} sync workers each, production settings over loopback HTTP "
        f"(`config.settings.bench`), signed in as `{cfg.user}`; family page `/families/{family}/` "
        f"(2 children, given consent) against `/plain/families/{family}/`.",
        f"- **Rounds:** {cfg.rounds}, gated and plain interleaved (the order alternates each round). "
        f"Figures are medians over the rounds, with min–max in brackets.",
        "",
        "| figure | gated | plain | gated/plain | target | |",
        "|---|---|---|---|---|---|",
        f"| family page, flat out (`wrk`, {cfg.wrk_connections} connections, {cfg.wrk_seconds} s × {cfg.rounds}) "
        f"| {s['wrk_gated'].text(' req/s', 1)} | {s['wrk_plain'].text(' req/s', 1)} | {s['wrk_ratio'].text('', 3)} "
        f"| ≥ 0.75 | {verdict(wrk_ratio_ok)} |",
        f"| family page p50 at a fixed {rate:g} req/s ({cfg.family_requests} requests a round) "
        f"| {ms('fam_gated_p50')} | {ms('fam_plain_p50')} | {s['fam_ratio_p50'].text('×', 2)} | ≤ 1.3× | "
        f"{verdict(p50_ok)} |",
        f"| family page p95 at the same rate | {ms('fam_gated_p95')} | {ms('fam_plain_p95')} "
        f"| {s['fam_ratio_p95'].text('×', 2)} | | |",
        f"| family page p50, {small_n} → {n} families | {s['small_gated_p50'].text(' ms')} → {ms('fam_gated_p50')} "
        f"| {s['small_plain_p50'].text(' ms')} → {ms('fam_plain_p50')} | growth gated "
        f"{s['growth_gated'].text('×', 2)}, plain {s['growth_plain'].text('×', 2)} | gated growth ≤ 1.15× "
        f"| {verdict(growth_ok)} |",
        f"| start page p50 / p95 at {cfg.list_rate:g} req/s | {ms('start_gated_p50')} / {ms('start_gated_p95')} "
        f"| {ms('start_plain_p50')} / {ms('start_plain_p95')} "
        f"| {s['start_gated_p50'].median / s['start_plain_p50'].median:.1f}× p50 | p50 ≤ 100 ms | "
        f"{verdict(start_ok)} |",
        f"| search “Smith” p50 / p95 over HTTP at {cfg.list_rate:g} req/s | {ms('search_gated_p50')} / "
        f"{ms('search_gated_p95')} | {ms('search_plain_p50')} / {ms('search_plain_p95')} "
        f"| {s['search_gated_p50'].median / s['search_plain_p50'].median:.1f}× p50 | | |",
        f"| search “Smith” p50 / p95 in-process ({inproc['search_ms']['runs']} runs) "
        f"| {inproc['search_ms']['p50']:,.0f} / {inproc['search_ms']['p95']:,.0f} ms | | | p95 ≤ 150 ms "
        f"| {verdict(search_ok)} |",
        f"| `decisions_for` with facts from the database, {inproc['subjects']:,} people "
        f"| {fmt_rate(inproc['decisions_for_per_s'])} | | | ≥ 20,000/s | {verdict(decisions_ok)} |",
        f"| pure `decide_many`, same people | {fmt_rate(inproc['decide_many_per_s'])} | | | | |",
        *([
            f"| reach-area figures of a centre, twelve months, in-process p50 / max "
            f"({inproc['figures_ms']['runs']} runs) | {inproc['figures_ms']['p50']:,.0f} / "
            f"{inproc['figures_ms']['max']:,.0f} ms | | | < 1,000 ms "
            f"| {verdict(inproc['figures_ms']['max'] < 1000)} |",
        ] if "figures_ms" in inproc else []),
        f"| `verify_audit` over {counts_after['disclosures']:,} disclosure rows "
        f"| {f'{verify:.1f} s' if verify is not None else 'not measured: no `verify_audit` command yet'} "
        f"| | | < 30 s | {verdict(None if verify is None else verify < 30)} |",
    ]
    gated, plain = inproc["pages"]["family_gated"], inproc["pages"]["family_plain"]
    lines.insert(lines.index("|---|---|---|---|---|---|") + 4, (
        f"| family page in process (median of 5): total, in SQL, queries | {gated['total_ms']:,.0f} ms, "
        f"{gated['sql_ms']:,.0f} ms, {'/'.join(map(str, gated['queries']))} | {plain['total_ms']:,.0f} ms, "
        f"{plain['sql_ms']:,.0f} ms, {'/'.join(map(str, plain['queries']))} "
        f"| {gated['total_ms'] / plain['total_ms']:.1f}× | | |"
    ))
    lines += ["", "The gated family page's slowest queries (in process, last run):", ""]
    lines += [f"- {q['ms']:,.0f} ms: `{q['sql']}…`" for q in gated["slowest"]]
    for database, seeded in seed_lines.items():
        if seeded:
            lines += ["", f"`seed_volume` for `{database}` in this run:", "", "```", *seeded, "```"]
    return "\n".join(lines)


def fmt_rate(rate: dict) -> str:
    return f"{rate['median']:,.0f}/s ({rate['min']:,.0f}–{rate['max']:,.0f})"


def write_report(path: Path, report: str) -> None:
    text = path.read_text() if path.exists() else f"# Performance\n\n{START_MARK}\n{END_MARK}\n"
    if START_MARK not in text:
        text += f"\n{START_MARK}\n{END_MARK}\n"
    head, rest = text.split(START_MARK, 1)
    _, tail = rest.split(END_MARK, 1)
    path.write_text(f"{head}{START_MARK}\n{report}\n{END_MARK}{tail}")
    log(f"results written to {path}")


if __name__ == "__main__":
    sys.exit(main())
