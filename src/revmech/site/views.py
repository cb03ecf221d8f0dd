"""Site-wide pages: the home page, and the answer to an address that matches nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from revmech.registry import models
from revmech.reviews import permissions as review_permissions
from revmech.site.home import home_of


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the mechanism is and the instruments; for a signed-in person, what needs them."""
    instruments = [
        {
            "instrument": instrument,
            "parties": instrument.participations.filter(status=models.TreatyStatus.PARTY).count(),
        }
        for instrument in models.Instrument.objects.order_by("position")
    ]
    # Signed-in people see what needs them now and next (by date, never a ranking of States).
    home = (
        home_of(request.user, today=timezone.localdate()) if request.user.is_authenticated else None
    )
    return render(
        request,
        "site/home.html",
        {
            "instruments": instruments,
            "home": home,
            "can_oversee_reviews": review_permissions.can_oversee_reviews(request.user),
        },
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for an address that matches no pattern: under `/api/` the API's own JSON answer
    (`{"detail": ...}`, as REST framework answers for an object that does not exist), so a
    client never has to read an HTML page; elsewhere Django's page (`404.html`)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


@login_not_required
def bench_bare(request: HttpRequest) -> HttpResponse:
    """The load test's yardstick: a view that does nothing, behind every middleware. Routed only
    when `REVMECH_BENCH` is set (`make bench`)."""
    return HttpResponse(b"ok", content_type="text/plain")
