"""Forms of the report pages; every text goes through `richtext.clean` in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from revmech.meetings.models import Session
from revmech.reports import richtext
from revmech.reports.models import (
    CommentKind,
    FundingStatus,
    NeedKind,
    Priority,
    TranslationStatus,
)
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


class TranslationForm(forms.Form):
    language = forms.CharField(widget=forms.HiddenInput, max_length=2)
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label=_("Status"), choices=TranslationStatus.choices)
    text = forms.CharField(
        label=_("Text of the summary in this language"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    upload = forms.FileField(label=_("Or upload it as DOCX"), required=False)


class PublishSummaryForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Session of the working group"), queryset=Session.objects.all()
    )
    issued_on = forms.DateField(label=_("Date of issue"))
    symbol = forms.CharField(
        label=_("Symbol (empty: the next free one)"), required=False, max_length=80
    )


class FurtherTranslationForm(forms.Form):
    language = forms.CharField(label=_("Language"), max_length=60)
    funding = forms.ChoiceField(label=_("Funding"), choices=FundingStatus.choices)
    contributor = forms.CharField(label=_("Contributor"), max_length=200, required=False)


class AccessRequestForm(forms.Form):
    state = forms.CharField(max_length=3, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why your State asks to read the report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
