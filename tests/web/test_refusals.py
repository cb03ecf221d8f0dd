"""Refusals of the pure rules reach the reader in their language."""

from __future__ import annotations

import pytest
from django.utils import translation

from revmech.rules import RuleViolation
from revmech.web.refusals import citation, explain


def test_a_refusal_without_template_keeps_its_message() -> None:
    assert explain(RuleViolation("plain words", rule="x")) == "plain words"


def test_a_refusal_template_is_translated_with_its_parameters() -> None:
    refusal = RuleViolation(template="Unknown action: %(action)s.", params={"action": "fly"})
    assert refusal.message == "Unknown action: fly."
    with translation.override("fr"):
        translated = explain(refusal)
    assert translated != refusal.message
    assert "fly" in translated


@pytest.mark.parametrize(
    ("language", "rule", "said"),
    [
        ("en", "P&R para 20", "P&R para 20"),
        ("fr", "P&R para 20", "P&R, par. 20"),
        ("es", "P&R paras 20, 21", "P&R, párrs. 20 y 21"),
        ("ru", "P&R paras 20, 21", "P&R, пп. 20 и 21"),
        ("zh-hans", "P&R para 11", "P&R第11段"),
        ("ar", "P&R paras 20, 21", "P&R، الفقرتان 20 و21"),
        ("fr", "protocol", "protocol"),  # not a citation: shown as it is
    ],
)
def test_a_rule_citation_is_said_in_the_reader_language(
    language: str, rule: str, said: str
) -> None:
    with translation.override(language):
        assert citation(rule) == said
