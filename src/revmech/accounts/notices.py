"""Every message the platform mails to a person goes through `send`: it is mailed and kept as a
`Notice`, which the person finds under "Your notifications" (issue 16).

The caller renders `subject` and `body` in the reader's language. The message is queued
(`revmech.jobs.mail`) in the caller's transaction, like the notice: both or neither.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import timezone

from revmech.accounts.models import Notice, Person
from revmech.jobs.mail import queue_mail, queue_mails


def _one_line(subject: str) -> str:
    # Only ASCII white space is collapsed (a non-breaking space is French typography).
    return re.sub(r"[ \t\r\n\f\v]+", " ", subject).strip()[:300]


def send(
    person: Person,
    subject: str,
    body: str,
    *,
    link: str = "",
    review_id: int | None = None,
    now: datetime | None = None,
    keep: bool = True,
) -> Notice | None:
    """Queue one message to the person and keep it among their notifications.

    `keep=False` for a message that carries a secret (an activation link): only the secret's
    hash is stored anywhere, so the message itself is not kept.
    """
    subject = _one_line(subject)
    queue_mail(subject, body, [person.email])
    if not keep:
        return None
    return Notice.objects.create(
        person=person,
        sent_at=now or timezone.now(),
        subject=subject,
        body=body,
        link=link[:500],
        review_id=review_id,
    )


def send_each(
    messages: list[tuple[Person, str, str]],
    *,
    link: str = "",
    review_id: int | None = None,
    now: datetime | None = None,
) -> list[Notice]:
    """`send` to several people at once, each (person, subject, body) rendered for its reader:
    the same few queries however many people are told (issue 17)."""
    lines = [(person, _one_line(subject), body) for person, subject, body in messages]
    queue_mails([(subject, body, [person.email]) for person, subject, body in lines])
    at = now or timezone.now()
    return Notice.objects.bulk_create(
        Notice(
            person=person,
            sent_at=at,
            subject=subject,
            body=body,
            link=link[:500],
            review_id=review_id,
        )
        for person, subject, body in lines
    )
