"""The one role the layers below `accounts` need to ask about: the secretariat (P&R para 42).

`registry` and `audit` sit below `accounts` (accounts holds appointments to the registry's
States, and records its changes in the audit log), yet two of their pages are for the
secretariat only. Rather than import `accounts` upwards, they ask this module, and `accounts`
tells it at start-up how to answer (`accounts.apps.AccountsConfig.ready`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured

Someone = AbstractBaseUser | AnonymousUser | None

_secretariat_check: Callable[[Someone], bool] | None = None


def answer_secretariat_with(check: Callable[[Someone], bool]) -> None:
    """Install the predicate that decides who is the secretariat (called once, by accounts)."""
    global _secretariat_check
    _secretariat_check = check


def is_secretariat(person: Someone) -> bool:
    """A member of the secretariat, by their approved appointments (asked of `accounts`)."""
    if _secretariat_check is None:
        raise ImproperlyConfigured("revmech.accounts must be installed to answer for roles.")
    return bool(_secretariat_check(person))
