"""Pages of the follow-up: the register of needs, observations and progress (P&R paras 40, 41).

Signed-in pages show only what the person may read (selectors answer 404 otherwise); each view
of a State's needs or observations is written to the audit log (paras 32, 37).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.audit import services as audit
from revmech.followup import forms, permissions, selectors, services
from revmech.followup.models import Need
from revmech.registry.models import Instrument, State
from revmech.rules import RuleViolation
from revmech.web.refusals import explain

PAGE_SIZE = 50


def _instruments() -> list[tuple[str, str]]:
    return [(i.code, i.short_name) for i in Instrument.objects.order_by("position")]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where the follow-up starts: the register, observations, working groups, analysis."""
    return render(
        request,
        "followup/home.html",
        {
            "working_groups": selectors.working_groups_for(request.user),
            "can_add": permissions.can_add_any_need(request.user),
            "can_collect": permissions.can_manage_need(request.user),
            "can_see_internal": permissions.can_see_internal_analysis(request.user),
        },
    )


@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    form = forms.NeedFilter(request.GET or None, instruments=_instruments())
    filters: dict[str, str] = {}
    if form.is_valid():
        filters = {
            k: (v or "").strip().upper() if k == "state" else (v or "")
            for k, v in form.cleaned_data.items()
        }
    needs = selectors.needs_for(request.user, **filters)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record("followup.needs.listed", actor=request.user, request=request, filters=filters)
    return render(
        request,
        "followup/need_list.html",
        {
            "page": page,
            "form": form,
            "can_add": permissions.can_add_any_need(request.user),
            "can_collect": permissions.can_manage_need(request.user),
        },
    )


def _states_for_new_need(person: Any) -> list[tuple[str, str]]:
    if permissions.is_secretariat(person):
        states = State.objects.order_by("code")
    else:
        codes = Appointment.objects.filter(
            person=person,
            status=AppointmentStatus.APPROVED,
            role__in=[Role.FOCAL_POINT, Role.EXPERT],
        ).values("state__code")
        states = State.objects.filter(code__in=codes).order_by("code")
    return [(s.code, f"{s.code} — {s.display_name}") for s in states]


@require_http_methods(["GET", "POST"])
def new_need(request: HttpRequest) -> HttpResponse:
    if not permissions.can_add_any_need(request.user):
        raise Http404
    form = forms.NeedForm(
        request.POST or None,
        states=_states_for_new_need(request.user),
        instruments=_instruments(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        state = State.objects.get(code=data["state"])
        instrument = Instrument.objects.get(code=data["instrument"])
        if not permissions.can_add_need(request.user, state.code, instrument.code):
            form.add_error(
                "instrument",
                _("You may not add needs of %(state)s for %(instrument)s.")
                % {"state": state.display_name, "instrument": instrument.short_name},
            )
        else:
            try:
                need = services.add_need(
                    state=state,
                    instrument=instrument,
                    need=services.NeedInput(
                        assistance_type=data["assistance_type"],
                        description=data["description"],
                        article=data["article"],
                        priority=data["priority"] or "",
                    ),
                    by=_person(request),
                    now=timezone.now(),
                    request=request,
                )
            except RuleViolation as refusal:
                form.add_error(None, explain(refusal))
            else:
                messages.success(request, _("The need is in the register."))
                return redirect(need)
    return render(request, "followup/need_form.html", {"form": form})


def _person(request: HttpRequest) -> Person:
    assert isinstance(request.user, Person)  # noqa: S101 - signed-in pages only
    return request.user


def _need_page(
    request: HttpRequest,
    need: Need,
    *,
    update_form: forms.UpdateNeedForm | None = None,
    report_form: forms.ReportNeedForm | None = None,
    status: int = 200,
) -> HttpResponse:
    audit.record("followup.need.viewed", actor=request.user, subject=need, request=request)
    context = {
        "need": need,
        "updates": need.updates.select_related("by").order_by("at", "pk"),
        "can": {
            "manage": permissions.can_manage_need(request.user, need),
            "report": permissions.can_report_on_need(request.user, need),
            "share": permissions.can_share_need(request.user, need),
        },
        "update_form": update_form
        or forms.UpdateNeedForm(
            initial={"version": need.version, "status": need.status, "provider": need.provider}
        ),
        "report_form": report_form or forms.ReportNeedForm(initial={"version": need.version}),
    }
    return render(request, "followup/need_detail.html", context, status=status)


@require_GET
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    return _need_page(request, selectors.need_for(request.user, need_id))


@require_POST
def update_need(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for(request.user, need_id)
    if not permissions.can_manage_need(request.user, need):
        raise Http404
    form = forms.UpdateNeedForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_need(
                need=need,
                by=_person(request),
                status=data["status"],
                provider=data["provider"],
                note=data["note"],
                based_on_version=data["version"],
                now=timezone.now(),
                request=request,
            )
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            messages.success(request, _("The need is updated."))
            return redirect(need)
    return _need_page(request, need, update_form=form)


@require_POST
def report_need(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for(request.user, need_id)
    if not permissions.can_report_on_need(request.user, need):
        raise Http404
    form = forms.ReportNeedForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_on_need(
                need=need,
                by=_person(request),
                is_addressed=data["is_addressed"],
                note=data["note"],
                based_on_version=data["version"],
                now=timezone.now(),
                request=request,
            )
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            messages.success(request, _("Your report on the need is recorded."))
            return redirect(need)
    return _need_page(request, need, report_form=form)


@require_POST
def share_need(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for(request.user, need_id)
    if not permissions.can_share_need(request.user, need):
        raise Http404
    services.share_need(need=need, by=_person(request), now=timezone.now(), request=request)
    messages.success(request, _("The need now feeds the public analysis."))
    return redirect(need)


@require_POST
def collect(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_need(request.user):
        raise Http404
    added = services.collect_needs(now=timezone.now(), by=_person(request))
    messages.success(
        request,
        _("%(count)s new needs taken from questionnaires and requests.") % {"count": added},
    )
    return redirect("followup:needs")


@require_GET
def observation_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("open") == "1"
    findings = selectors.observations_for(
        request.user,
        state=(request.GET.get("state") or "").strip().upper()[:3],
        open_only=open_only,
    )
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record("followup.observations.listed", actor=request.user, request=request)
    return render(request, "followup/observation_list.html", {"page": page, "open_only": open_only})


def _observation_page(
    request: HttpRequest, finding_id: int, form: forms.ProgressForm | None = None
) -> HttpResponse:
    finding = selectors.finding_for(request.user, finding_id)
    audit.record(
        "followup.observation.viewed",
        actor=request.user,
        subject=finding,
        request=request,
        review_id=finding.review_id,
    )
    return render(
        request,
        "followup/observation_detail.html",
        {
            "finding": finding,
            "reports": selectors.progress_of(finding),
            "can_report": permissions.can_report_progress(request.user, finding)
            and finding.kind == "observation",
            "form": form or forms.ProgressForm(),
        },
    )


@require_GET
def observation_detail(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _observation_page(request, finding_id)


@require_POST
def report_progress(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_for(request.user, finding_id)
    if not permissions.can_report_progress(request.user, finding):
        raise Http404
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.report_progress(
                finding=finding,
                by=_person(request),
                progress=form.cleaned_data["progress"],
                text=form.cleaned_data["text"],
                now=timezone.now(),
                request=request,
            )
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            messages.success(request, _("Your progress report is submitted."))
            return redirect(finding)
    return _observation_page(request, finding_id, form)
