"""Writing the audit log: one `record` call beside every state change and every view or download
of confidential content (P&R paras 32, 37).
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from revmech.audit.models import ANONYMOUS_LABEL, SYSTEM_LABEL, USER_AGENT_MAX_LENGTH, Entry

ACTION_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# An entry about a country review is filed under it even when the caller passes no review_id.
# The label, not an import: the reviews app writes to the audit log, not the other way round.
REVIEW_MODEL_LABEL = "reviews.countryreview"


def record(
    action: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    subject: models.Model | None = None,
    request: HttpRequest | None = None,
    review_id: int | None = None,
    now: datetime | None = None,
    **details: Any,
) -> Entry:
    """Append one entry: who (`actor`), what (`action` on `subject`), when, from where.

    `action` is a dotted code such as `lots.draw.confirmed` or `reviews.document.downloaded`.
    `actor` is the person acting, an anonymous visitor, or None for the system itself (a
    scheduled job). `details` must be JSON-serializable (dates and decimals are fine).
    """
    if not ACTION_CODE.match(action):
        raise ValueError(
            f"Audit action {action!r} is not a dotted code like 'lots.draw.confirmed'."
        )
    at = now if now is not None else timezone.now()
    if timezone.is_naive(at):
        raise ValueError("An audit entry's time must be timezone-aware.")
    actor_id, actor_label = _actor(actor)
    entry = Entry(
        at=at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        review_id=review_id,
        details=details,
    )
    if subject is not None:
        entry.subject_type = subject._meta.label_lower
        entry.subject_id = str(subject.pk)
        entry.subject_label = str(subject)[: Entry._meta.get_field("subject_label").max_length]
        if review_id is None and entry.subject_type == REVIEW_MODEL_LABEL:
            entry.review_id = subject.pk
    if request is not None:
        entry.ip_address = client_address(request)
        entry.user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH]
    entry.save()
    return entry


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from: REMOTE_ADDR, and nothing the client can write.

    X-Forwarded-For is never read: any client can send it. Behind a reverse proxy, the
    deployment sets REMOTE_ADDR to the real client through the proxy's own configuration.
    A missing or malformed address (a Unix socket, say) is stored as unknown.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(remote_addr))
    except ValueError:
        return None


def _actor(actor: AbstractBaseUser | AnonymousUser | None) -> tuple[Any, str]:
    """The person's primary key (None for nobody) and the label that outlives a rename."""
    if actor is None:
        return None, SYSTEM_LABEL
    if isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None, ANONYMOUS_LABEL
    return actor.pk, actor.get_username()
