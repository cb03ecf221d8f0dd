"""Benchmark of a whole phase's draw, all four instruments (P&R paras 10, 20-22).

``python -m revmech.rules.lots.bench`` draws a phase on the shipped reference data
(`read_states()`) and on a synthetic world of 190 States (groups of 54, 53, 23, 33, 27; about
190, 182, 151 and 122 parties per instrument; a quarter of the parties deferring) and prints the
time of the year lot and of each instrument's seats, and the total.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from revmech.rules.lots.engine import Meeting
from revmech.rules.lots.stream import LotStream
from revmech.rules.lots.world import (
    INSTRUMENTS,
    REGIONAL_GROUPS,
    Deferral,
    StateEntry,
    World,
    world_from_reference,
)
from revmech.rules.reference import read_states

SYNTHETIC_GROUP_SIZES = (54, 53, 23, 33, 27)
SYNTHETIC_PARTIES = (190, 182, 151, 122)
FAMILIES = (
    "civil law",
    "common law",
    "mixed: civil law + common law",
    "mixed: common law + customary law",
    "Muslim law",
    "mixed: civil law + Muslim law",
)


def synthetic_world(
    *,
    seed: str = "synthetic",
    group_sizes: Sequence[int] = SYNTHETIC_GROUP_SIZES,
    parties: Sequence[int] = SYNTHETIC_PARTIES,
    deferring_share: float = 0.25,
) -> World:
    """A world like the real one, generated from the public stream (so reproducible)."""
    stream = LotStream(seed)
    codes: list[str] = []
    group_of: dict[str, str] = {}
    n = sum(group_sizes)
    for g, size in zip(REGIONAL_GROUPS, group_sizes, strict=True):
        for _ in range(size):
            code = f"S{len(codes):03d}"
            codes.append(code)
            group_of[code] = g
    party_to: dict[str, list[str]] = {c: [] for c in codes}
    for instrument, count in zip(INSTRUMENTS, parties, strict=True):
        chosen = stream.shuffle(codes)[: min(count, n)]
        for c in chosen:
            party_to[c].append(instrument)
    states = tuple(
        StateEntry(c, group_of[c], stream.choice(FAMILIES), tuple(party_to[c])) for c in codes
    )
    deferrals = []
    for instrument in INSTRUMENTS:
        members = [s.code for s in states if instrument in s.party_to]
        for c in stream.shuffle(members)[: int(len(members) * deferring_share)]:
            deferrals.append(Deferral(c, instrument))
    deferrals.sort(key=lambda d: (d.state, INSTRUMENTS.index(d.instrument)))
    return World(states, tuple(deferrals))


def time_phase(world: World, seed: str) -> dict[str, float]:
    """Seconds spent on opening and the year lot, on each instrument's seats, and in total."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    meeting = Meeting.open(world, seed)
    meeting.draw_years()
    times["open + years"] = time.perf_counter() - start
    while (seat := meeting.next_seat()) is not None:
        t = time.perf_counter()
        meeting.draw_seat()
        times[seat.instrument] = times.get(seat.instrument, 0.0) + time.perf_counter() - t
    times["total"] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="revmech.rules.lots.bench")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    worlds = {
        "reference data": world_from_reference(read_states()),
        "synthetic 190": synthetic_world(),
    }
    for name, world in worlds.items():
        runs = [time_phase(world, f"bench-{i}") for i in range(args.repeat)]
        print(f"{name} (median of {args.repeat} seeds):")
        for key in runs[0]:
            values = sorted(run[key] for run in runs)
            print(f"  {key:<14} {values[len(values) // 2] * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
