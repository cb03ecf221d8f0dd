"""Refusals of the rules in the reader's language.

`revmech.rules` cannot import Django, so a `RuleViolation` carries its English `template` and
its `params`; this module translates the template with the active language and writes the
days among the params in its style (web/dates.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext, ngettext

from revmech.rules import RuleViolation
from revmech.web.dates import readable


def sentence(template: str, params: Mapping[str, object]) -> str:
    """An English `template` of the rules translated, its days written in the reader's style."""
    return gettext(template) % {name: readable(value) for name, value in params.items()}


def explain(refusal: RuleViolation) -> str:
    """The refusal's sentence in the active language (its English message as a fallback)."""
    if not refusal.template:
        return refusal.message
    try:
        return sentence(refusal.template, refusal.params)
    except (KeyError, TypeError, ValueError):
        # A translation that lost a placeholder must not hide the refusal.
        return refusal.message


_CITATION = re.compile(
    r"P&R paras? (?P<numbers>\d+(?: ?\([a-z]\))?(?:(?:, | and )\d+(?: ?\([a-z]\))?)*)"
)


def citation(rule: str) -> str:
    """A rule's citation of the procedures as the reader's language says it: "P&R para 20"
    reads "P&R, par. 20" in French; a citation of another shape is shown as it is."""
    found = _CITATION.fullmatch(rule.strip())
    if found is None:
        return rule
    numbers = re.split(r", | and ", found.group("numbers"))
    listed = numbers[0]
    if len(numbers) > 1:
        listed = gettext("%(first)s and %(last)s") % {
            "first": ", ".join(numbers[:-1]),
            "last": numbers[-1],
        }
    return ngettext("P&R para %(numbers)s", "P&R paras %(numbers)s", len(numbers)) % {
        "numbers": listed
    }
