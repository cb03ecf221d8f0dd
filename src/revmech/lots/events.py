"""The protocol's events in words a delegate understands, with the States' and instruments'
names in the reader's language (P&R paras 10, 11, 20-22).

The protocol stores codes (it is replayed by `revmech lots verify`); the pages never show them
raw. `Names` reads the States and instruments once per page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from revmech.registry import models as registry


@dataclass
class Names:
    """States and instruments by code, read once; unknown codes are shown as they are."""

    states: dict[str, registry.State] = field(default_factory=dict)
    instruments: dict[str, registry.Instrument] = field(default_factory=dict)

    @classmethod
    def load(cls, states: dict[str, registry.State] | None = None) -> Names:
        return cls(
            states=states
            if states is not None
            else {s.code: s for s in registry.State.objects.all()},
            instruments={i.code: i for i in registry.Instrument.objects.all()},
        )

    def state(self, code: object) -> str:
        found = self.states.get(str(code))
        return str(found) if found is not None else str(code or "—")

    def instrument(self, code: object) -> str:
        found = self.instruments.get(str(code))
        return found.short_name if found is not None else str(code or "—")


def _group(value: object) -> str:
    try:
        return str(registry.RegionalGroup(str(value)).label)
    except ValueError:
        return str(value or "—")


def seat_label(seat: object) -> str:
    if seat == "same":
        return _("reviewing State from its regional group")
    return _("reviewing State from another regional group")


def describe(event: dict[str, Any], names: Names) -> str:
    """One event of the protocol as a sentence."""
    kind = event.get("type")
    if kind == "year_counts":
        counts = event.get("drawn", [])
        return _(
            "%(group)s: the number of States reviewed in each year of the phase is drawn:"
            " %(counts)s (years 1 to %(years)s)."
        ) % {
            "group": _group(event.get("regional_group")),
            "counts": ", ".join(str(n) for n in counts),
            "years": len(counts),
        }
    if kind == "year":
        return _("%(state)s is reviewed in year %(year)s of the phase.") % {
            "state": names.state(event.get("state")),
            "year": event.get("drawn", ""),
        }
    if kind == "review_order":
        return _("%(instrument)s: the order in which the reviews are drawn is fixed.") % {
            "instrument": names.instrument(event.get("instrument"))
        }
    if kind == "years_done":
        return _("The review years of every State are drawn.")
    if kind == "seat":
        return _("%(instrument)s, review of %(state)s: %(drawn)s is drawn as %(seat)s.") % {
            "instrument": names.instrument(event.get("instrument")),
            "state": names.state(event.get("state_under_review")),
            "drawn": names.state(event.get("drawn")),
            "seat": seat_label(event.get("seat")),
        }
    if kind == "redraw":
        return _(
            "%(by)s asks that %(struck)s be replaced in the review of %(state)s (%(instrument)s)."
        ) % {
            "by": names.state(event.get("requested_by")),
            "struck": names.state(event.get("struck")),
            "state": names.state(event.get("state_under_review")),
            "instrument": names.instrument(event.get("instrument")),
        }
    if kind == "deferral":
        return _(
            "%(state)s defers serving as reviewing State for %(instrument)s in year %(year)s."
        ) % {
            "state": names.state(event.get("state")),
            "instrument": names.instrument(event.get("instrument")),
            "year": event.get("year", ""),
        }
    if kind == "mix":
        return _(
            "%(instrument)s: %(seats)s seats drawn together, %(steps)s moves of the chain"
            " (%(accepted)s taken)"
        ) % {
            "instrument": names.instrument(event.get("instrument")),
            "seats": event.get("seats", ""),
            "steps": event.get("steps", ""),
            "accepted": event.get("accepted", ""),
        }
    if kind == "exception":
        return _("%(instrument)s: exception allowed by %(by)s for %(states)s: %(reason)s") % {
            "instrument": names.instrument(event.get("instrument")),
            "by": event.get("allowed_by", ""),
            "states": ", ".join(names.state(c) for c in event.get("states", [])),
            "reason": event.get("reason", ""),
        }
    return _("Another step of the draw (%(kind)s); see the protocol.") % {"kind": kind}


def latest_lot(events: list[dict[str, Any]], names: Names) -> dict[str, str] | None:
    """The last seat drawn, for the screen in the meeting room."""
    for event in reversed(events):
        if event.get("type") == "seat":
            return {
                "instrument": names.instrument(event.get("instrument")),
                "state_under_review": names.state(event.get("state_under_review")),
                "drawn": names.state(event.get("drawn")),
                "seat": seat_label(event.get("seat")),
            }
    return None
