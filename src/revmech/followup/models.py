"""The follow-up of country reviews (P&R paras 7 (c), 15, 40, 41): technical assistance needs,
observations and the progress States report on them, working-group recommendations.

A need enters the register from any source (questionnaire, a request under para 15, a final
report, the State itself) through one service, `services.record_need`; the pair
(`source`, `source_key`) makes every intake idempotent. Rows are changed only by `services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import Article, Cluster, Instrument, State, WorkingGroup


class NeedSource(models.TextChoices):
    """Where a need was identified."""

    QUESTIONNAIRE = "questionnaire", _("Self-assessment questionnaire")
    REQUEST = "request", _("Request to the secretariat (P&R para 15)")
    REPORT = "report", _("Country review report")
    STATE = "state", _("Reported by the State")


class AssistanceType(models.TextChoices):
    """Types of technical assistance; the values are those of the questionnaire's answers."""

    LEGISLATIVE = "legislative", _("Legislative assistance and drafting")
    CAPACITY_BUILDING = "capacity_building", _("Capacity-building and training")
    INSTITUTIONAL = "institutional", _("Institution building")
    TECHNOLOGY = "technology", _("Equipment and technology")
    QUESTIONNAIRE = "questionnaire", _("Support to answer the questionnaire (P&R para 15)")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    """The priority the State gives to its own need (never compared across States)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    UNSTATED = "", _("Not stated")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    BEING_ADDRESSED = "being_addressed", _("Being addressed")
    ADDRESSED = "addressed", _("Addressed")


class Need(models.Model):
    """A technical assistance need of a State for one instrument (P&R paras 7 (c), 15, 33, 40)."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        "reviews.CountryReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assistance_type = models.CharField(
        _("type of assistance"), max_length=20, choices=AssistanceType.choices
    )
    description = models.TextField(_("description"))
    priority = models.CharField(
        _("priority given by the State"), max_length=10, choices=Priority.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED
    )
    provider = models.CharField(_("provided by"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=NeedSource.choices)
    source_key = models.CharField(max_length=200)
    # Published material (or the State's consent) lets the need feed public aggregates and
    # quotes; otherwise it is counted only where no State is named (P&R paras 37, 53 (b)).
    is_public = models.BooleanField(_("published or consented by the State"), default=False)
    identified_on = models.DateField(_("identified on"))
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["state__code", "instrument__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key"], name="need_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.state.code} {self.instrument.code} need #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("followup:need", kwargs={"need_id": self.pk})


class NeedUpdate(models.Model):
    """One change of a need's status or provider, with who made it (P&R para 40)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=NeedStatus.choices)
    provider = models.CharField(max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    # True when the State itself reports (P&R para 40: "whether ... have been addressed").
    is_reported_by_state = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.need}: {self.status} at {self.at:%Y-%m-%d}"


class FindingKind(models.TextChoices):
    """What a country review report says about an article (P&R para 33)."""

    OBSERVATION = "observation", _("Observation for implementation")
    SUCCESS = "success", _("Success")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    CHALLENGE = "challenge", _("Challenge")


class Finding(models.Model):
    """An observation, success, good practice or challenge of a final report (P&R paras 33, 41).

    Observations are followed up by the State's progress reports (para 41); the other kinds
    feed the thematic analysis for the Conference (para 7 (d)).
    """

    review = models.ForeignKey("reviews.CountryReview", on_delete=models.PROTECT, related_name="+")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("text"))
    source_key = models.CharField(max_length=200, unique=True)
    is_public = models.BooleanField(_("published or consented by the State"), default=False)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["state__code", "instrument__position", "pk"]

    def __str__(self) -> str:
        return f"{self.state.code} {self.instrument.code} {self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("followup:observation", kwargs={"finding_id": self.pk})

    @property
    def latest_progress(self) -> ProgressReport | None:
        """The last progress report (reads the prefetched reports, in submission order)."""
        reports = sorted(self.progress.all(), key=lambda r: (r.submitted_at, r.pk))
        return reports[-1] if reports else None

    @property
    def is_open(self) -> bool:
        latest = self.latest_progress
        return latest is None or latest.progress != Progress.IMPLEMENTED


class Progress(models.TextChoices):
    NONE = "none", _("No progress yet")
    PARTIAL = "partial", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")


class ProgressReport(models.Model):
    """What a State reports on one observation after its review (P&R para 41)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices)
    text = models.TextField(_("information on progress achieved"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"progress on {self.finding}: {self.progress}"


class Recommendation(models.Model):
    """A recommendation of a working group on technical assistance (P&R para 40).

    Recommendations are thematic (instrument, cluster, type): they name no State, so the
    report to the Conference never ranks (para 3 (b)).
    """

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assistance_type = models.CharField(
        _("type of assistance"), max_length=20, choices=AssistanceType.choices, blank=True
    )
    text = models.TextField(_("recommendation"))
    adopted_on = models.DateField(_("adopted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-adopted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.working_group.code} recommendation of {self.adopted_on}"
