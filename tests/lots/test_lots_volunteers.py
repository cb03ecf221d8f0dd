"""A signatory volunteers to be reviewed (P&R para 52): drawn a year and two reviewing States
among the parties with room left, never drawn as a reviewer; the lots replay from the seed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from revmech.lots import services
from revmech.lots.models import Draw, Volunteer
from revmech.registry import models as registry
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation
from revmech.rules import lots as lot_rules
from revmech.rules.lots.volunteers import draw_volunteer

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
GROUPS = ("African", "Asia-Pacific", "Western European and others")


def _parties() -> dict[str, list[str]]:
    """Four parties to the Convention in each of three regional groups."""
    found: dict[str, list[str]] = {}
    for group in GROUPS:
        found[group] = list(
            registry.Participation.objects.filter(
                instrument__code="UNTOC", status="party", state__regional_group=group
            )
            .exclude(state__code__in=["KEN", "NGA", "FRA"])
            .order_by("state__code")
            .values_list("state__code", flat=True)[:4]
        )
    return found


@pytest.fixture
def confirmed(reference_data: None) -> Draw:
    states = [
        {"code": code, "regional_group": group, "legal_system": "civil law", "party_to": ["UNTOC"]}
        for group, codes in _parties().items()
        for code in codes
    ]
    world = lot_rules.world_from_json(
        {
            "format": "revmech.world.v1",
            "regional_groups": list(GROUPS),
            "instruments": [{"code": "UNTOC"}],
            "states": states,
            "deferrals": [],
        }
    )
    meeting = lot_rules.draw_phase(world, "volunteer seed")
    return Draw.objects.create(
        phase=2,
        title="Phase 2",
        held_on=dt.date(2026, 6, 1),
        seed="volunteer seed",
        protocol=meeting.protocol(),
        status=Draw.Status.CONFIRMED,
    )


@pytest.fixture
def signatory(reference_data: None) -> registry.State:
    state = (
        registry.State.objects.filter(regional_group="African")
        .exclude(code__in=_parties()["African"])
        .order_by("code")
        .first()
    )
    assert state is not None
    registry.Participation.objects.update_or_create(
        state=state,
        instrument=registry.Instrument.objects.get(code="UNTOC"),
        defaults={"status": "signatory"},
    )
    return state


def test_a_volunteer_is_drawn_a_year_and_two_reviewers_and_never_reviews(
    confirmed: Draw, signatory: registry.State, personas: dict[str, Any]
) -> None:
    volunteer = services.add_volunteer(
        draw=confirmed,
        state_code=signatory.code,
        instrument_code="UNTOC",
        by=personas["secretariat"],
        now=NOW,
    )
    same, other = volunteer.outcome["reviewers"]
    groups = dict(registry.State.objects.values_list("code", "regional_group"))
    assert groups[same] == "African"
    assert groups[other] != "African"
    review = CountryReview.objects.get(state_under_review=signatory, phase=2)
    assert review.year == volunteer.outcome["year"]
    assert sorted(r.state.code for r in review.reviewers.all()) == sorted([same, other])
    # Never a reviewer: neither in the phase's draw nor in another volunteer's lots.
    rows = confirmed.protocol["outcome"]["assignments"]
    assert all(signatory.code not in (row["reviewers"] or ()) for row in rows)
    assert signatory.code not in volunteer.outcome["same_candidates"]
    # Anyone can redo the lots from the phase's seed.
    again = draw_volunteer(
        state=signatory.code,
        group="African",
        instrument="UNTOC",
        phase_seed=confirmed.seed,
        parties=[r["state_under_review"] for r in rows],
        reviews=rows,
        groups=groups,
        max_reviews=3,
    )
    assert again.to_json()["reviewers"] == [same, other]


def test_only_a_signatory_volunteers_and_only_once(
    confirmed: Draw, signatory: registry.State, personas: dict[str, Any]
) -> None:
    party = _parties()["African"][0]
    with pytest.raises(RuleViolation, match="Only a signatory"):
        services.add_volunteer(
            draw=confirmed,
            state_code=party,
            instrument_code="UNTOC",
            by=personas["secretariat"],
            now=NOW,
        )
    services.add_volunteer(
        draw=confirmed,
        state_code=signatory.code,
        instrument_code="UNTOC",
        by=personas["secretariat"],
        now=NOW,
    )
    with pytest.raises(RuleViolation, match="already volunteers"):
        services.add_volunteer(
            draw=confirmed,
            state_code=signatory.code,
            instrument_code="UNTOC",
            by=personas["secretariat"],
            now=NOW,
        )
    assert Volunteer.objects.count() == 1


def test_only_the_secretariat_records_a_volunteer(
    confirmed: Draw, signatory: registry.State, personas: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.add_volunteer(
            draw=confirmed,
            state_code=signatory.code,
            instrument_code="UNTOC",
            by=personas["focal_point_under_review"],
            now=NOW,
        )


def test_a_full_phase_refuses_the_volunteer_naming_the_seat() -> None:
    rows = [
        {"instrument": "UNTOC", "state_under_review": s, "year": 1, "reviewers": ["A1", "B1"]}
        for s in ("A2", "B2", "A1", "B1")
    ]
    with pytest.raises(RuleViolation, match="regional group of V1"):
        draw_volunteer(
            state="V1",
            group="A",
            instrument="UNTOC",
            phase_seed="s",
            parties=["A1", "B1", "A2", "B2"],
            reviews=rows,
            groups={"A1": "A", "A2": "A", "B1": "B", "B2": "B"},
            max_reviews=0,
        )


def test_the_meeting_page_records_a_volunteer(
    client: Client, confirmed: Draw, signatory: registry.State, personas: dict[str, Any]
) -> None:
    client.force_login(personas["secretariat"])
    response = client.post(
        reverse("lots:add_volunteer", kwargs={"draw_id": confirmed.pk}),
        {"state": signatory.code, "instrument": "untoc"},
        follow=True,
    )
    assert response.status_code == 200
    assert Volunteer.objects.filter(state=signatory).exists()
    assert "No volunteer yet" not in response.content.decode()
