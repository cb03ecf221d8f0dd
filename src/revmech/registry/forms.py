"""The secretariat's form to confirm or correct a treaty status (data/SOURCES.md)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmParticipationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("party", _("Party")), ("signatory", _("Signatory")), ("none", _("Not a party"))],
    )
    deposited_on = forms.DateField(
        label=_("Date of deposit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("For example the depositary notification and its date."),
    )
