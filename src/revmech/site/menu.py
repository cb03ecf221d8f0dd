"""The menu: each person sees the pages they may open, nothing else (issue 16).

An entry is shown when the access table (`revmech.site.access`) lets the person use its URL,
so the menu and the pages cannot disagree: nobody is offered a link that answers 404. Pages of
libraries (the second factor, the admin) are shown by their own condition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from revmech.accounts.permissions import Someone
from revmech.site import access
from revmech.web.access import Access


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: Promise
    # For URLs outside the access table: who sees the entry.
    shown_to: Callable[[Someone], bool] | None = None


def _signed_in(person: Someone) -> bool:
    return person is not None and bool(person.is_authenticated)


def _staff(person: Someone) -> bool:
    return _signed_in(person) and bool(getattr(person, "is_staff", False))


# What the mechanism publishes, then each role's working pages.
PUBLIC = (
    Entry("registry:instruments", _("Instruments")),
    Entry("registry:clusters", _("Clusters and workplan")),
    Entry("registry:states", pgettext_lazy("country", "States")),
    Entry("lots:public_list", _("Drawing of lots")),
    Entry("meetings:sessions", _("Sessions and documents")),
    Entry("api-docs", _("API")),
)
WORK = (
    Entry("reviews:list", _("Country reviews")),
    Entry("reviews:overview", _("Overview of reviews")),
    Entry("reviews:assignments", _("Secretariat assignments")),
    Entry("reports:list", _("Reports")),
    Entry("followup:home", _("Follow-up")),
    Entry("civil_society:briefings", _("NGO briefings")),
    Entry("lots:meetings", _("Draw meetings")),
    Entry("secretariat:index", _("Secretariat operations")),
    Entry("accounts:nominations", _("Nominations")),
    Entry("accounts:lists", _("Lists of focal points and experts")),
    Entry("reviews:assistance", _("Technical assistance")),
    Entry("registry:to_confirm", _("Statuses to confirm")),
    Entry("questionnaires:definitions", _("Questionnaires")),
    Entry("audit:list", _("Audit log")),
    Entry("admin:index", _("Administration"), shown_to=_staff),
)
ACCOUNT = (
    Entry("reviews:notifications", _("Your notifications")),
    Entry("reviews:calendar", _("Your calendar")),
    Entry("accounts:profile", _("Your profile")),
    Entry("accounts:tokens", _("API tokens")),
    Entry("mfa_index", _("Second factor"), shown_to=_signed_in),
)


def _may_open(person: Someone, entry: Entry, table: dict[str, Access]) -> bool:
    if entry.shown_to is not None:
        return entry.shown_to(person)
    rule = table[entry.url_name]
    if rule.is_public:
        return True
    return bool(rule.rule(person, None))  # type: ignore[misc]  # not public: has a rule


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    url_name: str


def links(person: Someone, entries: tuple[Entry, ...]) -> list[Link]:
    table = access.table()
    found = []
    for entry in entries:
        if entry.url_name not in table and entry.shown_to is None:
            continue  # an app left out of this installation
        if not _may_open(person, entry, table):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # an app left out of this installation
            continue
        found.append(Link(url=url, label=str(entry.label), url_name=entry.url_name))
    return found


def menu_for(person: Someone) -> dict[str, list[Link]]:
    """The three parts of the menu: public pages, the person's work, their account."""
    signed_in = _signed_in(person)
    return {
        "public": links(person, PUBLIC),
        "work": links(person, WORK) if signed_in else [],
        "account": links(person, ACCOUNT) if signed_in else [],
    }
