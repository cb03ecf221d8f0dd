"""A review from the draw to "communicated to the secretariat" through the services, each role
doing its part and every out-of-order move refused (P&R paras 23-34, 44)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.reviews import services
from revmech.reviews.models import CountryReview, EventKind, ReviewEvent, Stage
from revmech.rules import RuleViolation

# Each move finds its artefact (reviews.artefacts; their refusals: test_reviews_artefacts.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("review_artefacts")]

TODAY = dt.date(2026, 7, 1)

Move = Callable[..., Any]

# Every move with its stage of departure, for the out-of-order checks.
MOVES: dict[str, tuple[Move, str]] = {
    "open_consultations": (services.open_consultations, Stage.DRAWN),
    "record_consultations": (services.record_consultations, Stage.CONSULTATIONS),
    "submit_self_assessment": (services.submit_self_assessment, Stage.SELF_ASSESSMENT),
    "send_desk_review": (services.send_desk_review, Stage.DESK_REVIEW),
    "prepare_draft_report": (services.prepare_draft_report, Stage.DIALOGUE),
    "communicate_report": (services.communicate_report, Stage.AGREED),
}
EXTRA = {"record_consultations": {"working_languages": ["en", "fr"], "schedule": "Calls monthly"}}


@pytest.fixture
def focal_point_fra(make_person: Callable[..., Person]) -> Person:
    return make_person("fp_fra", "focal_point", "FRA", "UNTOC")


def _try_every_other_move(review: CountryReview, who: dict[str, Person]) -> None:
    """Every move that does not start from the review's stage is refused, naming the stage."""
    for name, (move, from_stage) in MOVES.items():
        if from_stage == review.stage:
            continue
        with pytest.raises(RuleViolation) as refusal:
            move(review=review, by=who[name], today=TODAY, **EXTRA.get(name, {}))
        assert str(Stage(review.stage).label) in refusal.value.message


def test_a_review_goes_from_the_draw_to_the_secretariat(
    review: CountryReview, personas: dict[str, Person], focal_point_fra: Person
) -> None:
    fp_ken = personas["focal_point_under_review"]
    fp_nga = personas["focal_point_reviewing"]
    expert_fra = personas["expert_reviewing"]
    secretariat = personas["secretariat"]
    who = {
        "open_consultations": fp_ken,
        "record_consultations": fp_ken,
        "submit_self_assessment": fp_ken,
        "send_desk_review": expert_fra,
        "prepare_draft_report": fp_nga,
        "communicate_report": secretariat,
    }
    _try_every_other_move(review, who)
    services.open_consultations(review=review, by=fp_ken, today=dt.date(2026, 6, 20))
    _try_every_other_move(review, who)
    services.record_consultations(
        review=review,
        by=fp_ken,
        today=dt.date(2026, 7, 3),
        working_languages=["en", "fr"],
        schedule="Answers by September; calls in October.",
    )
    assert review.working_languages == ["en", "fr"]
    _try_every_other_move(review, who)
    services.submit_self_assessment(review=review, by=fp_ken, today=dt.date(2026, 9, 10))
    _try_every_other_move(review, who)
    services.send_desk_review(review=review, by=expert_fra, today=dt.date(2026, 10, 5))
    _try_every_other_move(review, who)
    services.prepare_draft_report(review=review, by=fp_nga, today=dt.date(2026, 11, 20))
    _try_every_other_move(review, who)
    services.agree_report(review=review, by=fp_ken, state_code="KEN", today=dt.date(2026, 12, 1))
    services.agree_report(review=review, by=fp_nga, state_code="NGA", today=dt.date(2026, 12, 2))
    assert review.stage == Stage.DRAFT_REPORT  # France has not agreed yet
    with pytest.raises(RuleViolation):
        services.communicate_report(review=review, by=secretariat, today=dt.date(2026, 12, 3))
    services.agree_report(
        review=review, by=focal_point_fra, state_code="FRA", today=dt.date(2026, 12, 3)
    )
    assert review.stage == Stage.AGREED
    _try_every_other_move(review, who)
    services.communicate_report(review=review, by=secretariat, today=dt.date(2026, 12, 4))

    review.refresh_from_db()
    assert review.stage == Stage.COMMUNICATED
    assert review.version == 10  # seven moves and three agreements
    kinds = list(review.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CONSULTATIONS_OPENED,
        EventKind.CONSULTATIONS_HELD,
        EventKind.SELF_ASSESSMENT_RECEIVED,
        EventKind.DESK_REVIEW_SENT,
        EventKind.DRAFT_REPORT_PREPARED,
        EventKind.REPORT_AGREED_BY_STATE,
        EventKind.REPORT_AGREED_BY_STATE,
        EventKind.REPORT_AGREED_BY_STATE,
        EventKind.REPORT_AGREED,
        EventKind.REPORT_COMMUNICATED,
    ]
    assert Entry.objects.filter(action="reviews.stage.moved", review_id=review.pk).count() == 10
    _try_every_other_move(review, who)


@pytest.mark.parametrize(
    ("move", "allowed", "refused"),
    [
        ("open_consultations", "focal_point_under_review", "expert_under_review"),
        ("open_consultations", "secretariat", "secretariat_unassigned"),
        ("open_consultations", "focal_point_under_review", "focal_point_reviewing"),
        ("open_consultations", "focal_point_under_review", "observer"),
        ("open_consultations", "focal_point_under_review", "outsider"),
    ],
)
def test_who_may_open_the_consultations(
    review: CountryReview, personas: dict[str, Person], move: str, allowed: str, refused: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.open_consultations(review=review, by=personas[refused], today=TODAY)
    assert review.stage == Stage.DRAWN
    services.open_consultations(review=review, by=personas[allowed], today=TODAY)
    assert review.stage == Stage.CONSULTATIONS


def _to(review: CountryReview, personas: dict[str, Person], stage: str) -> None:
    fp = personas["focal_point_under_review"]
    steps = [
        (
            Stage.CONSULTATIONS,
            lambda: services.open_consultations(review=review, by=fp, today=TODAY),
        ),
        (
            Stage.SELF_ASSESSMENT,
            lambda: services.record_consultations(
                review=review, by=fp, today=TODAY, working_languages=["en"], schedule="x"
            ),
        ),
        (
            Stage.DESK_REVIEW,
            lambda: services.submit_self_assessment(review=review, by=fp, today=TODAY),
        ),
        (
            Stage.DIALOGUE,
            lambda: services.send_desk_review(
                review=review, by=personas["expert_reviewing"], today=TODAY
            ),
        ),
        (
            Stage.DRAFT_REPORT,
            lambda: services.prepare_draft_report(
                review=review, by=personas["focal_point_reviewing"], today=TODAY
            ),
        ),
    ]
    for reached, step in steps:
        if review.stage == stage:
            return
        step()
        assert review.stage == reached


@pytest.mark.parametrize(
    ("stage", "move", "allowed", "refused"),
    [
        (Stage.CONSULTATIONS, "record_consultations", "focal_point_under_review", "secretariat"),
        (
            Stage.SELF_ASSESSMENT,
            "submit_self_assessment",
            "focal_point_under_review",
            "expert_under_review",
        ),
        (
            Stage.DESK_REVIEW,
            "send_desk_review",
            "focal_point_reviewing",
            "focal_point_under_review",
        ),
        (
            Stage.DESK_REVIEW,
            "send_desk_review",
            "expert_reviewing",
            "expert_reviewing_other_instrument",
        ),
        (Stage.DIALOGUE, "prepare_draft_report", "expert_reviewing", "expert_under_review"),
    ],
)
def test_each_move_checks_who_moves(
    review: CountryReview,
    personas: dict[str, Person],
    stage: str,
    move: str,
    allowed: str,
    refused: str,
) -> None:
    _to(review, personas, stage)
    service = MOVES[move][0]
    with pytest.raises(PermissionDenied):
        service(review=review, by=personas[refused], today=TODAY, **EXTRA.get(move, {}))
    assert review.stage == stage
    service(review=review, by=personas[allowed], today=TODAY, **EXTRA.get(move, {}))
    assert review.stage != stage


def test_only_a_focal_point_agrees_and_only_for_its_own_state(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    _to(review, personas, Stage.DRAFT_REPORT)
    with pytest.raises(PermissionDenied):
        services.agree_report(
            review=review, by=personas["expert_reviewing"], state_code="FRA", today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.agree_report(
            review=review, by=personas["focal_point_reviewing"], state_code="KEN", today=TODAY
        )
    services.agree_report(
        review=review, by=personas["focal_point_reviewing"], state_code="NGA", today=TODAY
    )
    with pytest.raises(RuleViolation, match="already agreed"):
        services.agree_report(
            review=review, by=personas["focal_point_reviewing"], state_code="NGA", today=TODAY
        )
    assert ReviewEvent.objects.filter(review=review, kind="report_agreed_by_state").count() == 1


def test_two_people_moving_at_once_cannot_both_succeed(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    # Both read the review at the same version; the first move wins, the second is refused.
    first = CountryReview.objects.get(pk=review.pk)
    second = CountryReview.objects.get(pk=review.pk)
    services.open_consultations(review=first, by=personas["focal_point_under_review"], today=TODAY)
    with pytest.raises(RuleViolation, match="Someone else changed this review"):
        services.open_consultations(review=second, by=personas["secretariat"], today=TODAY)
    assert review.events.count() == 1


def test_a_stale_version_is_refused(review: CountryReview, personas: dict[str, Person]) -> None:
    fp = personas["focal_point_under_review"]
    with pytest.raises(RuleViolation, match="Reload the page"):
        services.open_consultations(review=review, by=fp, today=TODAY, version=review.version + 5)
    assert CountryReview.objects.get(pk=review.pk).stage == Stage.DRAWN


def test_consultations_need_a_working_language(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    fp = personas["focal_point_under_review"]
    services.open_consultations(review=review, by=fp, today=TODAY)
    with pytest.raises(RuleViolation, match="working language"):
        services.record_consultations(
            review=review, by=fp, today=TODAY, working_languages=[], schedule="x"
        )


def test_the_refusal_is_translated(review: CountryReview, personas: dict[str, Person]) -> None:
    with translation.override("fr"):
        with pytest.raises(RuleViolation) as refusal:
            services.submit_self_assessment(
                review=review, by=personas["focal_point_under_review"], today=TODAY
            )
        stage_in_french = str(Stage.DRAWN.label)
    assert stage_in_french != "Drawn"
    assert stage_in_french in refusal.value.message
