"""Site-wide middleware: sign-in required everywhere but public pages and the API (its
permission classes decide); a missing PDF font answered with 503 everywhere; the security
headers of every answer (Content-Security-Policy, no-store for signed-in people,
Permissions-Policy; docs/security.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control
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


# Pages drawn by libraries that put style attributes in their HTML: the admin, the API docs and
# REST framework's browsable API. They may use inline styles; inline script stays refused.
INLINE_STYLE_PREFIXES = ("/admin/", "/api/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (`CONTENT_SECURITY_POLICY`), with inline styles allowed only on the
    pages of libraries that need them."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(INLINE_STYLE_PREFIXES):
            # Replaced, not added to: a hash in the list would make browsers ignore
            # 'unsafe-inline' (CSP level 2), and these pages would lose their styles.
            parts.replace = {**(parts.replace or {}), "style-src": ["'self'", "'unsafe-inline'"]}
            parts.update = {
                **(parts.update or {}),
                "worker-src": ["'self'", "blob:"],  # ReDoc searches in a worker
            }
        return parts


# Sign-in, password reset and second-factor pages (allauth): never kept in a cache.
PRIVATE_PREFIXES = ("/accounts/",)


class SecurityHeadersMiddleware:
    """Headers every answer carries (P&R para 32: confidential content stays where it was sent).

    - `Cache-Control: no-store` on every answer to a signed-in person (page, API call or
      download, by session or by token), to any request with credentials (`Authorization`) and
      on the sign-in pages: no browser cache, back button on a shared computer or shared proxy
      keeps a copy. Public pages for people not signed in keep whatever caching their view
      chose (pages whose address is the credential, activation links and calendar feeds, say
      no-store themselves).
    - `Permissions-Policy` refusing the browser features revmech never uses
      (`PERMISSIONS_POLICY`).
    - `Cross-Origin-Resource-Policy: same-origin`: no other site may embed what revmech serves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # set by a REST framework token too
        if (
            (user is not None and user.is_authenticated)
            or "Authorization" in request.headers
            or request.path_info.startswith(PRIVATE_PREFIXES)
        ):
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
