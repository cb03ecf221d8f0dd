"""Sign-in required everywhere but public pages and the API (its permission classes decide)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponseBase
from rest_framework.views import APIView


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
