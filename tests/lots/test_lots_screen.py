"""The draw meeting page in words, States picked by name, a busy state, and the screen for the
meeting room (issue 16; P&R paras 3 (a), 20-22)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from revmech.lots import services
from revmech.lots.models import Draw
from revmech.registry import models as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawing(reference_data: None, personas: dict[str, Any]) -> Draw:
    """A draw in progress with its years and a few seats drawn."""
    draw = services.open_draw(
        phase=2,
        title="Joint meeting",
        held_on=dt.date(2026, 6, 15),
        seed="screen seed 1 2 3",
        opened_by=personas["secretariat"],
    )
    draw = services.act(draw=draw, action="years", acted_by=personas["secretariat"])
    for _ in range(3):
        draw = services.act(draw=draw, action="seat", acted_by=personas["secretariat"])
    return draw


def test_every_event_is_listed_in_words_page_by_page(
    client: Client, drawing: Draw, personas: dict[str, Any]
) -> None:
    client.force_login(personas["secretariat"])
    url = reverse("lots:meeting", kwargs={"draw_id": drawing.pk})
    first = client.get(url).content.decode()
    total = len(drawing.events)
    assert total > 50
    listed = re.search(r'<ol reversed class="protocol-events"[^>]*>(.*?)</ol>', first, re.S)
    assert listed is not None
    assert listed.group(1).count("<li>") == 50
    assert f'start="{total}"' in first
    for raw in ("review_order", "year_counts", "seat : ", " , , "):
        assert raw not in listed.group(1)
    assert "is reviewed in year" in first
    assert "the order in which the reviews are drawn is fixed" in first
    last_page = (total + 49) // 50
    older = client.get(url, {"page": last_page}).content.decode()
    assert 'start="' in older
    assert "the number of States reviewed in each year of the phase is drawn" in older


def test_the_redraw_form_offers_states_by_name_and_shows_a_busy_state(
    client: Client, drawing: Draw, personas: dict[str, Any]
) -> None:
    client.force_login(personas["secretariat"])
    page = client.get(reverse("lots:meeting", kwargs={"draw_id": drawing.pk})).content.decode()
    assert '<option value="KEN">Kenya</option>' in page
    assert '<option value="UNTOC">' in page
    assert 'id="busy"' in page
    assert 'hx-disabled-elt="main button"' in page
    client.cookies["django_language"] = "fr"
    page = client.get(
        reverse("lots:meeting", kwargs={"draw_id": drawing.pk}), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert '<option value="DEU">Allemagne</option>' in page


def test_the_screen_shows_the_latest_lot_in_the_meetings_language(
    client: Client, drawing: Draw, personas: dict[str, Any]
) -> None:
    client.force_login(personas["secretariat"])
    url = reverse("lots:screen", kwargs={"draw_id": drawing.pk})
    page = client.get(url).content.decode()
    last = [e for e in drawing.events if e["type"] == "seat"][-1]
    drawn = registry.State.objects.get(code=last["drawn"])
    assert drawing.seed in page
    assert "revmech lots verify protocol.json" in page
    assert "3 of" in page  # three reviewing States drawn
    assert f"{drawn.names['en']}<small>" in page
    assert 'hx-trigger="every 3s"' in page
    assert 'http-equiv="refresh"' in page  # updates without JavaScript too
    french = client.get(url, {"language": "fr"}).content.decode()
    assert '<html lang="fr"' in french
    assert f"{drawn.names['fr']}<small>" in french
    arabic = client.get(url, {"language": "ar"}).content.decode()
    assert 'dir="rtl"' in arabic
    assert drawn.names["ar"] in arabic


def test_only_the_secretariat_sees_the_screen_of_a_draw_in_progress(
    client: Client, drawing: Draw, personas: dict[str, Any]
) -> None:
    client.force_login(personas["focal_point_under_review"])
    response = client.get(reverse("lots:screen", kwargs={"draw_id": drawing.pk}))
    assert response.status_code == 404
    assert drawing.seed not in response.content.decode()
