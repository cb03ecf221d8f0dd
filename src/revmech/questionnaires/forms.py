"""Forms of the questionnaire pages; the services do the checking that matters."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmech.questionnaires.models import NoteKind, Stakeholder


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    stakeholder_groups = forms.MultipleChoiceField(
        label=_("Stakeholders consulted"),
        choices=Stakeholder.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.CharField(
        label=_("Participants (bodies, organizations, companies)"), widget=forms.Textarea
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX, PNG, JPEG or text; at most 20 MB)"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    question_key = forms.CharField(required=False, widget=forms.HiddenInput)


class SupplementaryForm(forms.Form):
    text = forms.CharField(label=_("Supplementary information"), widget=forms.Textarea)
    question_key = forms.CharField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    question_key = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class RespondForm(forms.Form):
    note_id = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label=_("Outcome of the desk review"),
        required=False,
        widget=forms.Textarea(
            # No `cols`: the stylesheet gives text areas the whole width.
            attrs={"rows": 24, "cols": False, "dir": "auto", "aria-describedby": "outcome-marks"}
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DefinitionForm(forms.Form):
    document = forms.CharField(
        label=_("Definition (JSON, format revmech.questionnaire.v1)"),
        widget=forms.Textarea(attrs={"rows": 30, "dir": "ltr"}),
    )

    def clean_document(self) -> dict[str, Any]:
        try:
            value = json.loads(self.cleaned_data["document"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON: %(error)s"), params={"error": str(error)}
            ) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The definition must be a JSON object."))
        return value
