"""The rulebook version in force on a day (P&R para 6), read from the stored versions.

Every version is kept; the one in force on a day is the one with the latest `effective_on` not
after that day (a version without a date is in force from the start). `Rulebooks` reads all
versions in one query and answers every later question from memory, so a list of reviews costs
one query for the rulebook whatever its length. With no version stored (a database not loaded
yet) the packaged default answers.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext, gettext_lazy, ngettext

from revmech.registry.models import RulebookVersion
from revmech.rules.rulebook import Rule, Rulebook, default_rulebook, rule_from_stored


def book_of(version: RulebookVersion) -> Rulebook:
    """A stored version as the rules read it."""
    return Rulebook(
        code=version.code,
        source=version.source,
        is_default=version.is_default,
        rules={name: rule_from_stored(name, item) for name, item in version.rules.items()},
        effective_on=version.effective_on,
    )


class Rulebooks:
    """Every stored version, read once (one query) on first use."""

    def __init__(self) -> None:
        self._books: list[Rulebook] | None = None

    def all(self) -> list[Rulebook]:
        """The versions in the order they took effect."""
        if self._books is None:
            self._books = [book_of(v) for v in RulebookVersion.objects.all()]
        return self._books

    def in_force(self, on: date) -> Rulebook:
        """The version governing an event on `on`."""
        started = [b for b in self.all() if (b.effective_on or date.min) <= on]
        if not started:
            return default_rulebook()
        # The latest to take effect; on the same day, the one added last.
        return max(reversed(started), key=lambda b: b.effective_on or date.min)

    def by_code(self, code: str) -> Rulebook | None:
        return next((b for b in self.all() if b.code == code), None)


def in_force(on: date) -> Rulebook:
    """The version in force on `on` (one query)."""
    return Rulebooks().in_force(on)


def describe(rule: Rule | None) -> str:
    """A rule's number as a reader says it, in the active language: "3 weeks", "6 months
    (target)", "1/2", "2", "—" when absent (the rules' own `describe` is the English one)."""
    if rule is None:
        return "—"
    if rule.unit == "ratio":
        return f"{rule.value}/{rule.denominator}"
    if rule.unit == "count":
        return str(rule.value)
    if rule.unit == "days":
        text = ngettext("%(n)s day", "%(n)s days", rule.value)
    elif rule.unit == "weeks":
        text = ngettext("%(n)s week", "%(n)s weeks", rule.value)
    else:
        text = ngettext("%(n)s month", "%(n)s months", rule.value)
    text = text % {"n": rule.value}
    return gettext("%(period)s (target)") % {"period": text} if rule.is_target else text


# The events a period runs from, as `data/rulebook.json` names them.
_EVENTS = {
    "draw_of_lots": gettext_lazy("the drawing of lots"),
    "self_assessment_received": gettext_lazy("the receipt of the self-assessment"),
}


def event_name(starts: str) -> str:
    """The event a period runs from, in the active language ("" when the rule gives none; an
    event the list does not know yet is shown by its code)."""
    return str(_EVENTS.get(starts, starts))
