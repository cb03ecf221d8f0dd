"""Forms of the follow-up pages; changes carry the version they were read at."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmech.followup.models import AssistanceType, NeedStatus, Priority, Progress


class NeedForm(forms.Form):
    """A need a State enters itself (or the secretariat records for it)."""

    state = forms.ChoiceField(label=_("State"))
    instrument = forms.ChoiceField(label=_("Instrument"))
    assistance_type = forms.ChoiceField(
        label=_("Type of assistance"), choices=AssistanceType.choices
    )
    article = forms.CharField(
        label=_("Article"),
        max_length=10,
        required=False,
        help_text=_("The number of the article concerned, if any (for example 5 or 11(a))."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    priority = forms.ChoiceField(
        label=_("Priority given by the State"), choices=Priority.choices, required=False
    )

    def __init__(
        self,
        *args: Any,
        states: list[tuple[str, str]],
        instruments: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = states  # type: ignore[attr-defined]
        self.fields["instrument"].choices = instruments  # type: ignore[attr-defined]


class NeedFilter(forms.Form):
    state = forms.CharField(label=_("State code"), max_length=3, required=False)
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *NeedStatus.choices], required=False
    )
    assistance_type = forms.ChoiceField(
        label=_("Type of assistance"),
        choices=[("", _("All types")), *AssistanceType.choices],
        required=False,
    )

    def __init__(self, *args: Any, instruments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [  # type: ignore[attr-defined]
            ("", _("All instruments")),
            *instruments,
        ]


class UpdateNeedForm(forms.Form):
    """The secretariat: status and who provides the assistance."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    provider = forms.CharField(label=_("Provided by"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


class ReportNeedForm(forms.Form):
    """The State: whether its need has been addressed (P&R para 40)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    is_addressed = forms.TypedChoiceField(
        label=_("Has the need been addressed?"),
        choices=[("yes", _("Yes")), ("no", _("Not yet"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What the State reports"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ProgressForm(forms.Form):
    """The State: progress achieved on one observation (P&R para 41)."""

    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    text = forms.CharField(
        label=_("Information on progress achieved"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )


class RecommendationForm(forms.Form):
    """A recommendation the working group adopted (P&R para 40): thematic, naming no State."""

    text = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)
    assistance_type = forms.ChoiceField(
        label=_("Type of assistance"),
        choices=[("", _("All types")), *AssistanceType.choices],
        required=False,
    )

    def __init__(self, *args: Any, instruments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instruments  # type: ignore[attr-defined]
