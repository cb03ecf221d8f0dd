"""The secretariat's pages of the audit log: a filtered list and a CSV export (P&R paras 32, 37).

Anyone who may not read the log gets 404, signed in or not, as if the pages did not exist;
that is why both pages opt out of the sign-in redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from revmech.audit import forms, permissions, presenters, selectors, services
from revmech.web.downloads import as_attachment

PAGE_SIZE = 50


def _secretariat_only(request: HttpRequest) -> None:
    if not permissions.can_view_audit_log(request.user):
        raise Http404


@login_not_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    form = forms.EntryFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    entries = selectors.entries_for(request.user, **form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"form": form, "page": page})


@login_not_required
@require_GET
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _secretariat_only(request)
    form = forms.EntryFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    filters = form.filters()
    # The log says who read which confidential review: taking a copy of it is itself recorded.
    receipt = services.record(
        "audit.log.exported",
        actor=request.user,
        request=request,
        filters={name: value for name, value in filters.items() if value not in ("", None)},
    )
    # Entries up to the receipt: a consistent snapshot, whatever is recorded while streaming.
    entries = selectors.entries_for(request.user, **filters).filter(pk__lt=receipt.pk)
    response = StreamingHttpResponse(
        presenters.csv_lines(entries), content_type="text/csv; charset=utf-8"
    )
    return as_attachment(response, f"audit-log-{timezone.localdate():%Y-%m-%d}.csv")


def _invalid(request: HttpRequest, form: forms.EntryFilterForm) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "page": None}
    return render(request, "audit/entry_list.html", context, status=400)
