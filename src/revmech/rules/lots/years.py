"""Exact completability of review years: is there a year allocation that lets every seat be filled?

P&R paras 10, 11 (years: ceil(n/2) in years 1-2, even spread within each regional group, one year
per State for all its instruments), 18, 20, 21 (two seats per review, loads, deferrals).

The argument (also in ``docs/lots.md``, "Exact year lot"):

1. *Years matter only through deferrals.* For one instrument, a reviewing State may fill a seat
   iff it is a party, is not the State under review, sits in the right group and does not defer
   in the year of that review. Without deferrals the last condition is void, so the set of
   complete draws of that instrument is the same for every year allocation: such an instrument
   is checked once, with any allocation.
2. *Classes of identical States are exact.* For given years, an instrument is completable iff
   the aggregated flow of `aggregate_ok` (no undrawn States) is feasible: suppliers are the
   types (group, year, defers?) with n members and bounds [n*lo, n*hi]; same-group seats of
   (group, year) take at most n*min(hi, k - own) from a type (own = 1 for the type's own year,
   k the class size); other-group seats of year y are reached through one pooling node per
   (supplier group, y). Necessity: sum a complete draw over the members of each type. Sufficiency:
   deal each type's units class after class round-robin to its members; each member gets the
   floor or ceiling of every share, so its total stays in [lo, hi] and it gets at most k - 1 seats
   of its own class (so never its own review) and at most k of any other class; inside a class
   the seats are then matched to reviewers by Hall's theorem.
3. *Relaxation for partial allocations.* With some States not yet placed, `aggregate_ok` with
   `undrawn` counts puts their seats into a class of unknown year and lets them (and anyone)
   fill any class of the right group regardless of deferrals. Every complete allocation maps to
   a feasible flow of it, so when it fails no completion exists (a necessary condition).
4. *The search is exhaustive over interchangeable States.* Two undrawn States of one group with
   the same status (party?, defers?) for each instrument with deferrals are interchangeable: by
   (1)-(2) only the counts per (group, year, status) matter. `YearProblem.complete` enumerates,
   group by group and status by status, every distribution of the counts over the free slots of
   each year (after every admissible per-group count pattern), pruning by (3) at group
   boundaries and remembering failed sub-states; a leaf is accepted by the exact test (2).
   It returns an allocation iff one exists. It tries the hint (the current witness) first, so in
   practice the first leaf succeeds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations

from revmech.rules.lots.flow import BIG, Circulation, feasible_bounded

YEARS = (1, 2, 3, 4)
Pattern = tuple[int, int, int, int]
TypeKey = tuple[str, int, bool]  # (regional group, year (0: not yet drawn), defers?)
SUPPLY, SAME_EDGE, POOL_EDGE, CROSS, DEMAND = range(5)


def patterns(size: int) -> list[Pattern]:
    """Every even spread of `size` States over the four years (each count q or q + 1)."""
    q, r = divmod(size, 4)
    out = []
    for extra in combinations(range(4), r):
        counts = [q + (1 if y in extra else 0) for y in range(4)]
        out.append((counts[0], counts[1], counts[2], counts[3]))
    return out


def aggregate_ok(
    types: Mapping[TypeKey, int], undrawn: Mapping[str, int], lo: int, hi: int
) -> bool:
    """The aggregated flow of one instrument (exact without `undrawn`, a relaxation with it)."""
    k: dict[tuple[str, int], int] = {}
    suppliers: list[tuple[str, int, bool, int]] = []
    for (g, y, d), n in types.items():
        if n:
            k[(g, y)] = k.get((g, y), 0) + n
            suppliers.append((g, y, d, n))
    for g, u in undrawn.items():
        if u:
            k[(g, 0)] = k.get((g, 0), 0) + u
            suppliers.append((g, 0, False, u))
    if not k:
        return True
    groups = sorted({g for g, _ in k})
    years = sorted({y for _, y in k})
    year_total = {y: sum(v for (_, yy), v in k.items() if yy == y) for y in years}
    keys = sorted(k)
    same_node = {key: len(suppliers) + i for i, key in enumerate(keys)}
    other_node = {key: len(suppliers) + len(keys) + i for i, key in enumerate(keys)}
    base = len(suppliers) + 2 * len(keys)
    pool = {(g, y): base + i for i, (g, y) in enumerate((g, y) for g in groups for y in years)}
    size = base + len(pool)
    edges: list[tuple[int, int, int]] = []
    by_group: dict[str, list[tuple[tuple[str, int], int]]] = {g: [] for g in groups}
    for key in keys:
        by_group[key[0]].append((key, k[key]))
    supplies = []
    for i, (g, yo, d, n) in enumerate(suppliers):
        supplies.append((i, n * lo, n * hi))
        for key, size_k in by_group[g]:
            cy = key[1]
            if d and cy == yo:
                continue
            per = min(hi, size_k - (1 if cy == yo else 0))
            if per > 0:
                edges.append((i, same_node[key], n * per))
        for y in years:
            if d and y == yo:
                continue
            per = min(hi, year_total[y] - k.get((g, y), 0))
            if per > 0:
                edges.append((i, pool[(g, y)], n * per))
    for (g, y), node in pool.items():
        for key, size_k in ((key, v) for key, v in k.items() if key[1] == y and key[0] != g):
            edges.append((node, other_node[key], size_k))
    demands = [(same_node[key], k[key]) for key in keys]
    demands += [(other_node[key], k[key]) for key in keys]
    return feasible_bounded(size, supplies, demands, edges)


class AggregateNet:
    """The aggregated flow of `aggregate_ok` for one instrument, repaired from one test to the next.

    The network has a node for every type (group, year 0-4, defers?) and for every class (group,
    year 0-4), year 0 holding the States not yet drawn; the type counts only set the bounds of its
    edges. `feasible` moves the bounds to the counts asked about and repairs the last feasible
    flow (`Circulation.retune`): a swap of two States changes a handful of bounds, so the answer,
    exactly that of `aggregate_ok`, costs a few augmenting paths instead of a whole flow.
    """

    def __init__(self, groups: Sequence[str], lo: int, hi: int) -> None:
        self.lo, self.hi = lo, hi
        years = (0, *YEARS)
        self.types: list[TypeKey] = [
            (g, y, d) for g in groups for y in years for d in (False, True) if y or not d
        ]
        self.type_index = {t: i for i, t in enumerate(self.types)}
        self.classes = [(g, y) for g in groups for y in years]
        class_index = {c: i for i, c in enumerate(self.classes)}
        self.type_class = [class_index[(g, y)] for g, y, _ in self.types]
        n_t, n_c = len(self.types), len(self.classes)
        # Nodes: 0 source, 1 sink, types, same-group classes, other-group classes, pools.
        same = {c: 2 + n_t + i for c, i in class_index.items()}
        other = {c: 2 + n_t + n_c + i for c, i in class_index.items()}
        pool = {c: 2 + n_t + 2 * n_c + i for c, i in class_index.items()}
        self.net = Circulation(2 + n_t + 3 * n_c)
        back = self.net.add(1, 0)
        self.net.retune({back: (0, BIG)})
        # spec[e] = (kind, type or -1, class, own): how the bounds of edge e follow the counts.
        self.spec: list[tuple[int, int, int, int]] = [(-1, -1, -1, 0)]
        self.by_type: list[list[int]] = [[] for _ in self.types]
        # Edges whose bounds follow a class's size: its demands and the pools' edges into it
        # (`by_class`); per unit of a type, the edges into its same-group class and pool, which
        # change only when min(hi, ...) does (`same_edges`, `pool_edges`).
        self.by_class: list[list[int]] = [[] for _ in self.classes]
        self.same_edges: list[list[int]] = [[] for _ in self.classes]
        self.pool_edges: list[list[int]] = [[] for _ in self.classes]

        def edge(a: int, b: int, spec: tuple[int, int, int, int]) -> int:
            e = self.net.add(a, b)
            self.spec.append(spec)
            return e

        for ti, (g, yo, d) in enumerate(self.types):
            node = 2 + ti
            self.by_type[ti].append(edge(0, node, (SUPPLY, ti, -1, 0)))
            for y in years:
                if d and y == yo:
                    continue
                ci = class_index[(g, y)]
                e = edge(node, same[(g, y)], (SAME_EDGE, ti, ci, 1 if y == yo else 0))
                self.by_type[ti].append(e)
                self.same_edges[ci].append(e)
                e = edge(node, pool[(g, y)], (POOL_EDGE, ti, ci, 0))
                self.by_type[ti].append(e)
                self.pool_edges[ci].append(e)
        for g, y in self.classes:
            for g2 in groups:
                if g2 != g:
                    ci = class_index[(g2, y)]
                    self.by_class[ci].append(edge(pool[(g, y)], other[(g2, y)], (CROSS, -1, ci, 0)))
        for c, ci in class_index.items():
            self.by_class[ci].append(edge(same[c], 1, (DEMAND, -1, ci, 0)))
            self.by_class[ci].append(edge(other[c], 1, (DEMAND, -1, ci, 0)))
        self.n = [0] * n_t
        self.k = [0] * n_c
        self.year_total = dict.fromkeys(years, 0)
        self.class_year = [y for _, y in self.classes]
        self.year_classes = {
            y: [ci for ci, c in enumerate(self.classes) if c[1] == y] for y in years
        }

    def vector(self, types: Mapping[TypeKey, int], undrawn: Mapping[str, int]) -> list[int]:
        """The counts as one number per type, in `self.types` order (year 0: not yet drawn)."""
        n = [0] * len(self.types)
        for t, v in types.items():
            n[self.type_index[t]] += v
        for g, v in undrawn.items():
            n[self.type_index[(g, 0, False)]] += v
        return n

    def feasible(self, types: Mapping[TypeKey, int], undrawn: Mapping[str, int]) -> bool:
        """`aggregate_ok(types, undrawn, lo, hi)`, decided by repairing the last feasible flow."""
        return self.feasible_vector(self.vector(types, undrawn))

    def feasible_vector(self, n: Sequence[int]) -> bool:
        """`feasible` for counts given as a `vector`; only the bounds that change are moved."""
        old_n, type_class, class_year = self.n, self.type_class, self.class_year
        old_k, old_total, hi = self.k, self.year_total, self.hi
        edges: set[int] = set()
        k = list(old_k)
        for ti, v in enumerate(n):
            if v != old_n[ti]:
                edges.update(self.by_type[ti])
                k[type_class[ti]] += v - old_n[ti]
        if not edges:
            return True
        year_total = dict(old_total)
        for ci, v in enumerate(k):
            if v != old_k[ci]:
                edges.update(self.by_class[ci])
                year_total[class_year[ci]] += v - old_k[ci]
                # Per unit, a type gives its same-group class min(hi, k - own), own = 0 or 1.
                if min(hi, v) != min(hi, old_k[ci]) or min(hi, v - 1) != min(hi, old_k[ci] - 1):
                    edges.update(self.same_edges[ci])
        for y, total in year_total.items():
            if total == old_total[y] and all(k[ci] == old_k[ci] for ci in self.year_classes[y]):
                continue
            for ci in self.year_classes[y]:
                # Per unit, a type gives the other groups' classes of year y min(hi, rest).
                if min(hi, total - k[ci]) != min(hi, old_total[y] - old_k[ci]):
                    edges.update(self.pool_edges[ci])
        lo, spec = self.lo, self.spec
        net_lo, net_hi = self.net.lo, self.net.hi
        bounds: dict[int, tuple[int, int]] = {}
        for e in edges:
            kind, ti, ci, own = spec[e]
            if kind == SUPPLY:
                a, b = n[ti] * lo, n[ti] * hi
            elif kind == SAME_EDGE:
                a, b = 0, n[ti] * max(0, min(hi, k[ci] - own))
            elif kind == POOL_EDGE:
                a, b = 0, n[ti] * max(0, min(hi, year_total[class_year[ci]] - k[ci]))
            elif kind == CROSS:
                a, b = 0, k[ci]
            else:
                a, b = k[ci], k[ci]
            if a != net_lo[e] or b != net_hi[e]:
                bounds[e] = (a, b)
        if not self.net.retune(bounds):
            return False
        self.n, self.k, self.year_total = list(n), k, year_total
        return True


class YearProblem:
    """The year allocations of one phase and the exact test of their completability."""

    def __init__(
        self,
        *,
        groups: Sequence[str],
        group_of: Mapping[str, str],
        parties: Mapping[str, Sequence[str]],
        deferring: Mapping[str, frozenset[str]],
        lo: int,
        hi: int,
    ) -> None:
        self.groups = list(groups)
        self.group_of = dict(group_of)
        self.members = {g: sorted(c for c in group_of if group_of[c] == g) for g in self.groups}
        self.lo, self.hi = lo, hi
        self.target = (len(self.group_of) + 1) // 2
        # Only instruments with deferring parties depend on the years (point 1 of the module).
        self.instruments = [
            i for i, members in parties.items() if any(i in deferring.get(c, ()) for c in members)
        ]
        self.party = {i: frozenset(parties[i]) for i in self.instruments}
        self.status: dict[str, tuple[tuple[bool, bool], ...]] = {
            c: tuple(
                (c in self.party[i], i in deferring.get(c, frozenset())) for i in self.instruments
            )
            for c in self.group_of
        }
        # Per instrument, one network for complete allocations and one for partial ones, so
        # each repairs from a flow of its own kind (a swap moves a handful of units).
        self._nets = [
            (AggregateNet(self.groups, lo, hi), AggregateNet(self.groups, lo, hi))
            for _ in self.instruments
        ]
        # Every network numbers the types alike; answers are remembered per instrument and
        # count vector (feasibility depends on nothing else, points 1-2 of the module).
        layout = self._nets[0][0] if self._nets else AggregateNet(self.groups, lo, hi)
        self._layout = layout
        self._undrawn_types = {layout.type_index[(g, 0, False)] for g in self.groups}
        self._cache: list[dict[tuple[int, ...], bool]] = [{} for _ in self.instruments]
        self._base: Mapping[str, int] | None = None
        self._base_vectors: list[list[int]] = []
        # Per State and instrument with deferrals: its type index in each year 0-4 (year 0: not
        # yet drawn), or None if it is not a party.
        self._type_at: dict[str, list[tuple[int, ...] | None]] = {}
        for c, status in self.status.items():
            g = self.group_of[c]
            self._type_at[c] = [
                tuple(layout.type_index[(g, y, defers and y > 0)] for y in (0, *YEARS))
                if party
                else None
                for party, defers in status
            ]

    # ------------------------------------------------------------ the tests

    def _ok(self, index: int, types: Mapping[TypeKey, int], undrawn: Mapping[str, int]) -> bool:
        return self._ok_vector(index, tuple(self._layout.vector(types, undrawn)))

    def _ok_vector(self, index: int, key: tuple[int, ...]) -> bool:
        cache = self._cache[index]
        found = cache.get(key)
        if found is None:
            partial = any(key[t] for t in self._undrawn_types)
            found = self._nets[index][1 if partial else 0].feasible_vector(key)
            cache[key] = found
        return found

    def _vector(self, index: int, years: Mapping[str, int]) -> list[int]:
        v = [0] * len(self._layout.types)
        for c in self.party[self.instruments[index]]:
            types = self._type_at[c][index]
            if types is not None:  # always: c is a party
                v[types[years[c]]] += 1
        return v

    def failing(
        self, years: Mapping[str, int], instruments: Sequence[str] | None = None
    ) -> str | None:
        """The first instrument (with deferrals) these complete years leave incompletable."""
        wanted = self.instruments if instruments is None else instruments
        for index, instrument in enumerate(self.instruments):
            if instrument not in wanted:
                continue
            if not self._ok_vector(index, tuple(self._vector(index, years))):
                return instrument
        return None

    def _swap_keys(
        self, base: Mapping[str, int], a: str, b: str
    ) -> list[tuple[int, tuple[int, ...]]]:
        """Per instrument for which a and b differ, the count vector of `base` with a, b swapped."""
        if self._base is not base:
            self._base = base
            self._base_vectors = [self._vector(n, base) for n in range(len(self.instruments))]
        ya, yb = base[a], base[b]
        sa, sb = self.status[a], self.status[b]
        ta, tb = self._type_at[a], self._type_at[b]
        keys = []
        for index, vector in enumerate(self._base_vectors):
            if sa[index] == sb[index]:
                continue
            v = list(vector)
            t = ta[index]
            if t is not None:
                v[t[ya]] -= 1
                v[t[yb]] += 1
            t = tb[index]
            if t is not None:
                v[t[yb]] -= 1
                v[t[ya]] += 1
            keys.append((index, tuple(v)))
        return keys

    def failing_swap(
        self, base: Mapping[str, int], a: str, b: str, instruments: Sequence[str]
    ) -> str | None:
        """`failing` for `base` (complete years) with the years of States a and b exchanged."""
        for index, key in self._swap_keys(base, a, b):
            instrument = self.instruments[index]
            if instrument in instruments and not self._ok_vector(index, key):
                return instrument
        return None

    def swap_partner(self, base: Mapping[str, int], a: str, partners: Sequence[str]) -> str | None:
        """The first of `partners` whose exchange of years with `a` keeps `base` completable.

        Exchanges already decided (same count vectors, so the same answer) are taken first,
        then the others are tested in order; None if none works.
        """
        untested = []
        for b in partners:
            keys = self._swap_keys(base, a, b)
            known = [self._cache[index].get(key) for index, key in keys]
            if all(known):
                return b
            if False not in known:
                untested.append((b, keys))
        for b, keys in untested:
            if all(self._ok_vector(index, key) for index, key in keys):
                return b
        return None

    def differing(self, a: str, b: str) -> list[str]:
        """The instruments (with deferrals) for which States a and b are not interchangeable."""
        sa, sb = self.status[a], self.status[b]
        return [i for n, i in enumerate(self.instruments) if sa[n] != sb[n]]

    # ------------------------------------------------------------ the exact search

    def complete(
        self,
        counts: Mapping[str, Pattern],
        fixed: Mapping[str, int],
        hint: Mapping[str, int],
        *,
        only: Sequence[str] | None = None,
    ) -> dict[str, int] | None:
        """A complete allocation extending `counts` and `fixed`, or None if none exists (exact).

        `hint` orders the search (its allocation, or the nearest, is tried first); `only`
        restricts the test to some instruments (to name the one that fails on its own).
        """
        active = [n for n, i in enumerate(self.instruments) if only is None or i in only]
        # Root relaxation: nothing placed but `fixed`.
        for n in active:
            types, undrawn = self._partial(n, fixed)
            if not self._ok(n, types, undrawn):
                return None
        free_groups = [g for g in self.groups if g not in counts]
        need = self.target - sum(p[0] + p[1] for p in counts.values())
        options: list[list[Pattern]] = []
        for g in free_groups:
            placed = [sum(1 for c in self.members[g] if fixed.get(c) == y) for y in YEARS]
            fits = [
                p
                for p in patterns(len(self.members[g]))
                if all(p[y] >= placed[y] for y in range(4))
            ]
            wanted = [sum(1 for c in self.members[g] if hint.get(c) == y) for y in YEARS]
            fits.sort(key=lambda p: (_distance(p, wanted), p))
            options.append(fits)
        spans = [
            (min((p[0] + p[1] for p in o), default=0), max((p[0] + p[1] for p in o), default=0))
            for o in options
        ]

        def choose(i: int, need: int, chosen: dict[str, Pattern]) -> dict[str, int] | None:
            if i == len(free_groups):
                return self._assign(chosen, fixed, hint, active) if need == 0 else None
            lo_rest = sum(s[0] for s in spans[i + 1 :])
            hi_rest = sum(s[1] for s in spans[i + 1 :])
            for p in options[i]:
                rest = need - p[0] - p[1]
                if lo_rest <= rest <= hi_rest:
                    found = choose(i + 1, rest, {**chosen, free_groups[i]: p})
                    if found is not None:
                        return found
            return None

        return choose(0, need, dict(counts))

    def _partial(
        self, n: int, placed: Mapping[str, int]
    ) -> tuple[dict[TypeKey, int], dict[str, int]]:
        instrument = self.instruments[n]
        types: dict[TypeKey, int] = {}
        undrawn: dict[str, int] = {}
        for c in self.party[instrument]:
            g = self.group_of[c]
            if c in placed:
                key = (g, placed[c], self.status[c][n][1])
                types[key] = types.get(key, 0) + 1
            else:
                undrawn[g] = undrawn.get(g, 0) + 1
        return types, undrawn

    def _assign(
        self,
        counts: Mapping[str, Pattern],
        fixed: Mapping[str, int],
        hint: Mapping[str, int],
        active: Sequence[int],
    ) -> dict[str, int] | None:
        free: dict[str, list[int]] = {}
        steps: list[tuple[str, tuple[tuple[bool, bool], ...], list[str]]] = []
        for g in self.groups:
            members = self.members[g]
            free[g] = [
                counts[g][y - 1] - sum(1 for c in members if fixed.get(c) == y) for y in YEARS
            ]
            if min(free[g]) < 0:
                return None
            classes: dict[tuple[tuple[bool, bool], ...], list[str]] = {}
            for c in members:
                if c in fixed:
                    continue
                status = tuple(self.status[c][n] for n in active)
                if any(party for party, _ in status):
                    classes.setdefault(status, []).append(c)
            # Most constrained first: deferring, then larger classes.
            order = sorted(
                classes.items(),
                key=lambda item: (-sum(d for _, d in item[0]), -len(item[1]), item[0]),
            )
            steps.extend((g, status, codes) for status, codes in order)
        # Aggregated state per active instrument: placed types and undrawn parties per group.
        types: list[dict[TypeKey, int]] = []
        undrawn: list[dict[str, int]] = []
        for n in active:
            t, u = self._partial(n, fixed)
            types.append(t)
            undrawn.append(u)
        failed: set[tuple[object, ...]] = set()
        plan: list[tuple[int, ...]] = []

        def signature(pos: int) -> tuple[object, ...]:
            g = steps[pos][0] if pos < len(steps) else ""
            return (
                pos,
                tuple(free[g]) if g else (),
                tuple(tuple(sorted((t, v) for t, v in ts.items() if v)) for ts in types),
            )

        def boundary_ok(pos: int) -> bool:
            return all(self._ok(n, types[j], undrawn[j]) for j, n in enumerate(active))

        def greedy() -> bool:
            caps = {g: list(free[g]) for g in free}
            for g, _, codes in steps:
                want = _spread(codes, hint)
                vector = next(_compositions(len(codes), caps[g], want), None)
                if vector is None:
                    return False
                for y in range(4):
                    caps[g][y] -= vector[y]
                plan.append(vector)
            leaf_types: list[dict[TypeKey, int]] = [dict(t) for t in types]
            leaf_undrawn: list[dict[str, int]] = [dict(u) for u in undrawn]
            for (g, status, _), vector in zip(steps, plan, strict=True):
                self._apply(g, status, vector, [0, 0, 0, 0], leaf_types, leaf_undrawn, active, +1)
            return all(self._ok(n, leaf_types[j], leaf_undrawn[j]) for j, n in enumerate(active))

        def walk(pos: int) -> bool:
            at_boundary = pos == len(steps) or (pos > 0 and steps[pos][0] != steps[pos - 1][0])
            if at_boundary and not boundary_ok(pos):
                return False
            if pos == len(steps):
                return True
            key = signature(pos)
            if key in failed:
                return False
            g, status, codes = steps[pos]
            want = _spread(codes, hint)
            for vector in _compositions(len(codes), free[g], want):
                self._apply(g, status, vector, free[g], types, undrawn, active, +1)
                plan.append(vector)
                if walk(pos + 1):
                    return True
                plan.pop()
                self._apply(g, status, vector, free[g], types, undrawn, active, -1)
            failed.add(key)
            return False

        # The leaf nearest the hint first, unpruned (usually it is the answer); then the search.
        if greedy():
            return self._materialise(fixed, hint, counts, steps, plan)
        plan.clear()
        if not walk(0):
            return None
        return self._materialise(fixed, hint, counts, steps, plan)

    def _apply(
        self,
        g: str,
        status: tuple[tuple[bool, bool], ...],
        vector: tuple[int, ...],
        free: list[int],
        types: list[dict[TypeKey, int]],
        undrawn: list[dict[str, int]],
        active: Sequence[int],
        sign: int,
    ) -> None:
        for y in range(4):
            free[y] -= sign * vector[y]
        total = sum(vector)
        for j in range(len(active)):
            party, defers = status[j]
            if not party:
                continue
            undrawn[j][g] = undrawn[j].get(g, 0) - sign * total
            for y in range(4):
                if vector[y]:
                    key = (g, y + 1, defers)
                    types[j][key] = types[j].get(key, 0) + sign * vector[y]

    def _materialise(
        self,
        fixed: Mapping[str, int],
        hint: Mapping[str, int],
        counts: Mapping[str, Pattern],
        steps: Sequence[tuple[str, tuple[tuple[bool, bool], ...], list[str]]],
        plan: Sequence[tuple[int, ...]],
    ) -> dict[str, int]:
        years = dict(fixed)
        left = {
            g: [
                counts[g][y - 1] - sum(1 for c in self.members[g] if fixed.get(c) == y)
                for y in YEARS
            ]
            for g in self.groups
        }

        def place(codes: Sequence[str], vector: list[int], g: str) -> None:
            rest = []
            for c in codes:  # keep the hint's year where the vector allows
                y = hint.get(c)
                if y is not None and vector[y - 1] > 0:
                    years[c] = y
                    vector[y - 1] -= 1
                    left[g][y - 1] -= 1
                else:
                    rest.append(c)
            for c in rest:
                y = next(y for y in YEARS if vector[y - 1] > 0)
                years[c] = y
                vector[y - 1] -= 1
                left[g][y - 1] -= 1

        for (g, _, codes), vector in zip(steps, plan, strict=True):
            place(codes, list(vector), g)
        for g in self.groups:
            rest = [c for c in self.members[g] if c not in years]
            place(rest, list(left[g]), g)
        return years


def _spread(codes: Sequence[str], hint: Mapping[str, int]) -> list[int]:
    """How many of `codes` `hint` places in each year 1-4."""
    out = [0, 0, 0, 0, 0]
    for c in codes:
        out[hint.get(c, 0)] += 1
    return out[1:]


def _distance(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def _compositions(
    total: int, caps: Sequence[int], want: Sequence[int]
) -> Iterator[tuple[int, ...]]:
    """Every split of `total` over the four years within `caps`, the nearest to `want` first.

    `want` itself, when it fits, is the only split at distance 0: it is given at once and the
    others are listed (and sorted) only if asked for.
    """
    first = tuple(want)
    fits = sum(first) == total and all(w <= c for w, c in zip(first, caps, strict=True))
    if fits:
        yield first
    out: list[tuple[int, ...]] = []
    for a in range(min(total, caps[0]) + 1):
        for b in range(min(total - a, caps[1]) + 1):
            for c in range(min(total - a - b, caps[2]) + 1):
                d = total - a - b - c
                if d <= caps[3]:
                    out.append((a, b, c, d))
    out.sort(key=lambda v: (_distance(v, want), v))
    for v in out:
        if not fits or v != first:
            yield v
