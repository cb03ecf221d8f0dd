"""The country review report and its executive summary: sections and their versions, comments,
technical assistance needs, the three approvals and the final version, translations of the
summary, publication and access on request (P&R paras 33-39, 43-46).

Every row is changed only by `services`; a final report is never changed again (para 34).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import State


class Part(models.TextChoices):
    """The report proper and its executive summary (P&R para 33)."""

    REPORT = "report", _("Report")
    SUMMARY = "summary", _("Executive summary")


class SectionKind(models.TextChoices):
    """What a section holds (P&R para 33); the report's per article, the summary's once."""

    IMPLEMENTATION = "implementation", _("Observations on national implementation")
    PRACTICE = "practice", _("Observations on application in practice")
    SUCCESSES = "successes", _("Successes and good practices")
    CHALLENGES = "challenges", _("Challenges")
    OBSERVATIONS = "observations", _("Observations for implementation")
    INTRODUCTION = "introduction", _("Introduction")
    LEGAL_SYSTEM = "legal_system", _("Legal system")
    CHAPTER = "chapter", _("Observations by chapter")
    SUMMARY_SUCCESSES = "summary_successes", _("Successes and good practices")
    SUMMARY_CHALLENGES = "summary_challenges", _("Challenges")
    SUMMARY_ASSISTANCE = "summary_assistance", _("Technical assistance needs")


ARTICLE_KINDS = (
    SectionKind.IMPLEMENTATION,
    SectionKind.PRACTICE,
    SectionKind.SUCCESSES,
    SectionKind.CHALLENGES,
    SectionKind.OBSERVATIONS,
)


class Report(models.Model):
    """The report of one country review, in the review's working language (P&R paras 33, 44).

    `version` counts every change to its sections and needs: an approval names the version and
    its digest, and any later change withdraws every approval (para 34).
    """

    review = models.OneToOneField(
        "reviews.CountryReview", on_delete=models.CASCADE, related_name="report"
    )
    language = models.CharField(_("language"), max_length=5)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    final_digest = models.CharField(max_length=64, blank=True)
    # The content of the final version, frozen (sections and needs as JSON): what was agreed.
    final_content = models.JSONField(default=dict, blank=True)
    # Publication of the report, or of chosen sections, by the State under review (para 38).
    published_at = models.DateTimeField(null=True, blank=True)
    # The executive summary issued as a working-group document (paras 36, 45).
    summary_document = models.OneToOneField(
        "meetings.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
    )
    summary_published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"report of {self.review}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", kwargs={"review_id": self.review_id})

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_summary_published(self) -> bool:
        return self.summary_published_at is not None


class Section(models.Model):
    """One section of the report or the summary; `revision` counts its saves (optimistic
    locking: a save names the revision it was based on, P&R para 33)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=120)
    part = models.CharField(max_length=10, choices=Part.choices)
    kind = models.CharField(max_length=30, choices=SectionKind.choices)
    cluster = models.CharField(max_length=40, blank=True)
    article = models.CharField(max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    position = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Chosen for publication by the State under review (P&R para 38).
    is_published = models.BooleanField(default=False)

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} r{self.revision}"

    @property
    def title(self) -> str:
        """The article or chapter heading and what the section holds."""
        label = self.get_kind_display()
        return f"{self.heading}: {label}" if self.heading else str(label)


class Source(models.TextChoices):
    GENERATED = "generated", _("First draft generated")
    WEB = "web", _("Edited on the platform")
    WORD = "word", _("Imported from Word")
    MERGE = "merge", _("Merged after a conflict")


class SectionRevision(models.Model):
    """Every saved text of a section, with who and when; never changed or deleted."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    report_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="section_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.section.key} r{self.number}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    EXPLANATION_REQUEST = (
        "explanation_request",
        _("Request for explanations on ways to address a challenge"),
    )


class Comment(models.Model):
    """A comment anchored to a section, or a reply in its thread; the State under review may ask
    for explanations on ways to address a challenge, answered in the same thread (P&R para 35).
    """

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    kind = models.CharField(max_length=30, choices=CommentKind.choices, default="comment")
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment #{self.pk} on {self.section_id}"


class NeedKind(models.TextChoices):
    """Types of technical assistance, as the questionnaire asks them (P&R paras 33, 40)."""

    LEGISLATIVE = "legislative", _("Legislative assistance")
    CAPACITY_BUILDING = "capacity_building", _("Capacity-building and training")
    INSTITUTIONAL = "institutional", _("Institutional support")
    TECHNOLOGY = "technology", _("Technological assistance")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AssistanceNeed(models.Model):
    """A technical assistance need identified in the report, structured for the follow-up
    (P&R paras 33, 40); `revision` counts its saves (optimistic locking)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("type of assistance"), max_length=30, choices=NeedKind.choices)
    article = models.CharField(_("article"), max_length=20)
    description = models.TextField(_("description"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    position = models.PositiveIntegerField()
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} need, article {self.article}"


class Approval(models.Model):
    """One State's approval of one exact version of the report (P&R para 34), given by its
    focal point; withdrawn by any later change."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="approvals")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    report_version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "state"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_standing_approval_per_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} approves v{self.report_version} of {self.report_id}"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None


class TranslationStatus(models.TextChoices):
    """Where the executive summary is in each official language (P&R paras 36, 45)."""

    REQUESTED = "requested", _("Requested")
    IN_TRANSLATION = "in_translation", _("In translation")
    RECEIVED = "received", _("Received")
    CHECKED = "checked", _("Checked")


class SummaryTranslation(models.Model):
    """The executive summary in one of the six official languages (P&R paras 36, 43, 45)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=2)
    status = models.CharField(
        max_length=20, choices=TranslationStatus.choices, default=TranslationStatus.REQUESTED
    )
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"summary of {self.report_id} in {self.language}"


class FundingStatus(models.TextChoices):
    SOUGHT = "sought", _("Voluntary contributions sought")
    SECURED = "secured", _("Funded by voluntary contributions")
    UNAVAILABLE = "unavailable", _("No funding found")


class FurtherTranslation(models.Model):
    """A translation of the report into a further language at the request of the State under
    review, funded by voluntary contributions (P&R para 46)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="further_translations"
    )
    language = models.CharField(_("language"), max_length=60)
    funding = models.CharField(
        _("funding"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.SOUGHT
    )
    contributor = models.CharField(_("contributor"), max_length=200, blank=True)
    is_delivered = models.BooleanField(_("delivered"), default=False)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"translation of {self.report_id} into {self.language}"


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the decision of the State under review")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AccessRequest(models.Model):
    """Another State party's request to read a final report (P&R para 39)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="access_requests")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        max_length=10, choices=AccessStatus.choices, default=AccessStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "state"],
                condition=models.Q(status__in=["pending", "granted"]),
                name="one_open_access_request_per_state",
            ),
        ]

    def __str__(self) -> str:
        return f"access to {self.report_id} for {self.state_id} ({self.status})"


class Acknowledgement(models.Model):
    """A reader of the requesting State acknowledged the report's confidentiality (P&R para 39)
    before reading it."""

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["access_request", "person"], name="one_acknowledgement_per_reader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} acknowledged {self.access_request_id}"
