"""The secretariat's forms: budget lines, contributions, rates, needs, courses, support."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import State
from revmech.reviews.models import WorkingLanguage
from revmech.secretariat.models import Activity, NeedKind, Purpose, Source, SupportKind

DATE = forms.DateInput(attrs={"type": "date"})
CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=0)


class StateChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _states(required: bool = True) -> StateChoiceField:
    return StateChoiceField(
        queryset=State.objects.order_by("name"), label=_("State"), required=required
    )


class ProposalForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("First year of the biennium"), min_value=2000, max_value=2100
    )


class BudgetLineForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2101)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    amount = _money(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, can_delete=True, max_num=200)


class RevisionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContributionForm(forms.Form):
    donor = forms.CharField(label=_("Donor"), max_length=200)
    donor_state = _states(required=False)
    amount = _money(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")
    received_on = forms.DateField(label=_("Date received"), widget=DATE)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    free_of_conditions = forms.BooleanField(
        label=_("The contribution is free of conditions and influence (P&R para 47)"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RateForm(forms.Form):
    from_currency = forms.ChoiceField(label=_("From"), choices=CURRENCY_CHOICES)
    to_currency = forms.ChoiceField(label=_("To"), choices=CURRENCY_CHOICES, initial="USD")
    rate = forms.DecimalField(label=_("Rate"), max_digits=18, decimal_places=8, min_value=0)
    on = forms.DateField(label=_("Date"), widget=DATE)
    source = forms.CharField(label=_("Source of the rate"), max_length=200)


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NeedKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    review = forms.IntegerField(label=_("Review number"), required=False, min_value=1)
    visit = forms.IntegerField(label=_("Country visit number"), required=False, min_value=1)
    language = forms.CharField(
        label=_("Language to translate into (code, e.g. pt)"), max_length=12, required=False
    )
    estimate = _money(_("Estimated cost"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")


class FundingForm(forms.Form):
    need = forms.IntegerField(label=_("Need number"), min_value=1)
    amount = _money(_("Amount, in the contribution's currency"))


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    language = forms.ChoiceField(label=_("Language"), choices=WorkingLanguage.choices)
    place = forms.CharField(label=_("Place"), max_length=120)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    state = _states()


class SupportForm(forms.Form):
    state = _states()
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportKind.choices)
    description = forms.CharField(label=_("Request"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("Date received"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label=_("Date answered"), widget=DATE)
    estimate = forms.DecimalField(
        label=_("Cost to fund, if the support waits for a contribution"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")
