"""Assigning secretariat staff to country reviews, by the head of the secretariat, with history
and audit (P&R paras 32, 42). The staff assigned read the review's content, record its
communication (para 34) and hear of its overdue steps (`reminders.responsible_for`).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from revmech.accounts.models import Appointment, AppointmentStatus, Person, ReviewAssignment, Role
from revmech.accounts.permissions import is_secretariat
from revmech.audit import services as audit
from revmech.reviews import permissions
from revmech.reviews.models import AssignmentAction, CountryReview, SecretariatAssignmentChange
from revmech.rules import RuleViolation


def _record(
    review: CountryReview,
    person: Person,
    action: str,
    *,
    by: Person | None,
    now: datetime,
    reason: str,
    request: HttpRequest | None,
) -> SecretariatAssignmentChange:
    change = SecretariatAssignmentChange.objects.create(
        review=review, person=person, action=action, by=by, at=now, reason=reason
    )
    audit.record(
        f"reviews.secretariat.{action}",
        actor=by,
        subject=review,
        request=request,
        review_id=review.pk,
        person_id=person.pk,
        reason=reason,
    )
    return change


@transaction.atomic
def assign_secretariat(
    *,
    review: CountryReview,
    person: Person,
    by: Person | None,
    now: datetime,
    reason: str = "",
    request: HttpRequest | None = None,
) -> SecretariatAssignmentChange:
    """Assign a member of the secretariat to a review. `by` None is the platform itself (the
    demonstration loader); any person must be the head of the secretariat."""
    if by is not None and not permissions.can_assign_secretariat(by):
        raise PermissionDenied
    if not is_secretariat(person):
        raise RuleViolation(
            _("%(person)s is not a member of the secretariat, so cannot be assigned to a review.")
            % {"person": person.get_full_name() or person.username},
            rule="P&R para 42",
        )
    try:
        with transaction.atomic():
            ReviewAssignment.objects.create(person=person, review=review)
    except IntegrityError:
        raise RuleViolation(
            _("%(person)s is already assigned to this review.")
            % {"person": person.get_full_name() or person.username},
            rule="assignment",
        ) from None
    return _record(
        review, person, AssignmentAction.ASSIGNED, by=by, now=now, reason=reason, request=request
    )


@transaction.atomic
def unassign_secretariat(
    *,
    review: CountryReview,
    person: Person,
    by: Person,
    now: datetime,
    reason: str = "",
    request: HttpRequest | None = None,
) -> SecretariatAssignmentChange:
    """End a member's assignment to a review (a reassignment is an unassignment and an
    assignment, both in the history)."""
    if not permissions.can_assign_secretariat(by):
        raise PermissionDenied
    removed, _details = ReviewAssignment.objects.filter(person=person, review=review).delete()
    if not removed:
        raise RuleViolation(
            _("%(person)s is not assigned to this review.")
            % {"person": person.get_full_name() or person.username},
            rule="assignment",
        )
    return _record(
        review, person, AssignmentAction.UNASSIGNED, by=by, now=now, reason=reason, request=request
    )


@transaction.atomic
def reassign_secretariat(
    *,
    review: CountryReview,
    from_person: Person,
    to_person: Person,
    by: Person,
    now: datetime,
    reason: str = "",
    request: HttpRequest | None = None,
) -> SecretariatAssignmentChange:
    """Hand a review from one member to another, both changes kept; all or nothing."""
    unassign_secretariat(
        review=review, person=from_person, by=by, now=now, reason=reason, request=request
    )
    return assign_secretariat(
        review=review, person=to_person, by=by, now=now, reason=reason, request=request
    )


def secretariat_staff() -> list[Person]:
    """Who may be assigned: active people with an approved secretariat appointment."""
    ids = Appointment.objects.filter(
        role=Role.SECRETARIAT, status=AppointmentStatus.APPROVED
    ).values("person_id")
    return list(Person.objects.filter(pk__in=ids, is_active=True).order_by("username"))
