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
from revmech.jobs.mail import queue_mail


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
    # One line; only ASCII white space is collapsed (a non-breaking space is French typography).
    subject = re.sub(r"[ \t\r\n\f\v]+", " ", subject).strip()[:300]
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
