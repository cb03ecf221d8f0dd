"""The desk review: notes, requests answered, the outcome assembled and sent (P&R paras 28-30)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.questionnaires import content, permissions
from revmech.questionnaires.models import (
    DeskReviewNote,
    DeskReviewOutcome,
    NoteKind,
    Questionnaire,
)
from revmech.questionnaires.services.answers import questions_of
from revmech.questionnaires.services.submission import _language, answers_by_key
from revmech.reviews import services as review_services
from revmech.reviews.models import Stage
from revmech.rules import RuleViolation

# The desk review (P&R paras 28-30)


def _check_desk_review_open(questionnaire: Questionnaire) -> None:
    if not questionnaire.is_submitted:
        raise RuleViolation(
            _("The desk review begins when the answers are submitted."), rule="P&R para 29"
        )
    outcome = DeskReviewOutcome.objects.filter(questionnaire=questionnaire).first()
    if outcome is not None and outcome.is_sent:
        raise RuleViolation(
            _("The outcome of the desk review was sent; continue in the constructive dialogue."),
            rule="P&R para 29",
        )


@transaction.atomic
def add_note(
    *,
    questionnaire: Questionnaire,
    question_key: str,
    kind: str,
    text: str,
    by: Person,
    request: HttpRequest | None = None,
) -> DeskReviewNote:
    """A reviewing expert's comment, mark or request on one answer (P&R para 29)."""
    if not permissions.can_write_desk_review(by, questionnaire.review):
        raise PermissionDenied
    _check_desk_review_open(questionnaire)
    if question_key not in questions_of(questionnaire):
        raise RuleViolation(_("This question is not in the questionnaire."), rule="P&R para 29")
    if kind not in NoteKind.values or not text.strip():
        raise RuleViolation(_("Choose the kind of note and write it."), rule="P&R para 29")
    note = DeskReviewNote.objects.create(
        questionnaire=questionnaire,
        question_key=question_key,
        kind=kind,
        text=text.strip(),
        author=by,
        created_at=timezone.now(),
    )
    audit.record(
        "questionnaires.note.added",
        actor=by,
        subject=note,
        request=request,
        review_id=questionnaire.review_id,
        question_key=question_key,
        kind=kind,
    )
    return note


@transaction.atomic
def respond_to_request(
    *, note: DeskReviewNote, response: str, by: Person, request: HttpRequest | None = None
) -> DeskReviewNote:
    """The State under review answers a request or supplementary question (P&R para 29)."""
    questionnaire = note.questionnaire
    if not permissions.can_respond_to_requests(by, questionnaire.review):
        raise PermissionDenied
    if not note.is_request:
        raise RuleViolation(_("Only requests and questions are answered."), rule="P&R para 29")
    if not response.strip():
        raise RuleViolation(_("Write the response."), rule="P&R para 29")
    note.response = response.strip()
    note.responded_at, note.responded_by = timezone.now(), by
    note.save(update_fields=["response", "responded_at", "responded_by"])
    audit.record(
        "questionnaires.request.answered",
        actor=by,
        subject=note,
        request=request,
        review_id=questionnaire.review_id,
        question_key=note.question_key,
    )
    return note


class StaleOutcome(RuleViolation):
    def __init__(self, *, current: DeskReviewOutcome, theirs: str) -> None:
        super().__init__(
            _(
                "Someone else saved the outcome meanwhile (%(person)s). Your text was not "
                "saved: it is shown beside theirs so you can merge them."
            )
            % {"person": current.updated_by.get_username()},
            rule="concurrent change",
        )
        self.current = current
        self.theirs = theirs


def assembled_outcome(questionnaire: Questionnaire, language: str) -> str:
    """The outcome's text assembled from the notes, per article: the measures taken,
    successes, good practices, challenges, and the requests with their responses."""
    notes = list(questionnaire.notes.all())
    texts = {k: a.text for k, a in answers_by_key(questionnaire).items()}
    headings = [
        (NoteKind.COMMENT, _("Measures taken")),
        (NoteKind.SUCCESS, _("Successes")),
        (NoteKind.GOOD_PRACTICE, _("Good practices")),
        (NoteKind.CHALLENGE, _("Challenges")),
    ]
    parts: list[str] = []
    for structure in questionnaire.structures():
        for section in structure.sections:
            keys = {q.key for q in section.questions}
            here = [n for n in notes if n.question_key in keys]
            parts.append(f"<h3>{escape(section.title(language))}</h3>")
            implements = next((q for q in section.questions if q.kind == "choice"), None)
            if implements is not None and texts.get(implements.key):
                label = implements.choice_label(texts[implements.key], language)
                parts.append(
                    "<p>"
                    + escape(
                        _("%(question)s %(answer)s")
                        % {"question": implements.text(language), "answer": label}
                    )
                    + "</p>"
                )
            for kind, heading in headings:
                items = [n for n in here if n.kind == kind]
                if items:
                    parts.append(f"<h4>{escape(heading)}</h4><ul>")
                    parts.extend(f"<li>{escape(n.text)}</li>" for n in items)
                    parts.append("</ul>")
            requests = [n for n in here if n.is_request]
            if requests:
                parts.append(f"<h4>{escape(_('Requests and supplementary questions'))}</h4><ul>")
                for n in requests:
                    answer = escape(n.response) if n.response else escape(_("(not yet answered)"))
                    parts.append(
                        f"<li><strong>{escape(n.get_kind_display())}:</strong> "
                        f"{escape(n.text)}<br>{answer}</li>"
                    )
                parts.append("</ul>")
    return content.sanitize("".join(parts))


@transaction.atomic
def assemble_outcome(
    *,
    questionnaire: Questionnaire,
    by: Person,
    based_on_version: int,
    request: HttpRequest | None = None,
) -> DeskReviewOutcome:
    """(Re)assemble the outcome's text from the notes; an edited text is replaced only if the
    person saw its latest version."""
    return save_outcome(
        questionnaire=questionnaire,
        text=assembled_outcome(questionnaire, _language()),
        based_on_version=based_on_version,
        by=by,
        request=request,
        action="questionnaires.outcome.assembled",
    )


@transaction.atomic
def save_outcome(
    *,
    questionnaire: Questionnaire,
    text: str,
    based_on_version: int,
    by: Person,
    request: HttpRequest | None = None,
    action: str = "questionnaires.outcome.saved",
) -> DeskReviewOutcome:
    """Save the edited outcome of the desk review, with optimistic locking (P&R para 29)."""
    if not permissions.can_write_desk_review(by, questionnaire.review):
        raise PermissionDenied
    _check_desk_review_open(questionnaire)
    clean = content.from_textarea(text)
    now = timezone.now()
    outcome = DeskReviewOutcome.objects.filter(questionnaire=questionnaire).first()
    if outcome is None:
        if based_on_version != 0:
            raise RuleViolation(_("The outcome does not exist."), rule="concurrent change")
        try:
            with transaction.atomic():
                outcome = DeskReviewOutcome.objects.create(
                    questionnaire=questionnaire,
                    text=clean,
                    version=1,
                    updated_at=now,
                    updated_by=by,
                )
        except IntegrityError:
            current = DeskReviewOutcome.objects.get(questionnaire=questionnaire)
            raise StaleOutcome(current=current, theirs=clean) from None
    else:
        moved = DeskReviewOutcome.objects.filter(pk=outcome.pk, version=based_on_version).update(
            text=clean, version=F("version") + 1, updated_at=now, updated_by=by
        )
        outcome.refresh_from_db()
        if moved != 1:
            raise StaleOutcome(current=outcome, theirs=clean)
    audit.record(
        action,
        actor=by,
        subject=outcome,
        request=request,
        review_id=questionnaire.review_id,
        version=outcome.version,
    )
    return outcome


@transaction.atomic
def send_outcome(
    *, questionnaire: Questionnaire, by: Person, today: date, request: HttpRequest | None = None
) -> DeskReviewOutcome:
    """Send the outcome to the State under review (P&R para 29); the review moves on to the
    constructive dialogue when it is at the desk review."""
    review = questionnaire.review
    if not permissions.can_write_desk_review(by, review):
        raise PermissionDenied
    _check_desk_review_open(questionnaire)
    outcome = DeskReviewOutcome.objects.filter(questionnaire=questionnaire).first()
    if outcome is None or not content.plain(outcome.text):
        raise RuleViolation(
            _("Assemble and write the outcome before sending it."), rule="P&R para 29"
        )
    DeskReviewOutcome.objects.filter(pk=outcome.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), sent_by=by
    )
    outcome.refresh_from_db()
    audit.record(
        "questionnaires.outcome.sent",
        actor=by,
        subject=outcome,
        request=request,
        review_id=review.pk,
    )
    if review.stage == Stage.DESK_REVIEW:
        review_services.send_desk_review(review=review, by=by, today=today, request=request)
    return outcome
