"""Pages of the country reviews (signed-in; content confidential, P&R paras 32, 37)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from revmech.reviews import selectors


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.reviews_for(request.user)
    return render(request, "reviews/review_list.html", {"reviews": reviews})


@require_GET
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    return render(request, "reviews/review_detail.html", {"review": review})
