"""Outgoing mail through the task queue: queued with the change it tells of, sent by a worker,
retried with backoff while the mail server is away, sent once.

`queue_mail` writes an `OutgoingMail` row and enqueues `deliver_mail` for it, both inside the
caller's transaction: a change that is rolled back sends nothing; one that commits is sent,
whenever the mail server is back. `deliver_mail` takes a lease on the row (so that two runs of
the same task cannot both send), sends, and marks the row sent. A failure of the mail server
(refused connection, time-out, SMTP error) is written on the row and the task is enqueued again
after a delay that doubles from `REVMECH_MAIL_RETRY_SECONDS` up to an hour, for
`REVMECH_MAIL_MAX_ATTEMPTS` attempts (about four days by default); only then is the row marked
failed, and it stays in the table for the operator (`revmech worker --retry-failed`).

The one window left, as with any mail queue: the mail server accepted the message and the worker
died before it marked the row sent. The task then runs again and the message goes out twice,
with the same Message-ID, which mail clients and servers use to recognise a repeat.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from revmech.jobs.models import OutgoingMail

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=1)


def retry_delay(attempts: int, *, first: float | None = None) -> timedelta:
    """The wait before the next attempt after `attempts` failed ones: doubling, at most an hour."""
    base = float(first if first is not None else settings.REVMECH_MAIL_RETRY_SECONDS)
    seconds = base * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_RETRY_DELAY)


def queue_mail(
    subject: str, body: str, recipients: list[str], *, from_email: str | None = None
) -> OutgoingMail:
    """Queue one message; it is sent by a worker once the caller's transaction commits."""
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            subject=subject,
            body=body,
            recipients=list(recipients),
            from_email=from_email or "",
            message_id=make_msgid(domain=_message_id_domain()),
        )
        deliver_mail.enqueue(mail.pk)
    return mail


def queue_mails(
    messages: Sequence[tuple[str, str, list[str]]], *, from_email: str | None = None
) -> list[OutgoingMail]:
    """Queue several messages (subject, body, recipients) at once: one insert for the rows and
    one task that delivers each as `deliver_mail` does, so telling many people costs the same
    few queries whatever their number (issue 17)."""
    if not messages:
        return []
    domain = _message_id_domain()
    with transaction.atomic():
        mails = OutgoingMail.objects.bulk_create(
            OutgoingMail(
                subject=subject,
                body=body,
                recipients=list(recipients),
                from_email=from_email or "",
                message_id=make_msgid(domain=domain),
            )
            for subject, body, recipients in messages
        )
        if len(mails) == 1:
            deliver_mail.enqueue(mails[0].pk)
        else:
            deliver_mails.enqueue([mail.pk for mail in mails])
    return mails


def _message_id_domain() -> str:
    address = str(settings.DEFAULT_FROM_EMAIL)
    domain = address.rsplit("@", 1)[-1].strip(" >") if "@" in address else ""
    return domain or "revmech.localhost"


def _lease(mail_id: int, now: datetime) -> OutgoingMail | None:
    """Take the row for `lease` seconds if it is queued and nobody holds it; None otherwise."""
    lease = timedelta(seconds=settings.REVMECH_MAIL_LEASE_SECONDS)
    taken = (
        OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.QUEUED)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .update(leased_until=now + lease)
    )
    return OutgoingMail.objects.get(pk=mail_id) if taken else None


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one queued message (see the module's docstring); returns what happened."""
    now = timezone.now()
    mail = _lease(mail_id, now)
    if mail is None:
        current = OutgoingMail.objects.filter(pk=mail_id).first()
        if current is None or current.status != OutgoingMail.Status.QUEUED:
            return "nothing to do"
        # Another run holds the lease: look again when it ends.
        _enqueue_again(mail_id, current.leased_until or now)
        return "held by another run"
    message = EmailMessage(
        mail.subject,
        mail.body,
        mail.from_email or None,
        mail.recipients,
        headers={"Message-ID": mail.message_id},
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return _failed(mail, error)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        attempts=mail.attempts + 1,
        leased_until=None,
        next_attempt_at=None,
        last_error="",
    )
    return "sent"


@task()
def deliver_mails(mail_ids: list[int]) -> list[str]:
    """Send several queued messages, each as `deliver_mail` does (its own lease, its own
    retries): one failing is enqueued again alone and does not stop the others."""
    return [deliver_mail.func(mail_id) for mail_id in mail_ids]


def _failed(mail: OutgoingMail, error: BaseException) -> str:
    attempts = mail.attempts + 1
    text = f"{type(error).__name__}: {error}"[:2000]
    now = timezone.now()
    if attempts >= settings.REVMECH_MAIL_MAX_ATTEMPTS:
        log.error("mail %s not sent after %s attempts, given up: %s", mail.pk, attempts, text)
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.FAILED, attempts=attempts, last_error=text, leased_until=None
        )
        return "failed"
    when = now + retry_delay(attempts)
    log.warning("mail %s not sent (attempt %s), next at %s: %s", mail.pk, attempts, when, text)
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(
            attempts=attempts, last_error=text, leased_until=None, next_attempt_at=when
        )
        _enqueue_again(mail.pk, when)
    return "retry"


def _enqueue_again(mail_id: int, when: datetime) -> None:
    backend: Any = deliver_mail.get_backend()
    if backend.supports_defer:
        deliver_mail.using(run_after=when).enqueue(mail_id)
    # A backend that cannot defer (the immediate one of the test settings) leaves the row
    # queued, for `revmech worker --retry-failed` or a later worker.


def requeue_failed() -> int:
    """Queue again every message that was given up after its last attempt; the count."""
    count = 0
    rows = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).order_by("pk")
    for mail in rows:
        with transaction.atomic():
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=OutgoingMail.Status.QUEUED, leased_until=None, next_attempt_at=None
            )
            deliver_mail.enqueue(mail.pk)
        count += 1
    return count
