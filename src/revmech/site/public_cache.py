"""Public pages and the public API in the shared cache, with ETags (issue 17).

An answer is kept when the request is anonymous (no session of a signed-in person, no
`Authorization`), a GET or HEAD, to a URL the access table declares public and that carries no
credential in its address (activation links and calendar feeds are never kept), and the view
answered 200 with a whole body. The key holds the path with its query, the language, the
`Accept` and htmx headers, and the **public data version**: a number in the cache that every
committed change of data that public pages show increases (`bump`), so an answer is never served
after the data it shows has changed. `REVMECH_PUBLIC_CACHE_SECONDS` bounds the rest (0 turns
caching off, as in the test settings).

The cache is Django's `default` cache: the database in production, shared by every worker and
machine. A page's form tokens (CSRF) are taken out before the body is kept and put back, fresh,
for each reader; such pages are `Cache-Control: private` (no proxy keeps another person's token),
the JSON of the API `public, max-age=...`. Every kept answer has an ETag; a browser's
`If-None-Match` gets 304. Signed-in answers are never kept here, and `SecurityHeadersMiddleware`
marks them `no-store`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from revmech.site import access

log = logging.getLogger(__name__)

VERSION_KEY = "revmech:public-version"
PLACEHOLDER = "__revmech_csrf_token__"
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
# Headers the cached answer does not keep: set again for each answer by the outer middleware.
NOT_KEPT = {
    "set-cookie",
    "vary",
    "cache-control",
    "etag",
    "content-length",
    "content-security-policy",
    "content-security-policy-report-only",
}
# Data no public page shows: its changes leave the public answers as they are. Everything else
# invalidates them (a page showing new data is never stale; at worst less is kept).
PRIVATE_APPS = {
    "accounts",
    "admin",
    "audit",
    "axes",
    "account",
    "contenttypes",
    "django_tasks_database",
    "jobs",
    "mfa",
    "questionnaires",
    "sessions",
    "usersessions",
}
PUBLIC_REVIEW_MODELS = {"countryreview", "reviewingstate", "phasecalendar"}
# Access-table subjects that are credentials in the address: never kept.
CREDENTIAL_SUBJECTS = {"activation_token", "calendar_token"}


def _cacheable_names() -> frozenset[str]:
    return frozenset(
        name
        for name, rule in access.table().items()
        if rule.is_public and rule.method == "GET" and rule.subject not in CREDENTIAL_SUBJECTS
    )


_NAMES: frozenset[str] | None = None


def cacheable_names() -> frozenset[str]:
    global _NAMES
    if _NAMES is None:
        _NAMES = _cacheable_names()
    return _NAMES


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return int(value)


def bump() -> None:
    """Make every kept public answer stale (after a commit that changed what they show).

    A cache that cannot be reached (its table not made yet, during `migrate`) never stops the
    change: it is logged, and kept answers expire by `REVMECH_PUBLIC_CACHE_SECONDS`."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(VERSION_KEY, version() + 1, timeout=None)
    except Exception:
        log.warning("the public cache's version could not be increased", exc_info=True)


def shows_publicly(model: type[Model]) -> bool:
    meta = model._meta
    if meta.app_label == "reviews":
        return meta.model_name in PUBLIC_REVIEW_MODELS
    return meta.app_label not in PRIVATE_APPS


def _changed(sender: type[Model], **kwargs: Any) -> None:
    if kwargs.get("raw") or not getattr(settings, "REVMECH_PUBLIC_CACHE_SECONDS", 0):
        return
    if shows_publicly(sender):
        transaction.on_commit(bump)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="revmech-public-cache-save")
    post_delete.connect(_changed, dispatch_uid="revmech-public-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="revmech-public-cache-m2m")


def _anonymous(request: HttpRequest) -> bool:
    if "Authorization" in request.headers or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _key(request: HttpRequest) -> str:
    parts = "\n".join(
        [
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            request.headers.get("Accept", ""),
            request.headers.get("HX-Request", ""),
            str(version()),
        ]
    )
    return "revmech:public:" + hashlib.sha256(parts.encode()).hexdigest()


class PublicCacheMiddleware:
    """Serve anonymous readers of public pages from the shared cache (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = int(getattr(settings, "REVMECH_PUBLIC_CACHE_SECONDS", 0))
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or not _anonymous(request)
            or _url_name(request) not in cacheable_names()
        ):
            return self.get_response(request)
        try:
            key = _key(request)
            kept = cache.get(key)
        except Exception:  # no cache (not made yet, or away): answer without it
            log.warning("the public cache could not be read", exc_info=True)
            return self.get_response(request)
        if kept is not None:
            return self._answer(request, kept, seconds, hit=True)
        response = self.get_response(request)
        if (
            response.status_code != 200
            or response.streaming
            or not isinstance(response, HttpResponse)
            or (response.has_header("Set-Cookie") and "sessionid" in response.cookies)
        ):
            return response
        body = response.content
        has_token = False
        if b"csrfmiddlewaretoken" in body:
            text, count = CSRF_VALUE.subn(rf"\g<1>{PLACEHOLDER}\g<2>", body.decode())
            body, has_token = text.encode(), count > 0
        if b'nonce="' in body:  # a page with a script nonce is drawn for one answer only
            return response
        kept = {
            "body": body,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_KEPT],
            "has_token": has_token,
            "etag": hashlib.sha256(body).hexdigest()[:32],
        }
        try:
            cache.set(key, kept, timeout=seconds)
        except Exception:
            log.warning("the public cache could not be written", exc_info=True)
        return self._answer(request, kept, seconds, hit=False)

    def _answer(
        self, request: HttpRequest, kept: dict[str, Any], seconds: int, *, hit: bool
    ) -> HttpResponseBase:
        etag = kept["etag"]
        if kept["has_token"]:
            # The ETag names this reader's form token too: a new token, a new page.
            reader = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
            etag = hashlib.sha256(f"{etag}{reader}".encode()).hexdigest()[:32]
        quoted = f'"{etag}"'
        if quoted in parse_etags(request.headers.get("If-None-Match", "")):
            response: HttpResponseBase = HttpResponseNotModified()
        else:
            body: bytes = kept["body"]
            if kept["has_token"]:
                body = body.replace(PLACEHOLDER.encode(), get_token(request).encode())
            response = HttpResponse(body, status=kept["status"])
            for name, value in kept["headers"]:
                response[name] = value
        response["ETag"] = quoted
        response["X-Cache"] = "hit" if hit else "miss"
        if kept["has_token"]:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, public=True, max_age=min(seconds, 60))
        patch_vary_headers(response, ["Accept-Language", "Accept", "Cookie"])
        return response
