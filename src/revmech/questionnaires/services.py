"""Every change to questionnaires and the desk review (P&R paras 16, 17, 26-30): definitions and
their versions, answers saved with optimistic locking, attachments, national consultations,
clearance and submission, desk review notes, requests answered, and the outcome sent.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.questionnaires import content, permissions, standard
from revmech.questionnaires.models import (
    Answer,
    AnswerVersion,
    Attachment,
    DefinitionStatus,
    DeskReviewNote,
    DeskReviewOutcome,
    NationalConsultation,
    NoteKind,
    Questionnaire,
    QuestionnaireDefinition,
    QuestionnaireStatus,
    Stakeholder,
    SupplementaryInformation,
)
from revmech.questionnaires.structure import (
    DefinitionError,
    Question,
    Structure,
    is_shown,
    parse,
)
from revmech.registry.models import ClusterSet, Instrument, Participation
from revmech.reviews import services as review_services
from revmech.reviews.models import CountryReview, Stage
from revmech.rules import RuleViolation
from revmech.rules.eligibility import Basis, applicable_articles
from revmech.rules.instruments import read_catalogue
from revmech.rules.reference import Instrument as RulesInstrument
from revmech.rules.reference import Participation as RulesParticipation
from revmech.rules.reference import Status
from revmech.site import uploads

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
FIRST_PHASE = "1"


def max_attachment_bytes() -> int:
    return int(getattr(settings, "QUESTIONNAIRE_MAX_ATTACHMENT_BYTES", MAX_ATTACHMENT_BYTES))


# Definitions (P&R para 16)


def first_phase_clusters(cluster_set: ClusterSet) -> list[Any]:
    """The clusters the default workplan puts in the first phase (App. I Table 2)."""
    entries = cluster_set.workplan.filter(phase=FIRST_PHASE)
    return [c for entry in entries for c in entry.clusters.order_by("position")]


@transaction.atomic
def ensure_first_phase_definitions() -> list[QuestionnaireDefinition]:
    """Define, from the reference data, the Convention's and each Protocol's questionnaire for
    the first-phase clusters, published as version 1; existing definitions are left alone."""
    cluster_set = ClusterSet.objects.filter(is_default=True).first()
    if cluster_set is None:
        return []
    created = []
    now = timezone.now()
    for cluster in first_phase_clusters(cluster_set):
        for instrument in Instrument.objects.order_by("position"):
            entries = cluster.entries.filter(article__instrument=instrument).select_related(
                "article"
            )
            if not entries:
                continue
            exists = QuestionnaireDefinition.objects.filter(
                instrument=instrument, cluster=cluster.code
            )
            if exists.exists():
                continue
            document = standard.generated_document(
                instrument=instrument.code,
                cluster=cluster.code,
                cluster_names=cluster.names,
                articles=[(e.label, e.article.titles) for e in entries],
            )
            parse(document)
            created.append(
                QuestionnaireDefinition.objects.create(
                    instrument=instrument,
                    cluster=cluster.code,
                    version=1,
                    status=DefinitionStatus.PUBLISHED,
                    content=document,
                    created_at=now,
                    published_at=now,
                )
            )
    if created:
        audit.record(
            "questionnaires.definitions.generated",
            actor=None,
            definitions=[str(d) for d in created],
        )
    return created


def _check_document(document: Mapping[str, Any]) -> Structure:
    try:
        return parse(document)
    except DefinitionError as error:
        raise RuleViolation(
            _("The definition is not valid: %(error)s") % {"error": error}, rule="P&R para 16"
        ) from error


@transaction.atomic
def create_new_version(
    *, definition: QuestionnaireDefinition, by: Person, request: HttpRequest | None = None
) -> QuestionnaireDefinition:
    """A new draft version, copied from the latest one; published versions never change."""
    if not permissions.can_manage_definitions(by, definition):
        raise PermissionDenied
    versions = QuestionnaireDefinition.objects.filter(
        instrument=definition.instrument, cluster=definition.cluster
    )
    latest = versions.order_by("-version").first() or definition
    draft = QuestionnaireDefinition.objects.create(
        instrument=definition.instrument,
        cluster=definition.cluster,
        version=latest.version + 1,
        content=latest.content,
        created_at=timezone.now(),
    )
    audit.record(
        "questionnaires.definition.version_created",
        actor=by,
        subject=draft,
        request=request,
        copied_from=latest.version,
    )
    return draft


@transaction.atomic
def update_draft_definition(
    *,
    definition: QuestionnaireDefinition,
    document: Mapping[str, Any],
    by: Person,
    request: HttpRequest | None = None,
) -> QuestionnaireDefinition:
    """Replace the content of a draft version (a published version is immutable)."""
    if not permissions.can_manage_definitions(by, definition):
        raise PermissionDenied
    if definition.is_published:
        raise RuleViolation(
            _("A published version cannot be changed; create a new version instead."),
            rule="P&R para 16",
        )
    _check_document(document)
    content_only = {k: v for k, v in document.items() if k not in ("instrument", "cluster")}
    content_only.pop("version", None)
    definition.content = {**content_only, "instrument": definition.instrument.code}
    definition.content["cluster"] = definition.cluster
    definition.save(update_fields=["content"])
    audit.record("questionnaires.definition.edited", actor=by, subject=definition, request=request)
    return definition


@transaction.atomic
def publish_definition(
    *, definition: QuestionnaireDefinition, by: Person, request: HttpRequest | None = None
) -> QuestionnaireDefinition:
    """Publish a draft: from now on it is the version new questionnaires start from."""
    if not permissions.can_manage_definitions(by, definition):
        raise PermissionDenied
    if definition.is_published:
        raise RuleViolation(_("This version is already published."), rule="P&R para 16")
    _check_document(definition.content)
    moved = QuestionnaireDefinition.objects.filter(
        pk=definition.pk, status=DefinitionStatus.DRAFT
    ).update(status=DefinitionStatus.PUBLISHED, published_at=timezone.now())
    if moved != 1:
        raise RuleViolation(_("This version is already published."), rule="P&R para 16")
    definition.refresh_from_db()
    audit.record(
        "questionnaires.definition.published", actor=by, subject=definition, request=request
    )
    return definition


@transaction.atomic
def import_definition(
    *, document: Mapping[str, Any], publish: bool = False, actor: Person | None = None
) -> QuestionnaireDefinition:
    """Import a definition document as the next version of its instrument and cluster (the
    command-line `revmech questionnaires import`, run by the site's administrators)."""
    structure = _check_document(document)
    instrument = Instrument.objects.filter(code=structure.instrument).first()
    if instrument is None or not structure.cluster:
        raise RuleViolation(
            _("The definition must name a known instrument and a cluster."), rule="P&R para 16"
        )
    latest = (
        QuestionnaireDefinition.objects.filter(instrument=instrument, cluster=structure.cluster)
        .order_by("-version")
        .first()
    )
    now = timezone.now()
    stored = {k: v for k, v in document.items() if k not in ("version", "status")}
    definition = QuestionnaireDefinition.objects.create(
        instrument=instrument,
        cluster=structure.cluster,
        version=(latest.version if latest else 0) + 1,
        status=DefinitionStatus.PUBLISHED if publish else DefinitionStatus.DRAFT,
        content=stored,
        created_at=now,
        published_at=now if publish else None,
    )
    audit.record("questionnaires.definition.imported", actor=actor, subject=definition)
    return definition


# The questionnaire of a review (P&R paras 17, 26)


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


@transaction.atomic
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
    extension agreeing with it, stored under a random name (P&R para 17)."""
    if not permissions.can_answer(by, questionnaire.review):
        raise PermissionDenied
    _check_open(questionnaire)
    checked = uploads.check_upload(
        upload, limit_bytes=max_attachment_bytes(), allowed=content.ALLOWED
    )
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


@transaction.atomic
def record_consultation(
    *,
    questionnaire: Questionnaire,
    held_on: date,
    stakeholder_groups: list[str],
    participants: str,
    summary: str,
    by: Person,
    request: HttpRequest | None = None,
) -> NationalConsultation:
    """Record a national consultation with stakeholders (P&R para 27)."""
    if not permissions.can_answer(by, questionnaire.review):
        raise PermissionDenied
    known = set(Stakeholder.values)
    consultation = NationalConsultation.objects.create(
        questionnaire=questionnaire,
        held_on=held_on,
        stakeholder_groups=[g for g in stakeholder_groups if g in known],
        participants=participants,
        summary=summary,
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    audit.record(
        "questionnaires.consultation.recorded",
        actor=by,
        subject=consultation,
        request=request,
        review_id=questionnaire.review_id,
        held_on=held_on,
        stakeholder_groups=consultation.stakeholder_groups,
    )
    return consultation


def answers_by_key(questionnaire: Questionnaire) -> dict[str, Answer]:
    return {a.question_key: a for a in questionnaire.answers.select_related("updated_by")}


def missing_required(questionnaire: Questionnaire, language: str) -> list[str]:
    """The required questions that are shown and still empty, named for a message."""
    texts = {key: answer.text for key, answer in answers_by_key(questionnaire).items()}
    missing = []
    for structure in questionnaire.structures():
        for section, question in structure.questions():
            if not question.is_required or texts.get(question.key, "").strip():
                continue
            if is_shown(question, texts):
                missing.append(f"{section.title(language)}: {question.text(language)}")
    return missing


def _refuse_missing(questionnaire: Questionnaire) -> None:
    language = _language()
    missing = missing_required(questionnaire, language)
    if missing:
        raise RuleViolation(
            _("Required answers are missing: %(questions)s") % {"questions": "; ".join(missing)},
            rule="P&R para 17",
            subjects=tuple(missing),
        )


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


@transaction.atomic
def clear_answers(
    *, questionnaire: Questionnaire, by: Person, request: HttpRequest | None = None
) -> Questionnaire:
    """The focal point clears the answers for submission; required answers must be given."""
    if not permissions.can_clear_and_submit(by, questionnaire.review):
        raise PermissionDenied
    _check_open(questionnaire)
    _refuse_missing(questionnaire)
    now = timezone.now()
    questionnaire.status = QuestionnaireStatus.CLEARED
    questionnaire.cleared_at, questionnaire.cleared_by = now, by
    questionnaire.save(update_fields=["status", "cleared_at", "cleared_by"])
    audit.record(
        "questionnaires.questionnaire.cleared",
        actor=by,
        subject=questionnaire,
        request=request,
        review_id=questionnaire.review_id,
    )
    return questionnaire


@transaction.atomic
def submit_questionnaire(
    *, questionnaire: Questionnaire, by: Person, today: date, request: HttpRequest | None = None
) -> Questionnaire:
    """Submit the cleared answers (final, P&R para 26); the review moves to the desk review."""
    review = questionnaire.review
    if not permissions.can_clear_and_submit(by, review):
        raise PermissionDenied
    _check_open(questionnaire)
    if questionnaire.status != QuestionnaireStatus.CLEARED:
        raise RuleViolation(
            _("The focal point clears the answers before they are submitted."),
            rule="P&R para 26",
        )
    _refuse_missing(questionnaire)
    now = timezone.now()
    moved = Questionnaire.objects.filter(
        pk=questionnaire.pk, status=QuestionnaireStatus.CLEARED
    ).update(status=QuestionnaireStatus.SUBMITTED, submitted_at=now, submitted_by=by)
    if moved != 1:
        raise RuleViolation(
            _("Someone changed the answers meanwhile; clear them again."),
            rule="concurrent change",
        )
    questionnaire.status = QuestionnaireStatus.SUBMITTED
    questionnaire.submitted_at, questionnaire.submitted_by = now, by
    audit.record(
        "questionnaires.questionnaire.submitted",
        actor=by,
        subject=questionnaire,
        request=request,
        review_id=review.pk,
    )
    if review.stage == Stage.SELF_ASSESSMENT:
        review_services.submit_self_assessment(review=review, by=by, today=today, request=request)
    return questionnaire


@transaction.atomic
def give_supplementary_information(
    *,
    questionnaire: Questionnaire,
    text: str,
    by: Person,
    question_key: str = "",
    request: HttpRequest | None = None,
) -> SupplementaryInformation:
    """Material after the submission, kept beside the final answers (P&R paras 26, 29)."""
    if not permissions.can_answer(by, questionnaire.review):
        raise PermissionDenied
    if not questionnaire.is_submitted:
        raise RuleViolation(
            _("Before the submission, change the answers themselves."), rule="P&R para 26"
        )
    clean = content.from_textarea(text)
    if not content.plain(clean):
        raise RuleViolation(_("Write the supplementary information."), rule="P&R para 26")
    given = SupplementaryInformation.objects.create(
        questionnaire=questionnaire,
        question_key=question_key,
        text=clean,
        given_at=timezone.now(),
        given_by=by,
    )
    audit.record(
        "questionnaires.supplementary.given",
        actor=by,
        subject=given,
        request=request,
        review_id=questionnaire.review_id,
        question_key=question_key,
    )
    return given


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
