"""Refusals of the pure rules reach the reader in their language."""

from __future__ import annotations

from django.utils import translation

from revmech.rules import RuleViolation
from revmech.web.refusals import explain


def test_a_refusal_without_template_keeps_its_message() -> None:
    assert explain(RuleViolation("plain words", rule="x")) == "plain words"


def test_a_refusal_template_is_translated_with_its_parameters() -> None:
    refusal = RuleViolation(template="Unknown action: %(action)s.", params={"action": "fly"})
    assert refusal.message == "Unknown action: fly."
    with translation.override("fr"):
        translated = explain(refusal)
    assert translated != refusal.message
    assert "fly" in translated
