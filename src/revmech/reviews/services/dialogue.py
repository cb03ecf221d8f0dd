"""The constructive dialogue: requests, answers, calls and their minutes (P&R paras 29-31)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Person, Role
from revmech.accounts.permissions import acts_for
from revmech.audit import services as audit
from revmech.registry import models as registry
from revmech.reviews import permissions
from revmech.reviews.models import (
    CountryReview,
    DialogueMeeting,
    DialogueReply,
    DialogueRequest,
    MeetingKind,
    RequestKind,
    RequestStatus,
)
from revmech.reviews.services.common import (
    DIALOGUE_STAGES,
    _check_stage_in,
    _notify,
    _parties_people,
    _required,
    assigned_secretariat,
    people_of,
)
from revmech.rules import RuleViolation


@transaction.atomic
def ask_in_dialogue(
    *,
    review: CountryReview,
    by: Person,
    kind: str,
    text: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueRequest:
    """A reviewing State asks for clarification or more information, or poses a supplementary
    question, for the State under review to answer (P&R paras 28, 29)."""
    if not permissions.can_ask_in_dialogue(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Ask the State under review"))
    if kind not in RequestKind.values:
        raise RuleViolation(_("Choose what kind of request this is."))
    text = _required(text, _("the request"))
    state_code = next(
        c
        for c in permissions.reviewing_states_of(review)
        if acts_for(by, (c,), review.instrument.code)
    )
    asked = DialogueRequest.objects.create(
        review=review,
        kind=kind,
        state=registry.State.objects.get(code=state_code),
        text=text,
        asked_by=by,
        asked_at=now,
    )
    audit.record(
        "reviews.dialogue.asked",
        actor=by,
        subject=asked,
        request=request,
        review_id=review.pk,
        now=now,
        kind=kind,
        state=state_code,
    )
    _notify(
        people_of(review, (review.state_under_review.code,), (Role.FOCAL_POINT, Role.EXPERT)),
        review=review,
        subject=gettext_noop("A question awaits your answer: review of %(state)s"),
        body=gettext_noop(
            "%(asker)s asks, in the review of %(state)s (%(instrument)s): %(kind)s.\n\n%(url)s"
        ),
        params={"asker": state_code, "kind": RequestKind(kind).label},
        actor=by,
    )
    return asked


@transaction.atomic
def answer_in_dialogue(
    *,
    dialogue_request: DialogueRequest,
    by: Person,
    text: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueReply:
    """The State under review answers a request; the thread keeps every answer (P&R para 29)."""
    review = dialogue_request.review
    if not permissions.can_answer_in_dialogue(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Answer a request"))
    text = _required(text, _("the answer"))
    reply = DialogueReply.objects.create(
        request=dialogue_request, text=text, replied_by=by, replied_at=now
    )
    DialogueRequest.objects.filter(pk=dialogue_request.pk).update(status=RequestStatus.ANSWERED)
    dialogue_request.status = RequestStatus.ANSWERED
    audit.record(
        "reviews.dialogue.answered",
        actor=by,
        subject=dialogue_request,
        request=request,
        review_id=review.pk,
        now=now,
    )
    _notify(
        [
            dialogue_request.asked_by,
            *people_of(review, (dialogue_request.state.code,), (Role.FOCAL_POINT,)),
        ],
        review=review,
        subject=gettext_noop("Your request was answered: review of %(state)s"),
        body=gettext_noop(
            "%(state)s answered a request in its review (%(instrument)s).\n\n%(url)s"
        ),
        params={},
        actor=by,
    )
    return reply


@transaction.atomic
def schedule_meeting(
    *,
    review: CountryReview,
    by: Person,
    kind: str,
    starts_at: datetime,
    participants: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueMeeting:
    """A conference call or videoconference of the dialogue (P&R paras 29, 30)."""
    if not permissions.can_schedule_meetings(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Schedule a call or videoconference"))
    if kind not in MeetingKind.values:
        raise RuleViolation(_("Choose a conference call or a videoconference."))
    participants = _required(participants, _("the participants"))
    meeting = DialogueMeeting.objects.create(
        review=review,
        kind=kind,
        starts_at=starts_at,
        participants=participants,
        scheduled_by=by,
        scheduled_at=now,
    )
    audit.record(
        "reviews.meeting.scheduled",
        actor=by,
        subject=meeting,
        request=request,
        review_id=review.pk,
        now=now,
        kind=kind,
        starts_at=starts_at.isoformat(),
    )
    _notify(
        [*_parties_people(review), *assigned_secretariat(review)],
        review=review,
        subject=gettext_noop("Meeting scheduled: review of %(state)s"),
        body=gettext_noop(
            "A %(kind)s of the review of %(state)s (%(instrument)s) is scheduled for "
            "%(when)s.\n\n%(url)s"
        ),
        params={"kind": MeetingKind(kind).label, "when": starts_at},
        actor=by,
    )
    return meeting


@transaction.atomic
def record_minutes(
    *,
    meeting: DialogueMeeting,
    by: Person,
    minutes: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueMeeting:
    """The minutes of a call or videoconference (P&R para 30); a new text replaces the old."""
    review = meeting.review
    if not permissions.can_schedule_meetings(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Record the minutes"))
    meeting.minutes = _required(minutes, _("the minutes"))
    meeting.save(update_fields=["minutes"])
    audit.record(
        "reviews.meeting.minutes_recorded",
        actor=by,
        subject=meeting,
        request=request,
        review_id=review.pk,
        now=now,
    )
    return meeting
