"""What the secretariat plans and accounts for to run the Mechanism (P&R paras 15, 42-51).

Money is decimal with its currency (django-money), never a float; amounts in different
currencies are never added together, and a conversion is made only with an exchange rate
recorded with its date and source (`ExchangeRate`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from revmech.registry.models import State
from revmech.reviews.models import CountryReview, CountryVisit, WorkingLanguage

MONEY = {"max_digits": 14, "decimal_places": 2, "default_currency": "USD"}


class Activity(models.TextChoices):
    """What the Mechanism spends on (paras 46-50)."""

    MEETINGS = "meetings", _("Meetings of the working groups")
    TRANSLATION = "translation", _("Translation of executive summaries")
    COUNTRY_VISITS = "visits", _("Country visits")
    TRAINING = "training", _("Training of governmental experts")
    TECHNICAL_ASSISTANCE = "assistance", _("Technical assistance")
    PLATFORM = "platform", _("The platform and its operation")


class Source(models.TextChoices):
    """Where the money comes from (para 49)."""

    REGULAR = "regular", _("Regular budget")
    EXTRABUDGETARY = "extrabudgetary", _("Extrabudgetary resources")


class BudgetProposal(models.Model):
    """The biennial budget proposal for the Mechanism (paras 49, 50); revised as versions."""

    first_year = models.PositiveSmallIntegerField(_("first year of the biennium"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")

    def __str__(self) -> str:
        return str(
            _("Budget proposal %(first)s-%(second)s")
            % {"first": self.first_year, "second": self.first_year + 1}
        )

    def get_absolute_url(self) -> str:
        return reverse("secretariat:budget", kwargs={"proposal_id": self.pk})

    @property
    def years(self) -> tuple[int, int]:
        return (self.first_year, self.first_year + 1)


class BudgetVersion(models.Model):
    """One version of a proposal, never changed once saved: a revision is a new version."""

    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="one_budget_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


class BudgetLine(models.Model):
    objects = models.Manager()

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    amount = MoneyField(_("amount"), **MONEY)  # type: ignore[no-untyped-call]
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "activity", "source", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.activity} {self.source}: {self.amount}"


class Purpose(models.TextChoices):
    """What a voluntary contribution is for (paras 15, 46, 48)."""

    GENERAL = "general", _("General purposes of the Mechanism")
    COUNTRY_VISITS = "visits", _("Country visits")
    TRANSLATION = "translation", _("Translation into further languages")
    TECHNICAL_ASSISTANCE = "assistance", _("Technical assistance")
    TRAINING = "training", _("Training")


class Contribution(models.Model):
    """A voluntary contribution (para 47): free of conditions and influence, or not accepted."""

    # Declared, so that type checkers see it; django-money wraps it for Money lookups.
    objects = models.Manager()

    donor = models.CharField(_("donor"), max_length=200)
    donor_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = MoneyField(_("amount"), **MONEY)  # type: ignore[no-untyped-call]
    received_on = models.DateField(_("date received"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    # Recorded only when the secretariat has confirmed it (para 47); the service refuses otherwise.
    free_of_conditions = models.BooleanField(_("free of conditions and influence"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(free_of_conditions=True), name="contribution_without_conditions"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="contribution_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.donor}: {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("secretariat:contribution", kwargs={"contribution_id": self.pk})


class ExchangeRate(models.Model):
    """One unit of `from_currency` is worth `rate` units of `to_currency` on `on`."""

    from_currency = models.CharField(max_length=3)
    to_currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=18, decimal_places=8)
    on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "from_currency", "to_currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "on"], name="one_rate_a_day"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate} {self.to_currency} ({self.on})"


class NeedKind(models.TextChoices):
    COUNTRY_VISIT = "visit", _("Country visit")
    TRANSLATION = "translation", _("Translation into a further language")
    TRAINING = "training", _("Training")
    SUPPORT = "support", _("Technical or substantive support")


# Which contributions may pay for which kind of work: a general one, or one given for it.
PURPOSES_FOR = {
    NeedKind.COUNTRY_VISIT: (Purpose.GENERAL, Purpose.COUNTRY_VISITS),
    NeedKind.TRANSLATION: (Purpose.GENERAL, Purpose.TRANSLATION),
    NeedKind.TRAINING: (Purpose.GENERAL, Purpose.TRAINING),
    NeedKind.SUPPORT: (Purpose.GENERAL, Purpose.TECHNICAL_ASSISTANCE),
}


class FundingNeed(models.Model):
    """Work that waits for funding: a country visit, a translation into a further language,
    a course, a State's request for support (paras 15, 42, 46, 48)."""

    # Declared, so that type checkers see it; django-money wraps it for Money lookups.
    objects = models.Manager()

    kind = models.CharField(_("kind"), max_length=12, choices=NeedKind.choices)
    description = models.CharField(_("description"), max_length=300)
    review = models.ForeignKey(
        CountryReview, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visit = models.ForeignKey(
        CountryVisit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Any language (para 46): a BCP 47 code such as "pt" or "sw", named by Babel on the pages.
    language = models.CharField(_("language"), max_length=12, blank=True)
    estimate = MoneyField(_("estimated cost"), **MONEY)  # type: ignore[no-untyped-call]
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description


class Funding(models.Model):
    """Part of a contribution spent on a need, in the contribution's currency."""

    # Declared, so that type checkers see it; django-money wraps it for Money lookups.
    objects = models.Manager()

    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="fundings"
    )
    need = models.ForeignKey(FundingNeed, on_delete=models.PROTECT, related_name="fundings")
    amount = MoneyField(_("amount"), **MONEY)  # type: ignore[no-untyped-call]
    # When the need's estimate is in another currency: the rate used, recorded with its date.
    rate = models.ForeignKey(ExchangeRate, on_delete=models.PROTECT, null=True, blank=True)
    funded_at = models.DateTimeField()
    funded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["funded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} → {self.need_id}"


class Course(models.Model):
    """A course for governmental experts (para 42)."""

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    language = models.CharField(_("language"), max_length=2, choices=WorkingLanguage.choices)
    place = models.CharField(_("place"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="course_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("secretariat:course", kwargs={"course_id": self.pk})


class Participant(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    completed = models.BooleanField(_("completed the course"), default=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name", "state"], name="one_participation")
        ]

    def __str__(self) -> str:
        return self.name


class SupportKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical support")
    SUBSTANTIVE = "substantive", _("Substantive support")


class SupportRequest(models.Model):
    """A State's request for technical and substantive support (para 42)."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=SupportKind.choices)
    description = models.TextField(_("request"))
    received_on = models.DateField(_("date received"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("date answered"), null=True, blank=True)
    need = models.ForeignKey(
        FundingNeed, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.state_id}: {self.kind} ({self.received_on})"
