"""The rule-preserving Markov chain of the v4 draw (P&R paras 18, 20, 21; docs/lots.md).

One instrument's open seats start from a complete draw that satisfies every hard rule (the v3
seat-by-seat lot). The chain then takes `steps` moves, each read from the public stream:

* ``k = below(2F)`` picks the seat ``f = k // 2`` among the F free seats and the move ``k % 2``;
* move 0, **replace**: ``r = eligible[f][below(len(eligible[f]))]`` proposes ``r`` for ``f``;
* move 1, **swap**: ``g = below(F)`` proposes exchanging the States of seats ``f`` and ``g``.

A proposal is accepted iff the result still satisfies every rule: each seat's State may fill
it (group, party, not the State under review, not deferring in that year, not struck from the
seat), the two States of a review differ, every party performs between `lo` and `hi` reviews,
and the soft rules are no worse than the **level**: the pair (reviews sharing no legal family
although the State under review has a legal system, mutual reviews), compared legal system
first (P&R para 20, then DESIGN.md). The level starts at the start's own pair.

The moves come in two runs. During the first `descent` moves the level follows the best pair
reached (a ratchet: the soft rules are met as far as the chain finds it possible); during the
last `steps` moves the level is fixed. In that second run both proposals are symmetric (the
chance of proposing B from A equals that of proposing A from B) and a refused proposal leaves
the draw as it is, so the uniform distribution over the complete draws at or below the level
that are reachable from where the first run ended is stationary (Metropolis with a flat
target); the chain is aperiodic (a proposal can be refused or be the identity). How many moves
are enough is measured in `revmech.rules.lots.fairness` (exactly, on small worlds) and by the
bench; see docs/lots.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from revmech.rules.lots.stream import LotStream


@dataclass
class ChainProblem:
    """One instrument's free seats, in drawing order, with what a move must keep.

    Reviewers and States under review are numbered 0..n-1 (the instrument's parties in code
    order). `load` counts every review a party performs, pinned seats included, for the start.
    `sharing[f]` is the set of reviewers sharing a legal family with seat f's State under review,
    or None when the legal-system rule does not apply to that review. `pairs` counts, for the
    whole instrument, the seats where reviewer r reviews x, keyed ``r * n + x``.
    """

    n: int
    eligible: list[tuple[int, ...]]
    reviewee: list[int]
    partner_seat: list[int]  # the review's other seat if free, else -1
    partner_fixed: list[int]  # the review's other State if that seat is pinned, else -1
    assign: list[int]
    load: list[int]
    lo: int
    hi: int
    sharing: list[frozenset[int] | None]
    pairs: dict[int, int]
    avoid_mutual: bool
    eligible_sets: list[frozenset[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.eligible_sets:
            self.eligible_sets = [frozenset(e) for e in self.eligible]

    def partner(self, f: int) -> int:
        p = self.partner_seat[f]
        return self.assign[p] if p >= 0 else self.partner_fixed[f]

    def misses(self, f: int) -> int:
        """1 if seat f's review has a legal-system rule that neither of its States meets."""
        sharing = self.sharing[f]
        if sharing is None:
            return 0
        return 0 if (self.assign[f] in sharing or self.partner(f) in sharing) else 1

    def legal_misses(self) -> int:
        """Reviews (with a free seat) sharing no legal family although the rule applies."""
        seen: set[int] = set()
        total = 0
        for f in range(len(self.assign)):
            x = self.reviewee[f]
            if x in seen:
                continue
            seen.add(x)
            total += self.misses(f)
        return total

    def mutual_pairs(self) -> int:
        """Unordered pairs {a, b} where a reviews b and b reviews a (whole instrument)."""
        n = self.n
        total = 0
        for key, count in self.pairs.items():
            if count <= 0:
                continue
            r, x = divmod(key, n)
            if r < x and self.pairs.get(x * n + r, 0) > 0:
                total += 1
        return total


@dataclass(frozen=True)
class ChainResult:
    assign: list[int]
    steps: int
    accepted: int
    legal_misses: int  # of the result
    mutual_pairs: int
    level: tuple[int, int]  # the level of the second run (legal misses, mutual reviews)


def _move_pair(pairs: dict[int, int], n: int, x: int, old: int, new: int) -> int:
    """Move seat (reviewee x) from `old` to `new` in `pairs`; the change in mutual pairs."""
    delta = 0
    key = old * n + x
    count = pairs[key] - 1
    if count:
        pairs[key] = count
    else:
        del pairs[key]
        if x * n + old in pairs:
            delta -= 1
    key = new * n + x
    count = pairs.get(key, 0)
    if not count and x * n + new in pairs:
        delta += 1
    pairs[key] = count + 1
    return delta


def run_chain(
    problem: ChainProblem, stream: LotStream, steps: int, descent: int = 0
) -> ChainResult:
    """Take `descent` then `steps` moves from `problem.assign` (changed in place); see the
    module docstring."""
    assign, load, eligible = problem.assign, problem.load, problem.eligible
    eligible_sets, sharing = problem.eligible_sets, problem.sharing
    partner_seat, partner_fixed = problem.partner_seat, problem.partner_fixed
    reviewee, pairs, n = problem.reviewee, problem.pairs, problem.n
    lo, hi, mutual = problem.lo, problem.hi, problem.avoid_mutual
    seats = len(assign)
    if seats == 0:
        pairs_now = problem.mutual_pairs() if mutual else 0
        return ChainResult(assign, 0, 0, 0, pairs_now, (0, pairs_now))
    legal_budget = legal_now = problem.legal_misses()
    mutual_budget = mutual_now = problem.mutual_pairs() if mutual else 0
    below = stream.below
    accepted = 0
    for step in range(descent + steps):
        if step < descent and (legal_now, mutual_now) < (legal_budget, mutual_budget):
            legal_budget, mutual_budget = legal_now, mutual_now  # the ratchet
        k = below(2 * seats)
        f = k >> 1
        old = assign[f]
        p = partner_seat[f]
        if not k & 1:  # replace
            options = eligible[f]
            new = options[below(len(options))]
            if new == old or load[new] >= hi or load[old] <= lo:
                continue
            partner = assign[p] if p >= 0 else partner_fixed[f]
            if new == partner:
                continue
            share = sharing[f]
            d_legal = 0
            if share is not None:
                d_legal = (0 if (new in share or partner in share) else 1) - (
                    0 if (old in share or partner in share) else 1
                )
                if legal_now + d_legal > legal_budget:
                    continue
            x = reviewee[f]
            d_mutual = _move_pair(pairs, n, x, old, new)
            if not mutual:
                d_mutual = 0
            elif legal_now + d_legal == legal_budget and mutual_now + d_mutual > mutual_budget:
                _move_pair(pairs, n, x, new, old)
                continue
            assign[f] = new
            load[old] -= 1
            load[new] += 1
            legal_now += d_legal
            mutual_now += d_mutual
            accepted += 1
            continue
        g = below(seats)  # swap
        new = assign[g]
        if g == f or new == old:
            continue
        if new not in eligible_sets[f] or old not in eligible_sets[g]:
            continue
        q = partner_seat[g]
        # the States each review would have after the exchange must differ
        pf = old if p == g else (assign[p] if p >= 0 else partner_fixed[f])
        pg = new if q == f else (assign[q] if q >= 0 else partner_fixed[g])
        if pf == new or pg == old:
            continue
        before = problem.misses(f) + (problem.misses(g) if q != f else 0)
        assign[f], assign[g] = new, old
        after = problem.misses(f) + (problem.misses(g) if q != f else 0)
        d_legal = after - before
        if legal_now + d_legal > legal_budget:
            assign[f], assign[g] = old, new
            continue
        x, y = reviewee[f], reviewee[g]
        d_mutual = _move_pair(pairs, n, x, old, new) + _move_pair(pairs, n, y, new, old)
        if not mutual:
            d_mutual = 0
        elif legal_now + d_legal == legal_budget and mutual_now + d_mutual > mutual_budget:
            _move_pair(pairs, n, y, old, new)
            _move_pair(pairs, n, x, new, old)
            assign[f], assign[g] = old, new
            continue
        legal_now += d_legal
        mutual_now += d_mutual
        accepted += 1
    return ChainResult(
        assign, descent + steps, accepted, legal_now, mutual_now, (legal_budget, mutual_budget)
    )


def steps_for(seats: int, per_seat: int) -> int:
    """The number of moves for `seats` free seats: `per_seat` moves per seat (docs/lots.md)."""
    return per_seat * seats


def problem_from_rows(
    rows: Sequence[tuple[int, int, tuple[int, ...]]],
    *,
    n: int,
    lo: int,
    hi: int,
    sharing: Sequence[frozenset[int] | None] | None = None,
    avoid_mutual: bool = False,
) -> ChainProblem:
    """A problem where every seat is free: rows of (State under review, start State, eligible).

    The two seats of a review are consecutive rows (used by the fairness tools and tests).
    """
    assign = [r for _, r, _ in rows]
    load = [0] * n
    pairs: dict[int, int] = {}
    for x, r, _ in rows:
        load[r] += 1
        pairs[r * n + x] = pairs.get(r * n + x, 0) + 1
    partner = [i + 1 if i % 2 == 0 else i - 1 for i in range(len(rows))]
    return ChainProblem(
        n=n,
        eligible=[e for _, _, e in rows],
        reviewee=[x for x, _, _ in rows],
        partner_seat=partner,
        partner_fixed=[-1] * len(rows),
        assign=assign,
        load=load,
        lo=lo,
        hi=hi,
        sharing=list(sharing) if sharing is not None else [None] * len(rows),
        pairs=pairs,
        avoid_mutual=avoid_mutual,
    )
