"""Forms of the country review pages: each move carries the version it was read at."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmech.reviews.models import Stage, WorkingLanguage


class MoveForm(forms.Form):
    """A move with nothing to fill in; `version` makes a stale page fail loudly."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ConsultationsForm(MoveForm):
    """P&R paras 23, 44: the schedule and the working language or languages agreed."""

    working_languages = forms.MultipleChoiceField(
        label=_("Working languages agreed"),
        choices=WorkingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    schedule = forms.CharField(
        label=_("Schedule agreed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The dates agreed for the steps of the review, and how tasks are divided."),
    )


class AgreeForm(MoveForm):
    state_code = forms.ChoiceField(label=_("On behalf of"))

    def __init__(self, *args: Any, states: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["state_code"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        field.choices = [(code, code) for code in states]


class OverviewFilter(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    phase = forms.IntegerField(label=_("Phase"), min_value=1, required=False)
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)
    working_group = forms.ChoiceField(label=_("Working group"), required=False)

    def __init__(
        self,
        *args: Any,
        instruments: list[tuple[str, str]],
        working_groups: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, everything, choices in (
            ("instrument", _("All instruments"), instruments),
            ("working_group", _("All working groups"), working_groups),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
            field.choices = [("", everything), *choices]
