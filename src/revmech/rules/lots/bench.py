"""Benchmark of a whole phase's draw, all four instruments (P&R paras 10, 20-22).

``python -m revmech.rules.lots.bench`` (``make bench``) prints:

* the time of the year lot and of each instrument's seats on the shipped reference data
  (`read_states()`) and on a synthetic world of 190 States (groups of 54, 53, 23, 33, 27; about
  190, 182, 151 and 122 parties per instrument; a quarter of the parties deferring);
* for synthetic worlds of 190, 380 and 950 States (the same, scaled): the time of the draw, the
  protocol's size (compact JSON) and the time to verify it (``--before`` adds v3);
* how the chain forgets its start on the synthetic 190-State world (``--mixing``): the share of
  UNTOC's seats still held by their start State after k moves per seat, beside the share two
  independent long chains agree on (what "forgotten" looks like); see docs/lots.md;
* with ``--uniformity RUNS``: the fairness report (exact and measured distances from uniform).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence

from revmech.rules.lots.chain import run_chain
from revmech.rules.lots.engine import (
    ALGORITHM_V3,
    ALGORITHM_VERSION,
    Meeting,
    SeatRef,
    verify,
)
from revmech.rules.lots.fairness import WORLDS, mixing, report
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


def scaled_world(factor: int) -> World:
    """The synthetic world with every group and party count multiplied by `factor`."""
    return synthetic_world(
        group_sizes=[size * factor for size in SYNTHETIC_GROUP_SIZES],
        parties=[count * factor for count in SYNTHETIC_PARTIES],
    )


def size_and_verify(world: World, seed: str, algorithm: str) -> dict[str, float]:
    """CPU seconds to draw (with the protocol), protocol bytes, CPU seconds to verify.

    CPU time (`time.process_time`), so that other jobs on a shared machine do not count."""
    start = time.process_time()
    meeting = Meeting.open(world, seed, algorithm=algorithm)
    meeting.draw_all()
    protocol = meeting.protocol()
    drawn = time.process_time() - start
    size = len(json.dumps(protocol, ensure_ascii=False).encode())
    start = time.process_time()
    valid = verify(protocol).is_valid
    checked = time.process_time() - start
    if not valid:
        raise RuntimeError("the protocol does not verify")
    return {"draw": drawn, "bytes": size, "verify": checked}


def forgetting(per_seat: Sequence[int], seed: str = "mixing") -> list[tuple[int, float]]:
    """Share of UNTOC's seats held by their start State after k moves per seat (one chain)."""
    meeting = Meeting.open(synthetic_world(), seed)
    meeting.draw_years()
    free: list[SeatRef] = [s for s in meeting.queue if s.instrument == "UNTOC"]
    network = meeting.networks["UNTOC"]
    start: dict[SeatRef, str] = {}
    for seat in free:
        eligible = meeting._eligible(seat)
        completable, route = network.completable(seat, eligible)
        preferred, _ = meeting._preferred(seat, completable, route)
        pick = meeting.stream.choice(preferred)
        network.place(seat, pick, route)
        meeting._set_reviewer(seat, pick)
        start[seat] = pick
    problem = meeting._chain_problem("UNTOC", free, start)
    first = list(problem.assign)
    out = []
    done = 0
    for k in per_seat:
        run_chain(problem, meeting.stream, (k - done) * len(free))
        done = k
        same = sum(1 for a, b in zip(first, problem.assign, strict=True) if a == b)
        out.append((k, same / len(free)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="revmech.rules.lots.bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", action="store_true", help="also v3 at each size")
    parser.add_argument("--mixing", action="store_true", help="how the chain forgets its start")
    parser.add_argument("--uniformity", type=int, default=0, metavar="RUNS")
    parser.add_argument("--exact-mutual", action="store_true", help="the 1,232-draw world too")
    args = parser.parse_args(argv)
    if args.uniformity:
        for line in report(None, args.uniformity):
            print(line, flush=True)
        if args.exact_mutual:
            make, config = WORLDS["mutual"]
            print("mutual world (exact):", mixing(make(), config, [10, 20, 40]), flush=True)
        return 0
    if args.mixing:
        print("share of UNTOC seats (synthetic 190) still held by their start State:")
        for k, share in forgetting([1, 2, 5, 10, 20, 40, 80]):
            print(f"  after {k:>3} moves per seat: {share:.3f}", flush=True)
        far = forgetting([200], seed="mixing-a")[0][1]
        print(f"  (two chains' shares after 200 moves per seat: {far:.3f})")
        return 0
    worlds = {
        "reference data": world_from_reference(read_states()),
        "synthetic 190": synthetic_world(),
    }
    for name, world in worlds.items():
        runs = [time_phase(world, f"bench-{i}") for i in range(args.repeat)]
        print(f"{name} (median of {args.repeat} seeds):", flush=True)
        for key in runs[0]:
            values = sorted(run[key] for run in runs)
            print(f"  {key:<14} {values[len(values) // 2] * 1000:8.1f} ms", flush=True)
    algorithms = [ALGORITHM_V3, ALGORITHM_VERSION] if args.before else [ALGORITHM_VERSION]
    print("synthetic worlds: draw (with protocol), protocol size, verify (CPU time)", flush=True)
    for factor in (1, 2, 5):
        world = scaled_world(factor)
        for algorithm in algorithms:
            m = size_and_verify(world, "bench-size", algorithm)
            print(
                f"  {len(world.states):>4} States {algorithm}: draw {m['draw']:6.2f} s,"
                f" protocol {m['bytes'] / 1e6:7.3f} MB, verify {m['verify']:6.2f} s",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
