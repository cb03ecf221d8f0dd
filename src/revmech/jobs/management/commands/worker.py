"""`revmech worker`: run queued tasks (mail, reminders, exports) until stopped.

Start one or more per machine, on any number of machines sharing the database (docs/operations.md).
Ctrl+C or SIGTERM lets the current task finish; a worker killed mid-task is noticed by the others
through its heartbeat, and its task is run again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from revmech.jobs.mail import requeue_failed
from revmech.jobs.worker import Worker


class Command(BaseCommand):
    help = "Run queued background tasks: mail, daily reminders, heavy exports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait when the queue is empty (default 1)",
        )
        parser.add_argument("--batch", action="store_true", help="run what is ready now, then stop")
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after this many")
        parser.add_argument("--queue", default="*", help="queues to serve, comma-separated")
        parser.add_argument(
            "--no-daily", action="store_true", help="do not enqueue the daily tasks"
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="queue again the mail given up after its last attempt, then stop",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry_failed"]:
            self.stdout.write(f"{requeue_failed()} message(s) queued again.")
            return
        worker = Worker(
            queue_names=options["queue"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=get_random_string(32),
            excluded_queue_names=[],
            stale_after=timedelta(seconds=settings.REVMECH_WORKER_STALE_SECONDS),
            daily=not options["no_daily"],
        )
        worker.configure_signals()
        worker.run()
