"""How people sign in: allauth's and axes's hooks (closed sign-up, lock-out, client address).

Nobody signs up: people arrive by nomination (P&R paras 12, 19). Lock-out counts failures per
account and address, and at a higher limit per account alone and per address alone, from the
address the server saw (`REMOTE_ADDR`), never from a header the client can write. See
docs/security.md.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from allauth.account.adapter import (  # type: ignore[import-untyped, unused-ignore]
    DefaultAccountAdapter,
)
from allauth.account.auth_backends import (  # type: ignore[import-untyped, unused-ignore]
    AuthenticationBackend as AllauthBackend,
)
from allauth.mfa.adapter import DefaultMFAAdapter  # type: ignore[import-untyped, unused-ignore]
from allauth.mfa.models import Authenticator  # type: ignore[import-untyped, unused-ignore]
from axes.handlers.database import (  # type: ignore[import-untyped, unused-ignore]
    AxesDatabaseHandler,
)
from axes.signals import user_locked_out  # type: ignore[import-untyped, unused-ignore]
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from revmech.accounts import secrets_at_rest
from revmech.accounts.models import Person
from revmech.accounts.permissions import has_confidential_role
from revmech.accounts.security import HAS_TOTP_KEY, LAST_SEEN_KEY, SIGNED_IN_AT_KEY, has_totp
from revmech.audit import services as audit

LOCKED_OUT_STATUS = 429


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no type hints
    """allauth, closed to sign-up and reading the client address like the lock-out does."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """People arrive by nomination through the secretariat (P&R paras 12, 19)."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth keys its rate limits on this text; it is never stored as an address.
        return client_address(request) or "unknown"


class AuthenticationBackend(AllauthBackend):  # type: ignore[misc]  # allauth has no type hints
    """allauth's backend (user name or e-mail). Every sign-in loads it, so importing this
    module connects the receivers below before anyone signs in, `force_login` included.
    """


@receiver(user_logged_in, dispatch_uid="revmech.accounts.auth.start_session_clock")
def start_session_clock(
    sender: object, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    """Note when the session began (idle and absolute time-outs) and whether the person
    already has TOTP, so that the next requests need not ask the database.
    """
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[SIGNED_IN_AT_KEY] = now
    session[LAST_SEEN_KEY] = now
    session[HAS_TOTP_KEY] = has_totp(user)


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth has no type hints
    """A person whose role reaches non-public content may not remove their TOTP authenticator;
    second-factor secrets are encrypted at rest (`accounts.secrets_at_rest`)."""

    def encrypt(self, text: str) -> str:
        return secrets_at_rest.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secrets_at_rest.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if not settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES:
            return True
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not has_confidential_role(authenticator.user)


def client_address(request: HttpRequest) -> str | None:
    """The address the connection came from (`REMOTE_ADDR`), never `X-Forwarded-For`.

    Behind a reverse proxy, the proxy must set `REMOTE_ADDR` (e.g. gunicorn's
    `--forwarded-allow-ips` with the proxy's address); a header the client writes could reset
    or dodge the lock-out count (docs/security.md). A missing or malformed address (a Unix
    socket, a sign-in made by code) is None: PostgreSQL stores addresses as `inet`.
    """
    raw = str(request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def signin_identifier(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in attempt is about, the same whichever way the person typed it.

    allauth passes `username` or `email`, axes's backend `login` (the form field), and a
    success reports the username: each is mapped to the account's username, so the count of
    failures per account cannot be doubled by alternating e-mail and username, and a success
    clears what the person typed before. An identifier of no account is counted as typed
    (lower case), so the answers stay the same whether an account exists or not.
    """
    typed = None
    for key in ("login", "username", "email"):
        value = (credentials or {}).get(key)
        if value:
            typed = str(value)
            break
    if typed is None:
        typed = request.POST.get("login") if request.method == "POST" else None
    if not typed:
        return None
    typed = typed.strip()
    matches = list(
        Person.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).values_list(
            "username", flat=True
        )[:2]
    )
    if len(matches) == 1:
        return matches[0]
    return typed.lower()


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes has no type hints
    """axes's database handler; a success clears the failures of that account only.

    axes's own reset deletes every attempt matching any lock-out parameter, so one good
    sign-in from an address would also wipe the failures that address piled up against other
    accounts: an attacker holding one account could go on guessing the passwords of others.
    """

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        username = signin_identifier(request, credentials)
        if username is None:
            return 0
        return int(self.reset_attempts(username=username))

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count, measured against the nearest of two limits.

        axes counts each lock-out parameter separately but compares every count with one
        limit (`AXES_FAILURE_LIMIT`, the limit per account and address). An account alone or an
        address alone has a higher limit (`SIGNIN_WIDE_FAILURE_LIMIT`), so that one person's
        typing never locks out the others behind a shared address. Each count is turned into
        what is left before its own limit, and the answer is the base limit less the smallest
        of these: it reaches `AXES_FAILURE_LIMIT` exactly when some count reaches its limit.
        """
        limit = int(settings.SIGNIN_FAILURE_LIMIT)
        wide = int(settings.SIGNIN_WIDE_FAILURE_LIMIT)
        left = []
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            left.append((limit if isinstance(parameter, list) else wide) - count)
        return limit - min(left, default=limit)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The same page whether or not the account exists: it names no account (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/security/locked_out.html",
        {"minutes": minutes},
        status=LOCKED_OUT_STATUS,
    )


@receiver(user_locked_out, dispatch_uid="revmech.accounts.auth.record_lockout")
def record_lockout(
    sender: object,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """Each refused attempt during a lock-out goes to the audit log."""
    audit.record(
        "accounts.signin.locked_out",
        actor=None,
        request=request,
        username=username or "",
    )
