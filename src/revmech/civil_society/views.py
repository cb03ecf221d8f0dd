"""Pages of NGO briefings (P&R para 53): parse, check through a selector, call a service, answer.

Every page asks a selector for its object (404 for someone who may not see it) and every change
goes through a service, which checks its own predicate again and writes the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from revmech.accounts.permissions import is_secretariat
from revmech.audit import services as audit
from revmech.civil_society import permissions, selectors, services
from revmech.civil_society.forms import (
    ActivityReportForm,
    AdmissionForm,
    AttendanceForm,
    BriefingForm,
    CommentDecisionForm,
    CommentForm,
    ConfirmForm,
    DecisionForm,
    EndRepresentationForm,
    InviteForm,
    IssueSummaryForm,
    MaterialsForm,
    ObjectionForm,
    OrganizationForm,
    RepresentativeForm,
    SummaryForm,
)
from revmech.civil_society.models import InvitationStatus, Organization
from revmech.registry.models import State
from revmech.rules import RuleViolation
from revmech.web.dates import day
from revmech.web.refusals import explain


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: str,
    lead: str = "",
    submit: str = "",
    multipart: bool = False,
    mentions: list[Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "civil_society/form.html",
        {
            "form": form,
            "title": title,
            "lead": lead,
            "back": back if back.startswith("/") else reverse(back),
            "submit": submit or _("Save"),
            "multipart": multipart,
            "mentions": mentions,
        },
    )


def _attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run the service; a refusal becomes the form's error (nothing was saved)."""
    try:
        return action()
    except RuleViolation as refusal:
        form.add_error(None, explain(refusal))
        return None


# -- Briefings ---------------------------------------------------------------------------------


@require_GET
def briefings(request: HttpRequest) -> HttpResponse:
    found = selectors.briefings_for(request.user)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "civil_society/briefing_list.html",
        {
            "page": page,
            "can_convene": permissions.can_convene(request.user),
            "can_see_register": permissions.can_see_register(request.user),
            "organizations": list(
                Organization.objects.filter(
                    pk__in=permissions.represented_organizations(request.user)
                ).order_by("name")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def new_briefing(request: HttpRequest) -> HttpResponse:
    if not permissions.can_convene(request.user):
        raise Http404
    form = BriefingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        briefing = _attempt(
            form,
            lambda: services.convene_briefing(
                details=services.BriefingDetails(**form.cleaned_data),
                actor=request.user,
                request=request,
            ),
        )
        if briefing is not None:
            messages.success(request, _("The briefing is convened."))
            return redirect(briefing)
    return _form_page(
        request,
        form,
        title=_("Convene a briefing"),
        lead=_(
            "Briefings on the outcomes of the review process are convened on the margins of the "
            "meetings of the working groups, at the request of the President of the Conference, "
            "and conducted with a member of the Bureau (P&R para 53 (a))."
        ),
        back="civil_society:briefings",
    )


@require_GET
def briefing(request: HttpRequest, briefing_id: int) -> HttpResponse:
    found = selectors.briefing_for(request.user, briefing_id)
    conducts = permissions.conducts(request.user)
    invitations = list(selectors.invitations_of(request.user, found))
    context: dict[str, Any] = {
        "briefing": found,
        "conducts": conducts,
        "invitations": invitations,
        "last_day": services.last_day_of(found),
        "days": services.confirmation_days(),
        "comments": list(selectors.circulated_comments(found)),
        "summaries": list(selectors.summaries_of(found)),
        "can_manage": permissions.can_manage_briefing(request.user, found),
        "can_attend": permissions.can_register_attendance(request.user, found),
        "can_summarize": permissions.can_submit_summary(request.user, found),
        "show_materials": conducts or found.materials_are_cleared,
    }
    if conducts:
        invited = {i.organization_id for i in invitations}
        eligible = [o for o in services.eligible_organizations(found) if o.pk not in invited]
        context["eligible"] = eligible
        context["attendances"] = list(found.attendances.select_related("state"))
        context["awaiting"] = list(selectors.awaiting_comments(found))
        context["invite_form"] = InviteForm()
        context["materials_form"] = MaterialsForm(
            initial={"materials": found.materials, "version": found.version}
        )
    audit.record(
        "civil_society.briefing.viewed", actor=request.user, subject=found, request=request
    )
    return render(request, "civil_society/briefing_detail.html", context)


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, briefing_id: int) -> HttpResponse:
    found = selectors.briefing_for(request.user, briefing_id)
    if not permissions.can_manage_briefing(request.user, found):
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["organization"]
        sent = _attempt(
            form,
            lambda: services.invite(
                briefing=found,
                organizations=[chosen] if chosen else None,
                actor=request.user,
                request=request,
            ),
        )
        if sent is not None:
            messages.success(
                request,
                _("%(count)s organizations invited.") % {"count": len(sent)},
            )
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Invite organizations"),
        lead=_(
            "Organizations admitted as observers to the session of the Conference previous to "
            "the briefing may be invited (P&R para 53 (c))."
        ),
        back=found.get_absolute_url(),
        submit=_("Invite"),
    )


@require_http_methods(["GET", "POST"])
def materials(request: HttpRequest, briefing_id: int) -> HttpResponse:
    found = selectors.briefing_for(request.user, briefing_id)
    if not permissions.can_manage_briefing(request.user, found):
        raise Http404
    form = MaterialsForm(
        request.POST or None, initial={"materials": found.materials, "version": found.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["clear"]:
            done = _attempt(
                form,
                lambda: services.clear_materials(
                    briefing=found, version=data["version"], actor=request.user, request=request
                ),
            )
            note = _("The materials are cleared for circulation.")
        else:
            done = _attempt(
                form,
                lambda: services.set_materials(
                    briefing=found,
                    materials=data["materials"],
                    version=data["version"],
                    actor=request.user,
                    request=request,
                ),
            )
            note = _("The materials are saved and checked for mentions of States.")
        if done is not None:
            messages.success(request, note)
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Briefing materials"),
        lead=_(
            "No specific country situation shall be mentioned during briefings (P&R para 53 (b))."
        ),
        back=found.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def attend(request: HttpRequest, briefing_id: int) -> HttpResponse:
    found = selectors.briefing_for(request.user, briefing_id)
    if not permissions.can_register_attendance(request.user, found):
        raise Http404
    states = None
    if not is_secretariat(request.user):
        states = State.objects.filter(code__in=permissions.member_state_codes(request.user))
    form = AttendanceForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.register_attendance(
                briefing=found,
                representative=data["representative"],
                state=data["state"],
                intergovernmental_organization=data["intergovernmental_organization"],
                by=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(request, _("The attendance is registered."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Register attendance"),
        lead=_(
            "The briefings are open to representatives of Member States and intergovernmental "
            "organizations (P&R para 53 (f))."
        ),
        back=found.get_absolute_url(),
        submit=_("Register"),
    )


@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, briefing_id: int) -> HttpResponse:
    found = selectors.briefing_for(request.user, briefing_id)
    if not permissions.can_submit_summary(request.user, found):
        raise Http404
    organization = (
        found.invitations.filter(
            organization_id__in=permissions.represented_organizations(request.user),
            status=InvitationStatus.CONFIRMED,
        )
        .select_related("organization")
        .first()
    )
    form = SummaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and organization is not None:
        done = _attempt(
            form,
            lambda: services.submit_summary(
                briefing=found,
                organization=organization.organization,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                by=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(request, _("The summary is submitted to the secretariat."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Submit a summary of the briefing"),
        lead=_(
            "Summaries of the briefings prepared by the organizations are submitted to the "
            "working group as conference room papers (P&R para 53 (g))."
        ),
        back=found.get_absolute_url(),
        submit=_("Submit"),
    )


@require_http_methods(["GET", "POST"])
def issue_summary(request: HttpRequest, summary_id: int) -> HttpResponse:
    found = selectors.summary_for(request.user, summary_id)
    form = IssueSummaryForm(
        request.POST or None, request.FILES or None, initial={"issued_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.issue_summary(
                summary=found,
                issued_on=data["issued_on"],
                symbol=data["symbol"],
                file=data["file"],
                actor=request.user,
                request=request,
            ),
        )
        if done is not None and done.document is not None:
            messages.success(
                request,
                _("The summary is issued as %(symbol)s.") % {"symbol": done.document.symbol},
            )
            return redirect(found.briefing)
    return _form_page(
        request,
        form,
        title=_("Issue “%(title)s” as a conference room paper") % {"title": found.title},
        lead=found.text,
        back=found.briefing.get_absolute_url(),
        submit=_("Issue"),
        multipart=True,
        mentions=found.mentions,
    )


# -- The register ------------------------------------------------------------------------------


@require_GET
def organizations(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    found = selectors.organizations(request.user, search)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "civil_society/organization_list.html",
        {
            "page": page,
            "search": search,
            "can_keep": permissions.can_keep_register(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def new_organization(request: HttpRequest) -> HttpResponse:
    if not permissions.can_keep_register(request.user):
        raise Http404
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        organization = _attempt(
            form,
            lambda: services.record_organization(
                details=services.OrganizationDetails(**data), actor=request.user, request=request
            ),
        )
        if organization is not None:
            messages.success(request, _("The organization is in the register."))
            return redirect(organization)
    return _form_page(
        request, form, title=_("Add an organization"), back="civil_society:organizations"
    )


@require_GET
def organization(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    invitations = list(
        found.invitations.select_related("briefing__session").order_by("-briefing__held_on")[:50]
    )
    return render(
        request,
        "civil_society/organization_detail.html",
        {
            "organization": found,
            "admissions": list(found.admissions.select_related("session")),
            "representatives": list(
                found.representatives.filter(ended_at__isnull=True).select_related("person")
            )
            if permissions.can_see_register(request.user)
            else [],
            "invitations": invitations,
            "reports": list(found.activity_reports.select_related("session")[:50]),
            "can_keep": permissions.can_keep_register(request.user),
            "can_report": permissions.can_report_activities(request.user, found),
        },
    )


@require_http_methods(["GET", "POST"])
def edit_organization(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    if not permissions.can_keep_register(request.user):
        raise Http404
    form = OrganizationForm(request.POST or None, initial=OrganizationForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        done = _attempt(
            form,
            lambda: services.update_organization(
                organization=found,
                details=services.OrganizationDetails(**data),
                version=form.cleaned_data["version"] or 0,
                actor=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(request, _("The entry is saved."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": found.name},
        back=found.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def admit(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    if not permissions.can_keep_register(request.user):
        raise Http404
    form = AdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.record_admission(
                organization=found,
                session=form.cleaned_data["session"],
                actor=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(request, _("The admission is recorded."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Record an admission as observer"),
        lead=_(
            "Under rule 17 of the rules of procedure of the Conference: paragraph 1 for "
            "organizations with consultative status with the Economic and Social Council, "
            "paragraph 2 for other relevant organizations (P&R para 53 (c))."
        ),
        back=found.get_absolute_url(),
        submit=_("Record"),
    )


@require_http_methods(["GET", "POST"])
def add_representative(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    if not permissions.can_keep_register(request.user):
        raise Http404
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.add_representative(
                organization=found, actor=request.user, request=request, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(
                request, _("The representative is nominated; the activation link is sent.")
            )
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Add a representative"),
        lead=_(
            "The representative gets an account to confirm attendance, send comments and "
            "summaries for the organization."
        ),
        back=found.get_absolute_url(),
        submit=_("Nominate"),
    )


@require_http_methods(["GET", "POST"])
def end_representative(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    if not permissions.can_keep_register(request.user):
        raise Http404
    form = EndRepresentationForm(request.POST or None, organization=found)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.end_representation(
                representative=form.cleaned_data["representative"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(request, _("The person no longer represents the organization."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("End a representation"),
        lead=_(
            "The person keeps the account but no longer sees anything of the organization, "
            "its invitations or its briefings."
        ),
        back=found.get_absolute_url(),
        submit=_("End"),
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    if not permissions.can_report_activities(request.user, found):
        raise Http404
    form = ActivityReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.report_activities(
                organization=found, by=request.user, request=request, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("The report is submitted."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Report on activities to a working group"),
        lead=_(
            "Organizations are encouraged to report to the working groups on their activities "
            "and contributions to the implementation of their recommendations "
            "(P&R para 53 (h))."
        ),
        back=found.get_absolute_url(),
        submit=_("Submit"),
    )


# -- Invitations, comments, objections ---------------------------------------------------------


@require_GET
def invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = selectors.invitation_for(request.user, invitation_id)
    conducts = permissions.conducts(request.user)
    answers = permissions.can_answer_invitation(request.user, found)
    now = timezone.now()
    audit.record(
        "civil_society.invitation.viewed", actor=request.user, subject=found, request=request
    )
    return render(
        request,
        "civil_society/invitation_detail.html",
        {
            "invitation": found,
            "briefing": found.briefing,
            "conducts": conducts,
            "comments": list(selectors.comments_of(request.user, found)),
            "objections": list(found.objections.select_related("state")),
            "last_day": services.last_day_of(found.briefing),
            "days": services.confirmation_days(),
            "in_time": now < services.deadline_of(found.briefing),
            "can_confirm": answers and found.status == InvitationStatus.INVITED,
            "can_comment": answers and found.status == InvitationStatus.CONFIRMED,
            "can_object": permissions.can_record_objection(request.user, found),
            "confirm_form": ConfirmForm(),
            "comment_form": CommentForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = selectors.invitation_for(request.user, invitation_id)
    if not permissions.can_answer_invitation(request.user, found):
        raise Http404
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.confirm_attendance(
                invitation=found,
                by=request.user,
                attendees=form.cleaned_data["attendees"],
                request=request,
            ),
        )
        if done is not None:
            messages.success(
                request, _("Attendance is confirmed. You may now send comments in writing.")
            )
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Confirm attendance"),
        lead=_(
            "Attendance is confirmed no later than %(days)s days before the briefing: by the "
            "end of %(last_day)s (%(zone)s time) (P&R para 53 (e))."
        )
        % {
            "days": services.confirmation_days(),
            "last_day": day(services.last_day_of(found.briefing)),
            "zone": found.briefing.time_zone,
        },
        back=found.get_absolute_url(),
        submit=_("Confirm"),
    )


@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = selectors.invitation_for(request.user, invitation_id)
    if not permissions.can_answer_invitation(request.user, found):
        raise Http404
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.submit_comment(
                invitation=found, text=form.cleaned_data["text"], by=request.user, request=request
            ),
        )
        if done is not None:
            if done.mentions:
                messages.warning(
                    request,
                    _(
                        "The comments are sent. %(count)s passages may mention a State: the "
                        "secretariat reads them before the comments are circulated."
                    )
                    % {"count": len(done.mentions)},
                )
            else:
                messages.success(request, _("The comments are sent to the secretariat."))
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Comments in writing"),
        back=found.get_absolute_url(),
        submit=_("Send"),
    )


@require_http_methods(["GET", "POST"])
def check_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    found = selectors.comment_for(request.user, comment_id)
    form = CommentDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.decide_comment(
                comment=found,
                circulate=form.cleaned_data["circulate"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(request, _("The decision is recorded and the organization told."))
            return redirect(found.invitation)
    return render(
        request,
        "civil_society/comment_check.html",
        {"comment": found, "form": form, "invitation": found.invitation},
    )


@require_http_methods(["GET", "POST"])
def object_to(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = selectors.invitation_for(request.user, invitation_id)
    if not permissions.can_record_objection(request.user, found):
        raise Http404
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.record_objection(
                invitation=found, actor=request.user, request=request, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("The objection is referred to the Bureau."))
            return redirect(done)
    return _form_page(
        request,
        form,
        title=_("Record a State's objection"),
        lead=_(
            "An objection to the participation of a non-governmental organization is referred "
            "to the Bureau of the Conference for decision (P&R para 53 (d))."
        ),
        back=found.get_absolute_url(),
        submit=_("Refer to the Bureau"),
    )


@require_GET
def objection(request: HttpRequest, objection_id: int) -> HttpResponse:
    found = selectors.objection_for(request.user, objection_id)
    audit.record(
        "civil_society.objection.viewed", actor=request.user, subject=found, request=request
    )
    return render(
        request,
        "civil_society/objection_detail.html",
        {
            "objection": found,
            "invitation": found.invitation,
            "conducts": permissions.conducts(request.user),
            "can_decide": permissions.can_decide_objection(request.user, found)
            and found.decision == "pending",
            "form": DecisionForm(initial={"decided_on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, objection_id: int) -> HttpResponse:
    found = selectors.objection_for(request.user, objection_id)
    if not permissions.can_decide_objection(request.user, found):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.decide_objection(
                objection=found,
                uphold=form.cleaned_data["uphold"],
                decided_on=form.cleaned_data["decided_on"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
                request=request,
            ),
        )
        if done is not None:
            messages.success(
                request, _("The Bureau's decision is recorded and the organization told.")
            )
            return redirect(found)
    return _form_page(
        request,
        form,
        title=_("Decision of the Bureau"),
        back=found.get_absolute_url(),
        submit=_("Record the decision"),
    )
