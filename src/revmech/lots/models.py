"""A draw of lots for a review phase, persisted as the replayable protocol of `revmech.rules.lots`.

The protocol is the record: the outcome shown on every page is derived from it, and anyone can
check it with `revmech lots verify`. `version` guards against two people acting on the same
draw at once (the later action is refused and told to reload).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Draw(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        CONFIRMED = "confirmed", _("Confirmed")

    phase = models.PositiveSmallIntegerField(_("review phase"))
    title = models.CharField(_("meeting"), max_length=200)
    held_on = models.DateField(_("date of the meeting"))
    seed = models.CharField(_("seed"), max_length=500)
    seed_procedure = models.JSONField(_("how the seed was fixed"), default=dict, blank=True)
    protocol = models.JSONField(_("protocol"), default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase"],
                condition=models.Q(status="confirmed"),
                name="one_confirmed_draw_per_phase",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"

    def get_absolute_url(self) -> str:
        return reverse("lots:public_detail", kwargs={"draw_id": self.pk})

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def events(self) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.protocol.get("events", [])
        return events


class Volunteer(models.Model):
    """A signatory reviewed on a voluntary basis in a phase already drawn (P&R para 52): the
    lots drawn for it (year and two reviewing States, `rules.lots.volunteers`), recorded once."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="volunteers")
    state = models.ForeignKey("registry.State", on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(
        "registry.Instrument", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.JSONField(default=dict)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "state", "instrument"], name="volunteer_once_per_draw"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state_id} volunteers for {self.instrument_id} in {self.draw_id}"
