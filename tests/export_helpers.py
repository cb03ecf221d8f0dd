"""Helpers of the tests of exports made in the background: the database queue of production and
a worker run in the test's process (issue 17)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from revmech.jobs.worker import Worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """One worker in this process that runs what is ready, then stops.

    Between tasks a worker closes a connection whose autocommit differs from its settings (as
    Django does between requests). Inside a test's transaction that is the test's own
    connection: on PostgreSQL closing it would end the test's transaction (SQLite's in-memory
    database is never closed). So here the connection is kept; the worker's own handling of
    connections is tested on a committed database in tests/jobs/test_jobs_mail.py.
    """
    with mock.patch("revmech.jobs.worker.close_old_connections"):
        make_worker().run()


def make_worker() -> Worker:
    """The worker of the tests: every queue, one pass over what is ready, no daily tasks."""
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        stale_after=timedelta(seconds=60),
        daily=False,
    )
