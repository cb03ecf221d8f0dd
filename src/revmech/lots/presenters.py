"""What the draw pages show, read from the stored protocol (the record is never stored twice).

Public pages read the protocol's outcome as stored; only the meeting page replays the protocol,
because it needs the candidates of the next seat.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from revmech.lots import events as event_words
from revmech.lots.models import Draw
from revmech.registry import models as registry
from revmech.rules import lots as lot_rules
from revmech.web.refusals import citation

ASSIGNMENT_FORMAT = "revmech.assignment.v1"


def assignment(draw: Draw) -> dict[str, Any]:
    """The results in the `revmech.assignment.v1` format, reviewers[0] from the same group."""
    return {
        "format": ASSIGNMENT_FORMAT,
        "seed": draw.seed,
        "assignments": draw.protocol.get("outcome", {}).get("assignments", []),
    }


def _states() -> dict[str, registry.State]:
    return {s.code: s for s in registry.State.objects.all()}


def _sections(
    rows: list[dict[str, Any]], states: dict[str, registry.State]
) -> list[dict[str, Any]]:
    instruments = list(registry.Instrument.objects.order_by("position"))
    working_groups = {w.code: w for w in registry.WorkingGroup.objects.all()}
    sections = []
    for instrument in instruments:
        instrument_rows = [r for r in rows if r["instrument"] == instrument.code]
        if not instrument_rows:
            continue
        instrument_rows.sort(key=lambda r: (r["year"] or 0, r["state_under_review"]))
        sections.append(
            {
                "code": instrument.code,
                "instrument": instrument,
                # P&R para 22: the Convention's lots at the joint meeting of two working groups.
                "working_groups": [
                    working_groups.get(code, code)
                    for code in lot_rules.WORKING_GROUPS.get(instrument.code, ())
                ],
                "rows": [
                    {
                        "year": r["year"],
                        "state_under_review": states.get(
                            r["state_under_review"], r["state_under_review"]
                        ),
                        "reviewers": [states.get(c, c) if c else None for c in r["reviewers"]],
                    }
                    for r in instrument_rows
                ],
            }
        )
    return sections


def blocked(stored: dict[str, Any], states: dict[str, registry.State]) -> list[dict[str, Any]]:
    """Instruments set aside by the group rule (P&R para 20), with any exception recorded."""
    out = []
    items = stored.get("blocked", [])
    names = {i.code: i.short_name for i in registry.Instrument.objects.all()} if items else {}
    for item in items:
        template = item.get("template") or item.get("message", "")
        params = item.get("params") or {}
        out.append(
            {
                "instrument": item["instrument"],
                "instrument_name": names.get(item["instrument"], item["instrument"]),
                "rule": citation(item["rule"]),
                "message": _(template) % params if params else _(template),
                "states": [states.get(c, c) for c in item.get("states", [])],
                "exception_possible": item.get("exception_possible", False),
                "exception": item.get("exception"),
            }
        )
    return out


def outcome(draw: Draw, states: dict[str, registry.State] | None = None) -> dict[str, Any]:
    """The results by instrument and year, States in code order within a year (no ranking)."""
    stored = draw.protocol.get("outcome", {})
    states = states if states is not None else _states()
    notes = [
        _(
            "%(state)s (%(instrument)s): no reviewing State shares its legal system;"
            " no completable draw allowed it."
        )
        % {
            "state": states.get(n["state_under_review"], n["state_under_review"]),
            "instrument": n["instrument"],
        }
        for n in stored.get("legal_system_not_shared", [])
    ]
    excluded = [
        states.get(item["state"], item["state"]) for item in draw.protocol.get("excluded", [])
    ]
    return {
        "blocked": blocked(stored, states),
        "sections": _sections(stored.get("assignments", []), states),
        "is_complete": bool(stored.get("is_complete")),
        "soft_notes": notes,
        "excluded": excluded,
    }


EVENTS_PER_PAGE = 50


def events_page(draw: Draw, page_number: str | None, names: event_words.Names) -> dict[str, Any]:
    """Every event of the protocol, newest first, in pages of 50, each in words."""
    numbered = list(enumerate(draw.events, start=1))[::-1]
    page = Paginator(numbered, EVENTS_PER_PAGE).get_page(page_number)
    return {
        "page": page,
        "events": [
            {"number": number, "summary": event_words.describe(event, names)}
            for number, event in page.object_list
        ],
    }


def meeting_state(draw: Draw, page_number: str | None = None) -> dict[str, Any]:
    """The meeting page: the next seat with its candidates, the events, the results."""
    meeting = lot_rules.Meeting.replay(draw.protocol)
    states = _states()
    names = event_words.Names.load(states)
    seat = meeting.next_seat()
    candidates: dict[str, Any] = {}
    if seat is not None:
        eligible, completable = meeting.candidates(seat)
        candidates = {
            "eligible": [states.get(c, c) for c in eligible],
            "completable": set(completable),
        }
    events = draw.events
    return {
        "years_drawn": meeting.years_drawn,
        "next_seat": seat,
        "next_state": states.get(seat.state_under_review) if seat else None,
        "next_seat_label": "" if seat is None else event_words.seat_label(seat.seat),
        "next_instrument": names.instrument(seat.instrument) if seat else "",
        "candidates": candidates,
        "protocol_events": events_page(draw, page_number, names),
        "event_count": len(events),
        "exception_needed": any(
            item["exception_possible"] and not item["exception"]
            for item in meeting.blocked_report()
        ),
        **outcome(draw, states),
    }


def confirmed_message(draw: Draw) -> str:
    return _("The draw is confirmed and the country reviews of phase %(phase)s are created.") % {
        "phase": draw.phase
    }


def screen_state(draw: Draw) -> dict[str, Any]:
    """The screen in the meeting room: the lot just drawn, how far the draw is, the latest
    events in words and how anyone can check the draw (P&R paras 3 (a), 20)."""
    names = event_words.Names.load()
    events = draw.events
    rows = draw.protocol.get("outcome", {}).get("assignments", [])
    return {
        "latest": event_words.latest_lot(events, names),
        "seats_drawn": sum(1 for row in rows for seat in row.get("reviewers", []) if seat),
        "seats_total": 2 * len(rows),
        "recent": [event_words.describe(event, names) for event in reversed(events[-5:])],
        "event_count": len(events),
    }
