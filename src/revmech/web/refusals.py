"""Refusals of the rules in the reader's language.

`revmech.rules` cannot import Django, so a `RuleViolation` carries its English `template` and
its `params`; this module translates the template with the active language and writes the
days among the params in its style (web/dates.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext

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
