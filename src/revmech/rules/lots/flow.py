"""Exact completability: transportation with lower bounds, solved as a maximum flow (P&R 20, 21).

Reviewers (or classes of identical reviewers) supply between `lo` and `hi` reviews; classes of
seats (regional group, year, same-group or other-group) demand exactly their number of open
seats; `caps[(r, c)]` bounds what reviewer `r` may give to class `c` (0 or absent: ineligible).
`feasible_flow` returns one feasible integral assignment, or None when there is none.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence


class _Dinic:
    def __init__(self, size: int) -> None:
        self.size = size
        self.head: list[list[int]] = [[] for _ in range(size)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def add(self, a: int, b: int, cap: int) -> int:
        self.head[a].append(len(self.to))
        self.to.append(b)
        self.cap.append(cap)
        self.head[b].append(len(self.to))
        self.to.append(a)
        self.cap.append(0)
        return len(self.to) - 2

    def maxflow(self, s: int, t: int) -> int:
        total = 0
        to, cap, head = self.to, self.cap, self.head
        while True:
            level = [-1] * self.size
            level[s] = 0
            queue = deque([s])
            while queue:
                v = queue.popleft()
                for e in head[v]:
                    if cap[e] > 0 and level[to[e]] < 0:
                        level[to[e]] = level[v] + 1
                        queue.append(to[e])
            if level[t] < 0:
                return total
            it = [0] * self.size

            def push(v: int, f: int, level: list[int] = level, it: list[int] = it) -> int:
                # Multi-path: keep pushing from v until f is spent or v is blocked.
                if v == t:
                    return f
                edges = head[v]
                done = 0
                nxt = level[v] + 1
                while it[v] < len(edges):
                    e = edges[it[v]]
                    w = to[e]
                    c = cap[e]
                    if c > 0 and level[w] == nxt:
                        got = push(w, min(f - done, c))
                        if got:
                            cap[e] -= got
                            cap[e ^ 1] += got
                            done += got
                            if done == f:
                                return done
                    it[v] += 1
                return done

            total += push(s, 1 << 30)


def feasible_flow(
    bounds: Sequence[tuple[int, int]],
    demands: Sequence[int],
    caps: Mapping[tuple[int, int], int],
) -> dict[tuple[int, int], int] | None:
    """A flow giving each class exactly its demand within every reviewer's [lo, hi], or None."""
    n_r, n_c = len(bounds), len(demands)
    if any(lo > hi for lo, hi in bounds):
        return None
    # Nodes: S, T, reviewers, classes, super source X, super sink Y.
    src, snk = 0, 1
    base_c = 2 + n_r
    x, y = base_c + n_c, base_c + n_c + 1
    net = _Dinic(y + 1)
    need = 0
    for r, (lo, hi) in enumerate(bounds):
        if hi > lo:
            net.add(src, 2 + r, hi - lo)
        if lo:
            net.add(x, 2 + r, lo)
            need += lo
    total_lo = sum(lo for lo, _ in bounds)
    if total_lo:
        net.add(src, y, total_lo)
    total_demand = sum(demands)
    for c, d in enumerate(demands):
        if d:
            net.add(base_c + c, y, d)
            need += d
    if total_demand:
        net.add(x, snk, total_demand)
    net.add(snk, src, 1 << 30)
    edge_of: dict[tuple[int, int], int] = {}
    for (r, c), cap in caps.items():
        if cap > 0 and demands[c] > 0:
            edge_of[(r, c)] = net.add(2 + r, base_c + c, cap)
    if net.maxflow(x, y) != need:
        return None
    flows: dict[tuple[int, int], int] = {}
    for key, e in edge_of.items():
        used = net.cap[e ^ 1]
        if used:
            flows[key] = used
    return flows


def feasible_bounded(
    size: int,
    supplies: Sequence[tuple[int, int, int]],
    demands: Sequence[tuple[int, int]],
    edges: Sequence[tuple[int, int, int]],
) -> bool:
    """Whether a flow exists on nodes ``0..size-1`` with the given supplies and demands.

    `supplies` are ``(node, lo, hi)``: the node emits between lo and hi units; `demands` are
    ``(node, d)``: the node absorbs exactly d; `edges` are ``(a, b, cap)``. Solved by the
    super-source/super-sink reduction of lower bounds, as `feasible_flow`.
    """
    src, snk, x, y = size, size + 1, size + 2, size + 3
    net = _Dinic(size + 4)
    need = 0
    total_lo = 0
    for node, lo, hi in supplies:
        if lo > hi:
            return False
        if hi > lo:
            net.add(src, node, hi - lo)
        if lo:
            net.add(x, node, lo)
            total_lo += lo
    total_demand = 0
    for node, d in demands:
        if d:
            net.add(node, y, d)
            total_demand += d
    if total_lo:
        net.add(src, y, total_lo)
    if total_demand:
        net.add(x, snk, total_demand)
    net.add(snk, src, 1 << 30)
    for a, b, cap in edges:
        if cap > 0:
            net.add(a, b, cap)
    need = total_lo + total_demand
    return net.maxflow(x, y) == need


BIG = 1 << 30


class Circulation:
    """A circulation with lower and upper bounds on its edges, kept feasible as bounds change.

    Nodes are ``0..size-1``; edges are added with bounds [0, 0], so the zero flow is feasible at
    the start. `retune` sets new bounds on some edges and returns whether a feasible circulation
    exists for them (Hoffman's condition, decided exactly): the current flow is clamped into the
    new bounds, and the imbalance this leaves is routed from the nodes with too much inflow to
    the nodes with too little along augmenting paths of the residual graph (a maximum flow from
    excesses to deficits). When the imbalance is large the circulation is solved from scratch
    (lower-bound reduction, Dinic). On failure nothing changes. Small changes to a feasible
    circulation therefore cost a few breadth-first searches instead of a whole maximum flow.
    """

    #: Above this total imbalance, `retune` solves from scratch.
    REBUILD = 200

    def __init__(self, size: int) -> None:
        self.size = size
        self.tail: list[int] = []
        self.head: list[int] = []
        self.lo: list[int] = []
        self.hi: list[int] = []
        self.flow: list[int] = []
        self.out: list[list[int]] = [[] for _ in range(size)]
        self.into: list[list[int]] = [[] for _ in range(size)]

    def add(self, a: int, b: int) -> int:
        e = len(self.tail)
        self.tail.append(a)
        self.head.append(b)
        self.lo.append(0)
        self.hi.append(0)
        self.flow.append(0)
        self.out[a].append(e)
        self.into[b].append(e)
        return e

    def retune(self, bounds: Mapping[int, tuple[int, int]]) -> bool:
        """Give the edges in `bounds` their new (lo, hi); False (nothing changed) if infeasible."""
        lo, hi, flow, tail, head = self.lo, self.hi, self.flow, self.tail, self.head
        undo = [(e, lo[e], hi[e], flow[e]) for e in bounds]
        imbalance: dict[int, int] = {}  # inflow - outflow
        for e, (a, b) in bounds.items():
            if a > b:
                self._undo(undo, {})
                return False
            lo[e], hi[e] = a, b
            f = flow[e]
            g = a if f < a else b if f > b else f
            if g != f:
                flow[e] = g
                imbalance[head[e]] = imbalance.get(head[e], 0) + g - f
                imbalance[tail[e]] = imbalance.get(tail[e], 0) - g + f
        excess = {v: x for v, x in imbalance.items() if x > 0}
        deficit = {v: -x for v, x in imbalance.items() if x < 0}
        if not excess:
            return True
        if sum(excess.values()) > self.REBUILD:
            if self._solve():
                return True
            self._undo(undo, {})
            return False
        touched: dict[int, int] = {}
        if self._route(excess, deficit, touched):
            return True
        self._undo(undo, touched)
        return False

    def _undo(self, undo: Sequence[tuple[int, int, int, int]], touched: Mapping[int, int]) -> None:
        for e, f in touched.items():
            self.flow[e] = f
        for e, a, b, f in undo:
            self.lo[e], self.hi[e], self.flow[e] = a, b, f

    def _route(
        self, excess: dict[int, int], deficit: dict[int, int], touched: dict[int, int]
    ) -> bool:
        """Augment from `excess` to `deficit` nodes until balanced; False if stuck (exact)."""
        lo, hi, flow, tail, head, out, into = (
            self.lo,
            self.hi,
            self.flow,
            self.tail,
            self.head,
            self.out,
            self.into,
        )
        while excess:
            start = len(tail)  # no edge has this number
            parent: dict[int, int] = dict.fromkeys(excess, start)  # edge used, ~e if backwards
            queue = deque(excess)
            end = -1
            while queue and end < 0:
                v = queue.popleft()
                for e in out[v]:
                    w = head[e]
                    if w not in parent and flow[e] < hi[e]:
                        parent[w] = e
                        if w in deficit:
                            end = w
                            break
                        queue.append(w)
                if end >= 0:
                    break
                for e in into[v]:
                    w = tail[e]
                    if w not in parent and flow[e] > lo[e]:
                        parent[w] = ~e
                        if w in deficit:
                            end = w
                            break
                        queue.append(w)
            if end < 0:
                return False
            # Bottleneck along the path back to its start.
            amount = deficit[end]
            path = []
            v = end
            while parent[v] != start:
                e = parent[v]
                if e >= 0:
                    amount = min(amount, hi[e] - flow[e])
                    v = tail[e]
                else:
                    amount = min(amount, flow[~e] - lo[~e])
                    v = head[~e]
                path.append(e)
            amount = min(amount, excess[v])
            for e in path:
                x = e if e >= 0 else ~e
                if x not in touched:
                    touched[x] = flow[x]
                flow[x] += amount if e >= 0 else -amount
            excess[v] -= amount
            if not excess[v]:
                del excess[v]
            deficit[end] -= amount
            if not deficit[end]:
                del deficit[end]
        return True

    def _solve(self) -> bool:
        """A feasible circulation from scratch (lower-bound reduction, Dinic); False if none."""
        n = self.size
        x, y = n, n + 1
        net = _Dinic(n + 2)
        balance = [0] * n
        ids = []
        for e in range(len(self.tail)):
            a, b, lo, hi = self.tail[e], self.head[e], self.lo[e], self.hi[e]
            ids.append(net.add(a, b, hi - lo) if hi > lo else -1)
            if lo:
                balance[b] += lo
                balance[a] -= lo
        need = 0
        for v, bal in enumerate(balance):
            if bal > 0:
                net.add(x, v, bal)
                need += bal
            elif bal < 0:
                net.add(v, y, -bal)
        if net.maxflow(x, y) != need:
            return False
        for e, i in enumerate(ids):
            self.flow[e] = self.lo[e] + (net.cap[i ^ 1] if i >= 0 else 0)
        return True
