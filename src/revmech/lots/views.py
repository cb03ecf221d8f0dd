"""Pages of the drawing of lots: the public results and the secretariat's draw meeting."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revmech.lots import forms, permissions, presenters, selectors, services
from revmech.rules import RuleViolation
from revmech.web.downloads import as_attachment
from revmech.web.refusals import explain


@login_not_required
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    draws = selectors.draws_for(request.user)
    return render(request, "lots/public_list.html", {"draws": draws})


@login_not_required
@require_GET
def public_detail(request: HttpRequest, draw_id: int) -> HttpResponse:
    draw = selectors.draw_for(request.user, draw_id)
    return render(request, "lots/public_detail.html", {"draw": draw, **presenters.outcome(draw)})


def _json_download(payload: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    return as_attachment(response, filename)


@login_not_required
@require_GET
def protocol_download(request: HttpRequest, draw_id: int) -> HttpResponse:
    draw = selectors.draw_for(request.user, draw_id)
    return _json_download(draw.protocol, f"draw-{draw.pk}-protocol.json")


@login_not_required
@require_GET
def assignment_download(request: HttpRequest, draw_id: int) -> HttpResponse:
    draw = selectors.draw_for(request.user, draw_id)
    return _json_download(presenters.assignment(draw), f"draw-{draw.pk}-assignment.json")


def _secretariat_only(request: HttpRequest) -> None:
    if not permissions.can_run_draw(request.user):
        raise Http404


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    return render(
        request,
        "lots/meeting_list.html",
        {"draws": selectors.draws_for(request.user), "form": forms.OpenDrawForm()},
    )


@require_http_methods(["GET", "POST"])
def meeting_open(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    form = forms.OpenDrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = services.open_draw(opened_by=request.user, request=request, **form.cleaned_data)
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            return redirect("lots:meeting", draw_id=draw.pk)
    return render(request, "lots/meeting_open.html", {"form": form})


@require_GET
def meeting(request: HttpRequest, draw_id: int) -> HttpResponse:
    _secretariat_only(request)
    draw = selectors.draw_for(request.user, draw_id)
    page_number = request.GET.get("page")
    return render(
        request,
        "lots/meeting.html",
        {
            "draw": draw,
            "redraw_form": forms.RedrawForm(),
            "deferral_form": forms.DeferralForm(),
            "exception_form": forms.ExceptionForm(),
            "volunteer_form": forms.VolunteerForm(),
            **presenters.meeting_state(draw, page_number),
        },
    )


@require_GET
def screen(request: HttpRequest, draw_id: int) -> HttpResponse:
    """The view for the screen in the meeting room: large type, the States' names in the
    meeting's language (`?language=fr`), updating itself every few seconds (htmx, or a
    refresh without JavaScript)."""
    _secretariat_only(request)
    draw = selectors.draw_for(request.user, draw_id)
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("language", "")
    if language not in languages:
        language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return render(
            request,
            "lots/screen.html",
            {
                "draw": draw,
                "screen_language": language,
                "languages": [
                    {"code": code, "name": translation.get_language_info(code)["name_local"]}
                    for code in languages
                ],
                **presenters.screen_state(draw),
            },
        )


@require_POST
def meeting_act(request: HttpRequest, draw_id: int) -> HttpResponse:
    """One step of the meeting; a refusal is shown and nothing is saved."""
    _secretariat_only(request)
    draw = selectors.draw_for(request.user, draw_id)
    action = request.POST.get("action", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        if action == "confirm":
            services.confirm_draw(
                draw=draw,
                confirmed_by=request.user,
                now=timezone.now(),
                version=version,
                request=request,
            )
            messages.success(request, presenters.confirmed_message(draw))
            return redirect(draw)
        params: dict[str, Any] = {}
        form: forms.RedrawForm | forms.DeferralForm | forms.ExceptionForm | None
        if action == "redraw":
            form = forms.RedrawForm(request.POST)
        elif action == "deferral":
            form = forms.DeferralForm(request.POST)
        elif action == "exception":
            form = forms.ExceptionForm(request.POST)
        else:
            form = None
        if form is not None:
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, str(error))
                return redirect("lots:meeting", draw_id=draw.pk)
            params = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        services.act(
            draw=draw,
            action=action,
            acted_by=request.user,
            version=version,
            request=request,
            **params,
        )
    except PermissionDenied:
        raise Http404 from None
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    return redirect("lots:meeting", draw_id=draw.pk)


@require_POST
def add_volunteer(request: HttpRequest, draw_id: int) -> HttpResponse:
    """P&R para 52: a signatory volunteers; its lots are drawn and its review created."""
    _secretariat_only(request)
    draw = selectors.draw_for(request.user, draw_id)
    form = forms.VolunteerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the State and the instrument."))
        return redirect("lots:meeting", draw_id=draw.pk)
    try:
        volunteer = services.add_volunteer(
            draw=draw,
            state_code=form.cleaned_data["state"].upper(),
            instrument_code=form.cleaned_data["instrument"].upper(),
            by=request.user,
            now=timezone.now(),
            request=request,
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(
            request,
            _("%(state)s volunteers: drawn for year %(year)s.")
            % {"state": volunteer.state_id, "year": volunteer.outcome["year"]},
        )
    return redirect("lots:meeting", draw_id=draw.pk)
