"""Forms of the NGO briefing pages (P&R para 53)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from revmech.accounts.models import AppointmentStatus, Person, Role
from revmech.civil_society.models import ConsultativeStatus, Organization, Representative
from revmech.meetings.models import Body, Session
from revmech.registry.models import State

DATE = forms.DateInput(attrs={"type": "date"})


class SessionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.starts_on.isoformat()} / {obj.ends_on.isoformat()})"


def conference_sessions() -> QuerySet[Session]:
    return Session.objects.filter(body=Body.CONFERENCE).order_by("-starts_on")


def working_group_sessions() -> QuerySet[Session]:
    return Session.objects.exclude(body=Body.CONFERENCE).order_by("-starts_on")


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    areas_of_work = forms.CharField(
        label=_("Areas of work"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact address"), required=False)
    contact_phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    postal_address = forms.CharField(
        label=_("Postal address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    consultative_status = forms.ChoiceField(
        label=_("Consultative status with the Economic and Social Council"),
        choices=ConsultativeStatus.choices,
        required=False,
    )
    consultative_status_since = forms.DateField(
        label=_("Consultative status since"), widget=DATE, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, organization: Organization) -> dict[str, Any]:
        return {
            **{name: getattr(organization, name) for name in cls.base_fields if name != "version"},
            "version": organization.version,
        }


class AdmissionForm(forms.Form):
    session = SessionChoice(label=_("Session of the Conference"), queryset=Session.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = conference_sessions()  # type: ignore[attr-defined]


class RepresentativeForm(forms.Form):
    person_name = forms.CharField(label=_("Name"), max_length=300)
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class EndRepresentationForm(forms.Form):
    representative = forms.ModelChoiceField(
        label=_("Representative"), queryset=Representative.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["representative"]
        field.queryset = organization.representatives.filter(  # type: ignore[attr-defined]
            ended_at__isnull=True
        ).select_related("person")
        field.label_from_instance = lambda r: r.person.display_name  # type: ignore[attr-defined]


class ActivityReportForm(forms.Form):
    session = SessionChoice(label=_("Working-group session"), queryset=Session.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = working_group_sessions()  # type: ignore[attr-defined]


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class BriefingForm(forms.Form):
    session = SessionChoice(label=_("Working-group session"), queryset=Session.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(
        label=_("Starting time"), widget=forms.TimeInput(attrs={"type": "time"}), required=False
    )
    time_zone = forms.CharField(
        label=_("Time zone of the place"),
        max_length=60,
        initial="Europe/Vienna",
        help_text=_("The last day to confirm ends at midnight in this time zone."),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    technical_assistance_needs = forms.CharField(
        label=_("Technical assistance needs identified"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    president_requested_on = forms.DateField(
        label=_("Requested by the President of the Conference on"), widget=DATE
    )
    bureau_member = PersonChoice(label=_("Member of the Bureau"), queryset=Person.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = working_group_sessions()  # type: ignore[attr-defined]
        self.fields["bureau_member"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(
                is_active=True,
                appointments__role=Role.BUREAU,
                appointments__status=AppointmentStatus.APPROVED,
            )
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )


class MaterialsForm(forms.Form):
    materials = forms.CharField(
        label=_("Briefing materials"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    clear = forms.BooleanField(required=False, widget=forms.HiddenInput)


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Every eligible organization not yet invited"),
        widget=forms.Select(attrs={"dir": "auto"}),  # names of organizations: user data
    )


class ConfirmForm(forms.Form):
    attendees = forms.CharField(
        label=_("Names of those attending"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comments in writing"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "No specific country situation is mentioned during briefings (P&R para 53 (b)): "
            "passages naming a State are shown to the secretariat, which decides whether the "
            "comments are circulated."
        ),
    )


class CommentDecisionForm(forms.Form):
    circulate = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Circulate")), ("no", _("Hold back"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("Note to the organization"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AttendanceForm(forms.Form):
    representative = forms.CharField(label=_("Name of the representative"), max_length=200)
    state = forms.ModelChoiceField(
        label=_("Member State"), queryset=State.objects.none(), required=False
    )
    intergovernmental_organization = forms.CharField(
        label=_("or intergovernmental organization"), max_length=200, required=False
    )

    def __init__(self, *args: Any, states: QuerySet[State] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = (  # type: ignore[attr-defined]
            states if states is not None else State.objects.order_by("name")
        )


class ObjectionForm(forms.Form):
    state = forms.ModelChoiceField(label=_("Objecting State"), queryset=State.objects.none())
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    reasons = forms.CharField(label=_("Reasons given"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = State.objects.order_by("name")  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("Decision of the Bureau"),
        choices=[
            ("yes", _("Uphold: the organization does not participate")),
            ("no", _("Dismiss: the organization participates")),
        ],
        coerce=lambda value: value == "yes",
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SummaryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 10}))


class IssueSummaryForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"), widget=DATE)
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=80,
        required=False,
        help_text=_("Leave empty for the next conference room paper of the session."),
    )
    file = forms.FileField(
        label=_("File (PDF or Word)"),
        required=False,
        help_text=_("Leave empty to issue the summary's text as a Word document."),
    )
