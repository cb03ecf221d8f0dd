"""Questionnaire definitions, questionnaires of reviews, answers and their versions, attachments,
national consultations, and the desk review's notes and outcome (P&R paras 16, 17, 26-30).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.questionnaires import structure
from revmech.registry.models import Instrument, localized


class DefinitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class QuestionnaireDefinition(models.Model):
    """One version of the questionnaire of one instrument and thematic cluster (P&R para 16).

    `content` holds the document in the format `revmech.questionnaire.v1` (see `structure`). A
    published version is never changed; a new version starts as a copy of the latest one.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    cluster = models.CharField(_("thematic cluster"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        max_length=10, choices=DefinitionStatus.choices, default=DefinitionStatus.DRAFT
    )
    content = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["instrument__position", "cluster", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "cluster", "version"], name="definition_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.cluster} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:definition", kwargs={"definition_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == DefinitionStatus.PUBLISHED

    @property
    def title(self) -> str:
        return localized(self.content.get("titles", {})) or self.cluster

    def structure(self) -> structure.Structure:
        return structure.parse(self.content)


class QuestionnaireStatus(models.TextChoices):
    OPEN = "open", _("Being answered")
    CLEARED = "cleared", _("Cleared by the focal point")
    SUBMITTED = "submitted", _("Submitted")


class Questionnaire(models.Model):
    """The self-assessment questionnaire of one review (P&R paras 17, 26), built from the
    definition versions current when it started; a later version never changes it."""

    review = models.OneToOneField(
        "reviews.CountryReview", on_delete=models.CASCADE, related_name="questionnaire"
    )
    definitions = models.ManyToManyField(QuestionnaireDefinition, related_name="questionnaires")
    # Sections of articles that do not apply to the State under review (App. I note b).
    excluded_sections = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.OPEN
    )
    started_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"questionnaire of {self.review}"

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:review", kwargs={"review_id": self.review_id})

    @property
    def is_submitted(self) -> bool:
        return self.status == QuestionnaireStatus.SUBMITTED

    def structures(self) -> list[structure.Structure]:
        """The structures of its definitions, in cluster order as they were started."""
        ordered = self.definitions.order_by("pk")
        excluded = set(self.excluded_sections)
        return [
            replace(s, sections=tuple(x for x in s.sections if x.key not in excluded))
            for s in (d.structure() for d in ordered)
        ]


class Answer(models.Model):
    """The current answer to one question; `version` counts saves (optimistic locking)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="answers"
    )
    question_key = models.CharField(max_length=120)
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "question_key"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key} v{self.version}"


class AnswerVersion(models.Model):
    """Every save of an answer, with who and when; never changed or deleted."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["answer", "version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="answer_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.answer.question_key} v{self.version}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the uploaded name is kept in `original_name` for display only.
    return f"questionnaires/{instance.questionnaire_id}/{instance.stored_token}"


class Attachment(models.Model):
    """A law, decision or statistics file given with the answers (P&R para 17)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="attachments"
    )
    question_key = models.CharField(max_length=120, blank=True)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    stored_token = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:attachment", kwargs={"attachment_id": self.pk})


class Stakeholder(models.TextChoices):
    """Who took part in national consultations (P&R para 27)."""

    PUBLIC_SECTOR = "public_sector", _("Public sector")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Non-governmental organizations and civil society")
    ACADEMIA = "academia", _("Academia and research")
    INDIVIDUALS = "individuals", _("Individuals")
    OTHER = "other", _("Other groups outside the public sector")


class NationalConsultation(models.Model):
    """A consultation held at the national level while preparing the answers (P&R para 27)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="consultations"
    )
    held_on = models.DateField(_("date"))
    stakeholder_groups = models.JSONField(_("stakeholder groups"), default=list)
    participants = models.TextField(_("participants"))
    summary = models.TextField(_("summary"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"consultation of {self.held_on}"

    @property
    def stakeholder_labels(self) -> list[str]:
        names = dict(Stakeholder.choices)
        return [str(names.get(code, code)) for code in self.stakeholder_groups]


class SupplementaryInformation(models.Model):
    """Material given after the submission, which stays final (P&R paras 26, 29)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="supplementary"
    )
    question_key = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:
        return f"supplementary information of {self.given_at:%Y-%m-%d}"


class NoteKind(models.TextChoices):
    """What a reviewing expert notes on an answer (P&R para 29)."""

    COMMENT = "comment", _("Comment")
    SUCCESS = "success", _("Success")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    CHALLENGE = "challenge", _("Challenge")
    CLARIFICATION = "clarification", _("Request for clarification")
    MORE_INFORMATION = "more_information", _("Request for additional information")
    SUPPLEMENTARY_QUESTION = "supplementary_question", _("Supplementary question")


REQUEST_KINDS = (
    NoteKind.CLARIFICATION,
    NoteKind.MORE_INFORMATION,
    NoteKind.SUPPLEMENTARY_QUESTION,
)


class DeskReviewNote(models.Model):
    """A reviewing expert's note on one answer; a request is answered by the State under review."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="notes")
    question_key = models.CharField(max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=NoteKind.choices)
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    response = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.question_key}"

    @property
    def is_request(self) -> bool:
        return self.kind in REQUEST_KINDS

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None


class DeskReviewOutcome(models.Model):
    """The outcome of the desk review, assembled from the notes, edited, sent (P&R para 29)."""

    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.CASCADE, related_name="outcome"
    )
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"desk review outcome of {self.questionnaire.review}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


def as_json(definition: QuestionnaireDefinition) -> dict[str, Any]:
    """The definition's document with its identity (instrument, cluster, version)."""
    return {
        **definition.content,
        "instrument": definition.instrument.code,
        "cluster": definition.cluster,
        "version": definition.version,
    }
