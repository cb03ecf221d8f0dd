"""Answering (P&R paras 17, 26, 27): versions kept, the lost update refused, clearance and
submission, consultations, and a later definition version that changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import (
    AnswerVersion,
    Questionnaire,
    QuestionnaireDefinition,
    QuestionnaireStatus,
)
from revmech.reviews.models import Stage
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _first(questionnaire: Questionnaire) -> str:
    return questionnaire.structures()[0].sections[0].key


def _save(q: Questionnaire, person: Person, key: str, text: str, version: int = 0) -> object:
    return services.save_answer(
        questionnaire=q, question_key=key, text=text, based_on_version=version, by=person
    )


def test_every_save_is_kept_with_who_and_when(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{_first(questionnaire)}.challenges"
    _save(questionnaire, personas["expert_under_review"], key, "First draft")
    _save(questionnaire, personas["focal_point_under_review"], key, "Second draft", version=1)
    versions = AnswerVersion.objects.filter(answer__question_key=key).order_by("version")
    assert [(v.version, v.saved_by.username) for v in versions] == [
        (1, "expert_under_review"),
        (2, "focal_point_under_review"),
    ]
    assert versions[0].text == "<p>First draft</p>"


def test_the_lost_update_is_refused_with_the_other_text_and_nothing_is_lost(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{_first(questionnaire)}.examples"
    _save(questionnaire, personas["expert_under_review"], key, "Base text")
    # Both read version 1; the expert saves first, the focal point second.
    _save(questionnaire, personas["expert_under_review"], key, "Expert's cases", version=1)
    with pytest.raises(services.StaleAnswer) as refused:
        _save(questionnaire, personas["focal_point_under_review"], key, "Focal point's", version=1)
    assert refused.value.current.text == "<p>Expert&#x27;s cases</p>" or "Expert" in (
        refused.value.current.text
    )
    assert refused.value.current.version == 2
    assert "Focal point" in refused.value.theirs
    assert "expert_under_review" in refused.value.message
    # Merging on the current version succeeds, and every version is still there.
    _save(questionnaire, personas["focal_point_under_review"], key, "Merged", version=2)
    assert AnswerVersion.objects.filter(answer__question_key=key).count() == 3


def test_an_untouched_field_posted_on_a_stale_version_is_no_conflict(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{_first(questionnaire)}.examples"
    _save(questionnaire, personas["expert_under_review"], key, "Base")
    _save(questionnaire, personas["expert_under_review"], key, "Newer", version=1)
    saved, conflicts = services.save_answers(
        questionnaire=questionnaire,
        posted=[(key, "Base", 1)],
        by=personas["focal_point_under_review"],
    )
    assert (saved, conflicts) == ([], [])


def test_a_new_definition_version_does_not_change_a_started_questionnaire(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{_first(questionnaire)}.implements"
    _save(questionnaire, personas["expert_under_review"], key, "yes")
    before = [s.key for st in questionnaire.structures() for s in st.sections]
    used = set(questionnaire.definitions.values_list("pk", flat=True))
    for definition in QuestionnaireDefinition.objects.filter(instrument__code="UNTOC"):
        draft = services.create_new_version(definition=definition, by=personas["secretariat"])
        changed = dict(draft.content)
        changed["sections"] = changed["sections"][:1]
        services.update_draft_definition(
            definition=draft, document=changed, by=personas["secretariat"]
        )
        services.publish_definition(definition=draft, by=personas["secretariat"])
    questionnaire.refresh_from_db()
    assert set(questionnaire.definitions.values_list("pk", flat=True)) == used
    assert [s.key for st in questionnaire.structures() for s in st.sections] == before
    assert questionnaire.answers.get(question_key=key).text == "yes"


def test_only_the_state_under_review_answers(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{_first(questionnaire)}.implements"
    for name in ("expert_reviewing", "secretariat", "observer", "outsider"):
        with pytest.raises(PermissionDenied):
            _save(questionnaire, personas[name], key, "yes")


def test_a_choice_outside_the_list_is_refused(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="not one of the choices"):
        _save(
            questionnaire,
            personas["expert_under_review"],
            f"{_first(questionnaire)}.implements",
            "maybe",
        )


def _answer_required(questionnaire: Questionnaire, person: Person, *, skip: str = "") -> None:
    for structure in questionnaire.structures():
        for section in structure.sections:
            for key, value in (("implements", "no"), ("assistance", "no")):
                full = f"{section.key}.{key}"
                if full != skip:
                    _save(questionnaire, person, full, value)


def test_submission_with_required_answers_missing_is_refused_naming_them(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    first = _first(questionnaire)
    _answer_required(questionnaire, focal_point, skip=f"{first}.assistance")
    _save(questionnaire, focal_point, f"{first}.implements", "partly", version=1)
    with pytest.raises(RuleViolation) as refused:
        services.clear_answers(questionnaire=questionnaire, by=focal_point)
    message = refused.value.message
    assert "Article 2" in message
    assert "Describe the measures adopted" in message  # shown now that the answer is "partly"
    assert "technical assistance" in message
    assert questionnaire.status == QuestionnaireStatus.OPEN


def test_the_focal_point_clears_then_submits_and_the_review_moves_on(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    _answer_required(questionnaire, personas["expert_under_review"])
    with pytest.raises(RuleViolation, match="clears the answers before"):
        services.submit_questionnaire(
            questionnaire=questionnaire, by=focal_point, today=dt.date(2026, 9, 1)
        )
    with pytest.raises(PermissionDenied):
        services.clear_answers(questionnaire=questionnaire, by=personas["expert_under_review"])
    services.clear_answers(questionnaire=questionnaire, by=focal_point)
    services.submit_questionnaire(
        questionnaire=questionnaire, by=focal_point, today=dt.date(2026, 9, 1)
    )
    questionnaire.refresh_from_db()
    assert questionnaire.is_submitted
    assert questionnaire.review.stage == Stage.DESK_REVIEW
    with pytest.raises(RuleViolation, match="supplementary information"):
        _save(questionnaire, focal_point, f"{_first(questionnaire)}.challenges", "Late")
    given = services.give_supplementary_information(
        questionnaire=questionnaire, text="New statistics for 2026.", by=focal_point
    )
    assert given.text == "<p>New statistics for 2026.</p>"


def test_a_save_after_clearance_needs_a_new_clearance(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    _answer_required(questionnaire, focal_point)
    services.clear_answers(questionnaire=questionnaire, by=focal_point)
    _save(
        questionnaire, personas["expert_under_review"], f"{_first(questionnaire)}.challenges", "x"
    )
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.OPEN


def test_national_consultations_record_stakeholders_outside_the_public_sector(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    consultation = services.record_consultation(
        questionnaire=questionnaire,
        held_on=dt.date(2026, 8, 3),
        stakeholder_groups=["private_sector", "civil_society", "unknown"],
        participants="Bankers' association; Kituo cha Sheria",
        summary="",
        by=personas["expert_under_review"],
    )
    assert consultation.stakeholder_groups == ["private_sector", "civil_society"]
    assert "Private sector" in consultation.stakeholder_labels
