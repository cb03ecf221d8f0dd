"""The demonstration shows a past briefing with comments and a summary issued as a conference
room paper, an upcoming briefing open for confirmation and an objection awaiting the Bureau
(P&R para 53); a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from revmech.civil_society.models import (
    Briefing,
    Decision,
    InvitationStatus,
    Objection,
    Organization,
    WrittenComment,
)

pytestmark = pytest.mark.django_db


def test_the_demo_shows_briefings_past_and_upcoming(
    reference_data: None, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC))
    out = io.StringIO()
    call_command("demo", stdout=out)
    past, upcoming = Briefing.objects.order_by("held_on")
    assert past.summaries.get().document.symbol.endswith("/CRP.1")
    assert WrittenComment.objects.filter(invitation__briefing=past).count() == 2
    assert past.invitations.get(organization__acronym="DCSN").status == InvitationStatus.CONFIRMED
    assert upcoming.invitations.count() == 2
    assert Objection.objects.get().decision == Decision.PENDING
    assert "Objection awaiting the Bureau" in out.getvalue()
    call_command("demo", stdout=io.StringIO())
    assert Briefing.objects.count() == 2
    assert Organization.objects.count() == 2
