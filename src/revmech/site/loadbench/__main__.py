"""Run the load test: `python -m revmech.site.loadbench` (by `make bench`).

1. A fresh PostgreSQL database (`BENCH_DATABASE_URL`, default the local server's
   `revmech_bench`), migrated, with the reference data and `revmech demo --scale BENCH_SCALE`.
2. Sessions for every generated focal point and expert and the secretariat.
3. `revmech serve` (gunicorn, `WEB_CONCURRENCY` workers, 3 by default) on 127.0.0.1 only, in
   production mode, with a bare view at /bench/bare/ (`REVMECH_BENCH`).
4. Locust, headless, BENCH_USERS users for BENCH_SECONDS seconds; then every figure per kind of
   request, with its p95 against the bare view's in the same run.

Only loopback is ever addressed; the run stops by itself.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

HERE = Path(__file__).resolve().parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/revmech_bench"
PAGE_P95_LIMIT = 3.0  # the targets against the bare view
SAVE_P95_LIMIT = 5.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_DATABASE_URL: {name!r} is not a plain database name.")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The load test runs on loopback only: use a local PostgreSQL.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, *args], env=env, check=True)  # noqa: S603


def _wait_until_up(url: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _report(stats: Path) -> int:
    table = list(csv.DictReader(stats.open(encoding="utf-8")))
    rows = [r for r in table if r["Name"] != "Aggregated"]
    bare = next((r for r in rows if r["Name"] == "bare view"), None)
    bare_p95 = float(bare["95%"]) if bare else 0.0
    header = (
        f"{'kind of request':<38} {'reqs':>6} {'req/s':>7} {'fail':>5} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p95/bare':>8}"
    )
    print(header)
    print("-" * len(header))
    total_failures = 0
    for row in sorted(rows, key=lambda r: r["Name"]):
        p95 = float(row["95%"])
        ratio = p95 / bare_p95 if bare_p95 else 0.0
        failures = int(row["Failure Count"])
        total_failures += failures
        print(
            f"{row['Name']:<38} {int(row['Request Count']):>6} "
            f"{float(row['Requests/s']):>7.1f} {failures:>5} {float(row['50%']):>7.0f} "
            f"{p95:>7.0f} {float(row['99%']):>7.0f} {ratio:>7.1f}x"
        )
    everything = next(
        r for r in csv.DictReader(stats.open(encoding="utf-8")) if r["Name"] == "Aggregated"
    )
    print(
        f"all: {int(everything['Request Count'])} requests, "
        f"{float(everything['Requests/s']):.1f} req/s, {total_failures} failures; targets: pages "
        f"p95 within {PAGE_P95_LIMIT:.0f}x the bare view, saves within {SAVE_P95_LIMIT:.0f}x"
    )
    return total_failures


def main() -> int:
    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    scale = os.environ.get("BENCH_SCALE", "10")
    users = os.environ.get("BENCH_USERS", "50")
    seconds = os.environ.get("BENCH_SECONDS", "60")
    work = Path(tempfile.mkdtemp(prefix="revmech-bench-"))
    port = _free_port()
    env = {
        **os.environ,
        "REVMECH_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database,
        "DATABASE_CONN_MAX_AGE": "60",
        "REVMECH_DATA_DIR": str(work),
        "REVMECH_BENCH": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "3"),
        "BENCH_PEOPLE": str(work / "people.json"),
        "LOG_LEVEL": "WARNING",
    }
    cli = ("-m", "revmech.site.cli")
    print(f"database {database}, scale {scale}, {users} users for {seconds} s, port {port}")
    _fresh_database(database)
    _run(env, *cli, "migrate", "--noinput", "-v0")
    _run(env, *cli, "load-reference")
    demo = subprocess.run(  # noqa: S603
        [sys.executable, *cli, "demo", "--scale", scale],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    print(demo.stdout.strip().splitlines()[-1])
    people = f"from revmech.site.loadbench.people import main; main({env['BENCH_PEOPLE']!r})"
    _run(env, *cli, "shell", "-c", people)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, *cli, "serve", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        env=env,
        start_new_session=True,
    )
    try:
        started = time.monotonic()
        _wait_until_up(f"http://127.0.0.1:{port}/bench/bare/")
        print(f"server up in {time.monotonic() - started:.0f} s (static files collected)")
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "--users",
                users,
                "--spawn-rate",
                "10",
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(work / "bench"),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=env,
            check=False,
            timeout=int(seconds) + 120,
            stdout=subprocess.DEVNULL,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    failures = _report(work / "bench_stats.csv")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
