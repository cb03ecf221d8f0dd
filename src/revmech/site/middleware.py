"""Site-wide middleware: sign-in required everywhere but public pages and the API (its
permission classes decide); a missing PDF font answered with 503 everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from rest_framework.views import APIView

from revmech.web.pdf import FontMissing


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's middleware, leaving REST framework views to their own permission classes.

    Every API view declares `permission_classes`; the default is `IsAuthenticated`, so an API
    view is private unless it says otherwise, exactly like a page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class FontMissingMiddleware:
    """Any PDF that cannot be made for want of a font answers 503 naming the package to install,
    on every page that makes one (`web.pdf`), never a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, FontMissing):
            return None
        return render(
            request,
            "site/font_missing.html",
            {"family": exception.family, "package": exception.package},
            status=503,
        )
