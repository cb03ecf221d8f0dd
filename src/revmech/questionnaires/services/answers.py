"""A review's questionnaire and its answers (P&R paras 17, 26).

Answers are saved as drafts with optimistic locking; attachments are checked by content.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.questionnaires import content, permissions
from revmech.questionnaires.models import (
    Answer,
    AnswerVersion,
    Attachment,
    DefinitionStatus,
    Questionnaire,
    QuestionnaireDefinition,
    QuestionnaireStatus,
)
from revmech.questionnaires.structure import (
    Question,
)
from revmech.registry.models import ClusterSet, Participation
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation
from revmech.rules.eligibility import Basis, applicable_articles
from revmech.rules.instruments import read_catalogue
from revmech.rules.reference import Instrument as RulesInstrument
from revmech.rules.reference import Participation as RulesParticipation
from revmech.rules.reference import Status
from revmech.web import uploads

# The questionnaire of a review (P&R paras 17, 26)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def max_attachment_bytes() -> int:
    return int(getattr(settings, "QUESTIONNAIRE_MAX_ATTACHMENT_BYTES", MAX_ATTACHMENT_BYTES))


def current_definitions(review: CountryReview) -> list[QuestionnaireDefinition]:
    """The latest published definition of each cluster of the review's phase."""
    cluster_set = ClusterSet.objects.filter(is_default=True).first()
    if cluster_set is None:
        return []
    entries = cluster_set.workplan.filter(phase=str(review.phase))
    found = []
    for entry in entries:
        for cluster in entry.clusters.order_by("position"):
            latest = (
                QuestionnaireDefinition.objects.filter(
                    instrument=review.instrument,
                    cluster=cluster.code,
                    status=DefinitionStatus.PUBLISHED,
                )
                .order_by("-version")
                .first()
            )
            if latest is not None:
                found.append(latest)
    return found


def inapplicable_sections(review: CountryReview, definition: QuestionnaireDefinition) -> list[str]:
    """The sections of articles that do not apply to the State under review: articles 8 and 9
    of the Convention for a party to UNCAC (App. I note b, `rules.eligibility`). Nothing is
    left out while the State's own participation is not established (the secretariat confirms).
    """
    state = review.state_under_review
    participation = Participation.objects.filter(state=state, instrument=review.instrument).first()
    if participation is None or review.instrument.code not in RulesInstrument.__members__:
        return []
    cluster_sets = [c for c in read_catalogue().cluster_sets if c.is_default]
    if not cluster_sets or definition.cluster not in {c.code for c in cluster_sets[0].clusters}:
        return []
    applicability = applicable_articles(
        instrument=RulesInstrument(review.instrument.code),
        cluster=definition.cluster,
        cluster_set=cluster_sets[0],
        participation=RulesParticipation(Status(participation.status)),
        uncac=RulesParticipation(Status(state.uncac_status)),
        volunteers=True,
    )
    if applicability.basis is Basis.NOT_APPLICABLE:
        return []
    excluded = set(applicability.excluded)
    return [s.key for s in definition.structure().sections if s.article in excluded]


@transaction.atomic
def start_questionnaire(
    *, review: CountryReview, by: Person | None, request: HttpRequest | None = None
) -> Questionnaire:
    """The review's questionnaire from the versions current now; later versions never change it.

    `by` None is the platform itself (the demonstration loader)."""
    if by is not None and not permissions.can_start_questionnaire(by, review):
        raise PermissionDenied
    existing = Questionnaire.objects.filter(review=review).first()
    if existing is not None:
        return existing
    definitions = current_definitions(review)
    if not definitions:
        raise RuleViolation(
            _("No questionnaire is published yet for this instrument and phase."),
            rule="P&R para 16",
        )
    keys: set[str] = set()
    for definition in definitions:
        for _section, question in definition.structure().questions():
            if question.key in keys:
                raise RuleViolation(
                    _("Two clusters of this phase use the question key %(key)s.")
                    % {"key": question.key},
                    rule="P&R para 16",
                )
            keys.add(question.key)
    excluded = [key for d in definitions for key in inapplicable_sections(review, d)]
    questionnaire = Questionnaire.objects.create(
        review=review, started_at=timezone.now(), excluded_sections=excluded
    )
    questionnaire.definitions.set(definitions)
    audit.record(
        "questionnaires.questionnaire.started",
        actor=by,
        subject=questionnaire,
        request=request,
        review_id=review.pk,
        definitions=[str(d) for d in definitions],
    )
    return questionnaire


def questions_of(questionnaire: Questionnaire) -> dict[str, Question]:
    return {q.key: q for s in questionnaire.structures() for _sec, q in s.questions()}


def _check_open(questionnaire: Questionnaire) -> None:
    if questionnaire.is_submitted:
        raise RuleViolation(
            _(
                "The answers were submitted and are final; send later material as "
                "supplementary information."
            ),
            rule="P&R para 26",
        )


def normalized(question: Question, value: str) -> str:
    """The value as stored: a known choice, known choices joined by commas, or clean text."""
    value = value.strip()
    if question.kind == "rich_text":
        return content.from_textarea(value)
    if question.kind == "text":
        return value
    allowed = {c.value for c in question.choices}
    given = [v.strip() for v in value.split(",") if v.strip()]
    if question.kind == "choice" and len(given) > 1:
        given = given[:1]
    unknown = [v for v in given if v not in allowed]
    if unknown:
        raise RuleViolation(
            _("“%(value)s” is not one of the choices of this question.") % {"value": unknown[0]},
            rule="P&R para 17",
        )
    return ",".join(v for v in (c.value for c in question.choices) if v in given)


class StaleAnswer(RuleViolation):
    """A save based on a version someone else has since replaced: nothing was overwritten.

    `current` is the answer as it now stands; `theirs` is the refused text, to merge."""

    def __init__(self, *, current: Answer, theirs: str) -> None:
        super().__init__(
            _(
                "Someone else saved this answer meanwhile (%(person)s, version %(version)s). "
                "Your text was not saved: it is shown beside theirs so you can merge them."
            )
            % {"person": current.updated_by.get_username(), "version": current.version},
            rule="concurrent change",
        )
        self.current = current
        self.theirs = theirs


def _baseline(answer: Answer | None, version: int) -> str:
    if answer is None or version == 0:
        return ""
    earlier = answer.versions.filter(version=version).first()
    return earlier.text if earlier is not None else ""


@transaction.atomic
def save_answer(
    *,
    questionnaire: Questionnaire,
    question_key: str,
    text: str,
    based_on_version: int,
    by: Person,
    request: HttpRequest | None = None,
) -> Answer | None:
    """Save one answer as a draft, if the person changed it since `based_on_version`.

    Optimistic locking: the row is updated only if its version is still `based_on_version`;
    otherwise `StaleAnswer` carries the current answer and the refused text. Every save is kept
    as an `AnswerVersion`. Returns None when nothing changed.
    """
    review = questionnaire.review
    if not permissions.can_answer(by, review):
        raise PermissionDenied
    _check_open(questionnaire)
    question = questions_of(questionnaire).get(question_key)
    if question is None:
        raise RuleViolation(_("This question is not in the questionnaire."), rule="P&R para 17")
    value = normalized(question, text)
    answer = Answer.objects.filter(questionnaire=questionnaire, question_key=question_key).first()
    # Untouched since it was read, or already saved the same: nothing to save, no conflict.
    if value == _baseline(answer, based_on_version):
        return None
    if answer is not None and value == answer.text:
        return None
    now = timezone.now()
    if answer is None:
        if based_on_version != 0:
            raise RuleViolation(_("This answer does not exist."), rule="concurrent change")
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    questionnaire=questionnaire,
                    question_key=question_key,
                    text=value,
                    version=1,
                    updated_at=now,
                    updated_by=by,
                )
        except IntegrityError:
            current = Answer.objects.get(questionnaire=questionnaire, question_key=question_key)
            raise StaleAnswer(current=current, theirs=value) from None
    else:
        moved = Answer.objects.filter(pk=answer.pk, version=based_on_version).update(
            text=value, version=F("version") + 1, updated_at=now, updated_by=by
        )
        if moved != 1:
            answer.refresh_from_db()
            raise StaleAnswer(current=answer, theirs=value)
        answer.refresh_from_db()
    AnswerVersion.objects.create(
        answer=answer, version=answer.version, text=value, saved_at=now, saved_by=by
    )
    if questionnaire.status == QuestionnaireStatus.CLEARED:
        # A clearance covers the answers as they were; a change needs a new clearance.
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            status=QuestionnaireStatus.OPEN, cleared_at=None, cleared_by=None
        )
        questionnaire.status = QuestionnaireStatus.OPEN
    audit.record(
        "questionnaires.answer.saved",
        actor=by,
        subject=answer,
        request=request,
        review_id=review.pk,
        question_key=question_key,
        version=answer.version,
    )
    return answer


@dataclass(frozen=True)
class Conflict:
    question_key: str
    current: Answer
    theirs: str


def save_answers(
    *,
    questionnaire: Questionnaire,
    posted: Iterable[tuple[str, str, int]],
    by: Person,
    request: HttpRequest | None = None,
) -> tuple[list[Answer], list[Conflict]]:
    """Save a section's answers (key, text, version read): each one on its own, so a conflict
    on one answer never loses the others."""
    saved: list[Answer] = []
    conflicts: list[Conflict] = []
    for key, text, version in posted:
        try:
            answer = save_answer(
                questionnaire=questionnaire,
                question_key=key,
                text=text,
                based_on_version=version,
                by=by,
                request=request,
            )
        except StaleAnswer as stale:
            conflicts.append(Conflict(key, stale.current, stale.theirs))
            continue
        if answer is not None:
            saved.append(answer)
    return saved, conflicts


def add_attachment(
    *,
    questionnaire: Questionnaire,
    upload: UploadedFile,
    by: Person,
    question_key: str = "",
    description: str = "",
    request: HttpRequest | None = None,
) -> Attachment:
    """Keep a law, decision or statistics file: size limited, type recognised by content, the
    extension agreeing with it, stored under a random name (P&R para 17). The file is checked
    before the transaction opens, so a slow check holds no lock."""
    if not permissions.can_answer(by, questionnaire.review):
        raise PermissionDenied
    _check_open(questionnaire)
    checked = uploads.check_upload(
        upload, limit_bytes=max_attachment_bytes(), allowed=content.ALLOWED
    )
    return _keep_attachment(
        questionnaire=questionnaire,
        checked=checked,
        by=by,
        question_key=question_key,
        description=description,
        request=request,
    )


@transaction.atomic
def _keep_attachment(
    *,
    questionnaire: Questionnaire,
    checked: uploads.CheckedFile,
    by: Person,
    question_key: str,
    description: str,
    request: HttpRequest | None,
) -> Attachment:
    name, data, kind = checked.name, checked.data, checked.kind
    token = secrets.token_hex(16) + kind.extensions[0]
    attachment = Attachment(
        questionnaire=questionnaire,
        question_key=question_key,
        stored_token=token,
        original_name=name,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        description=description[:300],
        uploaded_at=timezone.now(),
        uploaded_by=by,
    )
    attachment.file.save(token, ContentFile(data), save=False)
    attachment.save()
    audit.record(
        "questionnaires.attachment.added",
        actor=by,
        subject=attachment,
        request=request,
        review_id=questionnaire.review_id,
        size=len(data),
        content_type=kind.content_type,
        sha256=attachment.sha256,
    )
    return attachment
