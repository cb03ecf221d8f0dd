"""A worker killed in the middle of sending a mail: another worker notices through the missed
heartbeats, runs the task again, and exactly one mail goes out (issue 17, faults).

Real processes (`revmech worker`) on a database file of their own, and a real SMTP server on
loopback that holds the first connection silent so that the kill lands mid-task.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from smtp_server import RecordingSMTPServer

STALE_SECONDS = 1


def revmech(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    done = subprocess.run(  # noqa: S603 - fixed arguments, this interpreter
        [sys.executable, "-m", "revmech.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "EMAIL_", "REVMECH_"))
    }
    env.update(
        REVMECH_MODE="test",
        DJANGO_SETTINGS_MODULE="revmech.site.settings",
        REVMECH_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_TIMEOUT="60",
        REVMECH_MAIL_LEASE_SECONDS=str(STALE_SECONDS),
        REVMECH_WORKER_STALE_SECONDS=str(STALE_SECONDS),
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    revmech(env, "migrate", "--noinput")
    return env


def rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


def test_a_worker_killed_mid_send_leads_to_exactly_one_mail(
    environment: dict[str, str], tmp_path: Path
) -> None:
    database = tmp_path / "db.sqlite3"
    with RecordingSMTPServer(answering=False) as server:
        environment["EMAIL_PORT"] = str(server.port)
        revmech(
            environment,
            "shell",
            "-c",
            "from revmech.jobs.mail import queue_mail; "
            "queue_mail('Deadline passed', 'The deadline has passed.', ['fp@example.org'])",
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "revmech.site.cli", "worker", "--no-daily", "--interval=0.2"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert server.connected.wait(60), "the worker never reached the mail server"
            assert rows(database, "SELECT status FROM django_tasks_database_dbtaskresult") == [
                ("RUNNING",)
            ]
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(30)
        server.answering.set()  # the mail server answers again; the killed one sent nothing
        assert server.messages == []

        time.sleep(STALE_SECONDS + 0.5)  # the killed worker's heartbeat is now stale
        revmech(environment, "worker", "--batch", "--no-daily")
        revmech(environment, "worker", "--batch", "--no-daily")

    assert len(server.messages) == 1
    assert b"Deadline passed" in server.messages[0]
    assert rows(database, "SELECT status, attempts FROM jobs_outgoingmail") == [("sent", 1)]
    (task,) = rows(database, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert task[0] == "SUCCESSFUL"
    assert len(json.loads(str(task[1]))) == 2  # two workers: the killed one and the next
