"""Where the nodes go: a seeded spring layout for small graphs, a near-linear one for large graphs.

Every per-node structure is an ``array`` (neighbours in one flat array with
offsets, positions as two arrays of doubles) and the occupied grid cells
one boolean array (:class:`kg.export.html.spiral.Cells`): at 100,000
articles the page has about 340,000 nodes, and a dict of position tuples,
a set of cell tuples and a list of neighbours per node were the largest
part of the layout's memory.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from collections.abc import Iterable
from typing import Protocol

from kg.export.html.spiral import Cells, cell, next_free
from kg.export.html.style import CELL_H, CELL_W, CORE_SIZE, LAYOUT_SEED, PHYSICS_NODE_LIMIT


class Adjacency:
    """Each node's distinct neighbours, sorted, in one flat array (compressed sparse rows).

    >>> adjacency = Adjacency(3, [(0, 1), (1, 0), (2, 2), (1, 2)])
    >>> [list(adjacency[i]) for i in range(3)], adjacency.degree(1)
    ([[1], [0, 2], [1]], 2)
    """

    def __init__(self, count: int, edges: Iterable[tuple[int, int]]) -> None:
        pairs = array("i")
        for source, target in edges:
            if source != target:
                pairs.append(source)
                pairs.append(target)
        starts = array("q", bytes(8 * (count + 1)))
        for node in pairs:
            starts[node + 1] += 1
        for i in range(count):
            starts[i + 1] += starts[i]
        flat = array("i", bytes(4 * len(pairs)))
        fill = array("q", starts[:count])
        for k in range(0, len(pairs), 2):
            source, target = pairs[k], pairs[k + 1]
            flat[fill[source]] = target
            fill[source] += 1
            flat[fill[target]] = source
            fill[target] += 1
        del pairs, fill
        # deduplicated and sorted node by node, compacted in place
        self._flat = flat
        self._starts = array("q", bytes(8 * (count + 1)))
        end = 0
        for i in range(count):
            distinct = sorted(set(flat[starts[i] : starts[i + 1]]))
            flat[end : end + len(distinct)] = array("i", distinct)
            end += len(distinct)
            self._starts[i + 1] = end
        del flat[end:]

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, node: int) -> array[int]:
        return self._flat[self._starts[node] : self._starts[node + 1]]

    def degree(self, node: int) -> int:
        return self._starts[node + 1] - self._starts[node]


class Positions(Protocol):
    """Where placed nodes are: a dict of points, or :class:`Placed`'s arrays."""

    def __contains__(self, node: object) -> bool: ...
    def __getitem__(self, node: int) -> tuple[float, float]: ...
    def __setitem__(self, node: int, point: tuple[float, float]) -> None: ...


class Placed:
    """The points of ``count`` nodes in two arrays of doubles, with a flag per node for whether it is placed yet."""

    def __init__(self, count: int) -> None:
        self.xs = array("d", bytes(8 * count))
        self.ys = array("d", bytes(8 * count))
        self.placed = bytearray(count)

    def __contains__(self, node: object) -> bool:
        return isinstance(node, int) and bool(self.placed[node])

    def __getitem__(self, node: int) -> tuple[float, float]:
        return self.xs[node], self.ys[node]

    def __setitem__(self, node: int, point: tuple[float, float]) -> None:
        self.xs[node], self.ys[node] = point
        self.placed[node] = 1

    def points(self) -> Iterable[tuple[float, float]]:
        """The placed nodes' points, in node order."""
        xs, ys = self.xs, self.ys
        return ((xs[i], ys[i]) for i, flag in enumerate(self.placed) if flag)


def place_nodes(count: int, edges: Iterable[tuple[int, int]]) -> tuple[array[float], array[float]]:
    """Deterministic ``x`` and ``y`` (CSS pixels, rounded) of nodes ``0 .. count-1``; ``edges`` are (from, to) node ids."""
    xs, ys = array("d", bytes(8 * count)), array("d", bytes(8 * count))
    if count == 0:
        return xs, ys
    adjacency = Adjacency(count, edges)
    placed = Placed(count)
    if count <= PHYSICS_NODE_LIMIT:
        # the page's physics relaxes this layout further, so a rougher start will do
        for i, point in _spring(list(range(count)), adjacency, scale=80.0 * math.sqrt(count) + 120.0, iterations=50).items():
            placed[i] = point
    else:
        _large_layout(adjacency, placed)
    for i in range(count):
        xs[i], ys[i] = round(placed.xs[i], 1), round(placed.ys[i], 1)
    return xs, ys


def _spring(members: list[int], adjacency: Adjacency, scale: float, iterations: int = 100) -> dict[int, tuple[float, float]]:
    """Seeded Fruchterman-Reingold (networkx, dense) over ``members``."""
    import networkx as nx  # deferred: importing networkx costs ~0.2 s

    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    inside = set(members)
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from((a, b) for a in members for b in adjacency[a] if a < b and b in inside)
    layout = nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=iterations, scale=scale, method="force")
    return {i: (float(layout[i][0]), float(layout[i][1])) for i in members}


def _large_layout(adjacency: Adjacency, positions: Placed) -> None:
    """Near-linear layout for graphs too big for physics.

    The best-connected nodes (news hubs: states, minerals, big agreements)
    get a spring layout; every other node goes, breadth first, on a
    sunflower spiral around its best-connected placed neighbour, at the
    first point whose grid cell is still free, so a leaf sits beside the hub
    it belongs to and no two nodes share a cell (no overlap to click
    through). Components that never reach the core are packed on shelves
    below.
    """
    count = len(adjacency)
    degree = array("i", (adjacency.degree(i) for i in range(count)))
    order = array("i", sorted(range(count), key=lambda i: (-degree[i], i)))
    core = list(order[:CORE_SIZE])
    core_positions = _spring(core, adjacency, scale=CELL_H * math.sqrt(count) * 0.55)
    occupied = Cells()
    for i in core:  # best connected first: the hubs the spring layout pulls onto one spot each get a cell of their own
        x, y = core_positions[i]
        positions[i] = _free_spot((x, y), occupied)
        occupied.add(cell(positions[i]))
    del core_positions
    cursor = array("i", bytes(4 * count))
    _grow(deque(core), adjacency, degree, positions, occupied, cursor)
    del occupied

    left = right = bottom = math.nan
    for x, y in positions.points():
        left, right, bottom = (x, x, y) if left != left else (min(left, x), max(right, x), max(bottom, y))
    shelf_y = bottom + 3 * CELL_H
    cursor_x, shelf_height = left, 0.0
    for root in order:
        if root in positions:
            continue
        local: dict[int, tuple[float, float]] = {root: (0.0, 0.0)}
        _grow(deque([root]), adjacency, degree, local, Cells([(0, 0)]), cursor)
        radius = max(max(abs(x), abs(y)) for x, y in local.values()) + CELL_W
        if cursor_x + 2 * radius > right and cursor_x > left:
            cursor_x, shelf_y, shelf_height = left, shelf_y + shelf_height, 0.0
        cx, cy = cursor_x + radius, shelf_y + radius
        for i, (x, y) in local.items():
            positions[i] = (cx + x, cy + y)
        cursor_x += 2 * radius
        shelf_height = max(shelf_height, 2 * radius)


def _free_spot(point: tuple[float, float], occupied: Cells) -> tuple[float, float]:
    """``point`` if its grid cell is free, else the centre of the nearest free cell (ring by ring)."""
    cx, cy = cell(point)
    if (cx, cy) not in occupied:
        return point
    ring = 1
    while True:
        cells = [(cx + dx, cy + dy) for dx in range(-ring, ring + 1) for dy in range(-ring, ring + 1) if max(abs(dx), abs(dy)) == ring]
        free = [c for c in cells if c not in occupied]
        if free:
            best = min(free, key=lambda c: ((c[0] - cx) ** 2 + (c[1] - cy) ** 2, c))
            return ((best[0] + 0.5) * CELL_W, (best[1] + 0.5) * CELL_H)
        ring += 1


def _grow(
    queue: deque[int],
    adjacency: Adjacency,
    degree: array[int],
    positions: Positions,
    occupied: Cells,
    cursor: array[int],
) -> None:
    """Breadth-first: put each unplaced neighbour on its anchor's spiral, in a free cell.

    ``cursor[anchor]`` remembers how far along its spiral an anchor got, so
    the search for free cells costs O(points tried) over the whole layout.
    """
    while queue:
        anchor = queue.popleft()
        ax, ay = positions[anchor]
        phase = (anchor * 0.618) % 1.0 * 2 * math.pi
        for other in sorted(adjacency[anchor], key=lambda i: (-degree[i], i)):
            if other in positions:
                continue
            k, point = next_free(ax, ay, phase, cursor[anchor], occupied)
            cursor[anchor] = k
            occupied.add(cell(point))
            positions[other] = point
            queue.append(other)
