"""Forms of nominations, activation, profiles, decisions and the lists (P&R paras 12, 13, 19).

Forms parse and check shapes; the services decide. A field a form does not declare (`status`,
`person`, `state` on a decision) is never read, so it cannot be slipped in.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from revmech.accounts import selectors
from revmech.accounts.models import AppointmentStatus, Person, Role
from revmech.accounts.services import ExpertDetails, ProfileDetails
from revmech.registry.models import Article, Cluster, ClusterSet, Instrument, State

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class StateChoiceField(forms.ModelChoiceField[State]):
    """States in code order, shown with their code and name in the page's language."""

    def label_from_instance(self, obj: State) -> str:
        return f"{obj.code} — {obj.display_name}"


def _states() -> Any:
    return State.objects.order_by("code")


def _instruments() -> Any:
    return Instrument.objects.order_by("position")


class NominationForm(forms.Form):
    """A nomination as the note verbale states it (P&R paras 12, 19)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    state = StateChoiceField(
        label=pgettext_lazy("country", "State"), queryset=_states(), required=False
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=_instruments(),
        required=False,
        help_text=_("For a focal point or a governmental expert."),
    )
    person_name = forms.CharField(label=_("Name of the person nominated"), max_length=300)
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Language of correspondence"),
        choices=[("", _("Not known (English)")), *settings.LANGUAGES],
        required=False,
        help_text=_("Used for a new account only; a known person keeps their own language."),
    )
    organization = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        help_text=_("For a representative of a non-governmental organization."),
    )
    note_verbale_reference = forms.CharField(
        label=_("Reference of the note verbale"), max_length=100, required=False
    )
    note_verbale_on = forms.DateField(
        label=_("Date of the note verbale"), required=False, widget=DATE_INPUT
    )


class NominationFilterForm(forms.Form):
    """The secretariat's filters on the list of nominations (GET)."""

    state = StateChoiceField(
        label=pgettext_lazy("country", "State"), queryset=_states(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=_instruments(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *AppointmentStatus.choices],
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of `selectors.nominations_for`; call on a valid form."""
        data = self.cleaned_data
        return {
            "state": data["state"],
            "role": data["role"],
            "instrument": data["instrument"],
            "status": data["status"],
        }


class ProfileForm(forms.Form):
    """Name and language of correspondence (P&R para 43: the six working languages)."""

    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of correspondence"),
        choices=settings.LANGUAGES,
        help_text=_("Mail and documents reach you in this language."),
    )

    @classmethod
    def for_person(cls, person: Person, data: Any = None, **kwargs: Any) -> ProfileForm:
        initial = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "language": person.language,
        }
        return cls(data, initial=initial, **kwargs)

    def details(self) -> ProfileDetails:
        data = self.cleaned_data
        return ProfileDetails(
            first_name=data["first_name"], last_name=data["last_name"], language=data["language"]
        )


class ArticleChoiceField(forms.ModelMultipleChoiceField[Article]):
    def label_from_instance(self, obj: Article) -> str:
        # The instrument by its name in the reader's language, not its code (issue 16).
        label = gettext("%(instrument)s, art. %(number)s") % {
            "instrument": obj.instrument.short_name,
            "number": obj.number,
        }
        return f"{label} — {obj.title}" if obj.title else label


class ExpertProfileForm(forms.Form):
    """What the list of governmental experts holds (P&R para 19)."""

    professional_background = forms.CharField(
        label=_("Professional background"), widget=forms.Textarea(attrs={"rows": 4})
    )
    current_position = forms.CharField(label=_("Current position"), max_length=300)
    offices_held = forms.CharField(
        label=_("Relevant offices held"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    activities = forms.CharField(
        label=_("Activities carried out"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Areas of expertise: thematic clusters"),
        queryset=Cluster.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    articles = ArticleChoiceField(
        label=_("Areas of expertise: articles"),
        queryset=Article.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        profile = getattr(person, "expert_profile", None) if person.pk else None
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "professional_background": profile.professional_background,
                "current_position": profile.current_position,
                "offices_held": profile.offices_held,
                "activities": profile.activities,
                "clusters": list(profile.clusters.all()),
                "articles": list(profile.articles.all()),
            }
        kwargs.setdefault("prefix", "expert")
        super().__init__(*args, **kwargs)
        default_set = ClusterSet.objects.filter(is_default=True).first()
        clusters_field = self.fields["clusters"]
        articles_field = self.fields["articles"]
        assert isinstance(clusters_field, forms.ModelMultipleChoiceField)  # noqa: S101
        assert isinstance(articles_field, forms.ModelMultipleChoiceField)  # noqa: S101
        clusters_field.queryset = Cluster.objects.filter(cluster_set=default_set)
        articles_field.queryset = Article.objects.filter(
            instrument__in=selectors.open_expert_instruments(person)
        ).select_related("instrument")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("clusters") and not cleaned.get("articles"):
            raise forms.ValidationError(
                _("Choose at least one area of expertise: a cluster or an article (P&R para 19).")
            )
        return cleaned

    def details(self) -> ExpertDetails:
        data = self.cleaned_data
        return ExpertDetails(
            professional_background=data["professional_background"],
            current_position=data["current_position"],
            offices_held=data["offices_held"],
            activities=data["activities"],
            clusters=list(data["clusters"]),
            articles=list(data["articles"]),
        )


class PasswordForm(forms.Form):
    """A new password, checked by Django's validators (length, common, similar to the name)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, self.person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ClarificationForm(forms.Form):
    note = forms.CharField(
        label=_("What needs clarifying"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=500,
        help_text=_("As the note verbale states it, with its reference."),
    )


class ReplacementForm(forms.Form):
    """The successor named by the State's note verbale (P&R para 12)."""

    person_name = forms.CharField(label=_("Name of the successor"), max_length=300)
    email = forms.EmailField(label=_("E-mail address of the successor"))
    language = forms.ChoiceField(
        label=_("Language of correspondence"),
        choices=[("", _("Not known (English)")), *settings.LANGUAGES],
        required=False,
    )
    note_verbale_reference = forms.CharField(
        label=_("Reference of the note verbale"), max_length=100
    )
    note_verbale_on = forms.DateField(
        label=_("Date of the note verbale"), required=False, widget=DATE_INPUT
    )
    reason = forms.CharField(label=_("Reason for the replacement"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "successor")
        super().__init__(*args, **kwargs)


class ListFilterForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [
            ("", _("All instruments")),
            *((i.code, i.short_name) for i in _instruments()),
        ]
