"""The draw's limits read from a rulebook version and checked against it (P&R 6, 10, 20, 21).

The engine takes its limits in a `DrawConfig`; this module builds that config from the version
of the rulebook in force on the day of the meeting, and tells whether a recorded config matches
a version (what `revmech lots verify --rulebook` reports). The numbers the algorithm does not
take as parameters (two reviewing States per review, four years per phase, half of the parties
in the first two years) are checked instead: a version that changes them is refused by name
rather than drawn with numbers it does not hold.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from revmech.rules import RuleViolation, gettext_noop
from revmech.rules.lots.engine import DrawConfig
from revmech.rules.lots.years import YEARS
from revmech.rules.rulebook import Rulebook

# The numbers built into the algorithm, by rule name: (numerator, denominator) for a share.
FIXED_IN_ALGORITHM: dict[str, tuple[int, int]] = {
    "reviewing_states_per_review": (2, 1),  # a same-group and an other-group seat (para 20)
    "review_phase_years": (len(YEARS), 1),  # years 1-4 of a phase (para 9)
    "years_first_half": (2, 1),  # the first two years of a phase (para 10)
    "share_reviewed_in_first_half": (1, 2),  # one half of the parties (para 10)
}


def _fixed_numbers(book: Rulebook) -> list[str]:
    """The rules whose value differs from what the algorithm draws with."""
    differing = []
    for name, (value, denominator) in FIXED_IN_ALGORITHM.items():
        rule = book.rules.get(name)
        if rule is None:
            continue
        if rule.value * denominator != value * rule.denominator:
            differing.append(name)
    return differing


def config_from_rulebook(book: Rulebook, **choices: Any) -> DrawConfig:
    """The draw's config with the limits of `book` (P&R paras 20, 21) and the meeting's choices.

    Raises `RuleViolation` naming the rule when the version sets a number this algorithm cannot
    draw with (e.g. five years per phase): the draw must not silently use other numbers.
    """
    differing = _fixed_numbers(book)
    if differing:
        raise RuleViolation(
            template=gettext_noop(
                "Rulebook version %(version)s sets %(rules)s to a value the drawing of lots does"
                " not implement; the draw cannot follow it."
            ),
            params={"version": book.code, "rules": ", ".join(differing)},
            rule="P&R para 6",
        )
    config = DrawConfig(**choices)
    return replace(
        config,
        redraws_per_party=book.count("redraws_per_party"),
        min_reviews=book.count("reviews_per_state_min"),
        max_reviews=book.count("reviews_per_state_max"),
        rulebook=book.code,
    )


def limits_mismatch(config: DrawConfig, book: Rulebook) -> list[str]:
    """What a recorded config holds that differs from `book`: an empty list when they agree."""
    problems = []
    if config.rulebook and config.rulebook != book.code:
        problems.append(f"the protocol names rulebook {config.rulebook}, not {book.code}")
    for field, rule in (
        ("redraws_per_party", "redraws_per_party"),
        ("min_reviews", "reviews_per_state_min"),
        ("max_reviews", "reviews_per_state_max"),
    ):
        recorded, expected = getattr(config, field), book.count(rule)
        if recorded != expected:
            problems.append(f"{field} is {recorded}, rulebook {book.code} sets {rule} = {expected}")
    problems.extend(f"rulebook {book.code} changes {name}" for name in _fixed_numbers(book))
    return problems
