"""The audit log's filter form (GET), shared by the list page and the CSV export (P&R para 32)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class EntryFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=100,
        help_text=_("For example lots. or reviews.document"),
    )
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    review_id = forms.IntegerField(label=_("Country review number"), required=False, min_value=1)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first day comes after the last day."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of `selectors.entries_for`; call only on a valid form."""
        data = self.cleaned_data
        return {
            "action": data["action"].strip(),
            "actor": data["actor"].strip(),
            "review_id": data["review_id"],
            "since": data["since"],
            "until": data["until"],
        }
