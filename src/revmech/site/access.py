"""The one table of who may reach which page, API endpoint and download (P&R paras 32, 37).

Each app's `permissions.py` declares `ACCESS`: for every URL name, the kind of object the URL
carries (`subject`) and the predicate that decides (`rule(person, obj)`), or `PUBLIC`. The
views call the same predicates through their selectors; the test suite walks every URL pattern
of the site, fails on any that is not declared here, and checks each declared rule for every
persona. A person who may not see an object gets 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from revmech.web.access import Access

APPS_WITH_ACCESS = (
    "revmech.site.permissions",
    "revmech.registry.permissions",
    "revmech.lots.permissions",
    "revmech.reviews.permissions",
    "revmech.audit.permissions",
    "revmech.accounts.permissions",
    "revmech.questionnaires.permissions",
    "revmech.meetings.permissions",
    "revmech.reports.permissions",
    "revmech.followup.permissions",
    "revmech.civil_society.permissions",
    "revmech.secretariat.permissions",
    "revmech.jobs.permissions",
)

# URL namespaces and names that belong to libraries with their own protection: the Django
# admin (staff only), allauth's sign-in and second-factor flows.
EXTERNAL_PREFIXES = ("admin:", "account_", "mfa_", "socialaccount_", "usersessions_", "headless:")


def table() -> dict[str, Access]:
    """Every declared URL name with its access rule."""
    declared: dict[str, Access] = {}
    for module_name in APPS_WITH_ACCESS:
        module = import_module(module_name)
        for name, access in getattr(module, "ACCESS", {}).items():
            if name in declared:
                raise ValueError(f"{name} is declared twice (again in {module_name}).")
            declared[name] = access
    return declared


def url_names() -> Iterator[tuple[str, str]]:
    """(qualified name, route) of every named URL pattern of the site."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "", "/")


def undeclared() -> list[str]:
    """Named URLs of the site with no declared access rule (each one is a mistake)."""
    declared = table()
    return sorted(
        name
        for name, _route in url_names()
        if name not in declared and not name.startswith(EXTERNAL_PREFIXES)
    )
