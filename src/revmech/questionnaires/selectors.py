"""Reads of questionnaires and the desk review, filtered by who asks (P&R para 32): what one may
not read does not exist (404). Also the progress per section and the search within a review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from revmech.accounts.permissions import Someone
from revmech.questionnaires import content, permissions
from revmech.questionnaires.models import (
    Answer,
    Attachment,
    DeskReviewNote,
    DeskReviewOutcome,
    Questionnaire,
    QuestionnaireDefinition,
    SupplementaryInformation,
)
from revmech.questionnaires.structure import Question, Section, is_shown
from revmech.reviews import selectors as review_selectors
from revmech.reviews.models import CountryReview
from revmech.web import richtext


def review_for(person: Someone, review_id: int) -> CountryReview:
    """The review, or 404 for anyone who may not read its questionnaire."""
    review = review_selectors.review_for(person, review_id)
    if not permissions.can_read_questionnaire(person, review):
        raise Http404
    return review


def questionnaire_of(review: CountryReview) -> Questionnaire | None:
    return Questionnaire.objects.filter(review=review).first()


def attachment_for(person: Someone, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("questionnaire__review").filter(pk=attachment_id).first()
    )
    if attachment is None or not permissions.can_read_attachment(person, attachment):
        raise Http404
    return attachment


def note_for(person: Someone, questionnaire: Questionnaire, note_id: int) -> DeskReviewNote:
    note = questionnaire.notes.filter(pk=note_id).first()
    if note is None or not permissions.can_read_questionnaire(person, questionnaire.review):
        raise Http404
    return note


def definition_for(person: Someone, definition_id: int) -> QuestionnaireDefinition:
    definition = (
        QuestionnaireDefinition.objects.select_related("instrument")
        .filter(pk=definition_id)
        .first()
    )
    if definition is None or not permissions.can_read_definition(person, definition):
        raise Http404
    return definition


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    is_shown: bool
    language: str
    notes: list[DeskReviewNote] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    supplementary: list[SupplementaryInformation] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.answer.text if self.answer else ""

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def is_answered(self) -> bool:
        return bool(self.text.strip())

    @property
    def values(self) -> list[str]:
        return self.text.split(",") if self.text else []

    @property
    def label(self) -> str:
        return self.question.text(self.language)

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        """(value, label, chosen) of each choice, in the reader's language."""
        chosen = set(self.values)
        return [
            (c.value, self.question.choice_label(c.value, self.language), c.value in chosen)
            for c in self.question.choices
        ]

    @property
    def editable_text(self) -> str:
        return content.for_textarea(self.text)

    @property
    def display(self) -> SafeString:
        """The answer for reading: choice labels, the escaped text, or the sanitised rich text."""
        return display_answer(self.question, self.text, self.language)


def display_answer(question: Question | None, text: str, language: str) -> SafeString:
    """A stored answer (current or of an earlier version) ready to print: the labels of the
    chosen choices, plain text escaped, rich text through the one sanitiser (`web.richtext`).
    An answer whose question is no longer known is printed as plain text."""
    if question is None or question.kind == "text":
        return format_html("{}", text)
    if question.kind in ("choice", "multiple"):
        chosen = set(text.split(",")) if text else set()
        labels = [
            (question.choice_label(c.value, language),)
            for c in question.choices
            if c.value in chosen
        ]
        return format_html_join(", ", "{}", labels)
    return richtext.render(text)


@dataclass
class SectionRow:
    section: Section
    cluster_title: str
    rows: list[QuestionRow]
    language: str

    @property
    def title(self) -> str:
        return self.section.title(self.language)

    @property
    def shown(self) -> list[QuestionRow]:
        return [r for r in self.rows if r.is_shown]

    @property
    def answered(self) -> int:
        return sum(1 for r in self.shown if r.is_answered)

    @property
    def total(self) -> int:
        return len(self.shown)

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total


def sections_of(questionnaire: Questionnaire, language: str) -> list[SectionRow]:
    """Every section with its questions, current answers, notes and progress (what is shown
    depends on the answers to earlier questions)."""
    answers = {a.question_key: a for a in questionnaire.answers.select_related("updated_by")}
    texts = {key: a.text for key, a in answers.items()}
    notes: dict[str, list[DeskReviewNote]] = {}
    for note in questionnaire.notes.select_related("author", "responded_by"):
        notes.setdefault(note.question_key, []).append(note)
    files: dict[str, list[Attachment]] = {}
    for attachment in questionnaire.attachments.all():
        files.setdefault(attachment.question_key, []).append(attachment)
    later: dict[str, list[SupplementaryInformation]] = {}
    for given in questionnaire.supplementary.select_related("given_by"):
        later.setdefault(given.question_key, []).append(given)
    result = []
    for structure in questionnaire.structures():
        for section in structure.sections:
            rows = [
                QuestionRow(
                    question=q,
                    answer=answers.get(q.key),
                    is_shown=is_shown(q, texts),
                    notes=notes.get(q.key, []),
                    attachments=files.get(q.key, []),
                    supplementary=later.get(q.key, []),
                    language=language,
                )
                for q in section.questions
            ]
            result.append(SectionRow(section, structure.title(language), rows, language))
    return result


def outcome_of(questionnaire: Questionnaire) -> DeskReviewOutcome | None:
    return DeskReviewOutcome.objects.filter(questionnaire=questionnaire).first()


@dataclass(frozen=True)
class Hit:
    kind: str
    question_key: str
    snippet: str


def _snippet(text: str, query: str, width: int = 80) -> str:
    plain = content.plain(text)
    at = plain.lower().find(query.lower())
    start = max(0, at - width)
    return ("…" if start else "") + plain[start : at + len(query) + width]


def search(questionnaire: Questionnaire, query: str) -> list[Hit]:
    """Answers, supplementary information, notes and responses of this review containing the
    words; the caller has already checked that the person may read the review."""
    query = query.strip()
    if len(query) < 2:
        return []
    hits = [
        Hit("answer", a.question_key, _snippet(a.text, query))
        for a in questionnaire.answers.filter(text__icontains=query)
    ]
    hits += [
        Hit("supplementary", s.question_key, _snippet(s.text, query))
        for s in questionnaire.supplementary.filter(text__icontains=query)
    ]
    for note in questionnaire.notes.filter(Q(text__icontains=query) | Q(response__icontains=query)):
        where = note.text if query.lower() in note.text.lower() else note.response
        hits.append(Hit("note", note.question_key, _snippet(where, query)))
    return hits
