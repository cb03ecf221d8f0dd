"""The country review (P&R paras 18, 20, 23-35): who is reviewed, by whom, in which year.

Confirming a draw of lots creates the reviews; their later stages are built on this model.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import Instrument, State


class Stage(models.TextChoices):
    DRAWN = "drawn", _("Drawn")


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
