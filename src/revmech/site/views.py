"""Site-wide pages: the home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from revmech.registry import models


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the mechanism is, the instruments, and where to go next."""
    instruments = [
        {
            "instrument": instrument,
            "parties": instrument.participations.filter(status=models.TreatyStatus.PARTY).count(),
        }
        for instrument in models.Instrument.objects.order_by("position")
    ]
    return render(request, "site/home.html", {"instruments": instruments})
