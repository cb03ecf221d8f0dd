"""The world a draw starts from: States, regional groups, legal systems, parties and deferrals.

Reads and writes the ``revmech.world.v1`` JSON format (P&R paras 10, 18, 20-22, 52) and builds
a world from the shipped reference data. Unknown fields are ignored; bad input raises
`WorldError` naming the field or the State, before anything is drawn.

Legal systems (P&R para 20, "similar legal system"): two States share a family when the sets of
components of their legal systems intersect (``"mixed: civil law + common law"`` has two); an
empty legal system shares with nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from revmech.rules import RuleViolation, gettext_noop
from revmech.rules.reference import StateRecord, legal_system_components

WORLD_FORMAT = "revmech.world.v1"
INSTRUMENTS: tuple[str, ...] = ("UNTOC", "TIP", "SOM", "FIREARMS")
REGIONAL_GROUPS: tuple[str, ...] = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and others",
)
# P&R para 22: the Convention's lots are drawn at joint meetings of the Working Group on
# International Cooperation and the Working Group of Government Experts on Technical
# Assistance; each Protocol's at its own working group.
WORKING_GROUPS: Mapping[str, tuple[str, ...]] = {
    "UNTOC": ("WGIC", "WGTA"),
    "TIP": ("WGTIP",),
    "SOM": ("WGSOM",),
    "FIREARMS": ("WGFIREARMS",),
}


class WorldError(RuleViolation):
    """A world file that cannot be read: the message names the field or the State."""


@dataclass(frozen=True)
class StateEntry:
    """One State (or regional organization) of the world; `regional_group` None means none."""

    code: str
    regional_group: str | None
    legal_system: str
    party_to: tuple[str, ...]

    @property
    def legal_families(self) -> frozenset[str]:
        return legal_system_components(self.legal_system)


@dataclass(frozen=True)
class Deferral:
    """`state` defers serving as reviewing State for `instrument` in its own review year."""

    state: str
    instrument: str


@dataclass(frozen=True)
class World:
    """The published inputs of a draw (besides the seed and the configuration)."""

    states: tuple[StateEntry, ...]
    deferrals: tuple[Deferral, ...] = ()
    instruments: tuple[str, ...] = INSTRUMENTS
    regional_groups: tuple[str, ...] = REGIONAL_GROUPS

    def state(self, code: str) -> StateEntry:
        for entry in self.states:
            if entry.code == code:
                return entry
        raise KeyError(code)


def shares_legal_family(a: StateEntry, b: StateEntry) -> bool:
    """P&R para 20: similar legal systems share at least one family; empty shares with nobody."""
    return bool(a.legal_families & b.legal_families)


def _fail(template: str, params: dict[str, object] | None = None, *subjects: str) -> WorldError:
    return WorldError(template=template, params=params, rule="world format", subjects=subjects)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(gettext_noop("World: %(where)s must be a non-empty string."), {"where": where})
    return value.strip()


def world_from_json(data: Any) -> World:
    """Read a ``revmech.world.v1`` document (already parsed from JSON)."""
    if not isinstance(data, dict):
        raise _fail(gettext_noop("World: the document must be a JSON object."), {})
    if data.get("format") != WORLD_FORMAT:
        raise _fail(
            gettext_noop("World: field 'format' must be %(format)s."),
            {"format": repr(WORLD_FORMAT)},
        )
    groups_raw = data.get("regional_groups", list(REGIONAL_GROUPS))
    if not isinstance(groups_raw, list):
        raise _fail(gettext_noop("World: field 'regional_groups' must be a list."), {})
    groups = tuple(_text(g, "each of 'regional_groups'") for g in groups_raw)
    for name in groups:
        if name not in REGIONAL_GROUPS:
            raise _fail(
                gettext_noop("World: field 'regional_groups' has an unknown group %(name)s."),
                {"name": repr(name)},
            )
    instruments_raw = data.get("instruments")
    if not isinstance(instruments_raw, list) or not instruments_raw:
        raise _fail(gettext_noop("World: field 'instruments' must be a non-empty list."), {})
    instruments: list[str] = []
    for item in instruments_raw:
        code = _text(item.get("code") if isinstance(item, dict) else None, "instruments[].code")
        if code not in INSTRUMENTS:
            raise _fail(
                gettext_noop("World: field 'instruments' has an unknown instrument %(code)s."),
                {"code": repr(code)},
            )
        if code in instruments:
            raise _fail(
                gettext_noop("World: field 'instruments' lists %(code)s twice."), {"code": code}
            )
        instruments.append(code)
    states_raw = data.get("states")
    if not isinstance(states_raw, list):
        raise _fail(gettext_noop("World: field 'states' must be a list."), {})
    states: list[StateEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(states_raw):
        if not isinstance(raw, dict):
            raise _fail(
                gettext_noop("World: states[%(index)s] must be an object."), {"index": index}
            )
        code = _text(raw.get("code"), f"states[{index}].code")
        if code in seen:
            raise _fail(
                gettext_noop("World: State %(code)s appears twice in 'states'."),
                {"code": code},
                code,
            )
        seen.add(code)
        group: str | None = None
        if raw.get("regional_group") is not None:
            group = _text(raw.get("regional_group"), f"regional_group of {code}")
            if group not in groups:
                raise _fail(
                    gettext_noop("World: State %(code)s has an unknown regional_group %(group)s."),
                    {"code": code, "group": repr(group)},
                    code,
                )
        legal = raw.get("legal_system", "")
        if not isinstance(legal, str):
            raise _fail(
                gettext_noop("World: State %(code)s has a legal_system that is not a string."),
                {"code": code},
                code,
            )
        party_raw = raw.get("party_to", [])
        if not isinstance(party_raw, list):
            raise _fail(
                gettext_noop("World: State %(code)s has a party_to that is not a list."),
                {"code": code},
                code,
            )
        party: list[str] = []
        for instrument in party_raw:
            if instrument not in instruments:
                raise _fail(
                    gettext_noop("World: State %(code)s is party to unknown %(instrument)s."),
                    {"code": code, "instrument": repr(instrument)},
                    code,
                )
            if instrument not in party:
                party.append(instrument)
        ordered = tuple(i for i in instruments if i in party)
        states.append(StateEntry(code, group, legal.strip(), ordered))
    deferrals_raw = data.get("deferrals", [])
    if not isinstance(deferrals_raw, list):
        raise _fail(gettext_noop("World: field 'deferrals' must be a list."), {})
    by_code = {s.code: s for s in states}
    deferrals: list[Deferral] = []
    for index, raw in enumerate(deferrals_raw):
        if not isinstance(raw, dict):
            raise _fail(
                gettext_noop("World: deferrals[%(index)s] must be an object."), {"index": index}
            )
        code = _text(raw.get("state"), f"deferrals[{index}].state")
        instrument = _text(raw.get("instrument"), f"deferrals[{index}].instrument")
        if code not in by_code:
            raise _fail(
                gettext_noop("World: deferrals[%(index)s] names unknown State %(code)s."),
                {"index": index, "code": code},
                code,
            )
        if instrument not in by_code[code].party_to:
            raise _fail(
                gettext_noop(
                    "World: deferrals[%(index)s]: %(code)s is not a party to %(instrument)s."
                ),
                {"index": index, "code": code, "instrument": instrument},
                code,
            )
        deferral = Deferral(code, instrument)
        if deferral not in deferrals:
            deferrals.append(deferral)
    states.sort(key=lambda s: s.code)
    deferrals.sort(key=lambda d: (d.state, instruments.index(d.instrument)))
    return World(tuple(states), tuple(deferrals), tuple(instruments), groups)


def world_to_json(world: World) -> dict[str, Any]:
    """The ``revmech.world.v1`` document of a world (canonical order: by code)."""
    families = sorted({f for s in world.states for f in s.legal_families})
    return {
        "format": WORLD_FORMAT,
        "regional_groups": list(world.regional_groups),
        "legal_systems": families,
        "instruments": [{"code": code} for code in world.instruments],
        "states": [
            {
                "code": s.code,
                "regional_group": s.regional_group,
                "legal_system": s.legal_system,
                "party_to": list(s.party_to),
            }
            for s in world.states
        ],
        "deferrals": [{"state": d.state, "instrument": d.instrument} for d in world.deferrals],
    }


def world_from_reference(
    records: Iterable[StateRecord], deferrals: Iterable[tuple[str, str]] = ()
) -> World:
    """A world from `revmech.rules.reference.read_states()`; parties only (P&R paras 18, 52)."""
    states = []
    for record in records:
        party = [
            i
            for i in INSTRUMENTS
            if any(str(k) == i and v.is_party for k, v in record.participation.items())
        ]
        if not party:
            continue
        group = str(record.regional_group) if record.regional_group is not None else None
        states.append(
            {
                "code": record.code,
                "regional_group": group,
                "legal_system": record.legal_system,
                "party_to": party,
            }
        )
    return world_from_json(
        {
            "format": WORLD_FORMAT,
            "regional_groups": list(REGIONAL_GROUPS),
            "instruments": [{"code": i} for i in INSTRUMENTS],
            "states": states,
            "deferrals": [{"state": s, "instrument": i} for s, i in deferrals],
        }
    )
