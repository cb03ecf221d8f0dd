"""States, instruments, articles, clusters, workplans, participation (P&R paras 8, 9, 18, 52).

Texts that come in six languages (names of States, titles of articles) are stored side by side
as JSON keyed by language code and read with `localized()`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Language codes of the data files; Django's "zh-hans" is the data's "zh".
_DATA_LANGUAGE = {"zh-hans": "zh", "zh": "zh"}


def localized(texts: dict[str, str] | Any, language: str | None = None) -> str:
    """The text in the active (or given) language, falling back to English."""
    if not isinstance(texts, dict):
        return str(texts)
    lang = language or translation.get_language() or "en"
    key = _DATA_LANGUAGE.get(lang.lower(), lang.split("-")[0].lower())
    return str(texts.get(key) or texts.get("en") or "")


class RegionalGroup(models.TextChoices):
    AFRICAN = "African", _("African States")
    ASIA_PACIFIC = "Asia-Pacific", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "Eastern European", _("Eastern European States")
    LATIN_AMERICAN_AND_CARIBBEAN = (
        "Latin American and Caribbean",
        _("Latin American and Caribbean States"),
    )
    WESTERN_EUROPEAN_AND_OTHERS = (
        "Western European and others",
        _("Western European and other States"),
    )


# The legal-system families of the reference data (`rules.reference.LEGAL_SYSTEM_COMPONENTS`).
LEGAL_SYSTEMS = {
    "civil law": _("civil law"),
    "common law": _("common law"),
    "customary law": _("customary law"),
    "Muslim law": _("Muslim law"),
    "other religious law": _("other religious law"),
}


class TreatyStatus(models.TextChoices):
    PARTY = "party", _("Party")
    SIGNATORY = "signatory", _("Signatory")
    NONE = "none", _("Not a party")
    UNVERIFIED = "", _("To be confirmed")


class State(models.Model):
    """A State (or a regional economic integration organization such as the EU)."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    names = models.JSONField(_("names in the six languages"), default=dict)
    regional_group = models.CharField(
        _("regional group"), max_length=40, choices=RegionalGroup.choices, blank=True
    )
    legal_system = models.CharField(_("legal system"), max_length=200, blank=True)
    uncac_status = models.CharField(
        _("UNCAC"), max_length=10, choices=TreatyStatus.choices, blank=True
    )
    is_regional_organization = models.BooleanField(
        _("regional economic integration organization"), default=False
    )
    notes = models.TextField(_("notes on the sources"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = pgettext_lazy("country", "State")
        verbose_name_plural = pgettext_lazy("country", "States")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("registry:state", kwargs={"code": self.code})

    @property
    def display_name(self) -> str:
        return localized(self.names) or self.name

    def get_legal_system_display(self) -> str:
        """The legal-system family in the active language: "mixed: civil law + common law"
        is said with the translated names of its families (data/SOURCES.md)."""
        text = self.legal_system.strip()
        if not text.startswith("mixed:"):
            return str(LEGAL_SYSTEMS.get(text, text))
        families = [f.strip() for f in text.removeprefix("mixed:").split("+") if f.strip()]
        return _("mixed: %(families)s") % {
            "families": " + ".join(str(LEGAL_SYSTEMS.get(f, f)) for f in families)
        }


class Instrument(models.Model):
    """The Convention or one of its three Protocols."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    short_names = models.JSONField(default=dict)
    titles = models.JSONField(default=dict)
    adopted_by_texts = models.JSONField(default=dict)
    adopted_on = models.DateField(null=True, blank=True)
    entered_into_force_on = models.DateField(null=True, blank=True)
    working_groups = models.JSONField(default=list)

    class Meta:
        ordering = ["position"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("registry:instrument", kwargs={"code": self.code})

    @property
    def short_name(self) -> str:
        return localized(self.short_names) or self.code

    @property
    def title(self) -> str:
        return localized(self.titles)

    @property
    def adopted_by(self) -> str:
        """The adopting resolution ("General Assembly resolution 55/25") in the active language."""
        return localized(self.adopted_by_texts)


class WorkingGroup(models.Model):
    code = models.CharField(max_length=20, unique=True)
    names = models.JSONField(default=dict)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return localized(self.names) or self.code


class Article(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(max_length=10)
    position = models.PositiveSmallIntegerField()
    titles = models.JSONField(default=dict)

    class Meta:
        ordering = ["instrument__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="article_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} art. {self.number}"

    @property
    def title(self) -> str:
        return localized(self.titles)


class ClusterSet(models.Model):
    """One version of the clusters and workplan (App. I or II; amendable, paras 6, 8, 9)."""

    code = models.CharField(max_length=40, unique=True)
    labels = models.JSONField(default=dict)
    source_texts = models.JSONField(default=dict)
    notes_texts = models.JSONField(default=dict)
    is_default = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return localized(self.labels) or self.code

    @property
    def source(self) -> str:
        return localized(self.source_texts)

    @property
    def notes(self) -> str:
        return localized(self.notes_texts)


class Cluster(models.Model):
    cluster_set = models.ForeignKey(ClusterSet, on_delete=models.CASCADE, related_name="clusters")
    code = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    names = models.JSONField(default=dict)

    class Meta:
        ordering = ["cluster_set__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_set", "code"], name="cluster_unique_code")
        ]

    def __str__(self) -> str:
        return localized(self.names) or self.code


class ClusterArticle(models.Model):
    """An article (or part of one, such as "11(a)") placed in a cluster."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="entries")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="cluster_entries")
    part = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=40, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.cluster} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.article.number}{self.part}"


class WorkplanEntry(models.Model):
    """A row of the multi-year workplan (App. I Table 2)."""

    cluster_set = models.ForeignKey(ClusterSet, on_delete=models.CASCADE, related_name="workplan")
    years = models.CharField(max_length=10)
    phase = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField()
    clusters = models.ManyToManyField(Cluster, blank=True)

    class Meta:
        ordering = ["cluster_set__position", "position"]

    def __str__(self) -> str:
        return f"{self.cluster_set.code}: years {self.years}"


class Participation(models.Model):
    """A State's status under one instrument; an empty status is "to be confirmed"."""

    class Source(models.TextChoices):
        REFERENCE = "reference", _("reference data")
        SECRETARIAT = "secretariat", _("confirmed by the secretariat")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="participations")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="participations"
    )
    status = models.CharField(max_length=10, choices=TreatyStatus.choices, blank=True)
    deposited_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.REFERENCE)

    class Meta:
        ordering = ["state__code", "instrument__position"]
        constraints = [
            models.UniqueConstraint(fields=["state", "instrument"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.state.code} {self.instrument.code}: {self.get_status_display()}"

    @property
    def is_party(self) -> bool:
        return self.status == TreatyStatus.PARTY

    @property
    def is_verified(self) -> bool:
        return self.status != TreatyStatus.UNVERIFIED


class ParticipationChange(models.Model):
    """The history of a status: every confirmation or correction, with its date and source."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="changes"
    )
    old_status = models.CharField(max_length=10, blank=True)
    old_deposited_on = models.DateField(null=True, blank=True)
    new_status = models.CharField(max_length=10, blank=True)
    new_deposited_on = models.DateField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    changed_by = models.CharField(max_length=150)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.participation}: {self.old_status or '?'} -> {self.new_status}"


class RulebookVersion(models.Model):
    """A version of the rulebook (P&R para 6), loaded from `data/rulebook.json` or added by the
    secretariat; it governs events from `effective_on` (empty: from the start) until a later
    version takes effect. Versions are kept, never edited (see `registry.rulebooks`)."""

    code = models.CharField(max_length=40, unique=True)
    source = models.CharField(max_length=200, blank=True)
    is_default = models.BooleanField(default=False)
    rules = models.JSONField(default=dict)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    added_by = models.CharField(max_length=150, blank=True)
    added_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = [models.F("effective_on").asc(nulls_first=True), "pk"]

    def __str__(self) -> str:
        return self.code
