"""Refusals of the rules in the reader's language.

`revmech.rules` cannot import Django, so a `RuleViolation` carries its English `template` and
its `params`; this module translates the template with the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext

from revmech.rules import RuleViolation


def explain(refusal: RuleViolation) -> str:
    """The refusal's sentence in the active language (its English message as a fallback)."""
    if not refusal.template:
        return refusal.message
    try:
        return gettext(refusal.template) % refusal.params
    except (KeyError, TypeError, ValueError):
        # A translation that lost a placeholder must not hide the refusal.
        return refusal.message
