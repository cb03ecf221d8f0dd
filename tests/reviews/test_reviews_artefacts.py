"""Each stage move needs its artefact, checked in the service so pages, API and commands refuse
alike, naming what is missing (P&R paras 26, 29, 34; `reviews.artefacts`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from revmech.accounts.models import Person
from revmech.questionnaires import services as questionnaire_services
from revmech.questionnaires.models import DeskReviewOutcome, Questionnaire, QuestionnaireStatus
from revmech.reports.models import Report
from revmech.reviews import artefacts, services
from revmech.reviews.models import CountryReview, Stage
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


def _to(review: CountryReview, stage: str) -> CountryReview:
    CountryReview.objects.filter(pk=review.pk).update(stage=stage)
    review.refresh_from_db()
    return review


def _questionnaire(review: CountryReview, *, submitted: bool) -> Questionnaire:
    questionnaire_services.ensure_first_phase_definitions()
    questionnaire = questionnaire_services.start_questionnaire(review=review, by=None)
    if submitted:
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            status=QuestionnaireStatus.SUBMITTED, submitted_at=timezone.now()
        )
    return questionnaire


def test_the_self_assessment_needs_a_submitted_questionnaire(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    _to(review, Stage.SELF_ASSESSMENT)
    with pytest.raises(RuleViolation, match="questionnaire") as refusal:
        services.submit_self_assessment(review=review, by=focal_point, today=TODAY)
    assert refusal.value.rule == "P&R para 26"
    _questionnaire(review, submitted=False)
    with pytest.raises(RuleViolation, match="is not"):
        services.submit_self_assessment(review=review, by=focal_point, today=TODAY)
    review.refresh_from_db()
    assert (review.stage, review.version) == (Stage.SELF_ASSESSMENT, 0)
    Questionnaire.objects.filter(review=review).update(status=QuestionnaireStatus.SUBMITTED)
    services.submit_self_assessment(review=review, by=focal_point, today=TODAY)
    assert review.stage == Stage.DESK_REVIEW


def test_a_questionnaire_missing_a_cluster_of_the_phase_is_named(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    _to(review, Stage.SELF_ASSESSMENT)
    questionnaire = _questionnaire(review, submitted=True)
    dropped = questionnaire.definitions.order_by("pk").last()
    assert dropped is not None
    questionnaire.definitions.remove(dropped)
    with pytest.raises(RuleViolation, match="does not cover the clusters"):
        services.submit_self_assessment(
            review=review, by=personas["focal_point_under_review"], today=TODAY
        )


def test_the_desk_review_needs_a_sent_outcome(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    expert = personas["expert_reviewing"]
    _to(review, Stage.DESK_REVIEW)
    questionnaire = _questionnaire(review, submitted=True)
    with pytest.raises(RuleViolation, match="no outcome has been sent") as refusal:
        services.send_desk_review(review=review, by=expert, today=TODAY)
    assert refusal.value.rule == "P&R para 29"
    outcome = DeskReviewOutcome.objects.create(
        questionnaire=questionnaire, text="Outcome", updated_at=timezone.now(), updated_by=expert
    )
    with pytest.raises(RuleViolation, match="no outcome has been sent"):
        services.send_desk_review(review=review, by=expert, today=TODAY)
    DeskReviewOutcome.objects.filter(pk=outcome.pk).update(sent_at=timezone.now())
    services.send_desk_review(review=review, by=expert, today=TODAY)
    assert review.stage == Stage.DIALOGUE


def test_the_agreement_needs_a_final_report_version(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    _to(review, Stage.DRAFT_REPORT)
    with pytest.raises(RuleViolation, match="final version") as refusal:
        services.agree_report(review=review, by=focal_point, state_code="KEN", today=TODAY)
    assert refusal.value.rule == "P&R para 34"
    report = Report.objects.create(
        review=review, language="en", created_at=timezone.now(), created_by=focal_point
    )
    with pytest.raises(RuleViolation, match="has none yet"):
        services.agree_report(review=review, by=focal_point, state_code="KEN", today=TODAY)
    assert not review.events.exists()
    Report.objects.filter(pk=report.pk).update(finalized_at=timezone.now())
    services.agree_report(review=review, by=focal_point, state_code="KEN", today=TODAY)
    assert review.events.filter(kind="report_agreed_by_state").count() == 1


def test_without_an_app_holding_reports_the_agreement_is_refused_clearly(
    review: CountryReview, personas: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(artefacts._checks, artefacts.AGREEMENT, [])
    _to(review, Stage.DRAFT_REPORT)
    with pytest.raises(RuleViolation, match="does not hold country review reports yet"):
        services.agree_report(
            review=review, by=personas["focal_point_under_review"], state_code="KEN", today=TODAY
        )


def test_the_communication_comes_only_after_the_agreement(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    _to(review, Stage.DRAFT_REPORT)
    with pytest.raises(RuleViolation, match="Report agreed"):
        services.communicate_report(review=review, by=personas["secretariat"], today=TODAY)


def test_the_page_names_what_is_missing(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    _to(review, Stage.SELF_ASSESSMENT)
    client.force_login(personas["focal_point_under_review"])
    url = reverse("reviews:submit_self_assessment", kwargs={"review_id": review.pk})
    page = client.post(url, {"version": review.version}, follow=True)
    assert "only once the questionnaire is submitted" in page.content.decode()
    review.refresh_from_db()
    assert review.stage == Stage.SELF_ASSESSMENT


def test_the_api_names_what_is_missing(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    _to(review, Stage.DESK_REVIEW)
    client.force_login(personas["expert_reviewing"])
    response = client.post(
        f"/api/reviews/{review.pk}/moves/",
        {"move": "send_desk_review", "version": review.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "no outcome has been sent" in response.json()["detail"]
