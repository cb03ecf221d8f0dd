"""Script written into an answer never runs in a reader's browser (P&R para 32): plain-text
answers are printed escaped, rich text goes through `web.richtext` on the way in and on the way
out, on every page that shows an answer, its history, a conflict or supplementary information."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import (
    Answer,
    AnswerVersion,
    Questionnaire,
    QuestionnaireDefinition,
    SupplementaryInformation,
)
from revmech.reviews.models import CountryReview, Stage

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(1)">'


@pytest.fixture
def with_text_question(definitions: None, review: CountryReview) -> Questionnaire:
    """A questionnaire whose first section has a plain "text" question (P&R para 17)."""
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    first = services.current_definitions(review)[0]
    document = copy.deepcopy(first.content)
    section = document["sections"][1]
    section["questions"].append(
        {"key": f"{section['key']}.note", "kind": "text", "texts": {"en": "A short note"}}
    )
    QuestionnaireDefinition.objects.filter(pk=first.pk).update(content=document)
    return services.start_questionnaire(review=review, by=None)


def _key(q: Questionnaire) -> str:
    return f"{q.structures()[0].sections[1].key}.note"


def test_script_in_a_text_answer_is_printed_escaped_in_the_history(
    client: Client, with_text_question: Questionnaire, personas: dict[str, Person]
) -> None:
    q = with_text_question
    services.save_answer(
        questionnaire=q,
        question_key=_key(q),
        text=SCRIPT,
        based_on_version=0,
        by=personas["focal_point_under_review"],
    )
    client.force_login(personas["expert_reviewing"])
    url = reverse("questionnaires:history", kwargs={"review_id": q.review_id})
    html = client.get(url, {"question": _key(q)}).content.decode()
    assert "&lt;script&gt;alert" in html  # shown as the text it is
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_script_in_a_text_answer_is_printed_escaped_in_the_conflict_block(
    client: Client, with_text_question: Questionnaire, personas: dict[str, Person]
) -> None:
    q = with_text_question
    key = _key(q)
    services.save_answer(
        questionnaire=q,
        question_key=key,
        text=SCRIPT,
        based_on_version=0,
        by=personas["focal_point_under_review"],
    )
    client.force_login(personas["expert_under_review"])
    section = q.structures()[0].sections[1].key
    response = client.post(
        reverse("questionnaires:save", kwargs={"review_id": q.review_id}),
        {"section": section, f"answer:{key}": "Mine", f"version:{key}": "0"},
    )
    html = response.content.decode()
    assert 'class="conflict"' in html
    assert "&lt;script&gt;alert" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_rich_text_stored_before_the_sanitiser_is_sanitised_when_printed(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    """Text that reached the database by another path is still printed safely (`|rich`)."""
    key = f"{questionnaire.structures()[0].sections[1].key}.examples"
    answer = services.save_answer(
        questionnaire=questionnaire,
        question_key=key,
        text="<p>Case</p>",
        based_on_version=0,
        by=personas["focal_point_under_review"],
    )
    assert answer is not None
    Answer.objects.filter(pk=answer.pk).update(text="<p>Case</p>" + SCRIPT)
    AnswerVersion.objects.filter(answer=answer).update(text="<p>Case</p>" + SCRIPT)
    SupplementaryInformation.objects.create(
        questionnaire=questionnaire,
        question_key=key,
        text=SCRIPT,
        given_by=personas["focal_point_under_review"],
        given_at=answer.updated_at,
    )
    client.force_login(personas["expert_reviewing"])
    review_id = questionnaire.review_id
    pages = [
        reverse("questionnaires:history", kwargs={"review_id": review_id}) + f"?question={key}",
        reverse("questionnaires:answers", kwargs={"review_id": review_id}),
        reverse("questionnaires:review", kwargs={"review_id": review_id}),
        reverse("questionnaires:desk_review", kwargs={"review_id": review_id}),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>alert" not in response.content.decode(), url
        assert "onerror" not in response.content.decode(), url


@pytest.mark.parametrize(
    "write",
    ["answer", "supplementary", "outcome"],
)
def test_every_stored_rich_text_is_sanitised_on_the_way_in(
    request: pytest.FixtureRequest,
    questionnaire: Questionnaire,
    personas: dict[str, Person],
    write: str,
) -> None:
    """The class: each service that stores rich text stores it sanitised."""
    focal_point = personas["focal_point_under_review"]
    key = f"{questionnaire.structures()[0].sections[1].key}.examples"
    payload = "<p>Kept <strong>bold</strong></p>" + SCRIPT + '<a href="javascript:alert(1)">x</a>'
    if write == "answer":
        services.save_answer(
            questionnaire=questionnaire,
            question_key=key,
            text=payload,
            based_on_version=0,
            by=focal_point,
        )
        stored = [questionnaire.answers.get(question_key=key).text]
        stored += list(AnswerVersion.objects.values_list("text", flat=True))
    elif write == "supplementary":
        given = services.give_supplementary_information(
            questionnaire=request.getfixturevalue("submitted"),
            text=payload,
            by=focal_point,
            question_key=key,
        )
        stored = [given.text]
    else:
        outcome = services.save_outcome(
            questionnaire=request.getfixturevalue("submitted"),
            text=payload,
            based_on_version=0,
            by=personas["focal_point_reviewing"],
        )
        stored = [outcome.text]
    for text in stored:
        assert "<strong>bold</strong>" in text
        assert "<script" not in text
        assert "onerror" not in text
        assert "javascript:" not in text
