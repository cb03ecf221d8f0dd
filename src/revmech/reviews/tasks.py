"""Tasks of the country review, run by `revmech worker` (revmech.jobs)."""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone
from django_tasks import task

from revmech.reviews.services import reminders

log = logging.getLogger(__name__)

DAYS_BEFORE = 7


@task()
def send_due_reminders(day: str, days_before: int = DAYS_BEFORE) -> dict[str, int]:
    """Queue the reminders due on `day` (ISO date), each once (P&R paras 23, 26, 29, 33).

    Enqueued daily by the workers (`REVMECH_DAILY_TASKS`); `revmech remind` runs the same. Each
    reminder's mail is queued in the transaction that records it, so a run cut short is finished
    by the next without sending anything twice.
    """
    queued = skipped = failed = 0
    for due in reminders.due_reminders(today=date.fromisoformat(day), days_before=days_before):
        try:
            if reminders.send_reminder(due=due, now=timezone.now()):
                queued += 1
            else:
                skipped += 1
        except Exception:  # one bad row must not stop the others; the next run retries it
            log.exception("reminder not queued: review %s, %s", due.review.pk, due.step)
            failed += 1
    return {"queued": queued, "already": skipped, "failed": failed}
