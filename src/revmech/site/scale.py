"""More data of every kind around a review, to measure how pages grow (`revmech demo --scale N`).

`grow(around=review, factor=N)` adds, with plain inserts (no mail, no audit of its own):
N more reviews of other States for the same instrument and phase, reviewed by the same States
as `around` and by the State under review, so every person of `around` has N more reviews; and
for `around` and each new review N of each: dialogue requests with an answer, meetings,
documents with a version, technical assistance requests, events, reminders; N more focal points
and experts of each State involved; N sessions with a document each; N audit entries on `around`.
Pages that list such things must stay within their query bound and paginate (issue 17).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.audit import services as audit
from revmech.meetings.models import Body, Document, DocumentFile, Session
from revmech.registry.models import State
from revmech.reviews.models import (
    AssistanceRequest,
    CountryReview,
    DialogueMeeting,
    DialogueReply,
    DialogueRequest,
    DocumentVersion,
    EventKind,
    ReviewDocument,
    ReviewEvent,
    ReviewingState,
    Seat,
    Stage,
)

WHEN = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@dataclass
class Grown:
    reviews: list[CountryReview] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, number: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + number


def grow(*, around: CountryReview, factor: int, label: str = "scale") -> Grown:
    """Add `factor` times the data around `around` (see the module); one transaction."""
    grown = Grown()
    with transaction.atomic():
        reviewers = list(around.reviewers.select_related("state").order_by("seat"))
        taken = set(
            CountryReview.objects.filter(
                instrument=around.instrument, phase=around.phase
            ).values_list("state_under_review_id", flat=True)
        )
        involved = {around.state_under_review_id, *(r.state_id for r in reviewers)}
        others = list(State.objects.exclude(pk__in=taken | involved).order_by("code")[:factor])
        for state in others:
            review = CountryReview.objects.create(
                state_under_review=state,
                instrument=around.instrument,
                phase=around.phase,
                year=around.year,
                stage=Stage.DESK_REVIEW,
                draw=around.draw,
                rulebook_version=around.rulebook_version,
                drawn_on=around.drawn_on,
                working_languages=["en"],
            )
            ReviewingState.objects.create(
                review=review, state=around.state_under_review, seat=Seat.SAME_GROUP
            )
            if reviewers:
                ReviewingState.objects.create(
                    review=review, state=reviewers[0].state, seat=Seat.OTHER_GROUP
                )
            grown.reviews.append(review)
            grown.add("reviews")
        people = _people(involved | {s.pk for s in others}, around, factor, label, grown)
        _focal_points({s.pk for s in others}, around, label, grown)
        author = people[0] if people else None
        if author is not None:
            for review in [around, *grown.reviews]:
                _review_content(review, author, factor, label, grown)
        _sessions(factor, label, grown)
        for number in range(factor):
            audit.record(
                f"{label}.entry", actor=None, subject=around, review_id=around.pk, n=number
            )
        grown.add("audit entries", factor)
    return grown


def _people(
    state_ids: set[int], around: CountryReview, factor: int, label: str, grown: Grown
) -> list[Person]:
    model = get_user_model()
    start = (model.objects.aggregate(Max("pk"))["pk__max"] or 0) + 1
    made = []
    now = datetime.now(UTC)
    for state_id in sorted(state_ids):
        for number in range(factor):
            username = f"{label}-{start}-{state_id}-{number}-expert"
            person = model.objects.create_user(username, f"{username}@example.org", None)
            _appoint(person, Role.EXPERT, state_id, around, label, now)
            made.append(person)
            grown.add("people")
    return made


def _focal_points(state_ids: set[int], around: CountryReview, label: str, grown: Grown) -> None:
    """A focal point for each State under review that has none (one per State, P&R para 12)."""
    model = get_user_model()
    now = datetime.now(UTC)
    have = set(
        Appointment.objects.filter(
            role=Role.FOCAL_POINT, instrument=around.instrument, state_id__in=state_ids
        ).values_list("state_id", flat=True)
    )
    for state_id in sorted(state_ids - have):
        username = f"{label}-fp-{state_id}-{around.instrument_id}"
        person = model.objects.create_user(username, f"{username}@example.org", None)
        _appoint(person, Role.FOCAL_POINT, state_id, around, label, now)
        grown.add("people")


def _appoint(
    person: Person, role: str, state_id: int, around: CountryReview, label: str, now: datetime
) -> None:
    Appointment.objects.create(
        person=person,
        role=role,
        state_id=state_id,
        instrument=around.instrument,
        status=AppointmentStatus.APPROVED,
        nominated_at=now,
        approved_at=now,
        note_verbale_reference=label.upper(),
    )


def _review_content(
    review: CountryReview, author: Person, factor: int, label: str, grown: Grown
) -> None:
    state = review.state_under_review
    for number in range(factor):
        moment = WHEN + timedelta(days=number)
        request = DialogueRequest.objects.create(
            review=review,
            kind="clarification",
            state=state,
            text=f"{label} question {number}",
            asked_by=author,
            asked_at=moment,
        )
        DialogueReply.objects.create(
            request=request, text=f"{label} answer {number}", replied_by=author, replied_at=moment
        )
        DialogueMeeting.objects.create(
            review=review,
            kind="videoconference",
            starts_at=moment,
            participants=f"{label} participants",
            scheduled_by=author,
            scheduled_at=moment,
        )
        document = ReviewDocument.objects.create(
            review=review,
            title=f"{label} document {number}",
            stage=review.stage,
            created_by=author,
            created_at=moment,
        )
        content = f"{label} {review.pk} {number}".encode()
        version = DocumentVersion(
            document=document,
            number=1,
            stored_token=f"{label}-{review.pk}-{document.pk}",
            original_name=f"document-{number}.txt",
            content_type="text/plain",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=author,
            uploaded_at=moment,
        )
        version.file.save(version.stored_token, ContentFile(content), save=False)
        version.save()
        AssistanceRequest.objects.create(
            review=review, need=f"{label} need {number}", requested_by=author, requested_at=moment
        )
        ReviewEvent.objects.create(
            review=review,
            kind=EventKind.CONSULTATIONS_OPENED if number == 0 else EventKind.CONSULTATIONS_HELD,
            occurred_on=moment.date(),
            recorded_at=moment,
            actor=author,
            state=state,
        )
        grown.add("review items", 6)


def _sessions(factor: int, label: str, grown: Grown) -> None:
    start = (Session.objects.aggregate(Max("number"))["number__max"] or 0) + 1
    for number in range(start, start + factor):
        session = Session.objects.create(
            body=Body.TECHNICAL_ASSISTANCE,
            number=number,
            starts_on=date(2027, 1, 1) + timedelta(days=number),
            ends_on=date(2027, 1, 2) + timedelta(days=number),
            place="Vienna",
        )
        document = Document.objects.create(
            session=session,
            symbol=f"CTOC/COP/WG.2/{label.upper()}/{number}",
            kind="summary",
            titles={"en": f"{label} summary {number}"},
            issued_on=session.starts_on,
        )
        content = f"%PDF-1.4 {label} {number}".encode()
        stored = DocumentFile(
            document=document,
            language="en",
            original_name=f"summary-{number}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        stored.file.save(f"summary-{number}.pdf", ContentFile(content), save=False)
        stored.save()
        grown.add("sessions")
