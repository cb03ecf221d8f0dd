"""What the draw pages show, derived from the stored protocol (never stored twice)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from revmech.lots.models import Draw
from revmech.registry import models as registry
from revmech.rules import lots as lot_rules


def _names() -> dict[str, registry.State]:
    return {s.code: s for s in registry.State.objects.all()}


def assignment(draw: Draw) -> dict[str, Any]:
    result: dict[str, Any] = lot_rules.Meeting.replay(draw.protocol).assignment()
    return result


def _rows(assignment_data: dict[str, Any], states: dict[str, registry.State]) -> list[dict[str, Any]]:
    rows = []
    for row in assignment_data["assignments"]:
        reviewers = [states.get(code, code) for code in row["reviewers"]]
        rows.append(
            {
                "instrument": row["instrument"],
                "year": row["year"],
                "state_under_review": states.get(row["state_under_review"], row["state_under_review"]),
                "reviewers": reviewers,
            }
        )
    return rows


def _by_instrument(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    instruments = {i.code: i for i in registry.Instrument.objects.all()}
    working_groups = {w.code: w for w in registry.WorkingGroup.objects.all()}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["instrument"], []).append(row)
    sections = []
    for code, instrument_rows in grouped.items():
        instrument = instruments.get(code)
        sections.append(
            {
                "code": code,
                "instrument": instrument or code,
                # P&R para 22: the Convention's lots at the joint meeting of two groups.
                "working_groups": [
                    working_groups.get(wg, wg) for wg in lot_rules.WORKING_GROUPS.get(code, ())
                ],
                "rows": sorted(instrument_rows, key=lambda r: (r["year"], r["state_under_review"].code if hasattr(r["state_under_review"], "code") else r["state_under_review"])),
            }
        )
    order = list(instruments)
    return sorted(sections, key=lambda s: order.index(s["code"]) if s["code"] in order else 99)


def outcome(draw: Draw) -> dict[str, Any]:
    """The results of a draw, by instrument and year, States in code order (no ranking)."""
    meeting = lot_rules.Meeting.replay(draw.protocol)
    states = _names()
    return {
        "sections": _by_instrument(_rows(meeting.assignment(), states)),
        "is_complete": meeting.is_complete,
        "soft_notes": meeting.soft_rule_notes(),
    }


def meeting_state(draw: Draw) -> dict[str, Any]:
    """The meeting page: what has been drawn, the next seat with its candidates, the events."""
    meeting = lot_rules.Meeting.replay(draw.protocol)
    states = _names()
    seat = meeting.next_seat()
    candidates: dict[str, Any] = {}
    if seat is not None:
        eligible, completable = meeting.candidates(seat)
        candidates = {
            "eligible": [states.get(c, c) for c in eligible],
            "completable": {c for c in completable},
        }
    return {
        "years_drawn": meeting.years_drawn,
        "next_seat": seat,
        "candidates": candidates,
        "events": list(reversed(draw.events))[:30],
        "event_count": len(draw.events),
        **outcome(draw),
    }


def confirmed_message(draw: Draw) -> str:
    return _("The draw is confirmed and the country reviews of phase %(phase)s are created.") % {
        "phase": draw.phase
    }
