"""A draw reads the rulebook version in force on the day of its meeting (P&R paras 6, 20, 21)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from revmech.lots import services
from revmech.lots.models import Draw
from revmech.registry.models import RulebookVersion
from revmech.registry.rulebooks import Rulebooks
from revmech.rules import lots as lot_rules

pytestmark = pytest.mark.django_db

AMENDED_ON = dt.date(2026, 6, 1)


def _amend() -> None:
    """A version in force from 1 June 2026 allowing one redraw per party."""
    default = RulebookVersion.objects.get(is_default=True)
    rules = {name: dict(item) for name, item in default.rules.items()}
    rules["redraws_per_party"]["value"] = 1
    RulebookVersion.objects.create(
        code="2026-amended", source="test", rules=rules, effective_on=AMENDED_ON
    )


def _open(person: Any, held_on: dt.date) -> Draw:
    return services.open_draw(
        phase=2, title="Joint meeting", held_on=held_on, seed="4 8 1 5", opened_by=person
    )


@pytest.mark.parametrize(
    ("held_on", "version", "redraws"),
    [
        (AMENDED_ON - dt.timedelta(days=1), "2017-draft", 2),
        (AMENDED_ON, "2026-amended", 1),
    ],
)
def test_the_draw_takes_the_limits_in_force_on_its_day(
    reference_data: None, personas: dict[str, Any], held_on: dt.date, version: str, redraws: int
) -> None:
    _amend()
    config = _open(personas["secretariat"], held_on).protocol["inputs"]["config"]
    assert config["rulebook"] == version
    assert config["redraws_per_party"] == redraws


def test_an_old_protocol_still_verifies_under_the_version_it_recorded(
    reference_data: None, personas: dict[str, Any]
) -> None:
    secretariat = personas["secretariat"]
    draw = _open(secretariat, AMENDED_ON - dt.timedelta(days=10))
    draw = services.act(draw=draw, action="years", acted_by=secretariat)
    draw = services.act(draw=draw, action="seat", acted_by=secretariat)
    _amend()
    assert lot_rules.verify(draw.protocol).is_valid
    config = lot_rules.DrawConfig.from_json(draw.protocol["inputs"]["config"])
    books = Rulebooks()
    recorded = books.by_code(config.rulebook)
    assert recorded is not None
    assert lot_rules.limits_mismatch(config, recorded) == []
    assert lot_rules.limits_mismatch(config, books.in_force(AMENDED_ON))


def test_the_rulebook_in_force_is_read_in_one_query(
    reference_data: None, django_assert_num_queries: Any
) -> None:
    _amend()
    books = Rulebooks()
    with django_assert_num_queries(1):
        for day in range(400):
            books.in_force(AMENDED_ON + dt.timedelta(days=day - 200))
    assert books.in_force(AMENDED_ON).code == "2026-amended"
    assert books.in_force(AMENDED_ON - dt.timedelta(days=1)).code == "2017-draft"
