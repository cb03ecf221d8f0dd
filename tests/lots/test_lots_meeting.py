"""The draw meeting: open, draw, redraw, confirm (P&R paras 10, 11, 18, 20-22)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from revmech.audit.models import Entry
from revmech.lots import services
from revmech.lots.models import Draw
from revmech.registry import models as registry
from revmech.reviews.models import CountryReview, Seat
from revmech.rules import RuleViolation
from revmech.rules import lots as lot_rules

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 17, 0, tzinfo=dt.UTC)


def _open(person: Any, **extra: Any) -> Draw:
    return services.open_draw(
        phase=2,  # the personas' review sits in phase 1
        title="Joint meeting",
        held_on=dt.date(2026, 6, 15),
        seed="4 8 1 5 9 2 6",
        opened_by=person,
        **extra,
    )


@pytest.fixture
def complete_draw(reference_data: None, personas: dict[str, Any]) -> Draw:
    draw = _open(personas["secretariat"])
    draw = services.act(draw=draw, action="years", acted_by=personas["secretariat"])
    return services.act(draw=draw, action="all", acted_by=personas["secretariat"])


def test_only_the_secretariat_opens_a_draw(reference_data: None, personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        _open(personas["outsider"])
    assert not Draw.objects.exists()
    assert _open(personas["secretariat"]).protocol["seed"] == "4 8 1 5 9 2 6"


def test_confirming_creates_one_review_per_state_and_instrument(
    complete_draw: Draw, personas: dict[str, Any]
) -> None:
    services.confirm_draw(draw=complete_draw, confirmed_by=personas["secretariat"], now=NOW)
    rows = complete_draw.protocol["outcome"]["assignments"]
    assert CountryReview.objects.filter(phase=2).count() == len(rows)
    for row in rows[:: max(1, len(rows) // 25)]:
        review = CountryReview.objects.get(
            phase=2,
            state_under_review__code=row["state_under_review"],
            instrument__code=row["instrument"],
        )
        assert review.year == row["year"]
        seats = {r.seat: r.state.code for r in review.reviewers.all()}
        assert seats == {
            Seat.SAME_GROUP: row["reviewers"][0],
            Seat.OTHER_GROUP: row["reviewers"][1],
        }
        under_review = review.state_under_review
        same, other = (registry.State.objects.get(code=c) for c in row["reviewers"])
        assert same.regional_group == under_review.regional_group  # P&R para 20
        assert other.regional_group != under_review.regional_group
    complete_draw.refresh_from_db()
    assert complete_draw.is_confirmed
    assert Entry.objects.filter(action="lots.draw.confirmed").count() == 1


def test_only_parties_review_and_are_reviewed(complete_draw: Draw) -> None:
    """P&R para 18: both reviewing States are parties to the instrument; a status to be
    confirmed is not a party."""
    parties = {
        (p.state.code, p.instrument.code)
        for p in registry.Participation.objects.filter(status="party").select_related(
            "state", "instrument"
        )
    }
    for row in complete_draw.protocol["outcome"]["assignments"]:
        assert (row["state_under_review"], row["instrument"]) in parties
        for reviewer in row["reviewers"]:
            assert (reviewer, row["instrument"]) in parties


def test_an_incomplete_draw_cannot_be_confirmed(
    reference_data: None, personas: dict[str, Any]
) -> None:
    draw = _open(personas["secretariat"])
    draw = services.act(draw=draw, action="years", acted_by=personas["secretariat"])
    with pytest.raises(RuleViolation, match="not complete"):
        services.confirm_draw(draw=draw, confirmed_by=personas["secretariat"], now=NOW)
    assert not CountryReview.objects.filter(phase=2).exists()


def test_a_stale_page_cannot_act(reference_data: None, personas: dict[str, Any]) -> None:
    """Two people at the same draw: the later action, made on an old page, is refused."""
    draw = _open(personas["secretariat"])
    seen = draw.version
    services.act(draw=draw, action="years", acted_by=personas["secretariat"], version=seen)
    with pytest.raises(services.StaleDraw):
        services.act(draw=draw, action="seat", acted_by=personas["secretariat"], version=seen)
    draw.refresh_from_db()
    assert not any(e["type"] == "seat" for e in draw.events)


def test_a_phase_has_one_confirmed_draw(complete_draw: Draw, personas: dict[str, Any]) -> None:
    secretariat = personas["secretariat"]
    services.confirm_draw(draw=complete_draw, confirmed_by=secretariat, now=NOW)
    second = _open(secretariat)
    second = services.act(draw=second, action="all", acted_by=secretariat)
    count = CountryReview.objects.count()
    with pytest.raises(RuleViolation, match="already has a confirmed draw"):
        services.confirm_draw(draw=second, confirmed_by=secretariat, now=NOW)
    assert CountryReview.objects.count() == count


def test_an_instrument_set_aside_waits_for_the_meetings_exception(
    client: Client, reference_data: None, personas: dict[str, Any]
) -> None:
    """P&R para 20: ALB alone in its group for FIREARMS; the other instruments are drawn, the
    page names the rule and the State, and FIREARMS is drawn once the exception is recorded."""
    eastern = registry.Participation.objects.filter(
        instrument__code="FIREARMS", state__regional_group="Eastern European", status="party"
    )
    eastern.exclude(state__code="ALB").update(status="none")
    secretariat = personas["secretariat"]
    draw = _open(secretariat)
    draw = services.act(draw=draw, action="years", acted_by=secretariat)
    draw = services.act(draw=draw, action="all", acted_by=secretariat)
    outcome = draw.protocol["outcome"]
    assert not outcome["is_complete"]
    [blocked] = outcome["blocked"]
    assert (blocked["instrument"], blocked["states"]) == ("FIREARMS", ["ALB"])
    assert all(r["reviewers"][1] for r in outcome["assignments"] if r["instrument"] == "TIP")
    assert not any(
        r["reviewers"][0] for r in outcome["assignments"] if r["instrument"] == "FIREARMS"
    )
    with pytest.raises(RuleViolation, match="not complete"):
        services.confirm_draw(draw=draw, confirmed_by=secretariat, now=NOW)
    client.force_login(secretariat)
    page = client.get(reverse("lots:meeting", kwargs={"draw_id": draw.pk})).content.decode()
    assert "ALB is the only party to FIREARMS" in page
    client.cookies["django_language"] = "fr"
    french = client.get(reverse("lots:meeting", kwargs={"draw_id": draw.pk})).content.decode()
    assert "<strong>Protocole relatif aux armes à feu</strong> (P&amp;R, par. 20)" in french
    client.cookies["django_language"] = "en"
    assert 'value="exception"' in page
    url = reverse("lots:meeting_act", kwargs={"draw_id": draw.pk})
    missing = client.post(
        url,
        {
            "action": "exception",
            "version": draw.version,
            "instrument": "FIREARMS",
            "allowed_by": "",
            "reason": "",
        },
    )
    assert missing.status_code == 302
    draw.refresh_from_db()
    assert not any(e["type"] == "exception" for e in draw.events)
    client.post(
        url,
        {
            "action": "exception",
            "version": draw.version,
            "instrument": "FIREARMS",
            "allowed_by": "Chair of the Working Group on Firearms",
            "reason": "ALB is the only party of its group",
        },
    )
    draw.refresh_from_db()
    draw = services.act(draw=draw, action="all", acted_by=secretariat)
    outcome = draw.protocol["outcome"]
    assert outcome["is_complete"]
    assert outcome["blocked"][0]["exception"]["allowed_by"] == (
        "Chair of the Working Group on Firearms"
    )
    alb = next(
        r
        for r in outcome["assignments"]
        if (r["instrument"], r["state_under_review"]) == ("FIREARMS", "ALB")
    )
    groups = dict(registry.State.objects.values_list("code", "regional_group"))
    assert all(groups[c] != "Eastern European" for c in alb["reviewers"])
    assert lot_rules.verify(draw.protocol).is_valid
    assert Entry.objects.filter(action="lots.draw.exception").count() == 1
    services.confirm_draw(draw=draw, confirmed_by=secretariat, now=NOW)
    assert CountryReview.objects.filter(phase=2, instrument__code="FIREARMS").exists()
    public = client.get(reverse("lots:public_detail", kwargs={"draw_id": draw.pk}))
    assert "Chair of the Working Group on Firearms" in public.content.decode()
    api = client.get(f"/api/draws/{draw.pk}/").json()
    assert api["blocked"][0]["exception"]["states"] == ["ALB"]


def test_a_redraw_replaces_the_seat_and_is_recorded(
    reference_data: None, personas: dict[str, Any]
) -> None:
    secretariat = personas["secretariat"]
    draw = _open(secretariat)
    draw = services.act(draw=draw, action="years", acted_by=secretariat)
    draw = services.act(draw=draw, action="seat", acted_by=secretariat)
    row = next(r for r in draw.protocol["outcome"]["assignments"] if r["reviewers"][0])
    struck = row["reviewers"][0]
    draw = services.act(
        draw=draw,
        action="redraw",
        acted_by=secretariat,
        instrument=row["instrument"],
        state_under_review=row["state_under_review"],
        struck=struck,
        requested_by=row["state_under_review"],
    )
    after = next(
        r
        for r in draw.protocol["outcome"]["assignments"]
        if (r["instrument"], r["state_under_review"])
        == (row["instrument"], row["state_under_review"])
    )
    assert after["reviewers"][0] not in (None, struck)
    assert any(e["type"] == "redraw" for e in draw.events)
    assert lot_rules.verify(draw.protocol).is_valid


def test_the_meeting_page_shows_the_next_seat_and_its_candidates(
    client: Client, reference_data: None, personas: dict[str, Any]
) -> None:
    draw = _open(personas["secretariat"])
    draw = services.act(draw=draw, action="years", acted_by=personas["secretariat"])
    client.force_login(personas["secretariat"])
    response = client.get(reverse("lots:meeting", kwargs={"draw_id": draw.pk}))
    assert response.status_code == 200
    seat = response.context["next_seat"]
    eligible, completable = lot_rules.Meeting.replay(draw.protocol).candidates(seat)
    assert [s.code for s in response.context["candidates"]["eligible"]] == eligible
    assert response.context["candidates"]["completable"] == set(completable)


def test_the_meeting_page_draws_a_seat_through_a_form(
    client: Client, reference_data: None, personas: dict[str, Any]
) -> None:
    draw = _open(personas["secretariat"])
    draw = services.act(draw=draw, action="years", acted_by=personas["secretariat"])
    client.force_login(personas["secretariat"])
    url = reverse("lots:meeting_act", kwargs={"draw_id": draw.pk})
    response = client.post(url, {"action": "seat", "version": draw.version})
    assert response.status_code == 302
    draw.refresh_from_db()
    assert sum(1 for e in draw.events if e["type"] == "seat") == 1
    stale = client.post(url, {"action": "seat", "version": draw.version - 1}, follow=True)
    assert "Someone else has acted on this draw" in stale.content.decode()


def test_a_refused_redraw_is_shown_and_changes_nothing(
    client: Client, reference_data: None, personas: dict[str, Any]
) -> None:
    draw = _open(personas["secretariat"])
    draw = services.act(draw=draw, action="years", acted_by=personas["secretariat"])
    draw = services.act(draw=draw, action="seat", acted_by=personas["secretariat"])
    row = next(r for r in draw.protocol["outcome"]["assignments"] if r["reviewers"][0])
    client.force_login(personas["secretariat"])
    before = draw.protocol
    response = client.post(
        reverse("lots:meeting_act", kwargs={"draw_id": draw.pk}),
        {
            "action": "redraw",
            "version": draw.version,
            "instrument": row["instrument"],
            "state_under_review": row["state_under_review"],
            "struck": row["reviewers"][0],
            # A State not party to this review (picked by name in the form; its code is sent).
            "requested_by": next(
                c
                for c in ("BRA", "ISL", "FJI")
                if c not in (row["state_under_review"], *row["reviewers"])
            ),
        },
        follow=True,
    )
    assert "Only" in response.content.decode()
    draw.refresh_from_db()
    assert draw.protocol == before


@pytest.mark.parametrize("persona", ["outsider", None])
def test_nobody_but_the_secretariat_reaches_the_meeting(
    client: Client, reference_data: None, personas: dict[str, Any], persona: str | None
) -> None:
    draw = _open(personas["secretariat"])
    if persona:
        client.force_login(personas[persona])
    for name in ("lots:meeting", "lots:public_detail", "lots:protocol"):
        response = client.get(reverse(name, kwargs={"draw_id": draw.pk}))
        assert response.status_code in ({404} if persona else {302, 404})
        assert draw.seed.encode() not in response.content
    post = client.post(
        reverse("lots:meeting_act", kwargs={"draw_id": draw.pk}), {"action": "years"}
    )
    assert post.status_code in ({404} if persona else {302})
    draw.refresh_from_db()
    assert draw.version == 0


def test_a_confirmed_draw_is_public_with_its_protocol(
    client: Client, complete_draw: Draw, personas: dict[str, Any]
) -> None:
    services.confirm_draw(draw=complete_draw, confirmed_by=personas["secretariat"], now=NOW)
    page = client.get(reverse("lots:public_detail", kwargs={"draw_id": complete_draw.pk}))
    assert page.status_code == 200
    protocol = client.get(reverse("lots:protocol", kwargs={"draw_id": complete_draw.pk}))
    assert protocol.headers["content-disposition"].startswith("attachment")
    assert lot_rules.verify(json.loads(protocol.content)).is_valid
    api = client.get("/api/draws/").json()
    assert [d["id"] for d in api] == [complete_draw.pk]
    assert api[0]["assignment"]["format"] == "revmech.assignment.v1"
    assert len(api[0]["assignment"]["assignments"]) == CountryReview.objects.filter(phase=2).count()


def test_a_draw_in_progress_is_not_in_the_public_api(
    client: Client, reference_data: None, personas: dict[str, Any]
) -> None:
    _open(personas["secretariat"])
    assert client.get("/api/draws/").json() == []
    client.force_login(personas["secretariat"])
    assert len(client.get("/api/draws/").json()) == 1


def test_the_meeting_fixes_the_seed_from_revealed_secrets(
    client: Client, reference_data: None, personas: dict[str, Any]
) -> None:
    secrets = {"African": "baobab 1960", "GRULAC": "ceiba 1948"}
    commitments = "\n".join(f"{p}: {lot_rules.commitment(s)}" for p, s in secrets.items())
    client.force_login(personas["secretariat"])
    form = {
        "phase": 3,
        "title": "Joint meeting",
        "held_on": "2027-06-01",
        "seed": "",
        "commitments": commitments,
        "deferrals": "",
    }
    refused = client.post(
        reverse("lots:meeting_open"), {**form, "reveals": "African: baobab 1960\nGRULAC: oak"}
    )
    assert refused.status_code == 200
    assert "GRULAC" in refused.content.decode()
    assert not Draw.objects.filter(phase=3).exists()
    reveals = "\n".join(f"{p}: {s}" for p, s in secrets.items())
    response = client.post(reverse("lots:meeting_open"), {**form, "reveals": reveals})
    assert response.status_code == 302
    draw = Draw.objects.get(phase=3)
    assert draw.seed == lot_rules.seed_from_reveals(
        {p: lot_rules.commitment(s) for p, s in secrets.items()}, secrets
    )
    assert draw.seed_procedure["method"] == "commit and reveal"
