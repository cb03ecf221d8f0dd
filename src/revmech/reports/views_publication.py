"""Pages of the executive summary's translations and issue (P&R paras 36, 45, 46), of the
publication of the report by the State under review (para 38), of access on request (para 39),
and the public pages: published summaries, their Atom feed, and published sections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.meetings.models import LANGUAGES
from revmech.reports import documents, forms, permissions, richtext, selectors, services
from revmech.reports.models import AccessStatus, Part, Report
from revmech.reports.services import sharing
from revmech.reviews import services as review_services
from revmech.rules import RuleViolation
from revmech.web.downloads import as_attachment
from revmech.web.refusals import explain


def _person(request: HttpRequest) -> Person:
    if not isinstance(request.user, Person):
        raise Http404
    return request.user


def _summary_url(report: Report) -> str:
    return reverse("reports:summary", kwargs={"review_id": report.review_id})


@require_GET
def summary(request: HttpRequest, review_id: int) -> HttpResponse:
    """The summary's six languages, publication, further translations and access requests."""
    review = selectors.review_for(request.user, review_id, permissions.can_read_existing_report)
    report = selectors.existing_report(review)
    audit.record("reports.summary.viewed", actor=request.user, subject=report, request=request)
    names = dict(LANGUAGES)
    rows = [
        {
            "row": row,
            "name": names.get(row.language, row.language),
            "form": forms.TranslationForm(
                initial={"language": row.language, "based_on": row.revision, "status": row.status},
                prefix=row.language,
            ),
        }
        for row in report.translations.select_related("updated_by")
    ]
    can = {
        "work": permissions.can_work_on_summary(request.user, review),
        "publish": permissions.can_publish_report(request.user, review),
        "further": permissions.can_request_further_translation(request.user, review),
        "decide": permissions.can_decide_access(request.user, review),
    }
    context: dict[str, Any] = {
        "review": review,
        "report": report,
        "rows": rows,
        "can": can,
        "summary_sections": report.sections.filter(part=Part.SUMMARY).order_by("position"),
        "report_sections": report.sections.filter(part=Part.REPORT).order_by("position"),
        "publish_form": forms.PublishSummaryForm(initial={"issued_on": timezone.localdate()}),
        "further_form": forms.FurtherTranslationForm(),
        "further": report.further_translations.all(),
        "access_requests": report.access_requests.select_related("state", "requested_by"),
    }
    return render(request, "reports/summary.html", context)


@require_POST
def translation_update(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_work_on_summary)
    report = selectors.existing_report(review)
    language = request.POST.get("language", "")
    form = forms.TranslationForm(request.POST, request.FILES, prefix=language or None)
    if not form.is_valid():
        messages.error(request, _("The translation was not saved: choose its status."))
        return redirect(_summary_url(report))
    data = form.cleaned_data
    try:
        services.update_translation(
            report=report,
            language=data["language"],
            status=data["status"],
            based_on=data["based_on"],
            text=data.get("text") or None,
            upload=data.get("upload"),
            by=_person(request),
            request=request,
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The translation is recorded."))
    return redirect(_summary_url(report) + "#translations")


@require_POST
def publish_summary(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_work_on_summary)
    report = selectors.existing_report(review)
    form = forms.PublishSummaryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the session and the date of issue."))
        return redirect(_summary_url(report))
    try:
        services.publish_summary(
            report=report,
            session=form.cleaned_data["session"],
            issued_on=form.cleaned_data["issued_on"],
            symbol=form.cleaned_data["symbol"],
            by=_person(request),
            request=request,
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The executive summary is issued and published."))
    return redirect(_summary_url(report))


@require_POST
def publish(request: HttpRequest, review_id: int) -> HttpResponse:
    """The State under review publishes its report or chosen sections (P&R para 38)."""
    review = selectors.review_for(request.user, review_id, permissions.can_publish_report)
    report = selectors.existing_report(review)
    if request.POST.get("all") == "1":
        chosen = list(report.sections.values_list("pk", flat=True))
    else:
        chosen = [int(v) for v in request.POST.getlist("section") if v.isdigit()]
    try:
        services.publish_report(
            report=report, section_ids=chosen, by=_person(request), request=request
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The chosen sections are public."))
    return redirect(_summary_url(report) + "#publish")


@require_POST
def further_translation(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(
        request.user, review_id, permissions.can_request_further_translation
    )
    report = selectors.existing_report(review)
    if request.POST.get("action") == "delivered":
        row = report.further_translations.filter(pk=request.POST.get("row") or 0).first()
        if row is None:
            raise Http404
        services.mark_further_translation_delivered(row=row, by=_person(request), request=request)
        messages.success(request, _("The translation is recorded as delivered."))
        return redirect(_summary_url(report) + "#further")
    form = forms.FurtherTranslationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the language of the translation."))
        return redirect(_summary_url(report))
    try:
        services.request_further_translation(
            report=report, by=_person(request), request=request, **form.cleaned_data
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The translation is recorded with its funding."))
    return redirect(_summary_url(report) + "#further")


@require_POST
def request_access(request: HttpRequest, review_id: int) -> HttpResponse:
    """Another State's focal point asks to read a final report (P&R para 39)."""
    review = selectors.review_for_anyone(request.user, review_id, permissions.can_request_access)
    report = selectors.existing_report(review)
    form = forms.AccessRequestForm(request.POST)
    states = permissions.requesting_states(request.user, review)
    state = form.data.get("state") or (states[0] if states else "")
    try:
        services.request_access(
            report=report,
            by=_person(request),
            state_code=state,
            reason=form.data.get("reason", ""),
            request=request,
        )
    except PermissionDenied:
        raise Http404 from None
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("Your State's request is sent to the State under review."))
    return redirect("reports:list")


@require_POST
def decide_access(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id, permissions.can_decide_access)
    report = selectors.existing_report(review)
    found = report.access_requests.filter(pk=request.POST.get("request") or 0).first()
    if found is None:
        messages.error(request, _("Choose the request to decide."))
        return redirect(_summary_url(report) + "#access")
    try:
        services.decide_access(
            access_request=found,
            by=_person(request),
            grant=request.POST.get("decision") == "grant",
            request=request,
        )
    except RuleViolation as refusal:
        messages.error(request, explain(refusal))
    else:
        messages.success(request, _("The decision is recorded and the requester told."))
    return redirect(_summary_url(report) + "#access")


@require_http_methods(["GET", "POST"])
def shared(request: HttpRequest, review_id: int) -> HttpResponse:
    """The final report for a reader of a State whose request was granted: first the
    acknowledgement of its confidentiality (POST), then the report, read only; each read
    logged (P&R para 39)."""
    review = selectors.review_for_anyone(
        request.user, review_id, permissions.can_read_shared_report
    )
    report = selectors.existing_report(review)
    person = _person(request)
    granted = permissions.granted_request_for(person, review)
    if request.method == "POST":
        if request.POST.get("acknowledge") == "1":
            services.acknowledge_confidentiality(report=report, by=person, request=request)
        return redirect("reports:shared", review_id=review.pk)
    if not sharing.has_acknowledged(person, granted):
        return render(request, "reports/acknowledge.html", {"review": review, "report": report})
    audit.record(
        "reports.report.shared_read",
        actor=person,
        subject=report,
        request=request,
        review_id=review.pk,
        state=granted.state.code,
    )
    return render(
        request,
        "reports/shared.html",
        {
            "review": review,
            "report": report,
            "sections": report.final_content.get("sections", []),
            "needs": report.final_content.get("needs", []),
            "granted": granted,
        },
    )


@require_GET
def shared_docx(request: HttpRequest, review_id: int) -> HttpResponse:
    """The shared report as DOCX, watermarked with the reader's State and name, read only."""
    review = selectors.review_for_anyone(
        request.user, review_id, permissions.can_read_shared_report
    )
    report = selectors.existing_report(review)
    person = _person(request)
    granted = permissions.granted_request_for(person, review)
    if not sharing.has_acknowledged(person, granted):
        return redirect("reports:shared", review_id=review.pk)
    watermark = documents.Watermark(
        state=granted.state.display_name, name=person.get_full_name() or person.get_username()
    )
    data = documents.report_docx(
        report, today=timezone.localdate(), watermark=watermark, editable=False
    )
    audit.record(
        "reports.report.shared_exported",
        actor=person,
        subject=report,
        request=request,
        review_id=review.pk,
        state=granted.state.code,
    )
    response = HttpResponse(data, content_type=documents.DOCX_CONTENT_TYPE)
    return as_attachment(response, f"report_{review.state_under_review.code}_shared.docx")


def _public_language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang") or (translation.get_language() or "en").split("-")[0]
    return wanted if wanted in services.OFFICIAL_LANGUAGES else "en"


@login_not_required
@require_GET
def public(request: HttpRequest, review_id: int) -> HttpResponse:
    """The published executive summary in a chosen official language and the sections the
    State under review published (P&R paras 36, 38); nothing else of the report."""
    review = selectors.review_for_anyone(request.user, review_id, permissions.is_public_report)
    report = selectors.existing_report(review)
    language = _public_language(request)
    summary_row = (
        report.translations.filter(language=language).first()
        if report.is_summary_published
        else None
    )
    names = dict(LANGUAGES)
    return render(
        request,
        "reports/public.html",
        {
            "review": review,
            "report": report,
            "language": language,
            "languages": [(code, names[code]) for code in services.OFFICIAL_LANGUAGES],
            "summary": summary_row,
            "sections": report.sections.filter(is_published=True).order_by("position"),
        },
    )


def _published() -> Any:
    return (
        Report.objects.filter(summary_published_at__isnull=False)
        .select_related("review__state_under_review", "review__instrument", "summary_document")
        .order_by("-summary_published_at", "pk")
    )


@login_not_required
@require_GET
def summaries(request: HttpRequest) -> HttpResponse:
    """Published executive summaries, newest first (by date of publication; never a ranking)."""
    page = Paginator(_published(), 25).get_page(request.GET.get("page"))
    return render(request, "reports/summaries.html", {"page": page})


@login_not_required
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """An Atom feed of the newly published executive summaries (P&R para 36)."""
    site = review_services.absolute_url("")
    atom = feedgenerator.Atom1Feed(
        title=_("Executive summaries of country review reports"),
        link=site + reverse("reports:summaries"),
        description=_("Newly published executive summaries, in the six official languages."),
        feed_url=site + reverse("reports:feed"),
        language=translation.get_language() or "en",
    )
    for report in _published()[:50]:
        review = report.review
        link = site + reverse("reports:public", kwargs={"review_id": review.pk})
        atom.add_item(
            title=f"{report.summary_document.symbol if report.summary_document else ''} "
            + services.summary_title(report, translation.get_language() or "en"),
            link=link,
            description=richtext.plain(
                report.translations.filter(language="en").values_list("text", flat=True).first()
                or ""
            )[:500],
            unique_id=link,
            updateddate=report.summary_published_at,
            pubdate=report.summary_published_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response


def requestable_for(person: Any) -> list[dict[str, Any]]:
    """Final reports the person's State may ask to read (P&R para 39), with its requests."""
    if not isinstance(person, Person):
        return []
    mine = {r.pk for r in selectors.reports_for(person)}
    candidates = (
        Report.objects.filter(finalized_at__isnull=False)
        .exclude(pk__in=mine)
        .select_related("review__state_under_review", "review__instrument")
        .prefetch_related("review__reviewers__state", "access_requests__state")
        .order_by("review__phase", "review__instrument__position", "review__state_under_review")
    )
    rows = []
    for report in candidates[:200]:
        states = permissions.requesting_states(person, report.review)
        if not states:
            continue
        asked = [r for r in report.access_requests.all() if r.state.code in states]
        rows.append(
            {
                "report": report,
                "states": states,
                "asked": asked,
                "granted": any(r.status == AccessStatus.GRANTED for r in asked),
                "open": any(r.status != AccessStatus.REFUSED for r in asked),
            }
        )
    return rows
