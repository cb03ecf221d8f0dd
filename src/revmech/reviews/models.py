"""The country review (P&R paras 18, 20, 23-35): who is reviewed, by whom, in which year.

Confirming a draw of lots creates the reviews; their later stages are built on this model.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import Instrument, State


class Stage(models.TextChoices):
    """The stages of a country review, in order (P&R paras 23-34)."""

    DRAWN = "drawn", _("Drawn")
    CONSULTATIONS = "consultations", _("Consultations")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment in preparation")
    DESK_REVIEW = "desk_review", _("Desk review")
    DIALOGUE = "dialogue", _("Constructive dialogue")
    DRAFT_REPORT = "draft_report", _("Draft report")
    AGREED = "agreed", _("Report agreed")
    COMMUNICATED = "communicated", _("Communicated to the secretariat")


class EventKind(models.TextChoices):
    """What happened in a review; the names are those `rules.calendar` counts periods from."""

    CONSULTATIONS_OPENED = "consultations_opened", _("Consultations opened")
    CONSULTATIONS_HELD = "consultations_held", _("Schedule and working languages agreed")
    SELF_ASSESSMENT_RECEIVED = "self_assessment_received", _("Self-assessment received")
    DESK_REVIEW_SENT = "desk_review_sent", _("Outcome of the desk review sent")
    DRAFT_REPORT_PREPARED = "draft_report_prepared", _("Draft report prepared")
    REPORT_AGREED_BY_STATE = "report_agreed_by_state", _("Report agreed by a State")
    REPORT_AGREED = "report_agreed", _("Report agreed by all three States")
    REPORT_COMMUNICATED = "report_communicated", _("Report communicated to the secretariat")


class WorkingLanguage(models.TextChoices):
    """The working languages of the Mechanism (P&R para 44)."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    OVERDUE = "overdue", _("Deadline passed")


class Seat(models.TextChoices):
    SAME_GROUP = "same_group", _("From the regional group of the State under review")
    OTHER_GROUP = "other_group", _("From another regional group")


class CountryReview(models.Model):
    state_under_review = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reviews")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="reviews")
    phase = models.PositiveSmallIntegerField(_("review phase"))
    year = models.PositiveSmallIntegerField(_("year of the phase"))
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAWN)
    draw = models.ForeignKey(
        "lots.Draw", on_delete=models.PROTECT, related_name="reviews", null=True, blank=True
    )
    rulebook_version = models.CharField(max_length=40, blank=True)
    drawn_on = models.DateField(_("date of the drawing of lots"))
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    schedule = models.TextField(_("agreed schedule"), blank=True)
    # Optimistic locking: every move updates the row only if `version` is still the one read.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["phase", "instrument__position", "state_under_review__code"]
        constraints = [
            # No State party shall undergo a review twice in the same phase (P&R para 10).
            models.UniqueConstraint(
                fields=["state_under_review", "instrument", "phase"], name="review_once_per_phase"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1, year__lte=4), name="review_year_in_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_under_review.code} {self.instrument.code} phase {self.phase}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"review_id": self.pk})

    @property
    def working_language_labels(self) -> list[str]:
        """The agreed working languages by name, in the reader's language (P&R para 44)."""
        names = dict(WorkingLanguage.choices)
        return [str(names.get(code, code)) for code in self.working_languages]


class ReviewingState(models.Model):
    """One of the two reviewing States of a review, in its seat (P&R para 20)."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="reviewers")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reviewing")
    seat = models.CharField(max_length=20, choices=Seat.choices)

    class Meta:
        ordering = ["seat"]
        constraints = [
            models.UniqueConstraint(fields=["review", "seat"], name="one_state_per_seat"),
            models.UniqueConstraint(fields=["review", "state"], name="reviewer_once_per_review"),
        ]

    def __str__(self) -> str:
        return f"{self.state.code} ({self.get_seat_display()}) for {self.review}"


class ReviewEvent(models.Model):
    """One step taken in a review, with its date (P&R paras 23-34); never edited or deleted."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The State that agreed, for `report_agreed_by_state` (P&R para 34).
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "state"],
                condition=models.Q(kind="report_agreed_by_state"),
                name="one_agreement_per_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.kind} on {self.occurred_on}"


class Reminder(models.Model):
    """A reminder mail sent to one person for one step of one review, at most once (P&R 23-33).

    The unique key is the whole guarantee: the row is inserted, then the mail sent, in one
    transaction (see `services.send_reminder` and docs/reviews.md).
    """

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "step", "kind", "person"], name="one_reminder_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.step} {self.kind} to {self.person_id}"


class CalendarFeed(models.Model):
    """A person's secret iCalendar address; only the token's SHA-256 digest is kept."""

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calendar feed of {self.person_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
