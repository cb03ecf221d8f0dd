"""Pages of the country reviews (signed-in; content confidential, P&R paras 32, 37).

Each move is a POST that names the version of the review it was read at; a refused move
(out of order, or overtaken by someone else's) comes back as a message naming the stage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]  # ships no types

from revmech.accounts.models import Person
from revmech.accounts.permissions import Someone
from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.registry.models import Instrument, WorkingGroup
from revmech.reviews import (
    background,
    deadlines,
    forms,
    ical,
    permissions,
    responsibility,
    selectors,
    services,
)
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation
from revmech.web import spreadsheets
from revmech.web.downloads import as_attachment


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.reviews_for(request.user)
    return render(request, "reviews/review_list.html", {"reviews": reviews})


def _can(person: Someone, review: CountryReview) -> dict[str, bool]:
    """What the person may do with the review; templates read `can.<move>`, never roles."""
    return {
        "open_consultations": permissions.can_open_consultations(person, review),
        "record_consultations": permissions.can_record_consultations(person, review),
        "submit_self_assessment": permissions.can_submit_self_assessment(person, review),
        "send_desk_review": permissions.can_send_desk_review(person, review),
        "prepare_draft_report": permissions.can_prepare_draft_report(person, review),
        "agree_report": permissions.can_agree_report(person, review),
        "communicate_report": permissions.can_communicate_report(person, review),
        "ask": permissions.can_ask_in_dialogue(person, review),
        "answer": permissions.can_answer_in_dialogue(person, review),
        "schedule_meetings": permissions.can_schedule_meetings(person, review),
        "propose_visit": permissions.can_propose_visit(person, review),
        "decide_visit": permissions.can_decide_visit(person, review),
        "record_visit": permissions.can_record_visit(person, review),
        "upload_documents": permissions.can_upload_documents(person, review),
        "request_assistance": permissions.can_request_assistance(person, review),
        "add_reference": permissions.can_add_reference(person, review),
    }


def _detail(
    request: HttpRequest,
    review: CountryReview,
    *,
    consultations_form: forms.ConsultationsForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    clock = deadlines.Clock()
    steps = deadlines.steps_of(review, clock=clock)
    agreed = services.agreed_states(review)
    to_agree = tuple(
        code
        for code in permissions.states_agreeing_through(request.user, review)
        if code not in agreed
    )
    audit.record("reviews.review.viewed", actor=request.user, subject=review, request=request)
    work = selectors.workspace_of(request.user, review)
    context: dict[str, Any] = {
        "review": review,
        "steps": [
            {
                "status": step,
                "label": deadlines.STEP_LABELS.get(step.step, step.step),
                "is_overdue": step.is_overdue(today),
                "is_target_passed": step.is_target_passed(today),
            }
            for step in steps
        ],
        "events": [
            {"event": e, "label": deadlines.event_label(e.kind)} for e in review.events.all()
        ],
        "next": deadlines.next_step_of(review, steps, today),
        "year_starts_on": clock.year_starts_on(review),
        "clock_starts_on": clock.clock_starts_on(review),
        "who_acts": responsibility.who_acts_next(review),
        "may_act": responsibility.may_take_next_step(request.user, review),
        "can": _can(request.user, review),
        "consultations_form": consultations_form
        or forms.ConsultationsForm(initial={"version": review.version}),
        "to_agree": to_agree,
        "agreed": sorted(agreed),
        "work": work,
        "in_dialogue": review.stage in services.DIALOGUE_STAGES,
        "assistance_open": review.stage in services.ASSISTANCE_STAGES,
        "references_open": review.stage in services.OPEN_STAGES,
        "ask_form": forms.AskForm(),
        "meeting_form": forms.MeetingForm(),
        "visit_form": forms.VisitProposalForm(),
        "document_form": forms.DocumentForm(documents=[(d.pk, d.title) for d in work.documents]),
        "assistance_form": forms.AssistanceForm(),
        # Its own ids: its fields share names with the documents form on the same page.
        "reference_form": forms.ReferenceForm(auto_id="id_reference_%s"),
    }
    return render(request, "reviews/review_detail.html", context)


@require_GET
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    return _detail(request, review)


Mover = Callable[..., object]


def _move(
    request: HttpRequest,
    review_id: int,
    *,
    may: Callable[[Someone, CountryReview], bool],
    service: Mover,
    form_class: type[django_forms.Form] = forms.MoveForm,
    form_kwargs: Callable[[CountryReview], dict[str, Any]] | None = None,
    done: str,
) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, may)
    extra = form_kwargs(review) if form_kwargs else {}
    form = form_class(request.POST, **extra)
    if not form.is_valid():
        if isinstance(form, forms.ConsultationsForm):
            return _detail(request, review, consultations_form=form)
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return _detail(request, review)
    person = request.user
    assert isinstance(person, Person)  # noqa: S101 - the selector let only a person through
    try:
        service(
            review=review,
            by=person,
            today=timezone.localdate(),
            request=request,
            **form.cleaned_data,
        )
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect(review)


@require_POST
def open_consultations(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_open_consultations,
        service=services.open_consultations,
        done=_("The consultations are open."),
    )


@require_POST
def record_consultations(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_record_consultations,
        service=services.record_consultations,
        form_class=forms.ConsultationsForm,
        done=_("The schedule and working languages are recorded."),
    )


@require_POST
def submit_self_assessment(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_submit_self_assessment,
        service=services.submit_self_assessment,
        done=_("The self-assessment is recorded as received by the reviewing States."),
    )


@require_POST
def send_desk_review(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_send_desk_review,
        service=services.send_desk_review,
        done=_("The outcome of the desk review is recorded as sent."),
    )


@require_POST
def prepare_draft_report(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_prepare_draft_report,
        service=services.prepare_draft_report,
        done=_("The draft report is recorded."),
    )


@require_POST
def agree_report(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_agree_report,
        service=services.agree_report,
        form_class=forms.AgreeForm,
        form_kwargs=lambda review: {
            "states": permissions.states_agreeing_through(request.user, review)
        },
        done=_("The agreement is recorded."),
    )


@require_POST
def communicate_report(request: HttpRequest, review_id: int) -> HttpResponse:
    return _move(
        request,
        review_id,
        may=permissions.can_communicate_report,
        service=services.communicate_report,
        done=_("The report is recorded as communicated to the secretariat."),
    )


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """Every message mailed to the person (reminders, steps of their reviews, nominations),
    newest first, in pages: what was sent by mail is found here too."""
    page = Paginator(selectors.notices_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "reviews/notifications.html", {"page": page})


# The secretariat's overview (stage, phase, instrument, working group), never a ranking.


def _overview_rows(request: HttpRequest) -> tuple[forms.OverviewFilter, list[CountryReview]]:
    instruments = [(i.code, i.short_name) for i in Instrument.objects.order_by("position")]
    groups = [(g.code, str(g)) for g in WorkingGroup.objects.all()]
    form = forms.OverviewFilter(request.GET or None, instruments=instruments, working_groups=groups)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    reviews = list(selectors.all_reviews_for_overview(request.user, **filters))
    # Each review's clock and next deadline from the phase calendar (P&R paras 10, 11, 23-33);
    # the rulebook and the calendars are read once for the whole list.
    clock, today = deadlines.Clock(), timezone.localdate()
    for review in reviews:
        review.clock_starts_on = clock.clock_starts_on(review)  # type: ignore[attr-defined]
        upcoming = deadlines.next_step_of(review, deadlines.steps_of(review, clock=clock), today)
        step = upcoming.step if upcoming else None
        review.next_due_on = (  # type: ignore[attr-defined]
            step.deadline.due_on if step and step.deadline and not step.is_done else None
        )
    return form, reviews


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form, reviews = _overview_rows(request)
    query = request.GET.urlencode()
    return render(
        request,
        "reviews/overview.html",
        {
            "form": form,
            "reviews": reviews,
            "query": query,
            "can_assign": permissions.can_assign_secretariat(request.user),
        },
    )


OVERVIEW_COLUMNS = [
    "phase",
    "instrument",
    "working_groups",
    "state_under_review",
    "reviewing_states",
    "year",
    "stage",
    "drawn_on",
    "clock_starts_on",
    "next_due_on",
]


def _overview_row(review: CountryReview) -> list[Any]:
    """One review in the exports: stage and States, never content, never a score."""
    return [
        review.phase,
        review.instrument.code,
        " ".join(review.instrument.working_groups),
        review.state_under_review.code,
        " ".join(r.state.code for r in review.reviewers.all()),
        review.year,
        review.stage,
        review.drawn_on.isoformat(),
        review.clock_starts_on.isoformat(),  # type: ignore[attr-defined]
        review.next_due_on.isoformat() if review.next_due_on else "",  # type: ignore[attr-defined]
    ]


@require_GET
def overview_csv(request: HttpRequest) -> HttpResponse:
    _form, reviews = _overview_rows(request)
    response = as_attachment(
        HttpResponse(content_type="text/csv; charset=utf-8"), "country-reviews.csv"
    )
    writer = csv.writer(response)
    writer.writerow(spreadsheets.row(OVERVIEW_COLUMNS))
    for review in reviews:
        writer.writerow(spreadsheets.row(_overview_row(review)))
    audit.record("reviews.overview.exported", actor=request.user, request=request)
    return response


# The calendar feed: a secret address, shown once when made, revocable.


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = selectors.active_calendar(request.user)
    return render(request, "reviews/calendar.html", {"feed": feed, "address": None})


@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)  # noqa: S101 - LoginRequiredMiddleware
    token = services.create_calendar_feed(person=person, now=timezone.now(), request=request)
    address = request.build_absolute_uri(services.calendar_path(token))
    feed = selectors.active_calendar(person)
    return render(request, "reviews/calendar.html", {"feed": feed, "address": address})


@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)  # noqa: S101 - LoginRequiredMiddleware
    services.revoke_calendar_feeds(person=person, now=timezone.now(), request=request)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("reviews:calendar")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret token is the credential; unknown or revoked tokens answer 404."""
    person = selectors.calendar_owner(token)
    now = timezone.now()
    body = ical.feed_for(person, now=now)
    audit.record("reviews.calendar.fetched", actor=person, request=request, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# The constructive dialogue, country visits, documents, technical assistance and references
# (P&R paras 15, 28-31). Each is a POST from the review page that answers with the page again;
# objects are named in the form and looked up within the review only.


def _person(request: HttpRequest) -> Person:
    person = request.user
    assert isinstance(person, Person)  # noqa: S101 - the selector let only a person through
    return person


def _act(
    request: HttpRequest,
    review: CountryReview,
    form: django_forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate, call the service, answer with the page and a message (no JavaScript needed)."""
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect(review)
    try:
        action(form.cleaned_data)
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect(review)


@require_POST
def ask(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_ask_in_dialogue)
    return _act(
        request,
        review,
        forms.AskForm(request.POST),
        lambda data: services.ask_in_dialogue(
            review=review, by=_person(request), now=timezone.now(), request=request, **data
        ),
        _("The request is sent to the State under review."),
    )


@require_POST
def answer(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_answer_in_dialogue)
    return _act(
        request,
        review,
        forms.AnswerForm(request.POST),
        lambda data: services.answer_in_dialogue(
            dialogue_request=selectors.dialogue_request_in(review, data["request_id"]),
            by=_person(request),
            text=data["text"],
            now=timezone.now(),
            request=request,
        ),
        _("The answer is recorded."),
    )


@require_POST
def schedule_meeting(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_schedule_meetings)
    return _act(
        request,
        review,
        forms.MeetingForm(request.POST),
        lambda data: services.schedule_meeting(
            review=review, by=_person(request), now=timezone.now(), request=request, **data
        ),
        _("The meeting is scheduled."),
    )


@require_POST
def record_minutes(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_schedule_meetings)
    return _act(
        request,
        review,
        forms.MinutesForm(request.POST),
        lambda data: services.record_minutes(
            meeting=selectors.meeting_in(review, data["meeting_id"]),
            by=_person(request),
            minutes=data["minutes"],
            now=timezone.now(),
            request=request,
        ),
        _("The minutes are recorded."),
    )


@require_POST
def propose_visit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_propose_visit)
    return _act(
        request,
        review,
        forms.VisitProposalForm(request.POST),
        lambda data: services.propose_visit(
            review=review, by=_person(request), now=timezone.now(), request=request, **data
        ),
        _("The country visit is proposed to the State under review."),
    )


@require_POST
def decide_visit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_decide_visit)
    return _act(
        request,
        review,
        forms.VisitDecisionForm(request.POST),
        lambda data: services.decide_visit(
            visit=selectors.visit_in(review, data["visit_id"]),
            by=_person(request),
            agree=data["decision"] == "agree",
            now=timezone.now(),
            request=request,
        ),
        _("Your decision on the country visit is recorded."),
    )


@require_POST
def record_visit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_record_visit)
    return _act(
        request,
        review,
        forms.VisitRecordForm(request.POST),
        lambda data: services.record_visit(
            visit=selectors.visit_in(review, data["visit_id"]),
            by=_person(request),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            stakeholders_met=data["stakeholders_met"],
            now=timezone.now(),
            request=request,
        ),
        _("The country visit is recorded."),
    )


@require_POST
def upload_document(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_upload_documents)
    documents = [(d.pk, d.title) for d in review.documents.filter(reference__isnull=True)]
    return _act(
        request,
        review,
        forms.DocumentForm(request.POST, request.FILES, documents=documents),
        lambda data: services.upload_document(
            review=review,
            by=_person(request),
            upload=data["file"],
            title=data["title"],
            document=(
                selectors.document_in(review, data["document_id"]) if data["document_id"] else None
            ),
            now=timezone.now(),
            request=request,
        ),
        _("The document is stored."),
    )


@require_GET
def document_download(request: HttpRequest, review_id: int, version_id: int) -> FileResponse:
    version = selectors.document_version_for(request.user, review_id, version_id)
    audit.record(
        "reviews.document.downloaded",
        actor=request.user,
        subject=version,
        request=request,
        review_id=review_id,
        document_id=version.document_id,
        number=version.number,
    )
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )


@require_POST
def documents_zip(request: HttpRequest, review_id: int) -> HttpResponse:
    """Every document of the review as one ZIP archive, always made by a worker (issue 17)."""
    review = selectors.review_for(request.user, review_id)
    job = exports.queue_export(
        kind=background.DOCUMENTS_ZIP,
        requested_by=_person(request),
        parameters={"review_id": review.pk},
        language=translation.get_language(),
    )
    return redirect(job)


@require_POST
def request_assistance(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_request_assistance)
    return _act(
        request,
        review,
        forms.AssistanceForm(request.POST),
        lambda data: services.request_assistance(
            review=review, by=_person(request), now=timezone.now(), request=request, **data
        ),
        _("The request for technical assistance is sent to the secretariat."),
    )


@require_POST
def add_reference(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_move(request.user, review_id, permissions.can_add_reference)
    return _act(
        request,
        review,
        forms.ReferenceForm(request.POST, request.FILES),
        lambda data: services.add_reference(
            review=review,
            by=_person(request),
            mechanism=data["mechanism"],
            title=data["title"],
            url=data["url"],
            upload=data["file"],
            now=timezone.now(),
            request=request,
        ),
        _("The reference is attached to the review."),
    )


@require_GET
def assistance(request: HttpRequest) -> HttpResponse:
    """Every technical assistance request, for the secretariat (P&R para 15), in code order."""
    form = forms.AssistanceFilter(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    rows = [
        {"request": r, "form": forms.AssistanceUpdateForm(initial={"status": r.status})}
        for r in selectors.assistance_requests_for(request.user, status=status)
    ]
    audit.record("reviews.assistance.listed", actor=request.user, request=request)
    return render(request, "reviews/assistance.html", {"rows": rows, "form": form})


@require_POST
def update_assistance(request: HttpRequest, request_id: int) -> HttpResponse:
    found = selectors.assistance_request_for(request.user, request_id)
    form = forms.AssistanceUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect("reviews:assistance")
    try:
        services.update_assistance(
            assistance=found,
            by=_person(request),
            now=timezone.now(),
            request=request,
            **form.cleaned_data,
        )
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The request is updated."))
    return redirect("reviews:assistance")


@require_GET
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    """The overview's rows as an Excel workbook, in the same code order as the page."""
    _form, reviews = _overview_rows(request)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "reviews"
    sheet.append(spreadsheets.row(OVERVIEW_COLUMNS))
    for review in reviews:
        sheet.append(spreadsheets.row(_overview_row(review)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    as_attachment(response, "country-reviews.xlsx")
    audit.record("reviews.overview.exported", actor=request.user, request=request, format="xlsx")
    return response


# The phase calendar (P&R paras 9-11): the secretariat sets it; every deadline follows it.


def _phases_page(
    request: HttpRequest, *, form: forms.PhaseCalendarForm | None = None, status: int = 200
) -> HttpResponse:
    phases = services.phases_overview()
    forms_by_phase = [
        (
            view,
            forms.PhaseCalendarForm(
                initial={
                    "phase": view.phase,
                    "starts_on": view.starts_on,
                    "year_starts": "\n".join(y.starts_on.isoformat() for y in view.years),
                    "planned_end_on": view.planned_end_on,
                    "version": view.calendar.version if view.calendar else None,
                },
                prefix=f"phase{view.phase}",
            ),
        )
        for view in phases
    ]
    context = {"phases": forms_by_phase, "new_form": form or forms.PhaseCalendarForm()}
    return render(request, "reviews/phases.html", context, status=status)


def _secretariat_only(request: HttpRequest) -> None:
    if not permissions.can_set_phase_calendar(request.user):
        raise Http404


@require_GET
def phases(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    return _phases_page(request)


@require_POST
def set_phase_calendar(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    prefix = request.POST.get("prefix") or None
    form = forms.PhaseCalendarForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _phases_page(request, form=form)
    try:
        services.set_phase_calendar(
            phase=form.cleaned_data["phase"],
            starts_on=form.cleaned_data["starts_on"],
            year_starts=form.cleaned_data["year_starts"],
            planned_end_on=form.cleaned_data["planned_end_on"],
            by=request.user,  # type: ignore[arg-type]
            version=form.cleaned_data.get("version"),
            request=request,
        )
    except RuleViolation as refusal:
        form.add_error(None, refusal.message)
        return _phases_page(request, form=form)
    messages.success(request, _("The calendar is saved; the deadlines of its reviews follow it."))
    return redirect("reviews:phases")


# Assigning the secretariat (P&R paras 32, 42): the head of the secretariat only.


@require_GET
def assignments(request: HttpRequest) -> HttpResponse:
    reviews = selectors.reviews_to_assign(request.user)
    page = Paginator(reviews, 50).get_page(request.GET.get("page"))
    return render(request, "reviews/assignments.html", {"page": page})


def _staff_choices() -> list[tuple[int, str]]:
    return [(p.pk, p.get_full_name() or p.username) for p in services.secretariat_staff()]


def _secretariat_page(
    request: HttpRequest, review: CountryReview, form: forms.AssignmentForm | None = None
) -> HttpResponse:
    history = review.secretariat_changes.select_related("person", "by")
    context = {
        "review": review,
        "assigned": [a.person for a in review.secretariat_assignments.select_related("person")],
        "history": history,
        "form": form or forms.AssignmentForm(staff=_staff_choices()),
    }
    return render(request, "reviews/secretariat.html", context)


@require_GET
def secretariat(request: HttpRequest, review_id: int) -> HttpResponse:
    return _secretariat_page(request, selectors.review_to_assign(request.user, review_id))


@require_POST
def assign_secretariat(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_to_assign(request.user, review_id)
    form = forms.AssignmentForm(request.POST, staff=_staff_choices())
    if not form.is_valid():
        return _secretariat_page(request, review, form)
    people = {p.pk: p for p in services.secretariat_staff()}
    data = form.cleaned_data
    common = {
        "review": review,
        "by": request.user,
        "now": timezone.now(),
        "reason": data["reason"],
        "request": request,
    }
    try:
        if data["action"] == "assign":
            services.assign_secretariat(person=people[data["person"]], **common)
        elif data["action"] == "unassign":
            services.unassign_secretariat(person=people[data["person"]], **common)
        else:
            services.reassign_secretariat(
                from_person=people[data["person"]], to_person=people[data["to_person"]], **common
            )
    except RuleViolation as refusal:
        form.add_error(None, refusal.message)
        return _secretariat_page(request, review, form)
    messages.success(request, _("The assignment is recorded."))
    return redirect("reviews:secretariat", review_id=review.pk)
