"""Answering comfortably (issue 16): the article's text beside its questions, each question
asked once, follow-up questions that count as soon as an answer calls for them, a confirmation
before the final submission (P&R para 26), missing answers as links (P&R para 17), the outcome
edited as text (P&R para 29), and a draft kept by a static script, no inline script."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.questionnaires import content, services
from revmech.questionnaires.models import (
    Answer,
    DeskReviewOutcome,
    NoteKind,
    Questionnaire,
    QuestionnaireStatus,
)

pytestmark = pytest.mark.django_db

ARTICLE_TEXT = {
    "ar": "نص المادة بالعربية.",
    "zh": "条款案文。",
    "en": "Each State Party shall adopt measures.\n\nSecond paragraph of the article.",
    "fr": "Chaque État Partie adopte des mesures.",
    "ru": "Каждое Государство-участник принимает меры.",
    "es": "Cada Estado parte adoptará medidas.",
}


def _url(name: str, q: Questionnaire) -> str:
    return reverse(f"questionnaires:{name}", kwargs={"review_id": q.review_id})


def _section(q: Questionnaire) -> str:
    return q.structures()[0].sections[1].key  # Article 5


def _with_article_text(q: Questionnaire) -> None:
    definition = q.definitions.order_by("pk").first()
    assert definition is not None
    definition.content["sections"][1]["article_text"] = ARTICLE_TEXT
    definition.save(update_fields=["content"])


def _page(client: Client, q: Questionnaire, language: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(_url("answers", q), {"section": _section(q)})
    assert response.status_code == 200
    return response.content.decode()


def test_the_article_text_is_shown_beside_its_questions_in_the_reader_s_language(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    _with_article_text(questionnaire)
    client.force_login(personas["expert_under_review"])
    english = _page(client, questionnaire)
    aside = re.search(r'<aside class="article-text".*?</aside>', english, re.DOTALL)
    assert aside is not None
    assert "<p>Each State Party shall adopt measures.</p>" in aside.group(0)
    assert "<p>Second paragraph of the article.</p>" in aside.group(0)
    french = _page(client, questionnaire, "fr")
    assert "Chaque État Partie adopte des mesures." in french
    assert "Each State Party shall adopt measures." not in french
    assert "Texte de l\u2019article" in french
    assert 'class="with-article"' in french


def test_no_article_panel_when_the_definition_gives_no_text(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    html = _page(client, questionnaire)
    assert "article-text" not in html
    assert "with-article" not in html


def test_each_question_is_asked_once_and_its_box_is_labelled_by_it(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    html = _page(client, questionnaire)
    key = f"{_section(questionnaire)}.challenges"
    assert html.count("What challenges do you face in implementing this provision?") == 1
    assert f'<legend id="q-{key}-label">' in html
    assert f'aria-labelledby="q-{key}-label"' in html
    assert 'class="visually-hidden">What' not in html


def test_a_follow_up_answered_before_saving_is_saved_with_the_answer_that_calls_for_it(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    key = _section(questionnaire)
    response = client.post(
        _url("save", questionnaire),
        {
            "section": key,
            f"answer:{key}.implements": "partly",
            f"version:{key}.implements": "0",
            f"answer:{key}.measures": "Section 3 of the Organized Crime Act.",
            f"version:{key}.measures": "0",
        },
    )
    assert response.status_code == 302
    saved = Answer.objects.get(questionnaire=questionnaire, question_key=f"{key}.measures")
    assert "Organized Crime Act" in saved.text


def test_a_follow_up_that_the_answers_do_not_call_for_is_not_saved(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    key = _section(questionnaire)
    client.post(
        _url("save", questionnaire),
        {
            "section": key,
            f"answer:{key}.implements": "no",
            f"version:{key}.implements": "0",
            f"answer:{key}.measures": "Not asked for",
            f"version:{key}.measures": "0",
        },
    )
    assert Answer.objects.filter(questionnaire=questionnaire, question_key=f"{key}.implements")
    assert not Answer.objects.filter(questionnaire=questionnaire, question_key=f"{key}.measures")


def test_follow_up_questions_carry_what_calls_for_them(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    key = _section(questionnaire)
    html = _page(client, questionnaire)
    tag = re.search(rf'<fieldset class="question" id="q-{re.escape(key)}.measures"[^>]*>', html)
    assert tag is not None
    assert f'data-shown-when="{key}.implements"' in tag.group(0)
    assert 'data-shown-values="yes partly"' in tag.group(0)


def test_the_answers_page_loads_its_script_from_a_file_and_has_no_inline_script(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    person = personas["expert_under_review"]
    client.force_login(person)
    html = _page(client, questionnaire)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
    assert scripts
    assert all(not body.strip() for body in scripts)
    assert re.search(r'<script src="[^"]*questionnaires/answers\.js" defer>', html)
    assert not re.search(r"\son[a-z]+=", html)
    key = f"revmech-draft:{questionnaire.review_id}:{_section(questionnaire)}:{person.pk}"
    assert f'data-draft-key="{key}"' in html
    assert 'id="draft-note" role="status" hidden' in html


def _answer_required(q: Questionnaire, person: Person, *, skip: str = "") -> None:
    for structure in q.structures():
        for section in structure.sections:
            for name, value in (("implements", "no"), ("assistance", "no")):
                key = f"{section.key}.{name}"
                if key != skip:
                    services.save_answer(
                        questionnaire=q, question_key=key, text=value, based_on_version=0, by=person
                    )


def test_missing_required_answers_are_listed_as_links_to_each_question(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    first = _section(questionnaire)
    _answer_required(questionnaire, focal_point, skip=f"{first}.assistance")
    client.force_login(focal_point)
    response = client.post(_url("clear", questionnaire))
    assert response.status_code == 200  # the page itself, not a redirect with a message
    html = response.content.decode()
    block = re.search(r'<div class="missing" role="alert">.*?</div>', html, re.DOTALL)
    assert block is not None
    assert "A required answer is missing:" in block.group(0)
    link = f"{_url('answers', questionnaire)}?section={first}#q-{first}.assistance"
    assert f'<a href="{link}">' in block.group(0)
    assert f'id="q-{first}.assistance"' in _page(client, questionnaire)
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.OPEN


def test_the_final_submission_asks_for_a_confirmation_first(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    _answer_required(questionnaire, focal_point)
    services.clear_answers(questionnaire=questionnaire, by=focal_point)
    client.force_login(focal_point)
    overview = client.get(_url("review", questionnaire)).content.decode()
    assert f'href="{_url("confirm_submit", questionnaire)}"' in overview
    assert f'action="{_url("submit", questionnaire)}"' not in overview
    # A submission without the confirmation only leads to the confirmation step.
    response = client.post(_url("submit", questionnaire))
    assert response.status_code == 302
    assert response["Location"] == _url("confirm_submit", questionnaire)
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.CLEARED
    step = client.get(_url("confirm_submit", questionnaire)).content.decode()
    assert "A submission is final" in step
    assert 'name="confirmed" value="yes"' in step
    client.post(_url("submit", questionnaire), {"confirmed": "yes"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["expert_under_review", "expert_reviewing", "outsider"])
def test_only_the_focal_point_reaches_the_confirmation_step(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person], persona: str
) -> None:
    client.force_login(personas[persona])
    assert client.get(_url("confirm_submit", questionnaire)).status_code == 404


def test_the_outcome_is_edited_as_text_in_a_full_width_field(
    client: Client, submitted: Questionnaire, personas: dict[str, Person]
) -> None:
    reviewer = personas["expert_reviewing"]
    key = f"{_section(submitted)}.measures"
    services.add_note(
        questionnaire=submitted,
        question_key=key,
        kind=NoteKind.SUCCESS,
        text="A clear law & its practice",
        by=reviewer,
    )
    services.assemble_outcome(questionnaire=submitted, by=reviewer, based_on_version=0)
    client.force_login(reviewer)
    html = client.get(_url("outcome", submitted)).content.decode()
    field = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.DOTALL)
    assert field is not None
    assert 'cols="' not in field.group(0)
    assert 'dir="auto"' in field.group(0)
    assert "- A clear law &amp; its practice" in field.group(1)
    assert "&lt;h4&gt;" not in field.group(1)
    assert "&lt;li&gt;" not in field.group(1)
    # Saved back unchanged, the text gives the same HTML; an edit in marks becomes HTML.
    outcome = DeskReviewOutcome.objects.get(questionnaire=submitted)
    assert content.from_editable(content.to_editable(outcome.text)) == outcome.text
    edited = "### Conclusion\n\n- **Good** practice\n- Another"
    client.post(
        _url("outcome_save", submitted),
        {"text": edited, "version": outcome.version, "action": "save"},
    )
    outcome.refresh_from_db()
    assert outcome.text == (
        "<h3>Conclusion</h3><ul><li><strong>Good</strong> practice</li><li>Another</li></ul>"
    )


def test_text_that_the_marks_cannot_say_is_edited_as_html_so_nothing_is_lost() -> None:
    table = "<table><tbody><tr><td>1</td></tr></tbody></table>"
    assert content.to_editable(table) == table
    assert content.from_editable("a *b") == "<p>a *b</p>"
