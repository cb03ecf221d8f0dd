"""Forms of the country review pages: each move carries the version it was read at."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmech.reviews.models import (
    AssistanceStatus,
    MeetingKind,
    RequestKind,
    Stage,
    WorkingLanguage,
)


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


# The constructive dialogue, visits, documents, technical assistance and references
# (P&R paras 15, 28-31). Objects of the review are named by a hidden id; the view finds them
# within the review only.


def _text(label: str | Any, rows: int = 4, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=20000,
        required=required,
        **kwargs,
    )


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class AskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    text = _text(_("Request or question"))


class AnswerForm(forms.Form):
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    text = _text(_("Answer"))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(format="%Y-%m-%dT%H:%M"),
        help_text=_("In the time zone of the platform."),
    )
    participants = _text(_("Participants"), rows=3)


class MinutesForm(forms.Form):
    meeting_id = forms.IntegerField(widget=forms.HiddenInput)
    minutes = _text(_("Minutes"), rows=5)


class VisitProposalForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    purpose = _text(_("Purpose"), rows=3, required=False)


class VisitDecisionForm(forms.Form):
    visit_id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("agree", "agree"), ("decline", "decline")])


class VisitRecordForm(forms.Form):
    visit_id = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    stakeholders_met = _text(
        _("National stakeholders met"),
        rows=5,
        help_text=_("One per line: authorities, private sector, civil society (P&R para 31)."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title of a new document"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when uploading a new version of a document below."),
    )
    document_id = forms.TypedChoiceField(
        label=_("Or a new version of"), coerce=int, required=False, empty_value=None
    )
    file = forms.FileField(label=_("File"))

    def __init__(
        self, *args: Any, documents: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document_id"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        field.choices = [("", _("(a new document)")), *(documents or [])]


class AssistanceForm(forms.Form):
    need = _text(
        _("Technical assistance needed to answer the questionnaire"),
        help_text=_("Subject to the availability of voluntary contributions (P&R para 15)."),
    )


class AssistanceUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AssistanceStatus.choices)
    notes = _text(_("Notes"), rows=3, required=False)


class AssistanceFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *AssistanceStatus.choices],
        required=False,
    )


class ReferenceForm(forms.Form):
    mechanism = forms.CharField(label=_("Mechanism or organization"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)


class PhaseCalendarForm(forms.Form):
    """P&R paras 9-11: the start of a phase, of each of its review years, and its planned end."""

    phase = forms.IntegerField(label=_("Review phase"), min_value=1, max_value=99)
    starts_on = forms.DateField(
        label=_("Start of the phase"), widget=forms.DateInput({"type": "date"})
    )
    year_starts = forms.CharField(
        label=_("Start of each review year"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One date per line (YYYY-MM-DD), year 1 first."),
    )
    planned_end_on = forms.DateField(
        label=_("Planned end of the phase"), widget=forms.DateInput({"type": "date"})
    )
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def clean_year_starts(self) -> list[date]:
        days = []
        for line in self.cleaned_data["year_starts"].split():
            try:
                days.append(date.fromisoformat(line.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(text)s” is not a date written YYYY-MM-DD.") % {"text": line}
                ) from None
        return days


class AssignmentForm(forms.Form):
    """The head of the secretariat assigns, unassigns or hands over a review (P&R para 42)."""

    ACTIONS = (
        ("assign", _("Assign")),
        ("unassign", _("Unassign")),
        ("reassign", _("Hand over to")),
    )
    action = forms.ChoiceField(label=_("Change"), choices=ACTIONS)
    person = forms.TypedChoiceField(label=_("Member of the secretariat"), coerce=int)
    to_person = forms.TypedChoiceField(
        label=_("Hand over to"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, staff: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = staff  # type: ignore[attr-defined]
        self.fields["to_person"].choices = [("", "—"), *staff]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "reassign" and not data.get("to_person"):
            self.add_error("to_person", _("Choose who takes the review over."))
        return data
