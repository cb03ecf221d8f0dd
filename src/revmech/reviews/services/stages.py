"""Creating country reviews from a draw and moving them stage by stage (P&R paras 10, 18-34)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.registry import models as registry
from revmech.registry.rulebooks import in_force
from revmech.reviews import artefacts, permissions
from revmech.reviews.models import (
    CountryReview,
    EventKind,
    ReviewEvent,
    ReviewingState,
    Seat,
    Stage,
)
from revmech.rules import RuleViolation


@transaction.atomic
def create_reviews_from_assignment(
    *, assignment: dict[str, Any], phase: int, draw_id: int | None, drawn_on: date
) -> list[CountryReview]:
    """One review per State under review and instrument, with its year and two reviewing States.

    The first reviewer of each row sits in the seat from the regional group of the State under
    review, the second in the seat from another group (the assignment format's convention).
    Either every review is created or none is.
    """
    states = {s.code: s for s in registry.State.objects.all()}
    instruments = {i.code: i for i in registry.Instrument.objects.all()}
    rulebook = in_force(drawn_on)  # the version in force at the draw, recorded for the reader
    created = []
    for row in assignment["assignments"]:
        code, instrument_code = row["state_under_review"], row["instrument"]
        missing = [c for c in (code, *row["reviewers"]) if c not in states]
        if missing or instrument_code not in instruments:
            raise RuleViolation(
                _("The assignment names %(what)s, which the registry does not hold.")
                % {"what": ", ".join(missing) or instrument_code},
                rule="registry",
            )
        if CountryReview.objects.filter(
            state_under_review=states[code], instrument=instruments[instrument_code], phase=phase
        ).exists():
            raise RuleViolation(
                _("%(state)s is already under review for %(instrument)s in phase %(phase)s.")
                % {"state": code, "instrument": instrument_code, "phase": phase},
                rule="P&R para 10",
            )
        review = CountryReview.objects.create(
            state_under_review=states[code],
            instrument=instruments[instrument_code],
            phase=phase,
            year=row["year"],
            draw_id=draw_id,
            drawn_on=drawn_on,
            rulebook_version=rulebook.code,
        )
        same_group, other_group = row["reviewers"]
        ReviewingState.objects.create(review=review, state=states[same_group], seat=Seat.SAME_GROUP)
        ReviewingState.objects.create(
            review=review, state=states[other_group], seat=Seat.OTHER_GROUP
        )
        created.append(review)
    return created


# Moving a review from one stage to the next (P&R paras 23-34). Each move checks its predicate,
# the stage the review is at, and the version read (optimistic locking), then records its event.


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def _check_stage(review: CountryReview, expected: str, move: str) -> None:
    if review.stage != expected:
        raise RuleViolation(
            _(
                "This review is at the stage “%(stage)s”, so “%(move)s” cannot be done now; "
                "it comes at the stage “%(expected)s”."
            )
            % {
                "stage": _stage_label(review.stage),
                "move": move,
                "expected": _stage_label(expected),
            },
            rule="P&R paras 23-34",
        )


def _claim(review: CountryReview, *, version: int | None, stage: str, to_stage: str) -> None:
    """Move the row only if nobody moved it since it was read; else refuse with a clear message."""
    expected = review.version if version is None else version
    moved = CountryReview.objects.filter(pk=review.pk, version=expected, stage=stage).update(
        stage=to_stage, version=F("version") + 1
    )
    if moved != 1:
        review.refresh_from_db(fields=["stage", "version"])
        raise RuleViolation(
            _(
                "Someone else changed this review meanwhile; it is now at the stage "
                "“%(stage)s”. Reload the page and check before trying again."
            )
            % {"stage": _stage_label(review.stage)},
            rule="concurrent change",
        )
    review.stage = to_stage
    review.version = expected + 1


def _record(
    review: CountryReview,
    *,
    kind: str,
    by: Person | None,
    today: date,
    request: HttpRequest | None,
    from_stage: str,
    state: registry.State | None = None,
    **details: Any,
) -> ReviewEvent:
    event = ReviewEvent.objects.create(
        review=review,
        kind=kind,
        occurred_on=today,
        recorded_at=timezone.now(),
        actor=by,
        state=state,
        details=details,
    )
    logged: dict[str, Any] = {"event": kind, "from_stage": from_stage, "to_stage": review.stage}
    if state is not None:
        logged["state"] = state.code
    audit.record(
        "reviews.stage.moved",
        actor=by,
        subject=review,
        request=request,
        review_id=review.pk,
        occurred_on=today,
        **logged,
        **details,
    )
    return event


def _move(
    *,
    review: CountryReview,
    by: Person,
    allowed: bool,
    move: str,
    from_stage: str,
    to_stage: str,
    kind: str,
    today: date,
    version: int | None,
    request: HttpRequest | None,
    needs: str | None = None,
    **details: Any,
) -> ReviewEvent:
    if not allowed:
        raise PermissionDenied
    _check_stage(review, from_stage, move)
    if needs is not None:
        artefacts.require(needs, review)  # the work itself, not only the click (paras 26-34)
    _claim(review, version=version, stage=from_stage, to_stage=to_stage)
    return _record(
        review, kind=kind, by=by, today=today, request=request, from_stage=from_stage, **details
    )


@transaction.atomic
def open_consultations(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The State under review opens consultations with the reviewing States (P&R para 23)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_open_consultations(by, review),
        move=_("Open the consultations"),
        from_stage=Stage.DRAWN,
        to_stage=Stage.CONSULTATIONS,
        kind=EventKind.CONSULTATIONS_OPENED,
        today=today,
        version=version,
        request=request,
    )


@transaction.atomic
def record_consultations(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    working_languages: list[str],
    schedule: str,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The focal point of the State under review records the schedule and the working
    language or languages agreed with the reviewing States (P&R paras 23, 44)."""
    if not permissions.can_record_consultations(by, review):
        raise PermissionDenied
    _check_stage(review, Stage.CONSULTATIONS, _("Record the agreed schedule and working languages"))
    if not working_languages:
        raise RuleViolation(
            _("Name at least one working language agreed for the review (P&R para 44)."),
            rule="P&R para 44",
        )
    event = _move(
        review=review,
        by=by,
        allowed=True,
        move=_("Record the agreed schedule and working languages"),
        from_stage=Stage.CONSULTATIONS,
        to_stage=Stage.SELF_ASSESSMENT,
        kind=EventKind.CONSULTATIONS_HELD,
        today=today,
        version=version,
        request=request,
        working_languages=list(working_languages),
        schedule=schedule,
    )
    CountryReview.objects.filter(pk=review.pk).update(
        working_languages=list(working_languages), schedule=schedule
    )
    review.working_languages, review.schedule = list(working_languages), schedule
    return event


@transaction.atomic
def submit_self_assessment(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The State under review provides its answers to the reviewing States (P&R para 26); the
    desk review's month runs from this date (para 29)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_submit_self_assessment(by, review),
        move=_("Submit the self-assessment"),
        from_stage=Stage.SELF_ASSESSMENT,
        to_stage=Stage.DESK_REVIEW,
        kind=EventKind.SELF_ASSESSMENT_RECEIVED,
        today=today,
        version=version,
        request=request,
        needs=artefacts.SELF_ASSESSMENT,
    )


@transaction.atomic
def send_desk_review(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The reviewing States send the outcome of the desk review; the constructive dialogue
    begins (P&R paras 29, 30)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_send_desk_review(by, review),
        move=_("Send the outcome of the desk review"),
        from_stage=Stage.DESK_REVIEW,
        to_stage=Stage.DIALOGUE,
        kind=EventKind.DESK_REVIEW_SENT,
        today=today,
        version=version,
        request=request,
        needs=artefacts.DESK_REVIEW,
    )


@transaction.atomic
def prepare_draft_report(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The reviewing States close the dialogue with a draft report (P&R para 33)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_prepare_draft_report(by, review),
        move=_("Prepare the draft report"),
        from_stage=Stage.DIALOGUE,
        to_stage=Stage.DRAFT_REPORT,
        kind=EventKind.DRAFT_REPORT_PREPARED,
        today=today,
        version=version,
        request=request,
    )


def agreed_states(review: CountryReview) -> set[str]:
    events = review.events.filter(kind=EventKind.REPORT_AGREED_BY_STATE)
    return set(events.values_list("state__code", flat=True))


@transaction.atomic
def agree_report(
    *,
    review: CountryReview,
    by: Person,
    state_code: str,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """One State's agreement to the report; the third agreement finalizes it (P&R para 34)."""
    if state_code not in permissions.states_agreeing_through(by, review):
        raise PermissionDenied
    _check_stage(review, Stage.DRAFT_REPORT, _("Agree the report"))
    artefacts.require(artefacts.AGREEMENT, review)  # a final report version (P&R para 34)
    if state_code in agreed_states(review):
        raise RuleViolation(
            _("%(state)s has already agreed to the report.") % {"state": state_code},
            rule="P&R para 34",
        )
    # Every agreement claims the version, so two last agreements cannot both miss the move.
    _claim(review, version=version, stage=Stage.DRAFT_REPORT, to_stage=Stage.DRAFT_REPORT)
    state = registry.State.objects.get(code=state_code)
    event = _record(
        review,
        kind=EventKind.REPORT_AGREED_BY_STATE,
        by=by,
        today=today,
        request=request,
        from_stage=Stage.DRAFT_REPORT,
        state=state,
    )
    if agreed_states(review) >= set(permissions.parties_to(review)):
        _claim(review, version=None, stage=Stage.DRAFT_REPORT, to_stage=Stage.AGREED)
        _record(
            review,
            kind=EventKind.REPORT_AGREED,
            by=by,
            today=today,
            request=request,
            from_stage=Stage.DRAFT_REPORT,
        )
    return event


@transaction.atomic
def communicate_report(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The assigned secretariat records the agreed report as communicated (P&R para 34)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_communicate_report(by, review),
        move=_("Communicate the report to the secretariat"),
        from_stage=Stage.AGREED,
        to_stage=Stage.COMMUNICATED,
        kind=EventKind.REPORT_COMMUNICATED,
        today=today,
        version=version,
        request=request,
    )
