"""`revmech remind`: queue reminders before a review deadline and once it has passed, each once;
`revmech worker` sends them (the workers also run this daily: `reviews.tasks`).

Running it twice queues nothing new; a run that fails half-way is finished by the next (see
`services.send_reminder`). docs/reviews.md tells how reminders go out.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from revmech.reviews import services

log = logging.getLogger(__name__)

DAYS_BEFORE = 7


class Command(BaseCommand):
    help = "Send reminders of country review deadlines (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, help="the date to remind as of (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--days-before",
            type=int,
            default=DAYS_BEFORE,
            help=f"remind this many days before a deadline (default {DAYS_BEFORE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = options["today"] or timezone.localdate()
        sent = skipped = 0
        failed: list[str] = []
        for due in services.due_reminders(today=today, days_before=options["days_before"]):
            try:
                if services.send_reminder(due=due, now=timezone.now()):
                    sent += 1
                else:
                    skipped += 1
            except Exception as error:  # one bad address must not stop the rest
                label = f"review {due.review.pk} {due.step} {due.kind} to person {due.person.pk}"
                log.exception("reminder not queued: %s", label)
                failed.append(f"{label}: {error}")
        self.stdout.write(
            f"{sent} queued for the worker, {skipped} already sent, {len(failed)} failed"
        )
        if failed:
            raise CommandError(
                "Some reminders could not be queued; run again to retry them:\n" + "\n".join(failed)
            )
