"""The draw of lots for a review phase, seat by seat, as a meeting runs it (P&R 10, 11, 18-22).

Use::

    meeting = Meeting.open(world, seed, config=DrawConfig())  # raises Infeasible before any lot
    meeting.draw_years()             # year counts per group, each State's year, review orders
    while (seat := meeting.next_seat()) is not None:
        eligible, completable = meeting.candidates(seat)
        meeting.draw_seat()
    meeting.request_redraw(instrument="TIP", state_under_review="AFG", struck="IND",
                           requested_by="AFG")          # third time: exception_reason, allowed_by
    meeting.request_deferral(state="IND", instrument="TIP")  # its own year by default
    meeting.protocol(); meeting.assignment()
    Meeting.replay(protocol); verify(protocol) -> Verification(is_valid, first_difference)
    draw_phase(world, seed) -> Meeting (all lots drawn)

Every pick is made among the candidates that keep the rest of the phase completable, decided
exactly by a flow over reviewers and classes of seats (regional group, year, same or other
group); see ``docs/lots.md``. Everything returned is plain JSON-serialisable data.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from revmech.rules import RuleViolation, gettext_noop
from revmech.rules.lots.chain import ChainProblem, run_chain, steps_for
from revmech.rules.lots.flow import feasible_flow
from revmech.rules.lots.stream import STREAM_VERSION, LotStream
from revmech.rules.lots.world import (
    WORKING_GROUPS,
    World,
    shares_legal_family,
    world_from_json,
    world_to_json,
)
from revmech.rules.lots.years import YEARS, YearProblem, aggregate_ok, patterns

ALGORITHM_VERSION = "revmech.lots.v4"
ALGORITHM_V3 = "revmech.lots.v3"
ALGORITHMS = (ALGORITHM_V3, ALGORITHM_VERSION)
PROTOCOL_FORMAT = "revmech.lots.protocol.v2"
PROTOCOL_FORMATS = {ALGORITHM_V3: "revmech.lots.protocol.v1", ALGORITHM_VERSION: PROTOCOL_FORMAT}
# Moves of the chain per free seat (v4): chosen from the exact mixing measured on small worlds
# and the bench's overlap measurement on the synthetic worlds (docs/lots.md, "Uniform").
STEPS_PER_SEAT = 40
# Moves per free seat of the chain's first run, during which the soft rules' level follows the
# best pair reached (`chain.py`).
DESCENT_PER_SEAT = 20
# The candidate lists a v4 protocol leaves out (`verify --explain` derives them).
_EXPLAINED = ("eligible", "completable", "preferred", "preferences")
ASSIGNMENT_FORMAT = "revmech.assignment.v1"
SAME, OTHER = "same", "other"


class Infeasible(RuleViolation):
    """The inputs cannot be satisfied; raised before any lot is drawn, naming rule and States."""


class ReplayMismatch(RuleViolation):
    """A protocol whose replay differs from its record; the message names the first difference."""


@dataclass(frozen=True)
class DrawConfig:
    """Choices the procedures leave to the meeting (DESIGN.md, P&R paras 20, 21).

    `draw_groups` gives a regional group, for the draws only, to a party that has none (the
    European Union, observer States); without it such a party takes no part in the draws.

    The limits (`redraws_per_party`, `min_reviews`, `max_reviews`) come from the rulebook
    version in force on the day of the meeting (P&R para 6): build the config with
    `revmech.rules.lots.limits.config_from_rulebook`, which also names the version in
    `rulebook`, so the protocol records the version its limits were read from.
    """

    avoid_mutual: bool = True
    prefer_legal_system: bool = True
    redraws_per_party: int = 2
    min_reviews: int = 1
    max_reviews: int = 3
    draw_groups: tuple[tuple[str, str], ...] = ()
    rulebook: str = ""  # the rulebook version the limits were read from ("" = built-in)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "avoid_mutual": self.avoid_mutual,
            "prefer_legal_system": self.prefer_legal_system,
            "redraws_per_party": self.redraws_per_party,
            "min_reviews": self.min_reviews,
            "max_reviews": self.max_reviews,
            "draw_groups": dict(sorted(self.draw_groups)),
        }
        if self.rulebook:  # absent from older protocols, whose inputs must hash the same
            data["rulebook"] = self.rulebook
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DrawConfig:
        groups = data.get("draw_groups", {})
        return cls(
            avoid_mutual=bool(data.get("avoid_mutual", True)),
            prefer_legal_system=bool(data.get("prefer_legal_system", True)),
            redraws_per_party=int(data.get("redraws_per_party", 2)),
            min_reviews=int(data.get("min_reviews", 1)),
            max_reviews=int(data.get("max_reviews", 3)),
            draw_groups=tuple(sorted((str(k), str(v)) for k, v in dict(groups).items())),
            rulebook=str(data.get("rulebook", "")),
        )


@dataclass(frozen=True)
class SeatRef:
    """One seat: the same-group or other-group reviewing State of one review."""

    instrument: str
    state_under_review: str
    seat: str  # "same" or "other"

    def to_json(self) -> dict[str, str]:
        return {
            "instrument": self.instrument,
            "state_under_review": self.state_under_review,
            "seat": self.seat,
        }


@dataclass(frozen=True)
class Verification:
    is_valid: bool
    first_difference: str | None = None


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes hashed for the inputs' digest."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# ---------------------------------------------------------------- per-instrument seat network

SOURCE = -1  # the search node besides reviewers (0..n-1) and classes (n..)


@dataclass
class Route:
    """The search tree of `_Network.completable`: how to reroute the completion for a pick."""

    parent: dict[int, int]
    holder: int


@dataclass(frozen=True)
class Held:
    """A seat already placed in the completion but held apart as a class of one seat.

    `holder` fills it now; any reviewer in `fillers` may take it over in the search, so the
    search answers "with some State of `fillers` in that seat" rather than "with `holder`".
    """

    fillers: frozenset[int]
    holder: int


class _Network:
    """The current feasible completion of one instrument's seats, kept up to date pick by pick."""

    def __init__(
        self,
        *,
        instrument: str,
        parties: Sequence[str],
        group: Mapping[str, str],
        year: Mapping[str, int],
        deferred: Mapping[str, frozenset[int]],
        config: DrawConfig,
        lone: frozenset[str] = frozenset(),
    ) -> None:
        self.instrument = instrument
        # An exception recorded by the meeting (P&R para 20): a State alone in its regional
        # group for this instrument has its first seat taken by a State of another group; both
        # its seats then form one class of two seats that a reviewer may fill once.
        self.lone = lone
        self.parties = list(parties)
        self.index = {code: i for i, code in enumerate(self.parties)}
        self.group = dict(group)
        self.year = dict(year)
        self.deferred = {code: set(deferred.get(code, frozenset())) for code in self.parties}
        self.config = config
        keys = sorted({(group[c], year[c], kind) for c in self.parties for kind in (SAME, OTHER)})
        self.classes = keys
        self.class_index = {key: i for i, key in enumerate(keys)}
        self.open = [0] * len(keys)
        for c in self.parties:
            for kind in (SAME, OTHER):
                self.open[self.class_index[self._key(c, kind)]] += 1
        self.single = frozenset(self.class_index[self._key(c, SAME)] for c in lone)
        self.own_open = dict.fromkeys(self.parties, True)
        self.own_index = [self.class_index[(group[c], year[c], SAME)] for c in self.parties]
        self.load = [0] * len(self.parties)
        self.flow: list[dict[int, int]] = [{} for _ in self.parties]
        self.by_class: list[dict[int, int]] = [{} for _ in keys]
        self.total = [0] * len(self.parties)
        self._fillable: list[list[int]] | None = None
        self._fillers: list[list[int]] | None = None
        self.journal: list[tuple[int, int, int]] | None = None  # see `undo`

    def fillers(self, c: int) -> list[int]:
        """The reviewers that may fill class `c` (group rule and deferrals), in code order."""
        if self._fillers is None:
            self._fillers = [[] for _ in self.classes]
            for r in range(len(self.parties)):
                for cc in self.fillable(r):
                    self._fillers[cc].append(r)
        return self._fillers[c]

    def fillable(self, r: int) -> list[int]:
        """The classes reviewer `r` may fill (group rule and deferrals), cached."""
        if self._fillable is None:
            self._fillable = [
                [c for c in range(len(self.classes)) if self.may_fill(i, c)]
                for i in range(len(self.parties))
            ]
        return self._fillable[r]

    def defer(self, code: str, year: int, *, on: bool) -> None:
        if on:
            self.deferred[code].add(year)
        else:
            self.deferred[code].discard(year)
        self._fillable = None
        self._fillers = None

    def own_class(self, code: str) -> int:
        return self.class_index[(self.group[code], self.year[code], SAME)]

    def _key(self, code: str, kind: str) -> tuple[str, int, str]:
        if code in self.lone:
            kind = OTHER
        return (self.group[code], self.year[code], kind)

    def seat_class(self, seat: SeatRef) -> int:
        return self.class_index[self._key(seat.state_under_review, seat.seat)]

    def may_fill(self, r: int, c: int) -> bool:
        code = self.parties[r]
        g, y, kind = self.classes[c]
        if y in self.deferred[code]:
            return False
        return (self.group[code] == g) == (kind == SAME)

    def cap(self, r: int, c: int) -> int:
        if not self.may_fill(r, c):
            return 0
        code = self.parties[r]
        own = 1 if self.own_open[code] and self.own_class(code) == c else 0
        if c in self.single:
            return min(1, self.open[c] - own)
        return self.open[c] - own

    def bounds(self, r: int) -> tuple[int, int]:
        load = self.load[r]
        return max(0, self.config.min_reviews - load), self.config.max_reviews - load

    def solve(self) -> bool:
        """Recompute a completion from scratch; False if the phase can no longer be completed."""
        caps = {}
        for r in range(len(self.parties)):
            for c in self.fillable(r):
                cap = self.cap(r, c)
                if cap > 0:
                    caps[(r, c)] = cap
        flows = feasible_flow([self.bounds(r) for r in range(len(self.parties))], self.open, caps)
        if flows is None:
            return False
        self.flow = [{} for _ in self.parties]
        self.by_class = [{} for _ in self.classes]
        self.total = [0] * len(self.parties)
        for (r, c), units in flows.items():
            self.flow[r][c] = units
            self.by_class[c][r] = units
            self.total[r] += units
        return True

    def _add(self, r: int, c: int, units: int) -> None:
        if self.journal is not None:
            self.journal.append((r, c, units))
        self.total[r] += units
        value = self.flow[r].get(c, 0) + units
        if value:
            self.flow[r][c] = value
            self.by_class[c][r] = value
        else:
            self.flow[r].pop(c, None)
            self.by_class[c].pop(r, None)

    def completable(
        self,
        seat: SeatRef,
        eligible: Sequence[str],
        held: Held | None = None,
        enough: int | None = None,
    ) -> tuple[list[str], Route]:
        """Which eligible States keep the phase completable if drawn for `seat` (exact).

        The seat is split from its class: the unit of the current completion that fills it
        (held by `holder`) is moved to it; a candidate is completable iff it is the holder or
        is reachable from the holder in the residual graph (an alternating cycle exists).
        With `held` (a seat placed with `held.holder`, see `Held`), the held seat is one more
        class node of one seat that only `held.fillers` may take: a candidate is then found iff
        some completion puts it in `seat` and a State of `held.fillers` in the held seat.
        The search stops once `enough` candidates (default: all eligible) are found.
        """
        c = self.seat_class(seat)
        owner = seat.state_under_review
        owner_r = self.index[owner]
        k = self.open[c]
        by_class = self.by_class
        holders = [r for r, units in by_class[c].items() if units > 0]
        own = self.own_index
        own_open = self.own_open
        parties = self.parties
        if seat.seat == SAME:
            holders = [r for r in holders if r != owner_r]
            # A member holding every other open seat must be the one that fills this one.
            tight = [
                r
                for r in holders
                if own_open[parties[r]] and own[r] == c and by_class[c][r] >= k - 1
            ]
            if tight:
                holders = tight
        holder = min(holders)
        n = len(parties)
        index = self.index
        targets = {index[code] for code in eligible}
        found = {holder} & targets
        parent: dict[int, int] = {}
        tnode = n + len(self.classes)  # the held seat's node, if any
        seen = bytearray(tnode + 1)
        seen[holder] = 1
        held_fillers: frozenset[int] = held.fillers if held is not None else frozenset()
        seen_source = False
        queue: deque[int] = deque([holder])
        flow, total, load, open_ = self.flow, self.total, self.load, self.open
        fillable = self.fillable
        single = self.single
        mn, mx = self.config.min_reviews, self.config.max_reviews
        wanted = len(targets) if enough is None else min(enough, len(targets))
        # Residual capacity of the split class C' (the seat removed): k - 1 open seats. The
        # holder's unit moves to the seat, so its total is unchanged.
        self._add(holder, c, -1)
        total[holder] += 1
        try:
            while queue and len(found) < wanted:
                v = queue.popleft()
                if v == tnode and held is not None:  # the held seat: its holder gives it up
                    r2 = held.holder
                    if not seen[r2]:
                        seen[r2] = 1
                        parent[r2] = v
                        if r2 in targets:
                            found.add(r2)
                        queue.append(r2)
                elif v >= n:  # a class: its holders may give a unit up
                    for r2, units in by_class[v - n].items():
                        if units > 0 and not seen[r2]:
                            seen[r2] = 1
                            parent[r2] = v
                            if r2 in targets:
                                found.add(r2)
                            queue.append(r2)
                elif v >= 0:  # a reviewer
                    if not seen_source and total[v] + load[v] > mn:
                        seen_source = True
                        parent[SOURCE] = v
                        queue.append(SOURCE)
                    if (
                        not seen[tnode]
                        and v in held_fillers
                        and held is not None
                        and v != held.holder
                    ):
                        seen[tnode] = 1
                        parent[tnode] = v
                        queue.append(tnode)
                    oc = own[v] if own_open[parties[v]] else -1
                    fr = flow[v]
                    for cc in fillable(v):
                        if seen[n + cc]:
                            continue
                        cap = open_[cc]
                        if cc == c:
                            cap -= 1
                            if v != owner_r and oc == c:
                                cap -= 1
                        elif oc == cc:
                            cap -= 1
                        if cc in single and cap > 1:
                            cap = 1
                        if fr.get(cc, 0) < cap:
                            seen[n + cc] = 1
                            parent[n + cc] = v
                            queue.append(n + cc)
                else:  # the source: reviewers below their maximum may take a unit
                    for r2 in range(n):
                        if not seen[r2] and total[r2] + load[r2] < mx:
                            seen[r2] = 1
                            parent[r2] = SOURCE
                            if r2 in targets:
                                found.add(r2)
                            queue.append(r2)
        finally:
            total[holder] -= 1
            self._add(holder, c, 1)
        return sorted(parties[r] for r in found), Route(parent, holder)

    def place(self, seat: SeatRef, code: str, route: Route | None = None) -> None:
        """Fill `seat` with `code`, rerouting the completion along the path found."""
        c = self.seat_class(seat)
        r = self.index[code]
        holder = r if route is None else route.holder
        self._add(holder, c, -1)
        if route is not None:
            n = len(self.parties)
            parent = route.parent
            node = r
            while node != holder:
                prev = parent[node]
                if 0 <= node < n and prev >= n:
                    self._add(node, prev - n, -1)  # node gives up a unit of class prev
                elif node >= n:
                    self._add(prev, node - n, 1)  # prev takes a unit of class node
                node = prev
        self.load[r] += 1
        self.open[c] -= 1
        if seat.seat == SAME:
            self.own_open[seat.state_under_review] = False

    def undo(self, journal: list[tuple[int, int, int]]) -> None:
        """Take back the changes of the completion recorded in `journal` (newest first)."""
        for r, c, units in reversed(journal):
            self._add(r, c, -units)

    def install(self, seats: Mapping[SeatRef, str]) -> None:
        """Make the completion of the open seats exactly `seats` (every open seat, a State each)."""
        self.flow = [{} for _ in self.parties]
        self.by_class = [{} for _ in self.classes]
        self.total = [0] * len(self.parties)
        for seat, code in seats.items():
            self._add(self.index[code], self.seat_class(seat), 1)

    def release(self, seat: SeatRef, code: str) -> None:
        """Reopen `seat`, held by `code`: its unit goes back into the completion."""
        c = self.seat_class(seat)
        r = self.index[code]
        self.load[r] -= 1
        self.open[c] += 1
        if seat.seat == SAME:
            self.own_open[seat.state_under_review] = True
        self._add(r, c, 1)


# ---------------------------------------------------------------- the meeting


@dataclass
class _Review:
    same: str | None = None
    other: str | None = None
    struck: dict[str, list[str]] = field(default_factory=lambda: {SAME: [], OTHER: []})


class Meeting:
    """A draw meeting for one review phase: every lot, request and outcome, in order."""

    def __init__(
        self, world: World, seed: str, config: DrawConfig, algorithm: str = ALGORITHM_VERSION
    ) -> None:
        if algorithm not in ALGORITHMS:
            raise RuleViolation(
                template=gettext_noop("Unknown algorithm %(algorithm)s."),
                params={"algorithm": repr(algorithm)},
                rule="protocol",
            )
        self.algorithm = algorithm
        self.v4 = algorithm == ALGORITHM_VERSION
        # verify --explain: the full events (with candidate lists) and each chain's figures.
        self.trace: list[dict[str, Any]] | None = None
        self.world = world
        self.seed = seed
        self.config = config
        self.stream = LotStream(seed)
        self.events: list[dict[str, Any]] = []
        self.entries = {s.code: s for s in world.states}
        self.families = {s.code: s.legal_families for s in world.states}
        self._sharing_cache: dict[str, frozenset[str]] = {}
        self.reviewing: dict[tuple[str, str], set[str]] = {}  # (instrument, reviewer) -> reviewees
        draw_groups = dict(config.draw_groups)
        self.group: dict[str, str] = {}
        self.excluded: list[dict[str, str]] = []
        for s in world.states:
            if not s.party_to:
                continue
            g = s.regional_group or draw_groups.get(s.code)
            if g is None:
                self.excluded.append(
                    {"state": s.code, "reason": "belongs to no regional group (DESIGN.md)"}
                )
                continue
            self.group[s.code] = g
        self.participants = sorted(self.group)
        self._members_of: dict[str, list[str]] = {}
        # Per instrument: its parties placed in years 1-2 and not yet placed (P&R para 10).
        self._placed: dict[str, tuple[int, int]] = {}
        self.parties = {
            i: [c for c in self.participants if i in self.entries[c].party_to]
            for i in world.instruments
        }
        self.deferring: dict[str, frozenset[str]] = {}
        for d in world.deferrals:
            if d.state in self.group:
                self.deferring[d.state] = self.deferring.get(d.state, frozenset()) | {d.instrument}
        # v4: an instrument that the group rule makes impossible is set aside, not the phase.
        self.blocked: dict[str, Infeasible] = {}
        if self.v4:
            for instrument in self.parties:
                problem = self._group_problem(instrument)
                if problem is not None:
                    self.blocked[instrument] = problem
        self.exceptions: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, dict[SeatRef, str] | None] = {}
        self.problem = YearProblem(
            groups=self._groups(),
            group_of=self.group,
            parties={i: p for i, p in self.parties.items() if i not in self.blocked},
            deferring=self.deferring,
            lo=config.min_reviews,
            hi=config.max_reviews,
        )
        self.year: dict[str, int] = {}
        self.witness: dict[str, int] = {}
        self.counts: dict[str, tuple[int, int, int, int]] = {}
        self.extra_deferred: dict[tuple[str, str], set[int]] = {}
        self.networks: dict[str, _Network] = {}
        self.reviews: dict[tuple[str, str], _Review] = {}
        self.queue: list[SeatRef] = []
        self.redraws: dict[tuple[str, str, str], int] = {}
        self.years_drawn = False

    # ------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        world: World,
        seed: str,
        config: DrawConfig | None = None,
        algorithm: str = ALGORITHM_VERSION,
    ) -> Meeting:
        """Check that the phase can be completed, before any lot is drawn (P&R paras 10, 20, 21).

        v4 refuses only what concerns every instrument (the years); an instrument the group
        rule makes impossible is listed in `blocked` and waits for an exception
        (`record_exception`) while the others are drawn.
        """
        meeting = cls(world, seed, config or DrawConfig(), algorithm)
        meeting._check_feasible()
        return meeting

    def _members(self, instrument: str, group: str) -> list[str]:
        return [c for c in self.parties[instrument] if self.group[c] == group]

    def _group_problem(self, instrument: str) -> Infeasible | None:
        """Why the group rule (P&R para 20) cannot be met for `instrument`, or None."""
        try:
            self._check_groups(instrument, self.parties[instrument])
        except Infeasible as problem:
            return problem
        return None

    def _check_groups(self, instrument: str, members: list[str]) -> None:
        if members:
            member_groups = sorted({self.group[c] for c in members})
            if len(member_groups) == 1:
                raise Infeasible(
                    template=gettext_noop(
                        "P&R para 20: every party to %(instrument)s taking part in the draw is in"
                        " the %(group)s group, so none can have a reviewing State from another"
                        " regional group."
                    ),
                    params={"instrument": instrument, "group": member_groups[0]},
                    rule="P&R para 20",
                    subjects=tuple(members),
                )
            for g in member_groups:
                inside = self._members(instrument, g)
                if len(inside) == 1:
                    raise Infeasible(
                        template=gettext_noop(
                            "P&R para 20: %(state)s is the only party to %(instrument)s in the"
                            " %(group)s group, so no State of its regional group can review it."
                        ),
                        params={"state": inside[0], "instrument": instrument, "group": g},
                        rule="P&R para 20",
                        subjects=(inside[0],),
                    )

    def _check_feasible(self) -> None:
        for instrument, members in self.parties.items():
            if instrument not in self.blocked:
                self._check_groups(instrument, members)
        # Instruments without deferrals do not depend on the years (years.py, point 1).
        for instrument, members in self.parties.items():
            if not members or instrument in self.problem.instruments:
                continue
            if instrument in self.blocked:
                continue
            sizes: dict[str, int] = {}
            for c in members:
                sizes[self.group[c]] = sizes.get(self.group[c], 0) + 1
            if not aggregate_ok({}, sizes, self.config.min_reviews, self.config.max_reviews):
                self._refuse_years(instrument)
        witness = self.problem.complete({}, {}, {})
        if witness is None:
            failing = next(
                (
                    i
                    for i in self.problem.instruments
                    if self.problem.complete({}, {}, {}, only=[i]) is None
                ),
                None,
            )
            self._refuse_years(failing)
        self.witness = witness or {}

    def _refuse_years(self, instrument: str | None) -> None:
        """Refuse the inputs: no year allocation lets every seat be filled (P&R paras 20, 21)."""
        instruments = [instrument] if instrument else list(self.problem.instruments)
        deferring = sorted(
            c for i in instruments for c in self.parties[i] if i in self.deferring.get(c, ())
        )
        deferring = sorted(set(deferring))
        raise Infeasible(
            template=gettext_noop(
                "P&R paras 20, 21: no allocation of review years lets every party to"
                " %(instruments)s be reviewed by one State of its regional group and one of"
                " another while each performs %(min_reviews)s to %(max_reviews)s reviews and no"
                " State reviews in a year it defers (deferring: %(deferring)s)."
            ),
            params={
                "instruments": ", ".join(instruments),
                "min_reviews": self.config.min_reviews,
                "max_reviews": self.config.max_reviews,
                "deferring": ", ".join(deferring) or "none",
            },
            rule="P&R paras 20, 21",
            subjects=tuple(deferring),
        )

    def _groups(self) -> list[str]:
        return [g for g in self.world.regional_groups if g in set(self.group.values())] + sorted(
            set(self.group.values()) - set(self.world.regional_groups)
        )

    def _group_members(self, g: str) -> list[str]:
        found = self._members_of.get(g)
        if found is None:
            found = self._members_of[g] = [c for c in self.participants if self.group[c] == g]
        return found

    def _h1_target(self) -> int:
        return (len(self.participants) + 1) // 2

    def _reachable(self, fixed: Mapping[str, tuple[int, int, int, int]]) -> bool:
        """Whether the other groups can still bring years 1-2 to ceil(n/2) (P&R para 10)."""
        need = self._h1_target() - sum(c[0] + c[1] for c in fixed.values())
        lo = hi = 0
        for g in self._groups():
            if g in fixed:
                continue
            sums = [p[0] + p[1] for p in patterns(len(self._group_members(g)))]
            lo, hi = lo + min(sums), hi + max(sums)
        return lo <= need <= hi

    # ------------------------------------------------------------ the year lots

    def _emit(self, event: dict[str, Any]) -> dict[str, Any]:
        event = {"n": len(self.events) + 1, **event}
        if self.v4 and any(key in event for key in _EXPLAINED):
            # v4 records the choices only; the candidate lists are derived by replay (--explain).
            if self.trace is not None:
                self.trace.append(dict(event))
            event = {k: v for k, v in event.items() if k not in _EXPLAINED}
        self.events.append(event)
        return event

    def _draw_counts(self, g: str) -> None:
        size = len(self._group_members(g))
        eligible = [p for p in patterns(size) if self._reachable({**self.counts, g: p})]
        completable = []
        witnesses = {}
        for p in eligible:
            mine = tuple(
                sum(1 for c in self._group_members(g) if self.witness.get(c) == y) for y in YEARS
            )
            if mine == p:
                w: dict[str, int] | None = self.witness
            else:
                w = self.problem.complete({**self.counts, g: p}, {}, self.witness)
            if w is not None:
                completable.append(p)
                witnesses[p] = w
        drawn = self.stream.choice(completable)
        self.counts[g] = drawn
        self.witness = witnesses[drawn]
        self._emit(
            {
                "type": "year_counts",
                "regional_group": g,
                "eligible": [list(p) for p in eligible],
                "completable": [list(p) for p in completable],
                "drawn": list(drawn),
            }
        )

    def _year_option(self, code: str, y: int) -> dict[str, int] | None:
        """A complete allocation with `code` in year `y` extending the years drawn, or None.

        Cheap sufficient tests first (the witness itself; a swap with an undrawn State of the
        group in `y`, interchangeable or checked exactly), then the exhaustive search.
        """
        if self.witness[code] == y:
            return self.witness
        members = self._group_members(self.group[code])
        # One partner per status, the fewest differing instruments first (interchangeable: free);
        # an exchange with the same count vectors as one already decided is not tested again.
        partners: dict[tuple[tuple[bool, bool], ...], str] = {}
        for c in members:
            if c not in self.year and c != code and self.witness[c] == y:
                partners.setdefault(self.problem.status[c], c)
        own = self.problem.status[code]
        if own in partners:
            other: str | None = partners[own]
        else:
            ranked = sorted(partners.values(), key=lambda c: len(self.problem.differing(code, c)))
            other = self.problem.swap_partner(self.witness, code, ranked)
        if other is not None:
            return {**self.witness, code: y, other: self.witness[code]}
        return self.problem.complete(self.counts, {**self.year, code: y}, self.witness)

    def _draw_year(self, code: str) -> None:
        g = self.group[code]
        members = self._group_members(g)
        left = {
            y: self.counts[g][y - 1] - sum(1 for c in members if self.year.get(c) == y)
            for y in YEARS
        }
        eligible = [y for y in YEARS if left[y] > 0]
        options: dict[int, dict[str, int]] = {}
        for y in eligible:
            option = self._year_option(code, y)
            if option is not None:
                options[y] = option
        completable = sorted(options)
        preferred = self._balance(code, completable)
        slots = [y for y in preferred for _ in range(left[y])]
        drawn = self.stream.choice(slots)
        self.year[code] = drawn
        for instrument in self.entries[code].party_to:
            if instrument in self.parties:  # a participant is a party to all it is party to
                placed, unplaced = self._placed.get(instrument, (0, len(self.parties[instrument])))
                self._placed[instrument] = (placed + (drawn <= 2), unplaced - 1)
        self.witness = options[drawn]
        self._emit(
            {
                "type": "year",
                "state": code,
                "eligible": eligible,
                "completable": completable,
                "preferred": preferred,
                "drawn": drawn,
            }
        )

    def _balance(self, code: str, years: list[int]) -> list[int]:
        """P&R para 10 for the Protocols: keep half of each Protocol's parties in years 1-2.

        A year is preferred when it keeps every Protocol the State is party to able to end with
        floor(n/2) or ceil(n/2) of its n parties in years 1-2; when no year does, the years that
        keep the most Protocols able to.
        """
        counts = []
        for instrument in self.entries[code].party_to:
            if instrument == self.world.instruments[0]:
                continue
            if instrument not in self.parties:
                continue
            members = self.parties[instrument]
            placed, unplaced = self._placed.get(instrument, (0, len(members)))
            counts.append((placed, unplaced, len(members)))
        scores = {}
        for y in years:
            broken = 0
            for placed, unplaced, total in counts:
                if y <= 2 and placed + 1 > (total + 1) // 2:
                    broken += 1
                if y > 2 and placed + unplaced - 1 < total // 2:
                    broken += 1
            scores[y] = broken
        best = min(scores.values(), default=0)
        return [y for y in years if scores[y] == best]

    def _draw_order(self, instrument: str) -> None:
        members = self.parties[instrument]
        order = self.stream.shuffle(members)
        for code in order:
            self.reviews[(instrument, code)] = _Review()
            self.queue.append(SeatRef(instrument, code, SAME))
            self.queue.append(SeatRef(instrument, code, OTHER))
        self._emit({"type": "review_order", "instrument": instrument, "order": order})

    def _deferred_years(self, code: str, instrument: str) -> frozenset[int]:
        years = set(self.extra_deferred.get((code, instrument), set()))
        if instrument in self.deferring.get(code, ()):
            years.add(self.year[code])
        return frozenset(years)

    def draw_years(self) -> None:
        """Draw year counts per group, each State's year and each instrument's review order."""
        if self.years_drawn:
            raise RuleViolation(
                template=gettext_noop("The years have already been drawn."), rule="P&R para 11"
            )
        while not self.years_drawn:
            self._step()

    def _step(self) -> None:
        """Draw the next lot, whatever it is."""
        if not self.years_drawn:
            for g in self._groups():
                if g not in self.counts:
                    self._draw_counts(g)
                    return
            for code in self.participants:
                if code not in self.year:
                    self._draw_year(code)
                    return
            for instrument in self.world.instruments:
                if instrument not in self.networks and instrument not in self.blocked:
                    network = self._network(instrument)
                    if not network.solve():  # cannot happen: the years are a witness
                        raise RuntimeError("internal error: the witness years do not complete")
                    self._draw_order(instrument)
                    self.networks[instrument] = network
                    return
            self.years_drawn = True
            self._emit({"type": "years_done", "years": dict(sorted(self.year.items()))})
            return
        seat = self.next_seat()
        if seat is None:
            raise RuleViolation(
                template=gettext_noop("Every seat has been drawn."), rule="P&R para 20"
            )
        self._draw_seat(seat, kind="seat")

    def _network(self, instrument: str, lone: frozenset[str] = frozenset()) -> _Network:
        return _Network(
            instrument=instrument,
            parties=self.parties[instrument],
            group=self.group,
            year=self.year,
            deferred={c: self._deferred_years(c, instrument) for c in self.parties[instrument]},
            config=self.config,
            lone=lone,
        )

    def lone_states(self, instrument: str) -> list[str]:
        """The parties to `instrument` alone in their regional group for it (P&R para 20)."""
        members = self.parties.get(instrument, [])
        sizes: dict[str, int] = {}
        for c in members:
            sizes[self.group[c]] = sizes.get(self.group[c], 0) + 1
        return [c for c in members if sizes[self.group[c]] == 1]

    def blocked_report(self) -> list[dict[str, Any]]:
        """Each instrument set aside (v4): the rule, the States, what an exception allows."""
        out = []
        for instrument in self.world.instruments:
            problem = self.blocked.get(instrument)
            if problem is None:
                continue
            lone = self.lone_states(instrument)
            one_group = len({self.group[c] for c in self.parties[instrument]}) == 1
            out.append(
                {
                    "instrument": instrument,
                    "rule": problem.rule,
                    "template": problem.template,
                    "params": dict(problem.params),
                    "message": problem.message,
                    "states": lone if not one_group else list(self.parties[instrument]),
                    "exception_possible": not one_group,
                    "exception": self.exceptions.get(instrument),
                }
            )
        return out

    def record_exception(self, *, instrument: str, reason: str, allowed_by: str) -> dict[str, Any]:
        """Allow an instrument set aside by the group rule to be drawn (P&R para 20, v4).

        "In exceptional circumstances": the meeting records who allowed what and why. A State
        alone in its regional group for the instrument then has both reviewing States drawn from
        other regional groups (`reviewers[0]` is then from another group, as the protocol and
        the outcome record). Refused, with nothing changed, when the instrument is not set
        aside, the years are not drawn, or the instrument could still not be completed.
        """
        problem = self.blocked.get(instrument)
        if problem is None or instrument in self.exceptions:
            raise RuleViolation(
                template=gettext_noop(
                    "%(instrument)s needs no exception: it is drawn under the ordinary rules."
                ),
                params={"instrument": instrument},
                rule="P&R para 20",
            )
        if not (reason and reason.strip() and allowed_by and allowed_by.strip()):
            raise RuleViolation(
                template=gettext_noop(
                    "An exception for %(instrument)s needs a reason and who allowed it."
                ),
                params={"instrument": instrument},
                rule="P&R para 20",
            )
        if not self.years_drawn:
            raise RuleViolation(
                template=gettext_noop("Draw the review years before recording an exception."),
                rule="P&R para 20",
            )
        lone = self.lone_states(instrument)
        if len({self.group[c] for c in self.parties[instrument]}) == 1 or not lone:
            raise RuleViolation(
                template=gettext_noop(
                    "No exception is provided for %(instrument)s: all its parties are in one"
                    " regional group."
                ),
                params={"instrument": instrument},
                rule="P&R para 20",
            )
        network = self._network(instrument, frozenset(lone))
        if not network.solve():
            raise RuleViolation(
                template=gettext_noop(
                    "Even with the exception, %(instrument)s cannot be completed with these"
                    " review years, loads and deferrals."
                ),
                params={"instrument": instrument},
                rule="P&R paras 20, 21",
                subjects=tuple(lone),
            )
        exception = {
            "allowed": "reviewing States from other regional groups",
            "states": lone,
            "reason": reason.strip(),
            "allowed_by": allowed_by.strip(),
        }
        self.exceptions[instrument] = exception
        self.networks[instrument] = network
        event = self._emit(
            {"type": "exception", "instrument": instrument, "rule": problem.rule, **exception}
        )
        self._draw_order(instrument)
        return event

    # ------------------------------------------------------------ seats

    def next_seat(self) -> SeatRef | None:
        """The seat drawn next, or None when every seat is filled (or the years are not drawn)."""
        if not self.years_drawn:
            return None
        return self.queue[0] if self.queue else None

    def _eligible(self, seat: SeatRef) -> list[str]:
        x = seat.state_under_review
        review = self.reviews[(seat.instrument, x)]
        struck = review.struck[seat.seat]
        # The review's other State (only ever eligible here under an exception for a lone State).
        partner = review.other if seat.seat == SAME else review.same
        network = self.networks[seat.instrument]
        parties, load, most = network.parties, network.load, self.config.max_reviews
        out = []
        for r in network.fillers(network.seat_class(seat)):
            code = parties[r]
            if load[r] < most and code != x and code not in struck and code != partner:
                out.append(code)
        return out

    def candidates(self, seat: SeatRef) -> tuple[list[str], list[str]]:
        """(eligible, completable) States for `seat`, in code order (P&R paras 18, 20, 21)."""
        eligible = self._eligible(seat)
        completable, route = self.networks[seat.instrument].completable(seat, eligible)
        return eligible, self._distinct(seat, completable, route)

    def _distinct(self, seat: SeatRef, completable: list[str], route: Route) -> list[str]:
        """Under an exception, the candidates that leave the review's other seat to another State.

        A State alone in its group has both seats in one class of two (`_Network.lone`); the
        class-level search cannot tell that the State it puts in this seat would also have to
        take the other one. With the other seat open, each candidate is placed (along `route`)
        and kept iff the other seat then still has a completable candidate besides it; the
        completion is restored exactly after each test. Elsewhere the two seats' classes
        differ and nothing is filtered.
        """
        network = self.networks[seat.instrument]
        if network.seat_class(seat) not in network.single:
            return completable
        x = seat.state_under_review
        other = SeatRef(seat.instrument, x, OTHER if seat.seat == SAME else SAME)
        if getattr(self.reviews[(seat.instrument, x)], other.seat) is not None:
            return completable  # the partner is placed: `_eligible` already excludes it
        other_eligible = self._eligible(other)
        kept = []
        for code in completable:
            journal: list[tuple[int, int, int]] = []
            network.journal = journal
            try:
                network.place(seat, code, route)
                network.journal = None
                found, _ = network.completable(other, [c for c in other_eligible if c != code])
                network.journal = journal
                network.release(seat, code)
            finally:
                network.journal = None
                network.undo(journal)
            if found:
                kept.append(code)
        return kept

    def _reach_with_other(
        self, seat: SeatRef, other: SeatRef, fillers: list[str], targets: list[str]
    ) -> set[str]:
        """The `targets` that some completion puts in `seat` with a State of `fillers` in `other`.

        `other` (the review's other seat, open) is pinned to one State of `fillers` that keeps the
        phase completable (a current holder of its class if one qualifies, else one found by the
        seat search), then `seat` is searched with `other` held apart as a class of one seat
        that only `fillers` may take (`Held`); the pin is undone after. Exact: a completion with
        R in `seat` and some State of `fillers` in `other` is an alternating path in that graph.
        """
        if not fillers or not targets:
            return set()
        network = self.networks[seat.instrument]
        index = network.index
        wanted = frozenset(index[c] for c in fillers)
        d = network.seat_class(other)
        pin = min(
            (r for r, units in network.by_class[d].items() if units > 0 and r in wanted),
            default=None,
        )
        route: Route | None = None
        if pin is None:
            found, route = network.completable(other, fillers, enough=1)
            if not found:
                return set()
            pin = index[found[0]]
        code = network.parties[pin]
        journal: list[tuple[int, int, int]] = []
        network.journal = journal
        try:
            network.place(other, code, route)
            network.journal = None
            reached, _ = network.completable(seat, targets, Held(wanted, pin))
            network.journal = journal
            network.release(other, code)
        finally:
            network.journal = None
            network.undo(journal)  # the very completion of before: the caller's route holds
        return set(reached)

    def _settled_by_route(
        self, route: Route, other: SeatRef, fillers: list[str], targets: list[str]
    ) -> tuple[set[str], list[str]]:
        """Split `targets` into those whose completion in `route` has a State of `fillers`
        holding a unit of `other`'s class (so one of them can take `other`), and the rest."""
        network = self.networks[other.instrument]
        index, n = network.index, len(network.parties)
        d = network.seat_class(other)
        node_d = n + d
        wanted = {index[c] for c in fillers}
        base = sum(units for r, units in network.by_class[d].items() if r in wanted)
        parent, holder = route.parent, route.holder
        sure: set[str] = set()
        unsure: list[str] = []
        for code in targets:
            units = base
            node = index[code]
            while node != holder:
                prev = parent[node]
                if prev == node_d and node in wanted:
                    units -= 1  # node gives up a unit of the other seat's class
                elif node == node_d and prev in wanted:
                    units += 1  # prev takes one
                node = prev
            if units > 0:
                sure.add(code)
            else:
                unsure.append(code)
        return sure, unsure

    def _preferred(
        self, seat: SeatRef, completable: list[str], route: Route
    ) -> tuple[list[str], list[str]]:
        """The completable candidates the soft rules prefer, and which rules narrowed them.

        Exact for the review being drawn (docs/lots.md, "Soft rules"): legal system first
        (P&R para 20), then no mutual review (DESIGN.md). At the second seat the drawn partner
        is known; at the first, a candidate is judged by the best completion of the whole phase
        that puts it in this seat (`_reach_with_other`). `route` is the search tree that found
        `completable`: the completion it gives for a candidate, if it already has a State
        wanted in the other seat, settles that candidate without a further search.
        """
        x = seat.state_under_review
        review = self.reviews[(seat.instrument, x)]
        other_kind = OTHER if seat.seat == SAME else SAME
        partner = getattr(review, other_kind)
        legal_on = self.config.prefer_legal_system and bool(self.families[x])
        sharing = self._sharing(x)
        reviewed = self.reviewing.get((seat.instrument, x), set())  # x reviews these
        mutual_on = self.config.avoid_mutual and bool(reviewed)
        notes: list[str] = []
        out = completable
        if partner is not None:  # the second seat: the partner is known
            if legal_on and partner not in sharing:
                similar = [c for c in out if c in sharing]
                if similar:
                    out = similar
                    notes.append("legal system")
            if mutual_on:
                fine = [c for c in out if c not in reviewed]
                if fine and len(fine) < len(out):
                    out = fine
                    notes.append("no mutual review")
            return out, notes
        if not (legal_on or mutual_on):
            return out, notes
        # The first seat: the other seat is open; judge each candidate by its best completion.
        other = SeatRef(seat.instrument, x, other_kind)
        other_eligible = self._eligible(other)
        unrestricted = not review.struck[other_kind]  # the flow's class = other_eligible
        memo: dict[tuple[str, ...], tuple[set[str], set[str]]] = {}

        def reach(fillers: list[str], targets: list[str]) -> set[str]:
            if unrestricted and len(fillers) == len(other_eligible):
                return set(targets)  # every completion of a completable target qualifies
            key = tuple(fillers)
            asked, answer = memo.get(key, (set(), set()))
            if asked.issuperset(targets):
                return answer.intersection(targets)
            sure, unsure = self._settled_by_route(route, other, fillers, targets)
            found = sure | self._reach_with_other(seat, other, fillers, unsure)
            memo[key] = (set(targets), found)
            return found

        legal_met = False
        if legal_on:
            rest = [c for c in out if c not in sharing]
            sharing_other = [c for c in other_eligible if c in sharing]
            via_other = reach(sharing_other, rest)
            keep = [c for c in out if c in sharing or c in via_other]
            legal_met = bool(keep)
            if keep and len(keep) < len(out):
                out = keep
                notes.append("legal system")
        if mutual_on:
            fresh = [c for c in out if c not in reviewed]
            free_other = [c for c in other_eligible if c not in reviewed]
            if legal_met:
                share = [c for c in fresh if c in sharing]
                alone = [c for c in fresh if c not in sharing]
                both = [c for c in free_other if c in sharing]
                ok = reach(free_other, share) | reach(both, alone)
            else:
                ok = reach(free_other, fresh)
            fine = [c for c in fresh if c in ok] or fresh
            if fine and len(fine) < len(out):
                out = fine
                notes.append("no mutual review")
        return out, notes

    def _sharing(self, code: str) -> frozenset[str]:
        """The participants whose legal system shares a family with `code`'s (cached)."""
        cached = self._sharing_cache.get(code)
        if cached is None:
            mine = self.families[code]
            families = self.families
            cached = frozenset(c for c in self.participants if mine & families[c])
            self._sharing_cache[code] = cached
        return cached

    def _set_reviewer(self, seat: SeatRef, code: str | None) -> None:
        """Record `code` (None: nobody) in `seat`, keeping the reviewer -> reviewees index."""
        x = seat.state_under_review
        review = self.reviews[(seat.instrument, x)]
        old = getattr(review, seat.seat)
        if old is not None:
            self.reviewing[(seat.instrument, old)].discard(x)
        if code is not None:
            self.reviewing.setdefault((seat.instrument, code), set()).add(x)
        setattr(review, seat.seat, code)

    def _complete(self, instrument: str) -> None:
        """v4: draw every open seat of `instrument` at once, uniformly (docs/lots.md).

        The start is the v3 lot of each open seat in drawing order (a complete draw honouring
        every hard rule and the soft rules per review); then `DESCENT_PER_SEAT` moves per open
        seat of the chain of `chain.py` with the soft rules' level following the best reached,
        and `STEPS_PER_SEAT` with it fixed, all read from the public stream. The result is kept in
        `pending` and announced seat by seat; the completion of the network becomes exactly it.
        """
        network = self.networks[instrument]
        free = [s for s in self.queue if s.instrument == instrument]
        start: dict[SeatRef, str] = {}
        for seat in free:
            eligible = self._eligible(seat)
            completable, route = network.completable(seat, eligible)
            completable = self._distinct(seat, completable, route)
            if not completable:  # cannot happen: the network keeps a completion
                raise RuntimeError(f"internal error: no completable candidate for {seat}")
            preferred, _ = self._preferred(seat, completable, route)
            pick = self.stream.choice(preferred)
            network.place(seat, pick, route)
            self._set_reviewer(seat, pick)
            start[seat] = pick
        problem = self._chain_problem(instrument, free, start)
        for seat in reversed(free):
            network.release(seat, start[seat])
            self._set_reviewer(seat, None)
        steps = steps_for(len(free), STEPS_PER_SEAT)
        descent = steps_for(len(free), DESCENT_PER_SEAT)
        result = run_chain(problem, self.stream, steps, descent)
        parties = network.parties
        drawn = {seat: parties[r] for seat, r in zip(free, result.assign, strict=True)}
        network.install(drawn)
        self.pending[instrument] = drawn
        event = {
            "type": "mix",
            "instrument": instrument,
            "seats": len(free),
            "steps": descent + steps,
            "accepted": result.accepted,
            "level": list(result.level),
            "legal_system_not_shared": result.legal_misses,
            "mutual_reviews": result.mutual_pairs,
        }
        if self.trace is not None:
            self.trace.append({**event, "start": [[*s.to_json().values(), start[s]] for s in free]})
        self._emit(event)

    def _chain_problem(
        self, instrument: str, free: list[SeatRef], start: Mapping[SeatRef, str]
    ) -> ChainProblem:
        """The chain's view of `instrument`: free seats (placed at `start`) and pinned ones."""
        network = self.networks[instrument]
        index, parties = network.index, network.parties
        position = {seat: f for f, seat in enumerate(free)}
        eligible: list[tuple[int, ...]] = []
        partner_seat: list[int] = []
        partner_fixed: list[int] = []
        sharing: list[frozenset[int] | None] = []
        legal_on = self.config.prefer_legal_system
        for seat in free:
            x = seat.state_under_review
            review = self.reviews[(instrument, x)]
            struck = review.struck[seat.seat]
            c = network.seat_class(seat)
            eligible.append(
                tuple(r for r in network.fillers(c) if parties[r] != x and parties[r] not in struck)
            )
            other = SeatRef(instrument, x, OTHER if seat.seat == SAME else SAME)
            if other in position:
                partner_seat.append(position[other])
                partner_fixed.append(-1)
            else:
                partner_seat.append(-1)
                held = getattr(review, other.seat)
                partner_fixed.append(index[held] if held is not None else -1)
            if legal_on and self.families[x]:
                share = self._sharing(x)
                sharing.append(frozenset(index[c] for c in share if c in index))
            else:
                sharing.append(None)
        n = len(parties)
        pairs: dict[int, int] = {}
        for (inst, x), review in self.reviews.items():
            if inst != instrument:
                continue
            for r in (review.same, review.other):
                if r is not None:
                    key = index[r] * n + index[x]
                    pairs[key] = pairs.get(key, 0) + 1
        load = list(network.load)  # the start is placed: loads count it
        problem = ChainProblem(
            n=n,
            eligible=eligible,
            reviewee=[index[s.state_under_review] for s in free],
            partner_seat=partner_seat,
            partner_fixed=partner_fixed,
            assign=[index[start[s]] for s in free],
            load=load,
            lo=self.config.min_reviews,
            hi=self.config.max_reviews,
            sharing=sharing,
            pairs=pairs,
            avoid_mutual=self.config.avoid_mutual,
        )
        return problem

    def _draw_seat(self, seat: SeatRef, *, kind: str) -> dict[str, Any]:
        if self.v4:
            return self._announce(seat, kind=kind)
        network = self.networks[seat.instrument]
        eligible = self._eligible(seat)
        completable, route = network.completable(seat, eligible)
        preferred, notes = self._preferred(seat, completable, route)  # completion unchanged
        drawn = self.stream.choice(preferred)
        network.place(seat, drawn, route)
        review = self.reviews[(seat.instrument, seat.state_under_review)]
        self._set_reviewer(seat, drawn)
        self.queue.remove(seat)
        event: dict[str, Any] = {
            "type": kind,
            **seat.to_json(),
            "eligible": eligible,
            "completable": completable,
            "preferred": preferred,
            "preferences": notes,
            "drawn": drawn,
        }
        if review.same is not None and review.other is not None:
            sharing = self._sharing(seat.state_under_review)
            event["legal_system_shared"] = review.same in sharing or review.other in sharing
        return self._emit(event)

    def _announce(self, seat: SeatRef, *, kind: str) -> dict[str, Any]:
        """v4: the seat's State in the instrument's uniform draw (drawn first if need be)."""
        pending = self.pending.get(seat.instrument)
        if pending is None or seat not in pending:
            self._complete(seat.instrument)
            pending = self.pending[seat.instrument]
            if pending is None:  # cannot happen: _complete fills it
                raise RuntimeError("internal error: no pending draw")
        drawn = pending.pop(seat)
        network = self.networks[seat.instrument]
        if self.trace is not None:
            eligible = self._eligible(seat)
            completable, _ = network.completable(seat, eligible)
            self.trace.append(
                {"type": kind, **seat.to_json(), "eligible": eligible, "completable": completable}
            )
        network.place(seat, drawn)
        review = self.reviews[(seat.instrument, seat.state_under_review)]
        self._set_reviewer(seat, drawn)
        self.queue.remove(seat)
        event: dict[str, Any] = {"type": kind, **seat.to_json(), "drawn": drawn}
        if review.same is not None and review.other is not None:
            sharing = self._sharing(seat.state_under_review)
            event["legal_system_shared"] = review.same in sharing or review.other in sharing
        return self._emit(event)

    def draw_seat(self) -> dict[str, Any]:
        """Draw the next seat; returns its protocol event."""
        seat = self.next_seat()
        if seat is None:
            raise RuleViolation(
                template=gettext_noop("There is no seat left to draw."), rule="P&R para 20"
            )
        return self._draw_seat(seat, kind="seat")

    def draw_all(self) -> None:
        """Draw every remaining lot."""
        if not self.years_drawn:
            self.draw_years()
        while self.next_seat() is not None:
            self.draw_seat()

    # ------------------------------------------------------------ requests

    def request_redraw(
        self,
        *,
        instrument: str,
        state_under_review: str,
        struck: str,
        requested_by: str,
        exception_reason: str | None = None,
        allowed_by: str | None = None,
    ) -> dict[str, Any]:
        """Repeat the draw of the seat `struck` holds in a review (P&R para 20).

        The State under review and each reviewing State may ask twice per review; a further
        request needs `exception_reason` and `allowed_by`. The struck State cannot return to
        that seat, and the request is refused if no completable candidate would remain.
        """
        review = self.reviews.get((instrument, state_under_review))
        if review is None:
            raise RuleViolation(
                template=gettext_noop(
                    "There is no review of %(state)s for %(instrument)s to redraw."
                ),
                params={"state": state_under_review, "instrument": instrument},
                rule="P&R para 20",
                subjects=(state_under_review,),
            )
        if struck == review.same:
            seat_kind = SAME
        elif struck == review.other:
            seat_kind = OTHER
        else:
            raise RuleViolation(
                template=gettext_noop(
                    "%(struck)s is not a reviewing State of %(state)s for %(instrument)s."
                ),
                params={"struck": struck, "state": state_under_review, "instrument": instrument},
                rule="P&R para 20",
                subjects=(struck,),
            )
        parties = {state_under_review, review.same, review.other}
        if requested_by not in parties:
            raise RuleViolation(
                template=gettext_noop(
                    "Only %(state)s and its reviewing States may ask for a redraw of its review"
                    " for %(instrument)s, not %(requested_by)s."
                ),
                params={
                    "state": state_under_review,
                    "instrument": instrument,
                    "requested_by": requested_by,
                },
                rule="P&R para 20",
                subjects=(requested_by,),
            )
        key = (instrument, state_under_review, requested_by)
        number = self.redraws.get(key, 0) + 1
        exception = None
        if number > self.config.redraws_per_party:
            if not (
                exception_reason and exception_reason.strip() and allowed_by and allowed_by.strip()
            ):
                raise RuleViolation(
                    template=gettext_noop(
                        "%(requested_by)s has already asked %(count)s times for a redraw in the"
                        " review of %(state)s for %(instrument)s; a further redraw is an"
                        " exception that needs a reason and who allowed it."
                    ),
                    params={
                        "requested_by": requested_by,
                        "count": number - 1,
                        "state": state_under_review,
                        "instrument": instrument,
                    },
                    rule="P&R para 20",
                    subjects=(requested_by, state_under_review),
                )
            exception = {"reason": exception_reason.strip(), "allowed_by": allowed_by.strip()}
        seat = SeatRef(instrument, state_under_review, seat_kind)
        network = self.networks[instrument]
        network.release(seat, struck)
        self._set_reviewer(seat, None)
        review.struck[seat_kind].append(struck)
        _, completable = self.candidates(seat)
        if not completable:
            review.struck[seat_kind].pop()
            network.place(seat, struck)
            self._set_reviewer(seat, struck)
            raise RuleViolation(
                template=gettext_noop(
                    "No other State can take %(struck)s's seat in the review of %(state)s for"
                    " %(instrument)s without making the phase impossible to complete."
                ),
                params={"struck": struck, "state": state_under_review, "instrument": instrument},
                rule="P&R paras 20, 21",
                subjects=(struck,),
            )
        self.redraws[key] = number
        self.queue.insert(0, seat)
        self.pending[instrument] = None
        self._emit(
            {
                "type": "redraw",
                **seat.to_json(),
                "struck": struck,
                "requested_by": requested_by,
                "request_number": number,
                "exception": exception,
            }
        )
        return self._draw_seat(seat, kind="seat")

    def request_deferral(
        self, *, state: str, instrument: str, year: int | None = None
    ) -> dict[str, Any]:
        """`state` will not review for `instrument` in `year` (its own year by default) (P&R 21).

        Seats it holds in that year are reopened and drawn again next. Refused, with nothing
        changed, if the phase could not then be completed.
        """
        if not self.years_drawn:
            raise RuleViolation(
                template=gettext_noop(
                    "Deferrals before the year lot are part of the world's inputs."
                ),
                rule="P&R para 21",
            )
        if state not in self.parties.get(instrument, []):
            raise RuleViolation(
                template=gettext_noop(
                    "%(state)s is not a party to %(instrument)s taking part in the draw."
                ),
                params={"state": state, "instrument": instrument},
                rule="P&R para 21",
                subjects=(state,),
            )
        year = self.year[state] if year is None else year
        if year not in YEARS:
            raise RuleViolation(
                template=gettext_noop("There is no year %(year)s in a phase."),
                params={"year": year},
                rule="P&R para 9",
            )
        network = self.networks[instrument]
        released = []
        for (inst, x), review in self.reviews.items():
            if inst != instrument or self.year[x] != year:
                continue
            for kind in (SAME, OTHER):
                if getattr(review, kind) == state:
                    released.append(SeatRef(instrument, x, kind))
        for seat in released:
            network.release(seat, state)
            self._set_reviewer(seat, None)
        network.defer(state, year, on=True)
        if not network.solve():
            network.defer(state, year, on=False)
            for seat in released:
                network.place(seat, state)
                self._set_reviewer(seat, state)
            network.solve()
            raise RuleViolation(
                template=gettext_noop(
                    "%(state)s cannot defer reviewing for %(instrument)s in year %(year)s: the"
                    " phase could then not be completed."
                ),
                params={"state": state, "instrument": instrument, "year": year},
                rule="P&R para 21",
                subjects=(state,),
            )
        self.extra_deferred.setdefault((state, instrument), set()).add(year)
        self.queue[0:0] = released
        if self.pending.get(instrument) is not None:  # v4: the open seats are drawn again
            self.pending[instrument] = None
        return self._emit(
            {
                "type": "deferral",
                "state": state,
                "instrument": instrument,
                "year": year,
                "released": [s.to_json() for s in released],
            }
        )

    # ------------------------------------------------------------ records

    def assignment(self) -> dict[str, Any]:
        """The ``revmech.assignment.v1`` outcome; reviewers[0] is the same-group State."""
        rows = []
        for instrument in self.world.instruments:
            for code in self.parties[instrument]:
                review = self.reviews.get((instrument, code))
                rows.append(
                    {
                        "instrument": instrument,
                        "state_under_review": code,
                        "year": self.year.get(code),
                        "reviewers": [review.same, review.other] if review else [None, None],
                    }
                )
        return {"format": ASSIGNMENT_FORMAT, "seed": self.seed, "assignments": rows}

    def inputs(self) -> dict[str, Any]:
        return {"world": world_to_json(self.world), "config": self.config.to_json()}

    def protocol(self) -> dict[str, Any]:
        """The replayable record of the meeting (see ``docs/lots.md``)."""
        inputs = self.inputs()
        return {
            "format": PROTOCOL_FORMATS[self.algorithm],
            "algorithm": self.algorithm,
            "stream": STREAM_VERSION,
            "inputs_sha256": hashlib.sha256(canonical_json(inputs)).hexdigest(),
            "inputs": inputs,
            "seed": self.seed,
            "working_groups": {i: list(WORKING_GROUPS[i]) for i in self.world.instruments},
            "excluded": list(self.excluded),
            "events": [dict(e) for e in self.events],
            "outcome": self.outcome(),
        }

    def outcome(self) -> dict[str, Any]:
        """The protocol's outcome: assignments, legal systems not shared, completeness."""
        outcome = self.assignment()
        not_met = []
        for (instrument, code), review in sorted(self.reviews.items()):
            if review.same is None or review.other is None:
                continue
            entry = self.entries[code]
            if not any(
                shares_legal_family(entry, self.entries[c]) for c in (review.same, review.other)
            ):
                not_met.append({"instrument": instrument, "state_under_review": code})
        if self.v4:
            outcome["blocked"] = self.blocked_report()
        complete = self.years_drawn and not self.queue
        if any(i not in self.exceptions for i in self.blocked):
            complete = False
        return {
            "assignments": outcome["assignments"],
            "legal_system_not_shared": not_met,
            "is_complete": complete,
            **({"blocked": outcome["blocked"]} if self.v4 else {}),
        }

    # ------------------------------------------------------------ replay

    @classmethod
    def replay(
        cls, protocol: Mapping[str, Any], *, trace: list[dict[str, Any]] | None = None
    ) -> Meeting:
        """Redo every lot and request of a protocol; ReplayMismatch at the first difference.

        Protocols of every algorithm in `ALGORITHMS` replay with their own algorithm. With
        `trace` (a list), the full events with their candidate lists and each chain's start
        are appended to it (`verify --explain`).
        """
        try:
            algorithm = protocol.get("algorithm")
            if algorithm not in ALGORITHMS:
                raise ReplayMismatch(
                    template=gettext_noop(
                        "The protocol's algorithm %(recorded)s is not %(algorithm)s."
                    ),
                    params={
                        "recorded": repr(protocol.get("algorithm")),
                        "algorithm": " or ".join(ALGORITHMS),
                    },
                    rule="protocol",
                )
            inputs = protocol["inputs"]
            digest = hashlib.sha256(canonical_json(inputs)).hexdigest()
            if digest != protocol.get("inputs_sha256"):
                raise ReplayMismatch(
                    template=gettext_noop(
                        "The inputs' SHA-256 does not match the inputs recorded."
                    ),
                    rule="protocol",
                )
            world = world_from_json(inputs["world"])
            config = DrawConfig.from_json(inputs["config"])
            meeting = cls(world, str(protocol["seed"]), config, str(algorithm))
            meeting.trace = trace
            meeting._check_feasible()
            recorded = list(protocol["events"])
        except (KeyError, TypeError, AttributeError) as error:
            raise ReplayMismatch(
                template=gettext_noop("The protocol is malformed: %(error)s."),
                params={"error": str(error)},
                rule="protocol",
            ) from None
        except Infeasible as error:
            raise ReplayMismatch(
                template=gettext_noop("The recorded inputs are refused: %(reason)s"),
                params={"reason": error.message},
                rule="protocol",
            ) from None
        i = 0
        while i < len(recorded):
            event = recorded[i]
            before = len(meeting.events)
            kind = event.get("type") if isinstance(event, dict) else None
            try:
                if kind == "redraw":
                    meeting.request_redraw(
                        instrument=event["instrument"],
                        state_under_review=event["state_under_review"],
                        struck=event["struck"],
                        requested_by=event["requested_by"],
                        exception_reason=(event.get("exception") or {}).get("reason"),
                        allowed_by=(event.get("exception") or {}).get("allowed_by"),
                    )
                elif kind == "deferral":
                    meeting.request_deferral(
                        state=event["state"], instrument=event["instrument"], year=event["year"]
                    )
                elif kind == "exception":
                    meeting.record_exception(
                        instrument=event["instrument"],
                        reason=event["reason"],
                        allowed_by=event["allowed_by"],
                    )
                else:
                    meeting._step()
            except (RuleViolation, KeyError, TypeError) as error:
                raise ReplayMismatch(
                    template=gettext_noop("Event %(n)s (%(event)s) cannot be replayed: %(reason)s"),
                    params={"n": i + 1, "event": _describe(event), "reason": str(error)},
                    rule="protocol",
                ) from None
            produced = meeting.events[before:]
            for j, new in enumerate(produced):
                if i + j >= len(recorded) or recorded[i + j] != new:
                    old = recorded[i + j] if i + j < len(recorded) else None
                    raise ReplayMismatch(
                        template=gettext_noop(
                            "Event %(n)s (%(event)s) differs: recorded %(recorded)s, replayed"
                            " %(replayed)s."
                        ),
                        params={
                            "n": i + j + 1,
                            "event": _describe(old if old else new),
                            "recorded": _summary(old),
                            "replayed": _summary(new),
                        },
                        rule="protocol",
                    )
            i += len(produced)
        outcome = protocol.get("outcome")
        if outcome is not None and outcome != meeting.outcome():
            raise ReplayMismatch(
                template=gettext_noop("The recorded outcome differs from the replayed one."),
                rule="protocol",
            )
        return meeting


def _describe(event: Any) -> str:
    if not isinstance(event, dict):
        return "not an event"
    parts = [str(event.get("type"))]
    for key in ("regional_group", "instrument", "state_under_review", "seat", "state"):
        if key in event:
            parts.append(str(event[key]))
    return " ".join(parts)


def _summary(event: Any) -> str:
    if event is None:
        return "nothing"
    if isinstance(event, dict) and "drawn" in event:
        return f"drawn {event['drawn']!r}"
    return json.dumps(event, sort_keys=True)[:200]


def verify(
    protocol: Mapping[str, Any], *, trace: list[dict[str, Any]] | None = None
) -> Verification:
    """Replay a protocol with `revmech.rules` alone; name the first event that differs."""
    try:
        Meeting.replay(protocol, trace=trace)
    except ReplayMismatch as error:
        return Verification(False, error.message)
    return Verification(True, None)


def draw_phase(
    world: World, seed: str, config: DrawConfig | None = None, algorithm: str = ALGORITHM_VERSION
) -> Meeting:
    """Open a meeting and draw every lot of the phase (v4: every instrument not set aside)."""
    meeting = Meeting.open(world, seed, config, algorithm)
    meeting.draw_all()
    return meeting
