"""Production settings pass `check --deploy` cleanly and refuse to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys

PRODUCTION = {
    "REVMECH_MODE": "production",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "abcdefghijklmnopqrstuvwxyz0123456789",
    "ALLOWED_HOSTS": "review.example.org",
    "DJANGO_SETTINGS_MODULE": "revmech.site.settings",
    # The check runs without a database server; a real deployment sets DATABASE_URL.
    "REVMECH_ALLOW_SQLITE": "true",
}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    unset = {"DEBUG", "REVMECH_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 - runs this interpreter with fixed arguments
        [sys.executable, "-m", "revmech.site.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings() -> None:
    result = _run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    env["SECRET_KEY"] = ""
    result = _run(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = _run({**PRODUCTION, "SECRET_KEY": "short"}, "check")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_sqlite_unless_explicitly_allowed() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "REVMECH_ALLOW_SQLITE"}
    result = _run({**env, "DATABASE_URL": "sqlite:///unused.sqlite3"}, "check")
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr
    assert "REVMECH_ALLOW_SQLITE=true" in result.stderr
