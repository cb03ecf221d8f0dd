"""Pages of nominations, activation, profiles, decisions and the lists of focal points and
experts (P&R paras 12, 13, 19). Parse, check, call the service, answer.

A page about something one may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from revmech.accounts import background, forms, lists, permissions, selectors, services
from revmech.accounts.models import Appointment, Person, Role
from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.rules import RuleViolation
from revmech.web.downloads import as_attachment


def _is_expert(appointment: Appointment) -> bool:
    return appointment.role == Role.EXPERT


@require_GET
def nominations(request: HttpRequest) -> HttpResponse:
    """The secretariat's list of nominations, filterable; States in code order."""
    if not permissions.can_nominate(request.user):
        raise Http404
    form = forms.NominationFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    found = selectors.nominations_for(request.user, **filters)
    return render(request, "accounts/nominations.html", {"form": form, "appointments": found[:500]})


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    """Record a nomination received by note verbale (P&R paras 12, 19)."""
    if not permissions.can_nominate(request.user):
        raise Http404
    form = forms.NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.nominate(
                nominated_by=request.user, request=request, **form.cleaned_data
            )
        except RuleViolation as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The nomination is recorded and the activation link sent to %(email)s.")
                % {"email": appointment.person.email},
            )
            return redirect(appointment)
    return render(request, "accounts/nominate.html", {"form": form})


def _profile_forms(
    person: Person, appointment: Appointment | None, data: Any = None
) -> tuple[forms.ProfileForm, forms.ExpertProfileForm | None]:
    profile = forms.ProfileForm.for_person(person, data)
    expert = None
    wants_expert = (
        _is_expert(appointment)
        if appointment is not None
        else (selectors.open_expert_instruments(person).exists())
    )
    if wants_expert:
        expert = forms.ExpertProfileForm(data, person=person)
    return profile, expert


def _all_valid(*candidates: Any) -> bool:
    return all([form.is_valid() for form in candidates if form is not None])  # noqa: C419 - validate every form


def _appointment_context(
    request: HttpRequest, appointment: Appointment, **forms_given: Any
) -> dict[str, Any]:
    user = request.user
    can = {
        "resend": permissions.can_send_activation_link(user, appointment),
        "decide": permissions.can_approve_appointment(user, appointment),
        "end": permissions.can_end_appointment(user, appointment),
        "resubmit": permissions.can_resubmit_profile(user, appointment),
    }
    context: dict[str, Any] = {
        "appointment": appointment,
        "can": can,
        "expert_profile": getattr(appointment.person, "expert_profile", None),
        "history": getattr(appointment, "replaces", None),
    }
    if can["decide"]:
        context["clarification_form"] = forms_given.get("clarification_form") or (
            forms.ClarificationForm()
        )
    if can["end"]:
        context["withdrawal_form"] = forms_given.get("withdrawal_form") or forms.WithdrawalForm()
        context["replacement_form"] = forms_given.get("replacement_form") or (
            forms.ReplacementForm()
        )
    if can["resubmit"]:
        profile_form, expert_form = forms_given.get("resubmit_forms") or _profile_forms(
            appointment.person, appointment
        )
        context["profile_form"] = profile_form
        context["expert_form"] = expert_form
    return context


@require_http_methods(["GET", "POST"])
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """An appointment with the actions the person may take on it; POST takes one action."""
    appointment = selectors.appointment_for(request.user, appointment_id)
    if request.method == "GET":
        return render(
            request, "accounts/appointment.html", _appointment_context(request, appointment)
        )
    action = request.POST.get("action", "")
    try:
        result = _act(request, appointment, action)
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
        return redirect(appointment)
    if isinstance(result, HttpResponse):
        return result
    return redirect(result)


def _act(request: HttpRequest, appointment: Appointment, action: str) -> Appointment | HttpResponse:
    """One action on an appointment; only the fields of its own form are read."""
    user = request.user
    if action == "resend":
        services.send_activation_link(appointment=appointment, sent_by=user, request=request)
        messages.success(
            request, _("A new activation link has been sent; the old ones no longer work.")
        )
        return appointment
    if action == "approve":
        services.approve_appointment(appointment=appointment, approved_by=user, request=request)
        messages.success(request, _("The appointment is approved and the person told by mail."))
        return appointment
    if action == "clarify":
        form = forms.ClarificationForm(request.POST)
        if not form.is_valid():
            return _invalid(request, appointment, clarification_form=form)
        services.request_clarification(
            appointment=appointment,
            requested_by=user,
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("The request for clarification has been sent."))
        return appointment
    if action == "withdraw":
        withdrawal = forms.WithdrawalForm(request.POST)
        if not withdrawal.is_valid():
            return _invalid(request, appointment, withdrawal_form=withdrawal)
        services.withdraw_appointment(
            appointment=appointment,
            withdrawn_by=user,
            reason=withdrawal.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, _("The appointment is withdrawn; its history is kept."))
        return appointment
    if action == "replace":
        replacement = forms.ReplacementForm(request.POST)
        if not replacement.is_valid():
            return _invalid(request, appointment, replacement_form=replacement)
        successor = services.replace_appointment(
            appointment=appointment, decided_by=user, request=request, **replacement.cleaned_data
        )
        messages.success(
            request,
            _("The successor is nominated and the activation link sent to %(email)s.")
            % {"email": successor.person.email},
        )
        return successor
    if action == "resubmit":
        profile_form, expert_form = _profile_forms(appointment.person, appointment, request.POST)
        if not _all_valid(profile_form, expert_form):
            return _invalid(request, appointment, resubmit_forms=(profile_form, expert_form))
        services.resubmit_profile(
            appointment=appointment,
            submitted_by=user,
            profile=profile_form.details(),
            expert=expert_form.details() if expert_form is not None else None,
            request=request,
        )
        messages.success(request, _("Your profile has been sent to the secretariat again."))
        return appointment
    raise RuleViolation(_("This action does not exist."), rule="action")


def _invalid(request: HttpRequest, appointment: Appointment, **forms_given: Any) -> HttpResponse:
    context = _appointment_context(request, appointment, **forms_given)
    return render(request, "accounts/appointment.html", context, status=400)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """The nominee's page: set a password and complete the profile (public: the link is the
    credential). A refused link says why, never whose it was."""
    try:
        link = selectors.activation_link_for(token, now=timezone.now())
    except selectors.LinkRefused as refusal:
        response = render(
            request,
            "accounts/activation_refused.html",
            {"message": refusal.message},
            status=refusal.status,
        )
        response["Referrer-Policy"] = "no-referrer"
        return response
    appointment = link.appointment
    person = appointment.person
    data = request.POST if request.method == "POST" else None
    password_form = forms.PasswordForm(data, person=person)
    profile_form, expert_form = _profile_forms(person, appointment, data)
    if data is not None and _all_valid(password_form, profile_form, expert_form):
        try:
            services.activate_account(
                token=token,
                password=password_form.cleaned_data["password1"],
                profile=profile_form.details(),
                expert=expert_form.details() if expert_form is not None else None,
                request=request,
            )
        except ValidationError as error:
            password_form.add_error("password1", error)
        except selectors.LinkRefused as refusal:
            return render(
                request,
                "accounts/activation_refused.html",
                {"message": refusal.message},
                status=refusal.status,
            )
        else:
            messages.success(
                request,
                _(
                    "Thank you: your profile has been sent to the secretariat, which will tell "
                    "you by mail when it is approved. You can sign in now."
                ),
            )
            return redirect(settings.LOGIN_URL)
    response = render(
        request,
        "accounts/activate.html",
        {
            "appointment": appointment,
            "person": person,
            "password_form": password_form,
            "profile_form": profile_form,
            "expert_form": expert_form,
        },
        status=400 if data is not None else 200,
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """One's own name, language and, for a governmental expert, the profile of P&R para 19."""
    user = request.user
    if not isinstance(user, Person) or not permissions.can_edit_own_profile(user):
        raise Http404
    data = request.POST if request.method == "POST" else None
    profile_form, expert_form = _profile_forms(user, None, data)
    if data is not None and _all_valid(profile_form, expert_form):
        services.update_profile(
            person=user,
            updated_by=user,
            profile=profile_form.details(),
            expert=expert_form.details() if expert_form is not None else None,
            request=request,
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "expert_form": expert_form,
            "appointments": selectors.appointments_for(user).filter(person=user),
        },
        status=400 if data is not None else 200,
    )


def _list_instruments(request: HttpRequest) -> tuple[forms.ListFilterForm, str]:
    form = forms.ListFilterForm(request.GET or None)
    code = form.cleaned_data["instrument"] if form.is_valid() else ""
    if request.GET.get("instrument") and not form.is_valid():
        raise Http404
    return form, code


@require_GET
def lists_page(request: HttpRequest) -> HttpResponse:
    """The lists of focal points and governmental experts (P&R paras 13, 19)."""
    if not permissions.can_see_lists(request.user):
        raise Http404
    form, code = _list_instruments(request)
    sections = selectors.lists_for(request.user, instruments=selectors.list_instruments(code))
    reader = request.user
    language = reader.language if isinstance(reader, Person) else translation.get_language()
    return render(
        request,
        "accounts/lists.html",
        {
            "form": form,
            "sections": sections,
            "instrument_code": code,
            "export_language": translation.get_language_info(language)["name_local"],
        },
    )


@require_GET
def lists_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The lists as XLSX or PDF, in the reader's language; every download is audited. A long
    list is made by a worker: the answer is then the page of that export (issue 17)."""
    reader = request.user
    if not isinstance(reader, Person) or not permissions.can_export_lists(reader):
        raise Http404
    _form, code = _list_instruments(request)
    instruments = selectors.list_instruments(code)
    language = reader.language
    try:
        with translation.override(language):
            sections = selectors.lists_for(reader, instruments=instruments)
            if background.is_long(sections):  # made by a worker; its page offers the file
                job = exports.queue_export(
                    kind=background.LISTS,
                    requested_by=reader,
                    parameters={"file_format": file_format, "instrument": code},
                    language=language,
                )
                return redirect(job)
            document = lists.export(sections, file_format=file_format, language=language)
    except lists.FontMissing as missing:
        return render(
            request,
            "accounts/lists_font_missing.html",
            {"family": missing.family, "package": missing.package},
            status=503,
        )
    audit.record(
        "accounts.lists.exported",
        actor=reader,
        request=request,
        file_format=file_format,
        instrument=code or None,
        language=language,
        entries=sum(len(s.entries) for s in sections),
    )
    response = HttpResponse(document.content, content_type=document.content_type)
    return as_attachment(response, document.filename)
