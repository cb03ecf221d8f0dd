"""Forms of the draw meeting: opening a draw, redraw and deferral requests (P&R paras 20, 21)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from revmech.registry import models as registry
from revmech.rules import RuleViolation
from revmech.rules import lots as lot_rules
from revmech.web.refusals import explain

INSTRUMENT_CHOICES = [
    ("UNTOC", "UNTOC"),
    ("TIP", "TIP"),
    ("SOM", "SOM"),
    ("FIREARMS", "FIREARMS"),
]


class OpenDrawForm(forms.Form):
    phase = forms.IntegerField(label=_("Review phase"), min_value=1, max_value=9)
    title = forms.CharField(label=_("Meeting"), max_length=200)
    held_on = forms.DateField(
        label=_("Date of the meeting"), widget=forms.DateInput(attrs={"type": "date"})
    )
    seed = forms.CharField(
        label=_("Seed"),
        max_length=500,
        required=False,
        help_text=_(
            "The public seed fixed in the meeting, for example digits drawn in the room. "
            "Leave it empty to combine the secrets revealed by the regional groups below."
        ),
    )
    commitments = forms.CharField(
        label=_("Commitments published before the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: participant, a colon, the SHA-256 published beforehand."),
    )
    reveals = forms.CharField(
        label=_("Secrets revealed in the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: participant, a colon, the secret revealed."),
    )
    deferrals = forms.CharField(
        label=_("Deferrals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: State code and instrument, e.g. FRA UNTOC (P&R para 21)."),
    )

    @staticmethod
    def _pairs(text: str, field: str) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            participant, _colon, value = line.strip().partition(":")
            participant, value = participant.strip(), value.strip()
            if not participant or not value:
                raise forms.ValidationError(
                    _("%(field)s, line %(line)s: write the participant, a colon and the value."),
                    params={"field": field, "line": number},
                )
            pairs[participant] = value
        return pairs

    def clean(self) -> dict[str, Any]:
        """The seed: typed in, or combined from the revealed secrets (docs/lots.md)."""
        data = super().clean() or {}
        commitments = self._pairs(data.get("commitments", ""), str(_("Commitments")))
        reveals = self._pairs(data.get("reveals", ""), str(_("Secrets")))
        data["seed_procedure"] = {"method": "typed in the meeting"}
        if commitments or reveals:
            try:
                data["seed"] = lot_rules.seed_from_reveals(commitments, reveals)
            except RuleViolation as refusal:
                raise forms.ValidationError(explain(refusal)) from None
            data["seed_procedure"] = {
                "method": "commit and reveal",
                "commitments": commitments,
                "reveals": reveals,
            }
        elif not data.get("seed", "").strip():
            raise forms.ValidationError(
                _("Give the seed, or the commitments and the secrets revealed in the meeting.")
            )
        data.pop("commitments", None)
        data.pop("reveals", None)
        return data

    def clean_deferrals(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["deferrals"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or parts[1].upper() not in dict(INSTRUMENT_CHOICES):
                raise forms.ValidationError(
                    _("Line %(line)s: write a State code and an instrument, e.g. FRA UNTOC."),
                    params={"line": number},
                )
            rows.append({"state": parts[0].upper(), "instrument": parts[1].upper()})
        return rows


def state_choices() -> list[tuple[str, str]]:
    """Every State by its name in the reader's language, alphabetically (not a ranking)."""
    named = [(s.code, s.display_name) for s in registry.State.objects.all()]
    return [("", "—"), *sorted(named, key=lambda choice: choice[1].casefold())]


def instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, i.short_name) for i in registry.Instrument.objects.order_by("position")]


class StateField(forms.ChoiceField):
    """A State picked by its name; the code is what is posted (a typed code in any case is
    accepted too, for scripts)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=state_choices, **kwargs)

    def to_python(self, value: object) -> str:
        return str(super().to_python(value)).strip().upper()


class InstrumentField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=instrument_choices, **kwargs)

    def to_python(self, value: object) -> str:
        return str(super().to_python(value)).strip().upper()


class RedrawForm(forms.Form):
    instrument = InstrumentField(label=_("Instrument"))
    state_under_review = StateField(label=_("State under review"))
    struck = StateField(label=_("Reviewing State to replace"))
    requested_by = StateField(label=_("Requested by (State)"))
    exception_reason = forms.CharField(
        label=_("Reason for an exceptional redraw"),
        required=False,
        max_length=1000,
        help_text=_("Needed only beyond two requests by the same State for the same review."),
    )
    allowed_by = forms.CharField(label=_("Exception allowed by"), required=False, max_length=200)


class ExceptionForm(forms.Form):
    """An exception to the group rule recorded by the meeting (P&R para 20), per instrument."""

    instrument = InstrumentField(label=_("Instrument"))
    allowed_by = forms.CharField(label=_("Exception allowed by"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        help_text=_(
            "The States alone in their regional group for the instrument are then reviewed by"
            " two States of other regional groups."
        ),
    )


class DeferralForm(forms.Form):
    state = StateField(label=pgettext_lazy("country", "State"))
    instrument = InstrumentField(label=_("Instrument"))


class VolunteerForm(forms.Form):
    """P&R para 52: a signatory volunteering to be reviewed for an instrument."""

    state = forms.CharField(label=_("State (code)"), max_length=3)
    instrument = forms.CharField(label=_("Instrument (code)"), max_length=20)
