"""Site-wide pages: the home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from revmech.registry import models
from revmech.reviews import permissions as review_permissions
from revmech.reviews import selectors as review_selectors


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
    # Signed-in people see their reviews and next deadlines (in code order, never a ranking).
    my_reviews = (
        review_selectors.next_steps_for(request.user, today=timezone.localdate())
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "site/home.html",
        {
            "instruments": instruments,
            "my_reviews": my_reviews,
            "can_oversee_reviews": review_permissions.can_oversee_reviews(request.user),
        },
    )
