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
