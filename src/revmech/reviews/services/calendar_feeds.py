"""Personal iCalendar feeds: a secret address per person, revocable; only a digest is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.reviews import permissions
from revmech.reviews.models import (
    CalendarFeed,
)

# Calendar feeds: a secret address per person, revocable; only a digest of the token is kept.


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(
    *, person: Person, now: datetime, request: HttpRequest | None = None
) -> str:
    """A new secret calendar address for the person; any earlier one stops working."""
    if not permissions.can_keep_a_calendar(person):
        raise PermissionDenied
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(person=person, token_digest=_digest(token), created_at=now)
    audit.record("reviews.calendar.created", actor=person, subject=feed, request=request, now=now)
    return token


@transaction.atomic
def revoke_calendar_feeds(
    *, person: Person, now: datetime, request: HttpRequest | None = None
) -> int:
    """Stop every calendar address of the person; returns how many were active."""
    if not permissions.can_keep_a_calendar(person):
        raise PermissionDenied
    count = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=now
    )
    audit.record("reviews.calendar.revoked", actor=person, request=request, now=now, count=count)
    return count


def calendar_path(token: str) -> str:
    return reverse("reviews:calendar_feed", kwargs={"token": token})
