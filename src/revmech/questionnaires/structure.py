"""The questionnaire definition format `revmech.questionnaire.v1` (P&R para 16), as plain data.

A definition is a JSON document: sections (one per article under review) holding questions,
each with its text in the six working languages side by side (P&R para 43). This module parses
and validates it without Django; `docs/questionnaires.md` documents the format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

FORMAT = "revmech.questionnaire.v1"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
KINDS = ("choice", "multiple", "text", "rich_text")


class DefinitionError(ValueError):
    """A definition document that does not follow the format; the message says where."""


@dataclass(frozen=True)
class Choice:
    value: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    texts: Mapping[str, str]
    choices: tuple[Choice, ...] = ()
    is_required: bool = False
    # Shown only when the answer to `shown_when_question` is one of `shown_when_values`.
    shown_when_question: str = ""
    shown_when_values: tuple[str, ...] = ()
    is_standard: bool = True

    def text(self, language: str) -> str:
        return _pick(self.texts, language)

    def choice_label(self, value: str, language: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return _pick(choice.labels, language)
        return value


@dataclass(frozen=True)
class Section:
    key: str
    article: str
    titles: Mapping[str, str]
    questions: tuple[Question, ...]
    # The text of the article under review, shown beside its questions (optional).
    article_texts: Mapping[str, str] = field(default_factory=dict)

    def title(self, language: str) -> str:
        return _pick(self.titles, language)

    def article_text(self, language: str) -> str:
        return _pick(self.article_texts, language) if self.article_texts else ""


@dataclass(frozen=True)
class Structure:
    instrument: str
    cluster: str
    titles: Mapping[str, str]
    sections: tuple[Section, ...]

    def title(self, language: str) -> str:
        return _pick(self.titles, language)

    def questions(self) -> Iterator[tuple[Section, Question]]:
        for section in self.sections:
            for question in section.questions:
                yield section, question


def _pick(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, else English, else any language given."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def is_shown(question: Question, answers: Mapping[str, str]) -> bool:
    """A conditional question is shown only when the earlier answer has one of its values."""
    if not question.shown_when_question:
        return True
    given = set(answers.get(question.shown_when_question, "").split(","))
    return bool(given & set(question.shown_when_values))


def _texts(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw.get("en"):
        raise DefinitionError(f"{where}: give texts as an object keyed by language, with 'en'.")
    unknown = set(raw) - set(LANGUAGES)
    if unknown:
        raise DefinitionError(f"{where}: unknown languages {sorted(unknown)}.")
    return {lang: str(raw.get(lang) or "") for lang in LANGUAGES}


def parse(document: Mapping[str, Any]) -> Structure:
    """Validate a definition document and return its structure, or raise DefinitionError."""
    if document.get("format") != FORMAT:
        raise DefinitionError(f"The document's 'format' must be {FORMAT!r}.")
    seen: dict[str, Question] = {}
    sections: list[Section] = []
    for s_index, raw_section in enumerate(document.get("sections", [])):
        where = f"sections[{s_index}]"
        section_key = str(raw_section.get("key", ""))
        if not section_key:
            raise DefinitionError(f"{where}: a section needs a 'key'.")
        questions: list[Question] = []
        for q_index, raw in enumerate(raw_section.get("questions", [])):
            question = _question(raw, f"{where}.questions[{q_index}]", seen)
            seen[question.key] = question
            questions.append(question)
        sections.append(
            Section(
                key=section_key,
                article=str(raw_section.get("article", "")),
                titles=_texts(raw_section.get("titles"), f"{where}.titles"),
                questions=tuple(questions),
                article_texts=(
                    _texts(raw_section["article_text"], f"{where}.article_text")
                    if raw_section.get("article_text")
                    else {}
                ),
            )
        )
    if len({s.key for s in sections}) != len(sections):
        raise DefinitionError("Two sections have the same key.")
    return Structure(
        instrument=str(document.get("instrument", "")),
        cluster=str(document.get("cluster", "")),
        titles=_texts(document.get("titles"), "titles"),
        sections=tuple(sections),
    )


def _question(raw: Mapping[str, Any], where: str, seen: Mapping[str, Question]) -> Question:
    key = str(raw.get("key", ""))
    if not key:
        raise DefinitionError(f"{where}: a question needs a 'key'.")
    if key in seen:
        raise DefinitionError(f"{where}: the key {key!r} is used twice.")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise DefinitionError(f"{where}: 'kind' must be one of {', '.join(KINDS)}.")
    choices = tuple(
        Choice(value=str(c["value"]), labels=_texts(c.get("labels"), f"{where}.choices"))
        for c in raw.get("choices", [])
    )
    if kind in ("choice", "multiple") and not choices:
        raise DefinitionError(f"{where}: a {kind} question needs 'choices'.")
    shown_when = raw.get("shown_when") or {}
    condition = str(shown_when.get("question", ""))
    if condition and condition not in seen:
        raise DefinitionError(f"{where}: 'shown_when' must name an earlier question.")
    return Question(
        key=key,
        kind=str(kind),
        texts=_texts(raw.get("texts"), f"{where}.texts"),
        choices=choices,
        is_required=bool(raw.get("required", False)),
        shown_when_question=condition,
        shown_when_values=tuple(str(v) for v in shown_when.get("values", [])),
        is_standard=bool(raw.get("standard", False)),
    )
