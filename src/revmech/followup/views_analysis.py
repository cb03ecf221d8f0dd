"""Pages of the analysis for the Conference (P&R paras 3 (b), 5, 7 (d), 40, 53 (a)): thematic
figures with their charts and data tables, good practices, the working groups' views and
reports, the functioning of the Mechanism.

Public pages count published or consented material only; the internal ones, for the secretariat
and the working groups, count everything but name no State and quote nothing. Each chart is an
SVG at its own address (an `<img>` with the data table beside it), the same figure as in the
DOCX.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from revmech.audit import services as audit
from revmech.followup import (
    analysis,
    charts,
    documents,
    functioning,
    mandates,
    permissions,
    selectors,
    services,
)
from revmech.followup.forms import RecommendationForm
from revmech.followup.models import AssistanceType, Finding, FindingKind, Recommendation
from revmech.registry.models import Instrument, WorkingGroup
from revmech.rules import RuleViolation
from revmech.web import spreadsheets
from revmech.web.dates import day
from revmech.web.downloads import as_attachment
from revmech.web.refusals import explain

SVG_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}


def _svg(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="image/svg+xml")
    for name, value in SVG_HEADERS.items():
        response[name] = value
    return response


def _docx(body: bytes, filename: str) -> HttpResponse:
    return as_attachment(HttpResponse(body, content_type=documents.DOCX_CONTENT_TYPE), filename)


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _count_label() -> str:
    return _("Number")


# Thematic analysis: public (published or consented material) and internal (everything).


def _analysis_page(request: HttpRequest, scope: str) -> HttpResponse:
    figures = analysis.tables(scope)
    return render(
        request,
        "followup/analysis.html",
        {
            "scope": scope,
            "is_internal": scope == analysis.INTERNAL,
            "figures": figures,
            "summary": analysis.summary(scope),
            "chart_url": "followup:analysis_internal_chart"
            if scope == analysis.INTERNAL
            else "followup:analysis_chart",
            "docx_url": "followup:analysis_internal_docx"
            if scope == analysis.INTERNAL
            else "followup:analysis_docx",
        },
    )


def _analysis_chart(key: str, scope: str) -> HttpResponse:
    if key not in analysis.SPEC_BY_KEY:
        raise Http404
    table = analysis.table(key, scope=scope)
    return _svg(charts.svg(charts.bar_figure(table, value_label=_count_label())))


def analysis_docx_bytes(scope: str) -> bytes:
    """The thematic report for the Conference as DOCX, in the active language."""
    report = documents.Report(_language(), _("Thematic analysis for the Conference"))
    if scope == analysis.PUBLIC:
        report.paragraph(
            _(
                "Figures from published country review reports and material the States "
                "consented to share (P&R paras 7 (d), 53 (a)). No State is ranked (para 3 (b))."
            )
        )
    else:
        report.paragraph(
            _(
                "Figures from all country review material, confidential included; they name no "
                "State and quote nothing (P&R paras 3 (b), 37, 53 (b))."
            )
        )
    summary = analysis.summary(scope)
    report.bullets(_summary_lines(summary))
    for table in analysis.tables(scope):
        report.figure(table, value_label=_count_label())
    return report.bytes()


def _summary_lines(summary: dict[str, int]) -> list[str]:
    return [
        _("Technical assistance needs: %(count)s") % {"count": summary["needs"]},
        _("Needs addressed: %(count)s") % {"count": summary["needs_addressed"]},
        _("Successes: %(count)s") % {"count": summary["findings_success"]},
        _("Good practices: %(count)s") % {"count": summary["findings_good_practice"]},
        _("Challenges: %(count)s") % {"count": summary["findings_challenge"]},
    ]


@login_not_required
@require_GET
def analysis_page(request: HttpRequest) -> HttpResponse:
    return _analysis_page(request, analysis.PUBLIC)


@login_not_required
@require_GET
def analysis_chart(request: HttpRequest, key: str) -> HttpResponse:
    return _analysis_chart(key, analysis.PUBLIC)


@login_not_required
@require_GET
def analysis_docx(request: HttpRequest) -> HttpResponse:
    return _docx(analysis_docx_bytes(analysis.PUBLIC), "thematic-analysis.docx")


def _internal(request: HttpRequest) -> None:
    if not permissions.can_see_internal_analysis(request.user):
        raise Http404


@require_GET
def analysis_internal(request: HttpRequest) -> HttpResponse:
    _internal(request)
    audit.record("followup.analysis.internal_viewed", actor=request.user, request=request)
    return _analysis_page(request, analysis.INTERNAL)


@require_GET
def analysis_internal_chart(request: HttpRequest, key: str) -> HttpResponse:
    _internal(request)
    return _analysis_chart(key, analysis.INTERNAL)


@require_GET
def analysis_internal_docx(request: HttpRequest) -> HttpResponse:
    _internal(request)
    audit.record("followup.analysis.internal_exported", actor=request.user, request=request)
    return _docx(analysis_docx_bytes(analysis.INTERNAL), "thematic-analysis-internal.docx")


@login_not_required
@require_GET
def good_practices(request: HttpRequest) -> HttpResponse:
    """Published good practices and successes, searchable (P&R paras 3 (c), (n), 7 (d))."""
    query = (request.GET.get("q") or "").strip()[:200]
    instrument = (request.GET.get("instrument") or "").strip()[:10]
    kinds = [k for k in request.GET.getlist("kind") if k in FindingKind.values]
    found = analysis.good_practices(query=query, instrument=instrument, kinds=kinds)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/good_practices.html",
        {
            "page": page,
            "query": query,
            "instrument": instrument,
            "kinds": kinds,
            "instruments": Instrument.objects.order_by("position"),
            "kind_choices": [
                (FindingKind.GOOD_PRACTICE.value, FindingKind.GOOD_PRACTICE.label),
                (FindingKind.SUCCESS.value, FindingKind.SUCCESS.label),
            ],
        },
    )


# The working groups (P&R para 40 and its note).


def _group_context(group: WorkingGroup) -> dict[str, Any]:
    instruments = mandates.instruments_of(group.code)
    return {
        "group": group,
        "instruments": Instrument.objects.filter(code__in=instruments).order_by("position"),
        "figures": analysis.tables(analysis.INTERNAL, instruments=instruments, subjects=("needs",)),
        "summary": analysis.summary(analysis.INTERNAL, instruments=instruments),
        "progress": progress_summary(instruments),
        "recommendations": Recommendation.objects.filter(working_group=group).select_related(
            "instrument"
        ),
    }


def progress_summary(instruments: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """Per instrument: observations, and how many a State has reported implemented (para 41)."""
    observations = Finding.objects.filter(
        kind=FindingKind.OBSERVATION, instrument__code__in=list(instruments)
    ).prefetch_related("progress")
    totals: dict[int, list[int]] = {}
    for finding in observations:
        row = totals.setdefault(finding.instrument_id, [0, 0])
        row[0] += 1
        if not finding.is_open:
            row[1] += 1
    return [
        (i.short_name, *totals.get(i.pk, [0, 0]))  # type: ignore[misc]
        for i in Instrument.objects.filter(code__in=instruments).order_by("position")
    ]


@require_GET
def working_group(request: HttpRequest, code: str) -> HttpResponse:
    group = selectors.working_group_for(request.user, code)
    instruments = mandates.instruments_of(group.code)
    needs = selectors.needs_for(request.user).filter(instrument__code__in=list(instruments))
    page = Paginator(needs, 50).get_page(request.GET.get("page"))
    audit.record("followup.working_group.viewed", actor=request.user, request=request, group=code)
    context = _group_context(group)
    context.update(
        {
            "page": page,
            "can_recommend": permissions.can_record_recommendation(request.user, group),
            "form": RecommendationForm(instruments=_choices(instruments)),
        }
    )
    return render(request, "followup/working_group.html", context)


def _choices(instruments: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        ("", _("All instruments of the mandate")),
        *[
            (i.code, i.short_name)
            for i in Instrument.objects.filter(code__in=instruments).order_by("position")
        ],
    ]


@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, code: str) -> HttpResponse:
    group = selectors.working_group_for(request.user, code)
    if not permissions.can_record_recommendation(request.user, group):
        raise Http404
    instruments = mandates.instruments_of(group.code)
    form = RecommendationForm(request.POST or None, instruments=_choices(instruments))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_recommendation(
                working_group=group,
                by=request.user,  # type: ignore[arg-type]
                text=data["text"],
                adopted_on=data["adopted_on"],
                instrument=Instrument.objects.filter(code=data["instrument"]).first(),
                assistance_type=data["assistance_type"] or "",
                now=timezone.now(),
                request=request,
            )
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            messages.success(request, _("The recommendation is recorded."))
            return redirect("followup:working_group", code=group.code)
    return render(request, "followup/recommend.html", {"group": group, "form": form})


def working_group_docx_bytes(group: WorkingGroup) -> bytes:
    """The working group's report to the Conference on technical assistance (P&R para 40)."""
    context = _group_context(group)
    report = documents.Report(
        _language(),
        _("Report of the %(group)s to the Conference on technical assistance needs")
        % {"group": group},
    )
    report.paragraph(
        _(
            "The working group considered the technical assistance needs identified by States "
            "parties further to their country reviews (P&R para 40) for: %(instruments)s. The "
            "figures count needs from all reviews and name no State (para 3 (b))."
        )
        % {"instruments": ", ".join(i.short_name for i in context["instruments"])}
    )
    report.bullets(_summary_lines(context["summary"]))
    for table in context["figures"]:
        report.figure(table, value_label=_count_label())
    report.heading(_("Progress reported on observations (P&R para 41)"))
    report.grid(
        [_("Instrument"), _("Observations"), _("Reported implemented")], context["progress"]
    )
    report.heading(_("Recommendations"))
    recommendations = list(context["recommendations"])
    if not recommendations:
        report.paragraph(_("No recommendation recorded yet."))
    for recommendation in recommendations:
        about = [
            str(x)
            for x in (
                recommendation.instrument.short_name if recommendation.instrument else "",
                AssistanceType(recommendation.assistance_type).label
                if recommendation.assistance_type
                else "",
            )
            if x
        ]
        heading = day(recommendation.adopted_on)
        if about:
            heading += " (" + ", ".join(about) + ")"
        report.heading(heading, level=2)
        report.paragraph(recommendation.text)
    return report.bytes()


@require_GET
def working_group_docx(request: HttpRequest, code: str) -> HttpResponse:
    group = selectors.working_group_for(request.user, code)
    audit.record("followup.working_group.exported", actor=request.user, request=request, group=code)
    return _docx(working_group_docx_bytes(group), f"{group.code}-report-to-the-conference.docx")


@require_GET
def working_group_chart(request: HttpRequest, code: str, key: str) -> HttpResponse:
    group = selectors.working_group_for(request.user, code)
    spec = analysis.SPEC_BY_KEY.get(key)
    if spec is None or spec.subject != "needs":
        raise Http404
    table = analysis.table(
        spec, scope=analysis.INTERNAL, instruments=mandates.instruments_of(group.code)
    )
    return _svg(charts.svg(charts.bar_figure(table, value_label=_count_label())))


# The functioning of the Mechanism (P&R para 5).


def _filters(request: HttpRequest) -> tuple[int | None, str]:
    raw_phase = request.GET.get("phase") or ""
    phase = int(raw_phase) if raw_phase.isdigit() and len(raw_phase) < 3 else None
    instrument = (request.GET.get("instrument") or "").strip()[:10]
    return phase, instrument


def _measure(request: HttpRequest) -> functioning.Functioning:
    if not permissions.can_see_internal_analysis(request.user):
        raise Http404
    phase, instrument = _filters(request)
    return functioning.measure(today=timezone.localdate(), phase=phase, instrument=instrument)


FUNCTIONING_CHARTS = ("durations", "deadlines", "stages", "overdue", "over_time")


@require_GET
def functioning_page(request: HttpRequest) -> HttpResponse:
    figures = _measure(request)
    phase, instrument = _filters(request)
    return render(
        request,
        "followup/functioning.html",
        {
            "figures": figures,
            "spread_rows": functioning.spread_rows(figures.spreads),
            "over_time": list(
                zip(
                    figures.quarters,
                    figures.on_time_by_quarter,
                    figures.late_by_quarter,
                    strict=True,
                )
            ),
            "phase": phase,
            "instrument": instrument,
            "instruments": Instrument.objects.order_by("position"),
            "query": request.GET.urlencode(),
            "can_export": permissions.can_manage_need(request.user),
        },
    )


def functioning_figure(figures: functioning.Functioning, key: str) -> Any:
    if key == "durations":
        present = [s for s in figures.spreads if s.durations]
        return charts.box_figure(
            [s.label for s in present], [s.durations for s in present], value_label=_("Days")
        )
    if key == "deadlines":
        return charts.bar_figure(figures.deadlines, value_label=_("Steps"))
    if key == "stages":
        return charts.bar_figure(figures.stages, value_label=_("Reviews"))
    if key == "overdue":
        return charts.bar_figure(figures.overdue_by_stage, value_label=_("Reviews"))
    if key == "over_time":
        return charts.line_figure(
            figures.quarters,
            [
                (_("Done within the deadline"), figures.on_time_by_quarter),
                (_("Done after the deadline"), figures.late_by_quarter),
            ],
            value_label=_("Steps"),
        )
    raise Http404


@require_GET
def functioning_chart(request: HttpRequest, key: str) -> HttpResponse:
    if key not in FUNCTIONING_CHARTS:
        raise Http404
    return _svg(charts.svg(functioning_figure(_measure(request), key)))


def functioning_docx_bytes(figures: functioning.Functioning) -> bytes:
    report = documents.Report(_language(), _("Functioning of the Mechanism"))
    report.paragraph(
        _(
            "Figures about the review process for its evaluation by the Conference (P&R para "
            "5): %(count)s reviews. They describe the process, not States (para 3 (b))."
        )
        % {"count": figures.reviews}
    )
    report.heading(_("How long each stretch of a review takes, in days"))
    if any(s.durations for s in figures.spreads):
        report.picture(charts.png(functioning_figure(figures, "durations")))
    report.grid(_spread_header(), functioning.spread_rows(figures.spreads))
    for table, unit in (
        (figures.deadlines, _("Steps")),
        (figures.stages, _("Reviews")),
        (figures.overdue_by_stage, _("Reviews")),
    ):
        report.figure(table, value_label=unit)
    report.heading(_("Steps done within and after their deadline, by quarter"))
    if figures.quarters:
        report.picture(charts.png(functioning_figure(figures, "over_time")))
    report.grid(
        [_("Quarter"), _("Done within the deadline"), _("Done after the deadline")],
        zip(figures.quarters, figures.on_time_by_quarter, figures.late_by_quarter, strict=True),
    )
    return report.bytes()


def _spread_header() -> list[str]:
    return [
        _("Stretch"),
        _("Reviews"),
        _("Median (days)"),
        _("Middle half (days)"),
        _("Shortest"),
        _("Longest"),
    ]


def _export_allowed(request: HttpRequest) -> functioning.Functioning:
    if not permissions.can_manage_need(request.user):
        raise Http404
    figures = _measure(request)
    audit.record("followup.functioning.exported", actor=request.user, request=request)
    return figures


@require_GET
def functioning_docx(request: HttpRequest) -> HttpResponse:
    figures = _export_allowed(request)
    return _docx(functioning_docx_bytes(figures), "functioning-of-the-mechanism.docx")


@require_GET
def functioning_csv(request: HttpRequest) -> HttpResponse:
    """The durations as CSV for the Conference's own analysis (figures, not States)."""
    figures = _export_allowed(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Labels come from data people enter: formula-like text stays text (web.spreadsheets).
    writer.writerow(spreadsheets.row(_spread_header()))
    writer.writerows(spreadsheets.row(r) for r in functioning.spread_rows(figures.spreads))
    writer.writerow([])
    writer.writerow(spreadsheets.row([_("Step"), *[c.label for c in figures.deadlines.series]]))
    for category, values in figures.deadlines.rows:
        writer.writerow(spreadsheets.row([category.label, *values]))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return as_attachment(response, "functioning-of-the-mechanism.csv")
