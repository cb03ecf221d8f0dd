"""The desk review (P&R paras 28-30): notes on answers, requests answered, the outcome
assembled from the notes, edited with optimistic locking, and sent."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from docx import Document

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import NoteKind, Questionnaire
from revmech.reviews.models import CountryReview, Stage
from revmech.rules import RuleViolation
from revmech.web import pdf

pytestmark = pytest.mark.django_db


def _note(q: Questionnaire, person: Person, kind: str, text: str) -> object:
    key = f"{q.structures()[0].sections[1].key}.measures"
    return services.add_note(questionnaire=q, question_key=key, kind=kind, text=text, by=person)


def test_no_desk_review_before_the_submission(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="begins when the answers are submitted"):
        _note(questionnaire, personas["expert_reviewing"], NoteKind.COMMENT, "Early")


def test_only_the_reviewing_states_write_notes(
    submitted: Questionnaire, personas: dict[str, Person]
) -> None:
    for name in ("expert_under_review", "secretariat", "observer"):
        with pytest.raises(PermissionDenied):
            _note(submitted, personas[name], NoteKind.COMMENT, "x")


def test_the_outcome_is_assembled_from_the_notes_and_sent(
    submitted: Questionnaire, personas: dict[str, Person]
) -> None:
    reviewer = personas["expert_reviewing"]
    _note(submitted, reviewer, NoteKind.SUCCESS, "A complete offence since 2010.")
    _note(submitted, personas["focal_point_reviewing"], NoteKind.GOOD_PRACTICE, "Joint task force.")
    _note(submitted, reviewer, NoteKind.CHALLENGE, "Few convictions.")
    request = _note(submitted, reviewer, NoteKind.CLARIFICATION, "Does it cover conspiracy?")
    services.respond_to_request(
        note=request,  # type: ignore[arg-type]
        response="Yes, section 4 covers it.",
        by=personas["expert_under_review"],
    )
    outcome = services.assemble_outcome(questionnaire=submitted, by=reviewer, based_on_version=0)
    text = outcome.text
    assert "Article 5" in text
    assert "<h4>Successes</h4>" in text
    assert "A complete offence since 2010." in text
    assert "Joint task force." in text
    assert "Few convictions." in text
    assert "Does it cover conspiracy?" in text
    assert "Yes, section 4 covers it." in text
    assert "Does your national law implement this provision? Yes" in text

    edited = services.save_outcome(
        questionnaire=submitted,
        text=text + "<p>Overall, the measures are comprehensive.</p>",
        based_on_version=outcome.version,
        by=personas["focal_point_reviewing"],
    )
    with pytest.raises(services.StaleOutcome):
        services.save_outcome(
            questionnaire=submitted, text="Older edit", based_on_version=1, by=reviewer
        )
    services.send_outcome(questionnaire=submitted, by=reviewer, today=dt.date(2026, 9, 20))
    edited.refresh_from_db()
    assert edited.is_sent
    submitted.review.refresh_from_db()
    assert submitted.review.stage == Stage.DIALOGUE
    with pytest.raises(RuleViolation, match="was sent"):
        _note(submitted, reviewer, NoteKind.COMMENT, "Too late")


def test_an_empty_outcome_cannot_be_sent(
    submitted: Questionnaire, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="before sending"):
        services.send_outcome(
            questionnaire=submitted, by=personas["expert_reviewing"], today=dt.date(2026, 9, 20)
        )


def test_only_requests_are_answered(submitted: Questionnaire, personas: dict[str, Person]) -> None:
    comment = _note(submitted, personas["expert_reviewing"], NoteKind.COMMENT, "Clear.")
    with pytest.raises(RuleViolation, match="Only requests"):
        services.respond_to_request(
            note=comment,  # type: ignore[arg-type]
            response="Thanks",
            by=personas["focal_point_under_review"],
        )


def test_the_outcome_downloads_as_docx_and_pdf_in_arabic(
    client: Client, submitted: Questionnaire, personas: dict[str, Person]
) -> None:
    CountryReview.objects.filter(pk=submitted.review_id).update(working_languages=["ar"])
    reviewer = personas["expert_reviewing"]
    _note(submitted, reviewer, NoteKind.SUCCESS, "تعاون ممتاز بين الأجهزة")
    services.assemble_outcome(questionnaire=submitted, by=reviewer, based_on_version=0)
    client.force_login(personas["focal_point_under_review"])
    kwargs = {"review_id": submitted.review_id}
    pdf = client.get(reverse("questionnaires:outcome_pdf", kwargs=kwargs))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    word = client.get(reverse("questionnaires:outcome_docx", kwargs=kwargs))
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "تعاون ممتاز بين الأجهزة" in text


def test_the_outcome_pdf_answers_503_naming_the_package_when_a_font_is_missing(
    client: Client,
    submitted: Questionnaire,
    personas: dict[str, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    CountryReview.objects.filter(pk=submitted.review_id).update(working_languages=["ar"])
    real_find_font = pdf.find_font
    monkeypatch.setattr(
        pdf, "find_font", lambda need: None if need.script == "arabic" else real_find_font(need)
    )
    client.force_login(personas["focal_point_under_review"])
    url = reverse("questionnaires:outcome_pdf", kwargs={"review_id": submitted.review_id})
    response = client.get(url)
    assert response.status_code == 503
    assert "fonts-noto-core" in response.text
    assert "Noto Naskh Arabic" in response.text
