"""Helpers of the tests of exports made in the background: the database queue of production and
a worker run in the test's process (issue 17)."""

from __future__ import annotations

from datetime import timedelta

from revmech.jobs.worker import Worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """One worker in this process that runs what is ready, then stops."""
    Worker(
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
    ).run()
