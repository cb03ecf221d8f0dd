"""The database going away during a request: the person is told, nothing is half-saved.

Every service is one transaction, so a connection lost in the middle of a save rolls the whole
change back. This middleware turns the error into a 503 that says so, in the reader's language,
with `Retry-After`, instead of a server error: the page is drawn without the database (no base
template, no context processor), the API answers JSON. The person's text is still in the form
they sent (the browser's Back, and the questionnaire's drafts kept in the browser), and sending it
again once the database is back saves it (issue 17, faults).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import get_template
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def unavailable_message(method: str) -> str:
    if method in ("GET", "HEAD"):
        return _(
            "The database cannot be reached just now, so this page cannot be shown. "
            "Try again in a moment."
        )
    return _(
        "The database cannot be reached just now, so nothing was saved. What you wrote is still "
        "in the form: go back and send it again in a moment."
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("database unavailable during %s %s", request.method, request.path, exc_info=True)
        message = unavailable_message(request.method or "GET")
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
        else:
            html = get_template("site/database_unavailable.html").render(
                {
                    "message": message,
                    "title": _("Nothing was saved"),
                    "language": get_language(),
                    "direction": "rtl" if get_language_bidi() else "ltr",
                }
            )
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
