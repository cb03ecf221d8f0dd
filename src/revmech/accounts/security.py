"""Account security: personal API tokens, ending all of a person's access, password checks.

The API authenticates with sessions and with personal tokens a person can revoke (issue 4); a
withdrawn nominee loses every session and token at once (P&R paras 12, 19). Passwords follow
NIST SP 800-63B: length, a list of breached passwords, no composition rules (docs/security.md).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.client import HTTPException
from importlib import import_module
from typing import Any

from allauth.mfa.models import Authenticator  # type: ignore[import-untyped, unused-ignore]
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from revmech.accounts import permissions, signals
from revmech.accounts.models import Person, PersonalToken, TokenScope
from revmech.accounts.permissions import Someone, has_confidential_role
from revmech.audit import services as audit

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "rvm_"  # noqa: S105  # a label that marks revmech tokens, not a secret
TOKEN_RANDOM_BYTES = 30  # 40 url-safe characters
TOKEN_SHOWN_PREFIX_LENGTH = 8
LAST_USED_PRECISION = timedelta(minutes=1)  # write `last_used_at` at most once a minute
# How long a new token may live, in days: the maker chooses one (docs/security.md).
TOKEN_DAYS_VALID = (7, 30, 90, 365)
DEFAULT_TOKEN_DAYS_VALID = 90
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

SECOND_FACTOR_REQUIRED = _(
    "Your role gives access to non-public content: set up two-factor authentication "
    "(an authenticator app) to continue."
)


# -- The second factor ----------------------------------------------------------------------


# Session keys: when the person signed in, when they were last seen, whether they have TOTP.
SIGNED_IN_AT_KEY = "revmech.signed_in_at"
LAST_SEEN_KEY = "revmech.last_seen"
HAS_TOTP_KEY = "revmech.has_totp"


def has_totp(person: Someone) -> bool:
    """Whether the person has activated a TOTP authenticator."""
    return isinstance(person, Person) and bool(
        Authenticator.objects.filter(user_id=person.pk, type=Authenticator.Type.TOTP).exists()
    )


def must_set_up_second_factor(person: Someone, session: SessionBase | None = None) -> bool:
    """A person whose role reaches non-public content and who has no TOTP authenticator yet.

    Once found, the authenticator is remembered in the session (nobody with such a role may
    remove it: `auth.MFAAdapter`), which spares a query on every request.
    """
    if not settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES:
        return False
    if not isinstance(person, Person) or not has_confidential_role(person):
        return False
    if session is not None and session.get(HAS_TOTP_KEY):
        return False
    present = has_totp(person)
    if present and session is not None:
        session[HAS_TOTP_KEY] = True
    return not present


# -- Personal API tokens ----------------------------------------------------------------------


def hash_token(token: str) -> str:
    """Only this SHA-256 is stored: the token itself is shown once and never kept."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_of(person: Person) -> QuerySet[PersonalToken]:
    """The person's own tokens, newest first (nobody sees another person's tokens)."""
    return PersonalToken.objects.filter(person=person).order_by("-created_at", "-pk")


def token_for(person: Someone, token_id: int) -> PersonalToken:
    """One of the person's own tokens; any other id is 404, as if it did not exist."""
    if not isinstance(person, Person):
        raise Http404
    token = tokens_of(person).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


@transaction.atomic
def create_personal_token(
    *,
    person: Person,
    name: str,
    scope: str = TokenScope.READ,
    days_valid: int = DEFAULT_TOKEN_DAYS_VALID,
    now: datetime | None = None,
) -> tuple[PersonalToken, str]:
    """A new token: `rvm_` and 40 url-safe random characters, read only unless `scope` says
    read and write, ending after `days_valid` days; returns the record and the token."""
    if not permissions.can_manage_own_tokens(person):
        raise PermissionDenied
    if scope not in TokenScope.values:
        raise ValidationError(_("Choose what the token may do."))
    if days_valid not in TOKEN_DAYS_VALID:
        raise ValidationError(_("Choose how long the token lasts."))
    at = now or timezone.now()
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_RANDOM_BYTES)
    record = PersonalToken.objects.create(
        person=person,
        name=name,
        prefix=token[:TOKEN_SHOWN_PREFIX_LENGTH],
        token_hash=hash_token(token),
        scope=scope,
        created_at=at,
        expires_at=at + timedelta(days=days_valid),
    )
    audit.record(
        "accounts.token.created",
        actor=person,
        subject=record,
        prefix=record.prefix,
        scope=scope,
        expires_at=record.expires_at,
    )
    return record, token


@transaction.atomic
def revoke_personal_token(
    *, token: PersonalToken, revoked_by: Person, now: datetime | None = None
) -> None:
    """Revoke one token of one's own; revoking it again changes nothing."""
    if token.person_id != revoked_by.pk or not permissions.can_manage_own_tokens(revoked_by):
        raise PermissionDenied
    if token.revoked_at is not None:
        return
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("accounts.token.revoked", actor=revoked_by, subject=token, prefix=token.prefix)


@dataclass(frozen=True)
class RevokedAccess:
    tokens: int
    sessions: int


@transaction.atomic
def revoke_all_access(
    person: Person,
    *,
    actor: Person | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> RevokedAccess:
    """End every session, token and calendar feed of `person` at once (a withdrawn nominee).

    Sessions are found by decoding the stored sessions rather than by a record kept at sign-in:
    Django and allauth change a session's key after sign-in (password change, second factor),
    which a record of keys would miss. It reads every unexpired session, which is fine for a
    rare action; it needs sessions stored in the database (`db` or `cached_db`).
    """
    at = now or timezone.now()
    tokens = PersonalToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=at
    )
    sessions = _end_sessions_of(person, at)
    # The apps built on accounts (the calendar feeds of reviews) stop what they issued.
    feeds = sum(
        int(stopped or 0)
        for _receiver, stopped in signals.access_revoked.send(sender=Person, person=person, at=at)
    )
    audit.record(
        "accounts.access.revoked",
        actor=actor,
        subject=person,
        request=request,
        tokens=tokens,
        sessions=sessions,
        calendar_feeds=feeds,
    )
    return RevokedAccess(tokens=tokens, sessions=sessions)


def _end_sessions_of(person: Person, now: datetime) -> int:
    store_class: Any = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        raise ImproperlyConfigured(
            "revoke_all_access needs sessions stored in the database "
            "(SESSION_ENGINE db or cached_db)."
        )
    model = store_class.get_model_class()
    ended = 0
    for session in model.objects.filter(expire_date__gt=now).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(person.pk):
            store_class(session.session_key).delete()  # cached_db also forgets its cache
            ended += 1
    return ended


class InvalidToken(exceptions.APIException):
    """401 with `WWW-Authenticate: Bearer`, whatever authentication class comes first."""

    status_code = 401
    default_detail = _("This token is not valid.")
    default_code = "invalid_token"
    auth_header = 'Bearer realm="api"'


class TokenScopeRefused(exceptions.PermissionDenied):
    default_detail = _("This token is read only: make a read and write token to change data.")
    default_code = "token_read_only"


def _failures_key(address: str) -> str:
    return f"revmech.token-failures:{address}"


def _refuse_if_throttled(request: Request, address: str) -> None:
    """Too many unknown or unusable tokens from one address: refused like failed sign-ins."""
    if int(cache.get(_failures_key(address), 0)) >= settings.TOKEN_FAILURE_LIMIT:
        audit.record("accounts.token.throttled", actor=None, request=request._request)
        raise exceptions.Throttled(
            wait=settings.AXES_COOLOFF_TIME.total_seconds(),
            detail=str(_("Too many invalid tokens from this address; try again later.")),
        )


def _count_failure(address: str) -> None:
    key = _failures_key(address)
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=timeout)


class PersonalTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer rvm_…`: a personal token, unless revoked, expired or its person
    inactive; a read-only token only for reading. Repeated invalid tokens from one address are
    refused for a while (429), like failed sign-ins (docs/security.md)."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Person, PersonalToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # another scheme, or none: other classes may authenticate
        from revmech.accounts.auth import client_address  # auth imports this module

        address = client_address(request._request) or "unknown"
        _refuse_if_throttled(request, address)
        try:
            token = self._valid_token(parts)
        except InvalidToken:
            _count_failure(address)
            raise
        if token.scope != TokenScope.READ_WRITE and request.method not in READ_METHODS:
            raise TokenScopeRefused
        if must_set_up_second_factor(token.person):
            raise exceptions.PermissionDenied(SECOND_FACTOR_REQUIRED)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.person, token

    def _valid_token(self, parts: list[bytes]) -> PersonalToken:
        if len(parts) != 2:
            raise InvalidToken(_("Send the token as “Authorization: Bearer <token>”."))
        try:
            presented = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise InvalidToken from None
        token = (
            PersonalToken.objects.select_related("person")
            .filter(token_hash=hash_token(presented))
            .first()
        )
        if token is None:
            raise InvalidToken
        if token.revoked_at is not None:
            raise InvalidToken(_("This token has been revoked."))
        if token.expires_at is not None and token.expires_at <= timezone.now():
            raise InvalidToken(_("This token has expired; make a new one."))
        if not token.person.is_active:
            raise InvalidToken(_("The account of this token is not active."))
        return token

    def authenticate_header(self, request: Request) -> str:
        return str(InvalidToken.auth_header)


class PersonalTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Shows the personal tokens in the OpenAPI schema at /api/schema/."""

    target_class = "revmech.accounts.security.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # noqa: S106  # the scheme's name, not a secret
            bearer_format="rvm_…",
        )


# -- Passwords ---------------------------------------------------------------------------------


class MaximumLengthValidator:
    """At most `max_length` characters: long passphrases are welcome, megabytes are not."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long: use at most %(max_length)d character.",
                    "This password is too long: use at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can have up to %(max_length)d character.",
            "Your password can have up to %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}


PWNED_RANGE_URL = "https://api.pwnedpasswords.com/range/{prefix}"
Fetch = Callable[[str], str]


def fetch_pwned_range(prefix: str, *, timeout_seconds: float = 2.0) -> str:
    """The suffixes of breached SHA-1 hashes starting with `prefix` (k-anonymity, padded).

    Only the first five hexadecimal digits of the hash leave the server.
    """
    request = urllib.request.Request(  # noqa: S310  # a fixed https URL
        PWNED_RANGE_URL.format(prefix=prefix),
        headers={"Add-Padding": "true", "User-Agent": "revmech-password-check"},
    )
    with urllib.request.urlopen(request, timeout=timeout_seconds) as response:  # noqa: S310
        body: bytes = response.read()
    return body.decode("utf-8")


class BreachedPasswordValidator:
    """Refuses a password found in breaches (Have I Been Pwned), when `PWNED_PASSWORDS_CHECK`.

    Off by default: it calls an outside service. When the service cannot be reached in time,
    the password is let through and a warning is logged: people must still be able to set a
    password when the service is down, and Django's list of common passwords still applies.
    """

    def __init__(
        self,
        *,
        enabled: bool | None = None,
        timeout_seconds: float = 2.0,
        fetch: Fetch | None = None,
    ) -> None:
        self.enabled = enabled
        self.timeout_seconds = timeout_seconds
        self.fetch = fetch

    def _fetch(self, prefix: str) -> str:
        if self.fetch is not None:
            return self.fetch(prefix)
        return fetch_pwned_range(prefix, timeout_seconds=self.timeout_seconds)

    def is_enabled(self) -> bool:
        if self.enabled is not None:
            return self.enabled
        return bool(getattr(settings, "PWNED_PASSWORDS_CHECK", False))

    def validate(self, password: str, user: object = None) -> None:
        if not self.is_enabled():
            return
        digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
        prefix, suffix = digest[:5], digest[5:]
        try:
            body = self._fetch(prefix)
        except (OSError, HTTPException, ValueError) as error:
            logger.warning("Breached-password check skipped: %s", error)
            return
        for line in body.splitlines():
            candidate, _sep, count = line.strip().partition(":")
            if candidate.upper() == suffix and count.strip().isdigit() and int(count) > 0:
                raise ValidationError(
                    _(
                        "This password has appeared in a data breach, so attackers try it "
                        "first. Choose another one."
                    ),
                    code="password_breached",
                )

    def get_help_text(self) -> str:
        if not self.is_enabled():
            return ""
        return str(_("Your password cannot be one that has appeared in a data breach."))
