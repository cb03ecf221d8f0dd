"""Pages of the country review report (signed-in; confidential, P&R paras 32-35, 37).

Each page finds the review through a selector that answers 404 to anyone the rule refuses; each
POST calls one service; every view of confidential content is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from revmech.accounts.models import Person
from revmech.accounts.permissions import Someone
from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.reports import (
    background,
    compare,
    documents,
    forms,
    permissions,
    selectors,
    services,
    views_publication,
)
from revmech.reports.models import Part, Report, Section
from revmech.reviews.models import CountryReview
from revmech.reviews.permissions import parties_to, states_agreeing_through
from revmech.rules import RuleViolation
from revmech.web.downloads import as_attachment
from revmech.web.refusals import explain


def _can(person: Someone, review: CountryReview) -> dict[str, bool]:
    """What the person may do; templates read `can.<verb>`, never roles."""
    return {
        "start": permissions.can_start_report(person, review),
        "edit": permissions.can_edit_report(person, review),
        "comment": permissions.can_comment(person, review),
        "ask": permissions.can_ask_explanation(person, review),
        "approve": permissions.can_approve_report(person, review),
    }


def _person(request: HttpRequest) -> Person:
    if not isinstance(request.user, Person):
        raise Http404
    return request.user


def _section_url(review: CountryReview, section: Section) -> str:
    return reverse("reports:section", kwargs={"review_id": review.pk}) + f"?section={section.pk}"


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.reports_for(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/list.html",
        {"page": page, "requestable": views_publication.requestable_for(request.user)},
    )


def _approvals(report: Report, review: CountryReview) -> list[dict[str, Any]]:
    standing = {
        a.state.code: a
        for a in report.approvals.filter(withdrawn_at__isnull=True).select_related(
            "state", "approved_by"
        )
    }
    states = {r.state.code: r.state for r in review.reviewers.all()}
    states[review.state_under_review.code] = review.state_under_review
    return [{"state": states[code], "approval": standing.get(code)} for code in parties_to(review)]


@require_GET
def report_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    report = selectors.report_of(review)
    context: dict[str, Any] = {
        "review": review,
        "report": report,
        "can": _can(request.user, review),
    }
    if report is None:
        context["start_form"] = forms.StartForm(initial={"take": sorted(services.EVERYTHING)})
        return render(request, "reports/report.html", context)
    audit.record("reports.report.viewed", actor=request.user, subject=report, request=request)
    sections = selectors.sections_of(report)
    digest = services.current_digest(report)
    context.update(
        {
            "report_sections": [s for s in sections if s.part == Part.REPORT],
            "summary_sections": [s for s in sections if s.part == Part.SUMMARY],
            "needs": list(report.needs.select_related("updated_by")),
            "need_form": forms.NeedForm(),
            "digest": digest,
            "approvals": _approvals(report, review),
            "approving_states": [
                code
                for code in states_agreeing_through(request.user, review)
                if not report.approvals.filter(state__code=code, withdrawn_at__isnull=True).exists()
            ],
        }
    )
    return render(request, "reports/report.html", context)


@require_POST
def start(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_start_report)
    form = forms.StartForm(request.POST)
    take = form.cleaned_data["take"] if form.is_valid() else []
    try:
        services.start_report(review=review, by=_person(request), take=take, request=request)
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The first draft of the report is ready."))
    return redirect("reports:report", review_id=review.pk)


def _section_page(
    request: HttpRequest,
    review: CountryReview,
    report: Report,
    section: Section,
    *,
    form: forms.SectionForm | None = None,
    conflict: services.StaleSection | None = None,
    status: int = 200,
) -> HttpResponse:
    can = _can(request.user, review)
    if form is None:
        form = forms.SectionForm(
            initial={"section": section.pk, "based_on": section.revision, "text": section.text}
        )
    audit.record(
        "reports.section.viewed",
        actor=request.user,
        subject=section,
        request=request,
        review_id=review.pk,
    )
    return render(
        request,
        "reports/section.html",
        {
            "review": review,
            "report": report,
            "section": section,
            "sections": report.sections.order_by("position"),
            "form": form,
            "conflict": conflict,
            "merge": compare.compare(conflict.current.text, conflict.theirs) if conflict else None,
            "revisions": selectors.revisions_of(section)[:50],
            "threads": selectors.threads_of(section),
            "comment_form": forms.CommentForm(initial={"section": section.pk}),
            "can": can,
        },
        status=status,
    )


@require_GET
def section_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_read_existing_report)
    report = selectors.existing_report(review)
    wanted = request.GET.get("section")
    section = (
        selectors.section_in(report, wanted)
        if wanted
        else report.sections.select_related("updated_by").order_by("position").first()
    )
    if section is None:
        raise Http404
    return _section_page(request, review, report, section)


@require_POST
def save(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_edit_report)
    report = selectors.existing_report(review)
    section = selectors.section_in(report, request.POST.get("section"))
    form = forms.SectionForm(request.POST)
    if not form.is_valid():
        return _section_page(request, review, report, section, form=form, status=400)
    try:
        services.save_section(
            section=section,
            text=form.cleaned_data["text"] or "",
            based_on=form.cleaned_data["based_on"],
            by=_person(request),
            request=request,
        )
    except services.StaleSection as stale:
        # The merge view: theirs shown and compared with yours; yours stays in the editor,
        # now based on their revision, so saving again keeps the merged text (no lost edit).
        merged = forms.SectionForm(
            initial={
                "section": section.pk,
                "based_on": stale.current.revision,
                "text": stale.theirs,
            }
        )
        return _section_page(
            request, review, report, stale.current, form=merged, conflict=stale, status=409
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The section is saved."))
    return redirect(_section_url(review, section))


@require_GET
def history(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_read_existing_report)
    report = selectors.existing_report(review)
    wanted = request.GET.get("section")
    section = (
        selectors.section_in(report, wanted)
        if wanted
        else report.sections.select_related("updated_by").order_by("position").first()
    )
    if section is None:
        raise Http404
    revisions = list(selectors.revisions_of(section)[:200])
    newest = revisions[0].number if revisions else 1
    older = selectors.revision_of(section, request.GET.get("a") or max(newest - 1, 1))
    newer = selectors.revision_of(section, request.GET.get("b") or newest)
    audit.record(
        "reports.section.compared",
        actor=request.user,
        subject=section,
        request=request,
        review_id=review.pk,
        a=older.number,
        b=newer.number,
    )
    return render(
        request,
        "reports/history.html",
        {
            "review": review,
            "report": report,
            "section": section,
            "revisions": revisions,
            "older": older,
            "newer": newer,
            "comparison": compare.compare(older.text, newer.text),
        },
    )


@require_POST
def comment(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_comment)
    report = selectors.existing_report(review)
    section = selectors.section_in(report, request.POST.get("section"))
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment; nothing was recorded."))
        return redirect(_section_url(review, section))
    parent = form.cleaned_data.get("parent")
    try:
        services.add_comment(
            section=section,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            parent=selectors.comment_in(section, parent) if parent else None,
            by=_person(request),
            request=request,
        )
    except PermissionDenied:
        raise Http404 from None
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The comment is recorded."))
    return redirect(_section_url(review, section) + "#comments")


@require_POST
def needs(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_edit_report)
    report = selectors.existing_report(review)
    target = reverse("reports:report", kwargs={"review_id": review.pk}) + "#needs"
    if request.POST.get("action") == "remove":
        need = selectors.need_in(report, request.POST.get("need"))
        try:
            based_on = int(request.POST.get("based_on", "0"))
            services.remove_need(need=need, by=_person(request), based_on=based_on, request=request)
        except ValueError:
            messages.error(request, _("The need's revision is missing; reload the page."))
        except RuleViolation as refusal:
            messages.error(request, explain(refusal))
        else:
            messages.success(request, _("The assistance need is taken out of the report."))
        return redirect(target)
    form = forms.NeedForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[k].label}: {' '.join(str(e) for e in v)}"
            for k, v in form.errors.items()
            if k in form.fields
        )
        messages.error(
            request, _("The assistance need was not saved: %(problems)s.") % {"problems": problems}
        )
        return redirect(target)
    data = form.cleaned_data
    try:
        services.save_need(
            report=report,
            by=_person(request),
            kind=data["kind"],
            article=data["article"],
            description=data["description"],
            priority=data["priority"],
            need=selectors.need_in(report, data["need"]) if data.get("need") else None,
            based_on=data.get("based_on") or 0,
            request=request,
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The assistance need is saved."))
    return redirect(target)


@require_POST
def approve(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_approve_report)
    report = selectors.existing_report(review)
    form = forms.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve from the report's page, which names its version."))
        return redirect(report)
    try:
        services.approve_report(
            report=report,
            by=_person(request),
            state_code=form.cleaned_data["state"],
            version=form.cleaned_data["version"],
            digest=form.cleaned_data["digest"],
            request=request,
        )
    except PermissionDenied:
        raise Http404 from None
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        report.refresh_from_db()
        if report.is_final:
            messages.success(
                request, _("All three States have approved: this version is the final report.")
            )
        else:
            messages.success(request, _("Your State's approval of this version is recorded."))
    return redirect(report)


def _chosen_sections(request: HttpRequest, report: Report) -> tuple[str, list[Section]]:
    """The part asked for (`?part=summary`) and, optionally, one chapter (`?cluster=`) or one
    article (`?article=`)."""
    part = Part.SUMMARY if request.GET.get("part") == Part.SUMMARY else Part.REPORT
    return part, background.chosen_sections(
        report,
        part=part,
        cluster=request.GET.get("cluster", ""),
        article=request.GET.get("article", ""),
    )


@require_GET
def export_docx(request: HttpRequest, review_id: int) -> HttpResponse:
    """The report, its summary or one chapter as DOCX, each section in a content control
    carrying its identity and revision (the Word round trip)."""
    review = selectors.review_for(request.user, review_id, permissions.can_read_existing_report)
    report = selectors.existing_report(review)
    part, sections = _chosen_sections(request, report)
    data = documents.report_docx(
        report,
        sections=sections,
        part=part,
        today=timezone.localdate(),
        editable=permissions.can_edit_report(request.user, review),
    )
    audit.record(
        "reports.report.exported",
        actor=request.user,
        subject=report,
        request=request,
        review_id=review.pk,
        format="docx",
        part=part,
        version=report.version,
    )
    response = HttpResponse(data, content_type=documents.DOCX_CONTENT_TYPE)
    return as_attachment(response, background.file_name(report, part, "docx"))


@require_GET
def export_pdf(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_read_existing_report)
    report = selectors.existing_report(review)
    part, sections = _chosen_sections(request, report)
    if background.is_long(sections):  # made by a worker; its page offers the file (issue 17)
        job = exports.queue_export(
            kind=background.REPORT_PDF,
            requested_by=_person(request),
            parameters={
                "review_id": review.pk,
                "part": part,
                "cluster": request.GET.get("cluster", ""),
                "article": request.GET.get("article", ""),
            },
            language=translation.get_language(),
        )
        return redirect(job)
    data = documents.report_pdf(report, sections=sections, part=part, today=timezone.localdate())
    audit.record(
        "reports.report.exported",
        actor=request.user,
        subject=report,
        request=request,
        review_id=review.pk,
        format="pdf",
        part=part,
        version=report.version,
    )
    response = HttpResponse(data, content_type="application/pdf")
    return as_attachment(response, background.file_name(report, part, "pdf"))


@require_POST
def import_word(request: HttpRequest, review_id: int) -> HttpResponse:
    """An edited DOCX read back: changed sections saved, stale ones refused with the conflict."""
    review = selectors.review_for(request.user, review_id, permissions.can_edit_report)
    report = selectors.existing_report(review)
    form = forms.WordForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the edited Word document to read back."))
        return redirect(report)
    try:
        outcome = services.import_docx(
            report=report,
            upload=form.cleaned_data["document"],
            by=_person(request),
            request=request,
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
        return redirect(report)
    return render(
        request,
        "reports/imported.html",
        {"review": review, "report": report, "outcome": outcome},
        status=409 if outcome.conflicts else 200,
    )
