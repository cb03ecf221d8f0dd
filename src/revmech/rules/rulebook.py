"""The rulebook: the numbers of the procedures as versioned, validated data (P&R para 6).

Deadlines, redraws, review loads, expert seats: every number the procedures fix lives in
`data/rulebook.json`, one version per text adopted by the Conference. The draft procedures
(CTOC/COP/WG.9/2017/2) are the default version; an amendment is a new version, not new code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from revmech.rules import RuleViolation

UNITS: tuple[str, ...] = ("days", "weeks", "months", "count", "numerator")

# Every rule the platform reads, and the unit it must be given in.
REQUIRED_RULES: Mapping[str, tuple[str, ...]] = {
    "consultations": ("days", "weeks"),
    "self_assessment": ("days", "weeks", "months"),
    "desk_review": ("days", "weeks", "months"),
    "draft_report_target": ("days", "weeks", "months"),
    "redraws_per_party": ("count",),
    "reviews_per_state_min": ("count",),
    "reviews_per_state_max": ("count",),
    "experts_per_state_and_instrument": ("count",),
    "review_phase_years": ("count",),
    "years_first_half": ("count",),
    "ngo_confirmation_days": ("days",),
    "activation_link_days": ("days",),
}


class RulebookError(RuleViolation):
    """The rulebook data breaks a rule; the message names the version and the rule."""


@dataclass(frozen=True)
class Rule:
    """One number of the procedures, with its unit and the paragraph that sets it."""

    name: str
    unit: str
    value: int
    paragraph: int | None
    is_target: bool = False
    denominator: int = 1  # a share such as "one half" (P&R para 10) is numerator/denominator
    starts: str = ""  # the event a period runs from (for deadlines)


@dataclass(frozen=True)
class Rulebook:
    code: str
    source: str
    is_default: bool
    rules: Mapping[str, Rule]
    # The day from which the version governs events (P&R para 6); None: from the start.
    effective_on: date | None = None

    def __getitem__(self, name: str) -> Rule:
        return self.rules[name]

    def count(self, name: str) -> int:
        rule = self.rules[name]
        if rule.unit not in ("count", "days"):
            raise RulebookError(f"rulebook {self.code}: {name} is in {rule.unit}, not a count")
        return rule.value


def _parse_rule(version: str, name: str, item: Any) -> Rule:
    if not isinstance(item, dict):
        raise RulebookError(f"rulebook {version}: {name} must be an object")
    units = [u for u in UNITS if u in item]
    if len(units) != 1:
        raise RulebookError(f"rulebook {version}: {name} needs exactly one of {', '.join(UNITS)}")
    unit = units[0]
    value = item[unit]
    denominator = 1
    if unit == "numerator":
        unit = "ratio"
        denominator = item.get("denominator", 0)
        if not isinstance(denominator, int) or isinstance(denominator, bool) or denominator < 1:
            raise RulebookError(f"rulebook {version}: {name} needs a positive whole denominator")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RulebookError(f"rulebook {version}: {name} must be a whole number of {unit}")
    allowed = REQUIRED_RULES.get(name)
    if allowed is not None and unit not in allowed:
        raise RulebookError(f"rulebook {version}: {name} cannot be given in {unit}")
    paragraph = item.get("para")
    if paragraph is not None and (not isinstance(paragraph, int) or paragraph < 1):
        raise RulebookError(f"rulebook {version}: {name} names no valid paragraph")
    return Rule(
        name,
        unit,
        value,
        paragraph,
        bool(item.get("is_target", False)),
        denominator,
        str(item.get("starts", "")),
    )


def parse_rulebooks(data: Mapping[str, Any]) -> tuple[Rulebook, ...]:
    """Validate every version; refuse all at the first broken rule."""
    if data.get("format") != "revmech.rulebook.v1":
        raise RulebookError("rulebook: format must be revmech.rulebook.v1")
    books: list[Rulebook] = []
    for version in data.get("versions", []):
        code = str(version.get("code", "")).strip()
        if not code:
            raise RulebookError("rulebook: a version has no code")
        raw = version.get("rules", {})
        missing = [name for name in REQUIRED_RULES if name not in raw]
        if missing:
            raise RulebookError(f"rulebook {code}: {missing[0]} is missing")
        rules = {name: _parse_rule(code, name, item) for name, item in raw.items()}
        low, high = rules["reviews_per_state_min"].value, rules["reviews_per_state_max"].value
        if low > high:
            raise RulebookError(f"rulebook {code}: reviews_per_state_min exceeds the maximum")
        effective = version.get("effective_on")
        try:
            effective_on = date.fromisoformat(effective) if effective else None
        except (TypeError, ValueError):
            raise RulebookError(
                f"rulebook {code}: effective_on must be a date written YYYY-MM-DD"
            ) from None
        books.append(
            Rulebook(
                code,
                str(version.get("source", "")),
                bool(version.get("is_default")),
                rules,
                effective_on,
            )
        )
    if sum(b.is_default for b in books) != 1:
        raise RulebookError("rulebook: exactly one version must be the default")
    if len({b.code for b in books}) != len(books):
        raise RulebookError("rulebook: two versions share a code")
    return tuple(books)


def read_rulebooks() -> tuple[Rulebook, ...]:
    text = resources.files("revmech.data").joinpath("rulebook.json").read_text(encoding="utf-8")
    return parse_rulebooks(json.loads(text))


def default_rulebook() -> Rulebook:
    return next(b for b in read_rulebooks() if b.is_default)


def rule_to_json(rule: Rule) -> dict[str, Any]:
    """One rule in the file's own form (`{"weeks": 3, "para": 23, ...}`)."""
    unit = "numerator" if rule.unit == "ratio" else rule.unit
    item: dict[str, Any] = {unit: rule.value, "para": rule.paragraph}
    if rule.unit == "ratio":
        item["denominator"] = rule.denominator
    if rule.is_target:
        item["is_target"] = True
    if rule.starts:
        item["starts"] = rule.starts
    return item


def version_to_json(book: Rulebook) -> dict[str, Any]:
    """A version as `parse_rulebooks` reads it back (what `revmech rulebook show --json` prints)."""
    data: dict[str, Any] = {
        "code": book.code,
        "source": book.source,
        "is_default": book.is_default,
        "rules": {name: rule_to_json(rule) for name, rule in book.rules.items()},
    }
    if book.effective_on is not None:
        data["effective_on"] = book.effective_on.isoformat()
    return data


def rule_from_stored(name: str, item: Mapping[str, Any]) -> Rule:
    """A rule as the registry stores it (`{"unit": "weeks", "value": 3, ...}`)."""
    return Rule(
        name,
        str(item["unit"]),
        int(item["value"]),
        item.get("para"),
        bool(item.get("is_target", False)),
        int(item.get("denominator", 1)),
        str(item.get("starts", "")),
    )


def rule_to_stored(rule: Rule) -> dict[str, Any]:
    return {
        "unit": rule.unit,
        "value": rule.value,
        "para": rule.paragraph,
        "is_target": rule.is_target,
        "denominator": rule.denominator,
        "starts": rule.starts,
    }


def diff(old: Rulebook, new: Rulebook) -> list[tuple[str, str, str]]:
    """(rule, old value, new value) for every rule that differs, in the order of the rules."""
    names = list(old.rules) + [n for n in new.rules if n not in old.rules]
    changes = []
    for name in names:
        before, after = old.rules.get(name), new.rules.get(name)
        if before != after:
            changes.append((name, describe(before), describe(after)))
    return changes


def describe(rule: Rule | None) -> str:
    """A rule's number as a reader says it: "3 weeks", "1/2", "2", "—" when absent."""
    if rule is None:
        return "—"
    if rule.unit == "ratio":
        return f"{rule.value}/{rule.denominator}"
    if rule.unit == "count":
        return str(rule.value)
    text = f"{rule.value} {rule.unit}"
    return text + (" (target)" if rule.is_target else "")
