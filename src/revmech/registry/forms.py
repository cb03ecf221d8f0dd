"""The secretariat's form to confirm or correct a treaty status (data/SOURCES.md)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.text import format_lazy
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


class RulebookVersionForm(forms.Form):
    """A new rulebook version (P&R para 6): its code, source, day in force and numbers."""

    code = forms.CharField(label=_("Code of the version"), max_length=40)
    source = forms.CharField(
        label=_("Source (decision of the Conference)"), max_length=200, required=False
    )
    effective_on = forms.DateField(
        label=_("In force from"), widget=forms.DateInput({"type": "date"})
    )
    rules = forms.CharField(
        label=_("Rules (JSON)"),
        widget=forms.Textarea(attrs={"rows": 16, "dir": "ltr"}),
        # The example is JSON, the same in every language: code, not words to translate (Django
        # renders a help text as HTML).
        help_text=format_lazy(
            _("Each rule as in the rulebook file, for example {example}."),
            example='<code>{"weeks": 3, "para": 23}</code>',
        ),
    )

    def clean_rules(self) -> dict[str, Any]:
        try:
            rules = json.loads(self.cleaned_data["rules"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The rules are not JSON: %(error)s (line %(line)s).")
                % {"error": error.msg, "line": error.lineno}
            ) from None
        if not isinstance(rules, dict):
            raise forms.ValidationError(_("The rules must be an object, one entry per rule."))
        return rules
