"""The rulebook: the procedures' numbers as validated, versioned data (P&R para 6)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from revmech.rules.rulebook import RulebookError, default_rulebook, parse_rulebooks


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("revmech.data").joinpath("rulebook.json").read_text("utf-8")
    )
    return data


def test_the_default_rulebook_holds_the_draft_numbers() -> None:
    book = default_rulebook()
    assert (book["consultations"].unit, book["consultations"].value) == ("weeks", 3)  # para 23
    assert (book["self_assessment"].unit, book["self_assessment"].value) == ("months", 3)  # para 26
    assert (book["desk_review"].unit, book["desk_review"].value) == ("months", 1)  # para 29
    assert book["draft_report_target"].is_target  # para 33: "preferably"
    assert book.count("redraws_per_party") == 2  # para 20
    assert (book.count("reviews_per_state_min"), book.count("reviews_per_state_max")) == (1, 3)
    assert book.count("experts_per_state_and_instrument") == 5  # para 19
    assert book["redraws_per_party"].paragraph == 20


def test_an_amendment_is_a_new_version() -> None:
    data = _raw()
    amended = copy.deepcopy(data["versions"][0])
    amended["code"] = "amended"
    amended["is_default"] = False
    amended["rules"]["redraws_per_party"]["count"] = 3
    data["versions"].append(amended)
    books = {b.code: b for b in parse_rulebooks(data)}
    assert books["amended"].count("redraws_per_party") == 3
    assert next(b for b in books.values() if b.is_default).count("redraws_per_party") == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("desk_review"), "desk_review is missing"),
        (lambda r: r["redraws_per_party"].update(count=-1), "whole number"),
        (lambda r: r["consultations"].update(months=1), "exactly one of"),
        (lambda r: r["reviews_per_state_min"].update(count=4), "exceeds the maximum"),
    ],
)
def test_a_broken_rulebook_is_refused(change: Any, message: str) -> None:
    data = _raw()
    change(data["versions"][0]["rules"])
    with pytest.raises(RulebookError, match=message):
        parse_rulebooks(data)
