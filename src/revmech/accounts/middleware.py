"""Sessions that expire when idle, and the second factor required for non-public content.

Both sit after Django's authentication middleware (docs/security.md; issue 4).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from revmech.accounts.security import (
    LAST_SEEN_KEY,
    SECOND_FACTOR_REQUIRED,
    SIGNED_IN_AT_KEY,
    must_set_up_second_factor,
)

LAST_SEEN_PRECISION_SECONDS = 60  # write the session at most once a minute
API_PREFIX = "/api/"

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class SessionExpiryMiddleware:
    """Signs a person out after `SESSION_IDLE_SECONDS` without a request, and at the latest
    `SESSION_COOKIE_AGE` seconds after signing in (the cookie alone would slide forward).

    The request then goes on as anonymous: a private page sends them to sign in, the API
    answers as to anyone who is not signed in.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            last_seen = session.get(LAST_SEEN_KEY)
            signed_in_at = session.get(SIGNED_IN_AT_KEY)
            idle = last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_SECONDS
            too_old = (
                signed_in_at is not None and now - int(signed_in_at) > settings.SESSION_COOKIE_AGE
            )
            if idle or too_old:
                logout(request)
            else:
                if signed_in_at is None:
                    session[SIGNED_IN_AT_KEY] = now
                if last_seen is None or now - int(last_seen) >= LAST_SEEN_PRECISION_SECONDS:
                    session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A signed-in person whose role reaches non-public content and who has no TOTP
    authenticator is sent to set one up; the API answers 403. The setup pages themselves,
    signing out, re-authentication, static files and the language switch stay open.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    @cached_property
    def open_prefixes(self) -> tuple[str, ...]:
        return (
            reverse("mfa_index"),  # every second-factor page lives under it
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else "/static/",
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.user.is_authenticated
            and not request.path.startswith(self.open_prefixes)
            and must_set_up_second_factor(request.user, request.session)
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(
                {"detail": str(SECOND_FACTOR_REQUIRED), "code": "second_factor_required"},
                status=403,
            )
        if request.method == "GET":
            messages.warning(request, SECOND_FACTOR_REQUIRED)
        return redirect("mfa_activate_totp")
