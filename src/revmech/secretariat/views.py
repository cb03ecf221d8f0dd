"""The secretariat's pages: budget, contributions, needs, training, support, languages.

Every view refuses anyone outside the secretariat with 404 (the page does not exist for them)
before reading anything (`permissions.is_secretariat_staff`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from revmech.reviews.models import CountryReview, CountryVisit, WorkingLanguage
from revmech.rules import RuleViolation
from revmech.secretariat import exports, forms, permissions, selectors, services
from revmech.secretariat.models import Activity, ExchangeRate, FundingNeed, Source
from revmech.web.downloads import as_attachment
from revmech.web.refusals import explain

View = Callable[..., HttpResponse]


def secretariat_only(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_secretariat_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _attempt(form: Any, action: Callable[[], Any]) -> Any:
    """Run a service; a refusal becomes the form's error and nothing is returned."""
    try:
        return action()
    except RuleViolation as refusal:
        form.add_error(None, explain(refusal))
        return None


@require_GET
@secretariat_only
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "secretariat/index.html")


# --- budget -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@secretariat_only
def budgets(request: HttpRequest) -> HttpResponse:
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = _attempt(
            form,
            lambda: services.propose_budget(
                first_year=form.cleaned_data["first_year"], actor=request.user, request=request
            ),
        )
        if proposal is not None:
            return redirect(proposal)
    page = Paginator(selectors.proposals(), 20).get_page(request.GET.get("page"))
    return render(request, "secretariat/budgets.html", {"page": page, "form": form})


@require_GET
@secretariat_only
def budget(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal(proposal_id)
    versions = selectors.versions_of(proposal)
    shown = versions[0] if versions else None
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        shown = next((v for v in versions if v.number == int(wanted)), shown)
    lines = list(shown.lines.all()) if shown else []
    totals = services.budget_totals(lines)
    return render(
        request,
        "secretariat/budget.html",
        {
            "proposal": proposal,
            "versions": versions,
            "shown": shown,
            "lines": lines,
            "totals": totals,
            "total_rows": [
                *((Activity(code).label, sums) for code, sums in totals.by_activity.items()),
                *((str(year), sums) for year, sums in sorted(totals.by_year.items())),
                *((Source(code).label, sums) for code, sums in totals.by_source.items()),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@secretariat_only
def revise_budget(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal(proposal_id)
    latest = services.latest_version(proposal)
    initial = [
        {
            "activity": line.activity,
            "year": line.year,
            "source": line.source,
            "amount": line.amount.amount,
            "currency": str(line.amount.currency),
            "description": line.description,
        }
        for line in (latest.lines.all() if latest else [])
    ]
    data = request.POST if request.method == "POST" else None
    lines = forms.BudgetLineFormSet(data, initial=initial or None, prefix="line")
    revision = forms.RevisionForm(data, initial={"based_on": latest.number if latest else None})
    if request.method == "POST" and lines.is_valid() and revision.is_valid():
        kept = [
            services.LineData(
                activity=row["activity"],
                year=row["year"],
                source=row["source"],
                amount=row["amount"],
                currency=row["currency"],
                description=row.get("description") or "",
            )
            for row in lines.cleaned_data
            if row and not row.get("DELETE")
        ]
        version = _attempt(
            revision,
            lambda: services.save_budget_version(
                proposal=proposal,
                lines=kept,
                note=revision.cleaned_data["note"] or "",
                based_on=revision.cleaned_data["based_on"],
                actor=request.user,
                now=timezone.now(),
                request=request,
            ),
        )
        if version is not None:
            messages.success(
                request, _("Version %(number)s is saved.") % {"number": version.number}
            )
            return redirect(proposal)
    return render(
        request,
        "secretariat/revise_budget.html",
        {"proposal": proposal, "lines": lines, "revision": revision, "latest": latest},
    )


def _version_for_export(request: HttpRequest, proposal_id: int) -> Any:
    proposal = selectors.proposal(proposal_id)
    versions = selectors.versions_of(proposal)
    if not versions:
        raise Http404
    wanted = request.GET.get("version", "")
    if not wanted.isdigit():
        return proposal, versions[0]
    version = next((v for v in versions if v.number == int(wanted)), None)
    if version is None:
        raise Http404
    return proposal, version


@require_GET
@secretariat_only
def budget_docx(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal, version = _version_for_export(request, proposal_id)
    response = HttpResponse(exports.budget_docx(version), content_type=exports.DOCX_TYPE)
    return as_attachment(response, f"budget_{proposal.first_year}_v{version.number}.docx")


@require_GET
@secretariat_only
def budget_xlsx(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal, version = _version_for_export(request, proposal_id)
    response = HttpResponse(exports.budget_xlsx(version), content_type=exports.XLSX_TYPE)
    return as_attachment(response, f"budget_{proposal.first_year}_v{version.number}.xlsx")


# --- contributions and needs --------------------------------------------------------------


@require_GET
@secretariat_only
def contributions(request: HttpRequest) -> HttpResponse:
    everything = selectors.contributions()
    page = Paginator(everything, 25).get_page(request.GET.get("page"))
    rows = [(c, services.balance(c)) for c in page.object_list]
    return render(
        request,
        "secretariat/contributions.html",
        {
            "page": page,
            "rows": rows,
            "balances": services.balances_by_purpose(everything),
        },
    )


@require_http_methods(["GET", "POST"])
@secretariat_only
def new_contribution(request: HttpRequest) -> HttpResponse:
    form = forms.ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contribution = _attempt(
            form,
            lambda: services.record_contribution(
                **form.cleaned_data, actor=request.user, now=timezone.now(), request=request
            ),
        )
        if contribution is not None:
            messages.success(request, _("The contribution is recorded."))
            return redirect(contribution)
    return render(request, "secretariat/contribution_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@secretariat_only
def contribution(request: HttpRequest, contribution_id: int) -> HttpResponse:
    found = selectors.contribution(contribution_id)
    form = forms.FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        need = FundingNeed.objects.filter(pk=form.cleaned_data["need"]).first()
        if need is None:
            form.add_error("need", _("There is no need with this number."))
        else:
            funding = _attempt(
                form,
                lambda: services.fund(
                    need=need,
                    contribution=found,
                    amount=form.cleaned_data["amount"],
                    actor=request.user,
                    now=timezone.now(),
                    request=request,
                ),
            )
            if funding is not None:
                messages.success(request, _("The funding is recorded."))
                return redirect(found)
    return render(
        request,
        "secretariat/contribution.html",
        {"contribution": found, "balance": services.balance(found), "form": form},
    )


@require_http_methods(["GET", "POST"])
@secretariat_only
def rates(request: HttpRequest) -> HttpResponse:
    form = forms.RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = _attempt(
            form,
            lambda: services.record_rate(**form.cleaned_data, actor=request.user, request=request),
        )
        if recorded is not None:
            messages.success(request, _("The rate is recorded."))
            return redirect("secretariat:rates")
    page = Paginator(ExchangeRate.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "secretariat/rates.html", {"form": form, "page": page})


@require_GET
@secretariat_only
def needs(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.needs(), 25).get_page(request.GET.get("page"))
    statuses = [services.need_status(need) for need in page.object_list]
    return render(request, "secretariat/needs.html", {"page": page, "statuses": statuses})


@require_http_methods(["GET", "POST"])
@secretariat_only
def new_need(request: HttpRequest) -> HttpResponse:
    form = forms.NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = CountryReview.objects.filter(pk=data["review"]).first() if data["review"] else None
        visit = CountryVisit.objects.filter(pk=data["visit"]).first() if data["visit"] else None
        if data["review"] and review is None:
            form.add_error("review", _("There is no review with this number."))
        elif data["visit"] and visit is None:
            form.add_error("visit", _("There is no country visit with this number."))
        else:
            need = _attempt(
                form,
                lambda: services.open_need(
                    kind=data["kind"],
                    description=data["description"],
                    estimate=data["estimate"],
                    currency=data["currency"],
                    review=review,
                    visit=visit,
                    language=data["language"] or "",
                    actor=request.user,
                    now=timezone.now(),
                    request=request,
                ),
            )
            if need is not None:
                messages.success(request, _("The need is recorded as waiting for funding."))
                return redirect("secretariat:needs")
    return render(request, "secretariat/need_form.html", {"form": form})


# --- training and support (para 42) -------------------------------------------------------


@require_http_methods(["GET", "POST"])
@secretariat_only
def courses(request: HttpRequest) -> HttpResponse:
    form = forms.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = _attempt(
            form,
            lambda: services.plan_course(**form.cleaned_data, actor=request.user, request=request),
        )
        if course is not None:
            return redirect(course)
    page = Paginator(selectors.courses(), 25).get_page(request.GET.get("page"))
    return render(request, "secretariat/courses.html", {"page": page, "form": form})


@require_http_methods(["GET", "POST"])
@secretariat_only
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    found = selectors.course(course_id)
    form = forms.ParticipantForm(request.POST or None)
    if request.method == "POST":
        completed = request.POST.get("completed", "")
        if completed.isdigit():
            participant = get_object_or_404(found.participants, pk=int(completed))
            services.record_completion(participant=participant, actor=request.user, request=request)
            return redirect(found)
        if form.is_valid():
            added = _attempt(
                form,
                lambda: services.add_participant(
                    course=found, **form.cleaned_data, actor=request.user, request=request
                ),
            )
            if added is not None:
                return redirect(found)
    page = Paginator(selectors.participants_of(found), 50).get_page(request.GET.get("page"))
    return render(request, "secretariat/course.html", {"course": found, "page": page, "form": form})


@require_GET
@secretariat_only
def certificate(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = selectors.participant(participant_id)
    if not participant.completed:
        raise Http404
    response = HttpResponse(
        exports.certificate_pdf(participant, language=request.LANGUAGE_CODE),
        content_type="application/pdf",
    )
    return as_attachment(response, f"certificate_{participant.course_id}_{participant.pk}.pdf")


@require_http_methods(["GET", "POST"])
@secretariat_only
def support(request: HttpRequest) -> HttpResponse:
    form = forms.SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = _attempt(
            form,
            lambda: services.record_support_request(
                **form.cleaned_data, actor=request.user, request=request
            ),
        )
        if recorded is not None:
            messages.success(request, _("The request is recorded."))
            return redirect("secretariat:support")
    page = Paginator(selectors.support_requests(), 25).get_page(request.GET.get("page"))
    return render(request, "secretariat/support.html", {"page": page, "form": form})


@require_http_methods(["GET", "POST"])
@secretariat_only
def answer_support(request: HttpRequest, support_id: int) -> HttpResponse:
    found = selectors.support_request(support_id)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answered = _attempt(
            form,
            lambda: services.answer_support_request(
                support=found,
                answer=data["answer"],
                answered_on=data["answered_on"],
                estimate=data["estimate"],
                currency=data["currency"],
                actor=request.user,
                now=timezone.now(),
                request=request,
            ),
        )
        if answered is not None:
            messages.success(request, _("The answer is recorded."))
            return redirect("secretariat:support")
    return render(request, "secretariat/answer_support.html", {"support": found, "form": form})


# --- languages of the process (paras 43-46) -----------------------------------------------


@require_GET
@secretariat_only
def languages(request: HttpRequest) -> HttpResponse:
    counts = selectors.language_counts()
    working = [(code, label, counts.get(code, 0)) for code, label in WorkingLanguage.choices]
    reviews = Paginator(selectors.reviews_by_language(), 50).get_page(request.GET.get("page"))
    translations = [services.need_status(need) for need in selectors.translation_needs()[:100]]
    return render(
        request,
        "secretariat/languages.html",
        {"working": working, "reviews": reviews, "translations": translations},
    )
