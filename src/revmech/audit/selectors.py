"""Reads of the audit log, filtered by who asks: only the secretariat sees it (P&R paras 32, 37)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from revmech.audit import permissions
from revmech.audit.models import Entry


def entries_for(
    person: AbstractBaseUser | AnonymousUser,
    *,
    action: str = "",
    actor: str = "",
    review_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    subject_type: str = "",
) -> QuerySet[Entry]:
    """The entries `person` may read, newest first; none for anyone who may not read the log.

    `action` is a prefix (`lots.` or `reviews.document`); `actor` a username; `since` and
    `until` are days in the current time zone, both included.
    """
    if not permissions.can_view_audit_log(person):
        return Entry.objects.none()
    entries = Entry.objects.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        # The person's username today, or the label of someone who acted under it; the
        # anonymous and system labels match only entries without a person.
        username = f"actor__{get_user_model().USERNAME_FIELD}"
        entries = entries.filter(Q(**{username: actor}) | Q(actor=None, actor_label=actor))
    if review_id is not None:
        entries = entries.filter(review_id=review_id)
    if since is not None:
        entries = entries.filter(at__gte=_start_of(since))
    if until is not None:
        entries = entries.filter(at__lt=_start_of(until + timedelta(days=1)))
    if subject_type:
        entries = entries.filter(subject_type=subject_type)
    return entries


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
