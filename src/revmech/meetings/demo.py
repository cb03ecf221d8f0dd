"""Demonstration sessions of the Conference and a working group (called by `revmech demo`)."""

from __future__ import annotations

import datetime as dt

from revmech.meetings import services
from revmech.meetings.models import Body, Session
from revmech.web.roles import Someone

DEMO_SESSIONS = (
    (Body.CONFERENCE, 12, dt.date(2024, 10, 14), dt.date(2024, 10, 18)),
    (Body.TECHNICAL_ASSISTANCE, 17, dt.date(2026, 9, 8), dt.date(2026, 9, 10)),
    (Body.TECHNICAL_ASSISTANCE, 18, dt.date(2027, 6, 2), dt.date(2027, 6, 4)),
)


def load(secretariat: Someone) -> list[Session]:
    """The sessions the demo's documents, briefings and observers refer to (idempotent)."""
    sessions = []
    for body, number, starts_on, ends_on in DEMO_SESSIONS:
        existing = Session.objects.filter(body=body, number=number).first()
        sessions.append(
            existing
            or services.record_session(
                body=body,
                number=number,
                starts_on=starts_on,
                ends_on=ends_on,
                place="Vienna",
                actor=secretariat,
            )
        )
    return sessions
