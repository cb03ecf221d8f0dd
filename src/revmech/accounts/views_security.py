"""The personal API tokens page: list, create (the token is shown once) and revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from revmech.accounts import permissions, security
from revmech.accounts.models import Person, PersonalToken, TokenScope
from revmech.accounts.security import DEFAULT_TOKEN_DAYS_VALID, TOKEN_DAYS_VALID

# Whole phrases, so that each language says "7 days" and "one year" its own way.
DAYS_LABELS = {7: _("7 days"), 30: _("30 days"), 90: _("90 days"), 365: _("one year")}


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=PersonalToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. “reports script on my laptop”."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,  # missing: the safer choice, read only
        widget=forms.RadioSelect,
        help_text=_("A read-only token can read through the API but never change anything."),
    )
    days_valid = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=[(days, days) for days in TOKEN_DAYS_VALID],  # labelled in the reader's language
        coerce=int,
        initial=DEFAULT_TOKEN_DAYS_VALID,
        required=False,
        empty_value=DEFAULT_TOKEN_DAYS_VALID,  # type: ignore[arg-type]  # stubs say str; Django takes any
        help_text=_("After that the token stops working; make a new one then."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days_valid"].choices = [  # type: ignore[attr-defined]
            (days, DAYS_LABELS[days]) for days in TOKEN_DAYS_VALID
        ]


class RevokeTokenForm(forms.Form):
    token = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def _person(request: HttpRequest) -> Person:
    """The signed-in person who may manage their tokens (LoginRequiredMiddleware is on)."""
    person = request.user
    if not isinstance(person, Person) or not permissions.can_manage_own_tokens(person):
        raise Http404
    return person


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        _record, created = security.create_personal_token(
            person=person,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"] or TokenScope.READ,
            days_valid=form.cleaned_data["days_valid"],
        )
        form = TokenForm()
    response = render(
        request,
        "accounts/security/tokens.html",
        {"form": form, "tokens": security.tokens_of(person), "created": created},
        status=400 if request.method == "POST" and created is None else 200,
    )
    if created is not None:
        response["Cache-Control"] = "no-store"  # the token is in this page, and only here
    return response


@require_POST
def revoke_token(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = RevokeTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a token to revoke."))
        return redirect("accounts:tokens")
    token = security.token_for(person, form.cleaned_data["token"])
    security.revoke_personal_token(token=token, revoked_by=person)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
