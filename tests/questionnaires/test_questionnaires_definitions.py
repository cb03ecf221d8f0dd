"""Definitions (P&R para 16): generated from the reference data, versioned, exported, imported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import QuestionnaireDefinition
from revmech.questionnaires.structure import DefinitionError, is_shown, parse
from revmech.registry import models as registry
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_first_phase_definitions_cover_each_instrument_and_cluster(definitions: None) -> None:
    found = {(d.instrument.code, d.cluster) for d in QuestionnaireDefinition.objects.all()}
    assert found == {
        (code, cluster)
        for code in ("UNTOC", "TIP", "SOM", "FIREARMS")
        for cluster in ("criminalization", "international_cooperation")
    }
    untoc = QuestionnaireDefinition.objects.get(instrument__code="UNTOC", cluster="criminalization")
    structure = untoc.structure()
    assert [s.article for s in structure.sections] == ["2", "5", "6", "8", "9", "10", "15", "23"]
    article_5 = structure.sections[1]
    assert article_5.title("en").startswith("Article 5.")
    assert article_5.title("fr").startswith("Article 5.")
    assert article_5.questions[0].text("ar")
    assert untoc.is_published


def test_generating_twice_changes_nothing(definitions: None) -> None:
    assert services.ensure_first_phase_definitions() == []


def test_conditional_questions_are_shown_only_for_the_named_answers(definitions: None) -> None:
    structure = QuestionnaireDefinition.objects.filter(cluster="criminalization").first()
    assert structure is not None
    questions = {q.key: q for _s, q in structure.structure().questions()}
    measures = next(q for k, q in questions.items() if k.endswith(".measures"))
    prefix = measures.key.rsplit(".", 1)[0]
    assert not is_shown(measures, {})
    assert not is_shown(measures, {f"{prefix}.implements": "no"})
    assert is_shown(measures, {f"{prefix}.implements": "partly"})
    kinds = questions[f"{prefix}.assistance_type"]
    assert is_shown(kinds, {f"{prefix}.assistance": "yes"})
    assert not is_shown(kinds, {f"{prefix}.assistance": "no"})


def test_a_condition_must_name_an_earlier_question() -> None:
    document = {
        "format": "revmech.questionnaire.v1",
        "titles": {"en": "T"},
        "sections": [
            {
                "key": "s",
                "titles": {"en": "S"},
                "questions": [
                    {
                        "key": "a",
                        "kind": "text",
                        "texts": {"en": "A"},
                        "shown_when": {"question": "b", "values": ["yes"]},
                    }
                ],
            }
        ],
    }
    with pytest.raises(DefinitionError, match="earlier question"):
        parse(document)


def test_a_new_version_is_a_draft_copy_and_the_published_one_is_immutable(
    definitions: None, personas: dict[str, Person]
) -> None:
    published = QuestionnaireDefinition.objects.get(
        instrument__code="TIP", cluster="criminalization"
    )
    draft = services.create_new_version(definition=published, by=personas["secretariat"])
    assert (draft.version, draft.is_published) == (2, False)
    assert draft.content["sections"] == published.content["sections"]
    with pytest.raises(RuleViolation, match="published version cannot be changed"):
        services.update_draft_definition(
            definition=published, document=published.content, by=personas["secretariat"]
        )
    edited = dict(draft.content)
    edited["titles"] = {**edited["titles"], "en": "Revised questionnaire"}
    services.update_draft_definition(definition=draft, document=edited, by=personas["secretariat"])
    services.publish_definition(definition=draft, by=personas["secretariat"])
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.title == "Revised questionnaire"


def test_export_and_import_through_the_command(definitions: None, tmp_path: Path) -> None:
    target = tmp_path / "definitions.json"
    call_command("questionnaires", "export", str(target))
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["format"] == "revmech.questionnaires.v1"
    one = next(d for d in bundle["definitions"] if d["instrument"] == "SOM")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(one, ensure_ascii=False), encoding="utf-8")
    call_command("questionnaires", "import", str(single), "--publish")
    imported = QuestionnaireDefinition.objects.get(
        instrument__code="SOM", cluster=one["cluster"], version=2
    )
    assert imported.is_published
    assert imported.content["sections"] == one["sections"]


def test_articles_8_and_9_are_left_out_for_a_party_to_uncac(
    definitions: None, review: CountryReview
) -> None:
    kenya = services.start_questionnaire(review=review, by=None)  # Kenya is party to UNCAC
    articles = [s.article for st in kenya.structures() for s in st.sections]
    assert "8" not in articles
    assert "9" not in articles
    assert "5" in articles
    andorra = CountryReview.objects.create(
        state_under_review=registry.State.objects.get(code="AND"),
        instrument=review.instrument,
        phase=1,
        year=2,
        drawn_on=dt.date(2026, 6, 15),
    )
    kept = services.start_questionnaire(review=andorra, by=None)
    assert {"8", "9"} <= {s.article for st in kept.structures() for s in st.sections}


def test_a_generated_title_is_composed_by_each_language_catalogue(definitions: None) -> None:
    definition = QuestionnaireDefinition.objects.filter(cluster="criminalization").first()
    assert definition is not None
    titles = definition.content["titles"]
    # The French colon takes its non-breaking space; no title keeps the English words.
    assert titles["fr"] == "Questionnaire d\u2019auto-évaluation\u00a0: Incrimination et compétence"
    assert titles["zh"] == "自评调查表\uff1a刑事定罪和管辖权"
    assert all("Self-assessment" not in titles[lang] for lang in ("ar", "zh", "fr", "ru", "es"))
