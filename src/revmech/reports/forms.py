"""Forms of the report pages; every text goes through `richtext.clean` in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from revmech.reports import richtext
from revmech.reports.models import CommentKind, NeedKind, Priority
from revmech.reports.services import TAKE_CHOICES


class StartForm(forms.Form):
    take = forms.MultipleChoiceField(
        label=_("Take into the first draft"),
        choices=TAKE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SectionForm(forms.Form):
    """One section's text in the editor; `based_on` is the revision it was read at."""

    section = forms.IntegerField(widget=forms.HiddenInput)
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = ProseEditorFormField(
        label=_("Text of the section"),
        required=False,
        config={"extensions": richtext.EDITOR_EXTENSIONS},
        sanitize=False,  # sanitised once, in the service (richtext.clean)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Arabic and the other languages: the text keeps its own direction.
        self.fields["text"].widget.attrs.update({"dir": "auto", "rows": 14})


class CommentForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CommentKind.choices, initial=CommentKind.COMMENT
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class NeedForm(forms.Form):
    need = forms.IntegerField(widget=forms.HiddenInput, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)
    kind = forms.ChoiceField(label=_("Type of assistance"), choices=NeedKind.choices)
    article = forms.CharField(label=_("Article"), max_length=20)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )


class ApproveForm(forms.Form):
    state = forms.CharField(max_length=3)
    version = forms.IntegerField(min_value=1)
    digest = forms.CharField(max_length=64, min_length=64)


class WordForm(forms.Form):
    document = forms.FileField(label=_("Edited Word document (DOCX) exported from this report"))
