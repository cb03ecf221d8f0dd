"""Reads of country reviews, filtered by who asks; a review one may not read does not exist."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from revmech.accounts.models import Appointment, AppointmentStatus, Notice, Person, Role
from revmech.accounts.permissions import Someone, is_secretariat
from revmech.registry.models import Instrument
from revmech.reviews import deadlines, permissions
from revmech.reviews.models import (
    AssistanceRequest,
    CalendarFeed,
    CountryReview,
    CountryVisit,
    DialogueMeeting,
    DialogueRequest,
    DocumentVersion,
    MechanismReference,
    Reminder,
    ReviewDocument,
    ReviewEvent,
)


def _base() -> QuerySet[CountryReview]:
    reviews = CountryReview.objects.select_related("state_under_review", "instrument")
    # Each event names its State: fetched with the events, not once per event.
    events = Prefetch("events", queryset=ReviewEvent.objects.select_related("state"))
    return reviews.prefetch_related("reviewers__state", "secretariat_assignments", events)


def reviews_for(person: Someone) -> QuerySet[CountryReview]:
    """The reviews whose content the person may read (the same rule as `can_read_review`)."""
    if not isinstance(person, Person) or not person.is_active:
        return _base().none()
    approved = Appointment.objects.filter(person=person, status=AppointmentStatus.APPROVED)
    condition = Q(pk__in=[])
    for appointment in approved.select_related("state", "instrument"):
        state = appointment.state
        if state is None:
            continue
        involved = Q(state_under_review=state) | Q(reviewers__state=state)
        if appointment.role in (Role.FOCAL_POINT, Role.EXPERT):
            if appointment.instrument is not None:
                involved &= Q(instrument=appointment.instrument)
            condition |= involved
        elif appointment.role == Role.OBSERVER:
            condition |= involved
    if is_secretariat(person):
        condition |= Q(secretariat_assignments__person=person)
    ids = CountryReview.objects.filter(condition).values("pk")
    return _base().filter(pk__in=ids)


def review_for(person: Someone, review_id: int) -> CountryReview:
    """The review, or 404 for anyone who may not read it, as if it did not exist."""
    review = _base().filter(pk=review_id).first()
    if review is None or not permissions.can_read_review(person, review):
        raise Http404
    return review


def review_to_move(
    person: Someone, review_id: int, may_move: Callable[[Someone, CountryReview], bool]
) -> CountryReview:
    """The review, or 404 for anyone who may not take this step in it (hiding the step)."""
    review = review_for(person, review_id)
    if not may_move(person, review):
        raise Http404
    return review


def all_reviews_for_overview(
    person: Someone,
    *,
    stage: str = "",
    phase: int | None = None,
    instrument: str = "",
    working_group: str = "",
) -> QuerySet[CountryReview]:
    """Every review (stage, year, States; not content) for the secretariat, in code order.

    The order is phase, instrument, then the State's code: never by progress or lateness
    (P&R para 3 (b): no ranking).
    """
    if not permissions.can_oversee_reviews(person):
        raise Http404
    reviews = _base().order_by("phase", "instrument__position", "state_under_review__code")
    if stage:
        reviews = reviews.filter(stage=stage)
    if phase is not None:
        reviews = reviews.filter(phase=phase)
    if instrument:
        reviews = reviews.filter(instrument__code=instrument)
    if working_group:
        # `working_groups` is a JSON list; filter in Python to stay portable (SQLite, PostgreSQL).
        codes = [i.code for i in Instrument.objects.all() if working_group in i.working_groups]
        reviews = reviews.filter(instrument__code__in=codes)
    return reviews


def calendar_owner(token: str) -> Person:
    """The person whose active calendar address this is, or 404 (unknown or revoked)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    feed = CalendarFeed.objects.filter(token_digest=digest, revoked_at__isnull=True).first()
    if feed is None or not feed.person.is_active:
        raise Http404
    return feed.person


def active_calendar(person: Someone) -> CalendarFeed | None:
    if not isinstance(person, Person):
        return None
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()


@dataclass(frozen=True)
class ReviewNext:
    review: CountryReview
    next: deadlines.NextStep | None


def next_steps_for(person: Someone, *, today: date) -> list[ReviewNext]:
    """The person's reviews with their next step and its deadline, in code order (no ranking)."""
    clock = deadlines.Clock()
    return [
        ReviewNext(
            review,
            deadlines.next_step_of(review, deadlines.steps_of(review, clock=clock), today),
        )
        for review in reviews_for(person)
    ]


def reminders_for(person: Someone) -> QuerySet[Reminder]:
    """The reminders sent to the person, newest first, for reviews they may still read."""
    if not isinstance(person, Person):
        return Reminder.objects.none()
    readable = reviews_for(person).values("pk")
    reminders = Reminder.objects.filter(person=person, review__in=readable)
    return reminders.select_related("review__state_under_review", "review__instrument").order_by(
        "-sent_at", "-pk"
    )


# The constructive dialogue, visits, documents, technical assistance and references: each object
# is found only within a review the person may read, else 404 (P&R paras 32, 37).


def dialogue_request_in(review: CountryReview, request_id: int) -> DialogueRequest:
    found = DialogueRequest.objects.filter(review=review, pk=request_id).first()
    if found is None:
        raise Http404
    return found


def meeting_in(review: CountryReview, meeting_id: int) -> DialogueMeeting:
    found = DialogueMeeting.objects.filter(review=review, pk=meeting_id).first()
    if found is None:
        raise Http404
    return found


def visit_in(review: CountryReview, visit_id: int) -> CountryVisit:
    found = CountryVisit.objects.filter(review=review, pk=visit_id).first()
    if found is None:
        raise Http404
    return found


def document_in(review: CountryReview, document_id: int) -> ReviewDocument:
    found = ReviewDocument.objects.filter(review=review, pk=document_id).first()
    if found is None:
        raise Http404
    return found


def document_version_for(person: Someone, review_id: int, version_id: int) -> DocumentVersion:
    """A document's version, or 404 for anyone who may not read its review."""
    review = review_for(person, review_id)
    found = (
        DocumentVersion.objects.select_related("document__review")
        .filter(document__review=review, pk=version_id)
        .first()
    )
    if found is None or not permissions.can_download_document(person, found):
        raise Http404
    return found


@dataclass(frozen=True)
class Workspace:
    """What the review page shows beyond its stages: the dialogue, visits, documents, technical
    assistance and references, each with its threads and versions prefetched."""

    dialogue_requests: list[DialogueRequest]
    meetings: list[DialogueMeeting]
    visits: list[CountryVisit]
    documents: list[ReviewDocument]
    assistance_requests: list[AssistanceRequest]
    references: list[MechanismReference]


def workspace_of(person: Someone, review: CountryReview) -> Workspace:
    if not permissions.can_read_review(person, review):
        raise Http404
    return Workspace(
        dialogue_requests=list(
            review.dialogue_requests.select_related("state", "asked_by").prefetch_related(
                "replies__replied_by"
            )
        ),
        meetings=list(review.meetings.all()),
        visits=list(review.visits.select_related("proposed_by_state")),
        documents=list(
            review.documents.filter(reference__isnull=True).prefetch_related("versions")
        ),
        assistance_requests=list(review.assistance_requests.all()),
        references=list(
            review.references.select_related("document").prefetch_related("document__versions")
        ),
    )


def assistance_requests_for(person: Someone, *, status: str = "") -> QuerySet[AssistanceRequest]:
    """Every technical assistance request, for the secretariat (P&R para 15), in code order
    (phase, instrument, State, then date): never ranked."""
    if not permissions.can_handle_assistance(person):
        raise Http404
    requests = AssistanceRequest.objects.select_related(
        "review__state_under_review", "review__instrument"
    ).order_by(
        "review__phase",
        "review__instrument__position",
        "review__state_under_review__code",
        "requested_at",
        "pk",
    )
    if status:
        requests = requests.filter(status=status)
    return requests


def assistance_request_for(person: Someone, request_id: int) -> AssistanceRequest:
    if not permissions.can_handle_assistance(person):
        raise Http404
    found = AssistanceRequest.objects.select_related("review").filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found


def review_to_assign(person: Someone, review_id: int) -> CountryReview:
    """A review for the head of the secretariat's assignment page (its identity and staff, not
    its content), or 404 for anyone else."""
    if not permissions.can_assign_secretariat(person):
        raise Http404
    review = _base().filter(pk=review_id).first()
    if review is None:
        raise Http404
    return review


def reviews_to_assign(person: Someone) -> QuerySet[CountryReview]:
    """Every review with its assigned staff, in code order (never by progress, P&R para 3 (b))."""
    if not permissions.can_assign_secretariat(person):
        raise Http404
    return (
        CountryReview.objects.select_related("state_under_review", "instrument")
        .prefetch_related("secretariat_assignments__person")
        .order_by("phase", "instrument__position", "state_under_review__code")
    )


def notices_for(person: Someone) -> QuerySet[Notice]:
    """The messages mailed to the person, newest first; those about a review only while the
    person may still read it (P&R paras 32, 37)."""
    if not isinstance(person, Person):
        return Notice.objects.none()
    readable = reviews_for(person).values("pk")
    mine = Notice.objects.filter(person=person)
    return mine.filter(Q(review_id__isnull=True) | Q(review_id__in=readable))
