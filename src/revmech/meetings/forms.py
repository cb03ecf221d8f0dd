"""Forms of the secretariat for the register of sessions and documents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from revmech.meetings.models import LANGUAGES, Body, DocumentKind

DATE = forms.DateInput(attrs={"type": "date"})


class SessionForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=999)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=120)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=80,
        required=False,
        help_text=_("Leave empty for the next free symbol of the session."),
    )
    issued_on = forms.DateField(label=_("Date of issue"), widget=DATE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for code, label in LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": label},
                max_length=300,
                required=code == "en",
            )
            self.fields[f"file_{code}"] = forms.FileField(
                label=_("File in %(language)s (PDF or Word)") % {"language": label},
                required=False,
            )
