"""`revmech worker`: runs queued tasks, on SQLite or PostgreSQL, one or many per machine.

Built on django-tasks-db's worker (which claims a task with `SELECT ... FOR UPDATE SKIP LOCKED`
on PostgreSQL and an exclusive transaction on SQLite, so each task goes to one worker). Added
here: a heartbeat, so that a task left "running" by a worker that was killed is found and run
again by another (`reap`); and the daily tasks (`REVMECH_DAILY_TASKS`), enqueued once a day by
whichever worker sees the day first.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import (
    IntegrityError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from revmech.jobs.models import DailyRun, WorkerBeat

log = logging.getLogger(__name__)


def beat(worker_id: str, *, now: datetime, started_at: datetime | None = None) -> None:
    """Record that the worker is alive."""
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerBeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": started_at or now,
                "seen_at": now,
            },
        )


def reap(*, now: datetime, stale_after: timedelta) -> int:
    """Put back in the queue every task marked running whose worker stopped beating.

    A worker beats every few seconds while it runs a task, so a silent one is gone. The task is
    made ready again (the same row, its list of workers keeping the dead one); its own code
    decides what a second run does (the mail task sends only what is not yet sent). Each row is
    put back by a conditional update, so two workers reaping at once put it back once.
    """
    alive = set(
        WorkerBeat.objects.filter(seen_at__gt=now - stale_after).values_list("worker_id", flat=True)
    )
    count = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for row in running.filter(started_at__lt=now - stale_after).only("id", "worker_ids"):
        last = row.worker_ids[-1] if row.worker_ids else None
        if last in alive:
            continue
        count += DBTaskResult.objects.filter(id=row.id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None, run_after=now
        )
        log.warning("task %s (%s) was cut short with worker %s: run again", row.id, row, last)
    # Heartbeats of workers gone for a day are of no more use.
    WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return count


def enqueue_daily(*, today: date) -> list[str]:
    """Enqueue each of `REVMECH_DAILY_TASKS` once for `today`; the paths enqueued now."""
    enqueued = []
    for path in settings.REVMECH_DAILY_TASKS:
        try:
            with transaction.atomic():
                DailyRun.objects.create(task_path=path, day=today)
                import_string(path).enqueue(today.isoformat())
        except IntegrityError:
            continue
        enqueued.append(path)
    return enqueued


class Worker(DatabaseWorker):
    """django-tasks-db's worker with a heartbeat, the reaper and the daily tasks."""

    def __init__(self, *, stale_after: timedelta, daily: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.stale_after = stale_after
        self.daily = daily
        self.started_at = timezone.now()
        self._stop_beating = threading.Event()
        self._last_housekeeping: datetime | None = None

    def _beat_forever(self) -> None:
        interval = max(self.stale_after.total_seconds() / 4, 0.2)
        while not self._stop_beating.wait(interval):
            try:
                beat(self.worker_id, now=timezone.now())
            except Exception:  # the database may be away for a moment; try at the next beat
                log.exception("worker %s could not record its heartbeat", self.worker_id)
            finally:
                connection.close()

    def housekeeping(self, now: datetime) -> None:
        """Reap cut-short tasks and enqueue the day's tasks; at most every few seconds."""
        if self._last_housekeeping and now - self._last_housekeeping < self.stale_after / 4:
            return
        self._last_housekeeping = now
        close_old_connections()
        beat(self.worker_id, now=now, started_at=self.started_at)
        reaped = reap(now=now, stale_after=self.stale_after)
        if reaped:
            log.warning("%s task(s) of stopped workers put back in the queue", reaped)
        if self.daily:
            for path in enqueue_daily(today=timezone.localdate(now)):
                log.info("daily task %s enqueued", path)

    def claim_next(self) -> DBTaskResult[Any, Any] | None:
        """Claim the next ready task for this worker, or None (also when SQLite is busy)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                return None
        return task_result

    def run(self) -> None:
        log.info("worker %s started, queues %s", self.worker_id, ",".join(self.queue_names))
        beat(self.worker_id, now=self.started_at, started_at=self.started_at)
        beater = threading.Thread(target=self._beat_forever, name="heartbeat", daemon=True)
        beater.start()
        try:
            while self.running:
                self.housekeeping(timezone.now())
                task_result = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
                    close_old_connections()
                elif self.batch:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.running and task_result is None:
                    time.sleep(self.interval)
        finally:
            self._stop_beating.set()
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
