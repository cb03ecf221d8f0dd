"""Public pages of the register of sessions and documents, and the secretariat's forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from revmech.meetings import permissions, selectors, services
from revmech.meetings.forms import DocumentForm, SessionForm
from revmech.meetings.models import LANGUAGES
from revmech.rules import RuleViolation
from revmech.web.downloads import as_attachment
from revmech.web.refusals import explain


@login_not_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.sessions(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/session_list.html",
        {"page": page, "can_keep": permissions.can_keep_register(request.user)},
    )


@login_not_required
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session(session_id)
    page = Paginator(selectors.documents_of(session), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/session_detail.html",
        {
            "session": session,
            "page": page,
            "can_keep": permissions.can_keep_register(request.user),
        },
    )


@login_not_required
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.document(document_id)
    return render(
        request, "meetings/document_detail.html", {"document": document, "languages": LANGUAGES}
    )


@login_not_required
@require_GET
def document_file(request: HttpRequest, document_id: int, language: str) -> FileResponse:
    stored = selectors.document_file(document_id, language)
    extension = stored.file.name.rsplit(".", 1)[-1]
    name = f"{stored.document.symbol.replace('/', '_')}_{language}.{extension}"
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    return as_attachment(response, name)


@require_http_methods(["GET", "POST"])
def new_session(request: HttpRequest) -> HttpResponse:
    if not permissions.can_keep_register(request.user):
        raise Http404
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.record_session(
                **form.cleaned_data, actor=request.user, request=request
            )
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            messages.success(request, _("The session is recorded."))
            return redirect(session)
    return render(request, "meetings/session_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def new_document(request: HttpRequest, session_id: int) -> HttpResponse:
    if not permissions.can_keep_register(request.user):
        raise Http404
    session = selectors.session(session_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.issue_document(
                session=session,
                kind=data["kind"],
                symbol=data["symbol"],
                issued_on=data["issued_on"],
                titles={code: data.get(f"title_{code}") or "" for code, _label in LANGUAGES},
                files={
                    code: data[f"file_{code}"]
                    for code, _label in LANGUAGES
                    if data.get(f"file_{code}")
                },
                actor=request.user,
                request=request,
            )
        except RuleViolation as refusal:
            form.add_error(None, explain(refusal))
        else:
            messages.success(
                request, _("The document %(symbol)s is issued.") % {"symbol": document.symbol}
            )
            return redirect(document)
    return render(request, "meetings/document_form.html", {"form": form, "session": session})
