"""What reviews does when `accounts` tells it something happened to a person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from revmech.accounts.models import Person
from revmech.reviews.models import CalendarFeed


def stop_calendar_feeds(sender: Any, *, person: Person, at: datetime, **_: Any) -> int:
    """A withdrawn person's calendar feeds stop at once (P&R para 32); returns how many."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=at)
