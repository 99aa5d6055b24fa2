"""Where the nodes go: a seeded spring layout for small graphs, a near-linear one for large graphs."""

from __future__ import annotations

import math
from collections import deque
from typing import Any

from kg.export.html.style import CELL_H, CELL_W, CORE_SIZE, GOLDEN_ANGLE, LAYOUT_SEED, PHYSICS_NODE_LIMIT

#: The spiral around an anchor is round (same step across and down), so a
#: large graph fills a round area, which a canvas of any shape shows at a
#: larger scale than the wide ellipse an anisotropic spiral makes; the grid
#: cells (wide, for labels) still keep every node apart.
SPIRAL_STEP = math.sqrt(CELL_W * CELL_H)


def place_nodes(nodes: list[dict[str, Any]], edges: list[tuple[int, int]]) -> None:
    """Give every node a deterministic ``x``/``y`` in CSS pixels (rounded); ``edges`` are (from, to) node ids."""
    count = len(nodes)
    if count == 0:
        return
    # lists, deduplicated one node at a time: a set per node was most of the layout's memory for a large graph
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for source, target in edges:
        if source != target:
            neighbours[source].append(target)
            neighbours[target].append(source)
    adjacency = neighbours
    for i, found in enumerate(neighbours):
        adjacency[i] = sorted(set(found))
    if count <= PHYSICS_NODE_LIMIT:
        # the page's physics relaxes this layout further, so a rougher start will do
        positions = _spring(list(range(count)), adjacency, scale=80.0 * math.sqrt(count) + 120.0, iterations=50)
    else:
        positions = _large_layout(adjacency)
    for node in nodes:
        x, y = positions[node["id"]]
        node["x"], node["y"] = round(x, 1), round(y, 1)


def _spring(members: list[int], adjacency: list[list[int]], scale: float, iterations: int = 100) -> dict[int, tuple[float, float]]:
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


def _large_layout(adjacency: list[list[int]]) -> dict[int, tuple[float, float]]:
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
    degree = [len(a) for a in adjacency]
    order = sorted(range(count), key=lambda i: (-degree[i], i))
    core = order[:CORE_SIZE]
    core_positions = _spring(core, adjacency, scale=CELL_H * math.sqrt(count) * 0.55)
    positions: dict[int, tuple[float, float]] = {}
    occupied: set[tuple[int, int]] = set()
    for i in core:  # best connected first: the hubs the spring layout pulls onto one spot each get a cell of their own
        x, y = core_positions[i]
        positions[i] = _free_spot((x, y), occupied)
        occupied.add(_cell(positions[i]))
    cursor = [0] * count
    _grow(deque(core), adjacency, degree, positions, occupied, cursor)

    left, right = min(p[0] for p in positions.values()), max(p[0] for p in positions.values())
    shelf_y = max(p[1] for p in positions.values()) + 3 * CELL_H
    cursor_x, shelf_height = left, 0.0
    for root in order:
        if root in positions:
            continue
        local: dict[int, tuple[float, float]] = {root: (0.0, 0.0)}
        _grow(deque([root]), adjacency, degree, local, {(0, 0)}, cursor)
        radius = max(max(abs(x), abs(y)) for x, y in local.values()) + CELL_W
        if cursor_x + 2 * radius > right and cursor_x > left:
            cursor_x, shelf_y, shelf_height = left, shelf_y + shelf_height, 0.0
        cx, cy = cursor_x + radius, shelf_y + radius
        for i, (x, y) in local.items():
            positions[i] = (cx + x, cy + y)
        cursor_x += 2 * radius
        shelf_height = max(shelf_height, 2 * radius)
    return positions


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return (math.floor(point[0] / CELL_W), math.floor(point[1] / CELL_H))


def _free_spot(point: tuple[float, float], occupied: set[tuple[int, int]]) -> tuple[float, float]:
    """``point`` if its grid cell is free, else the centre of the nearest free cell (ring by ring)."""
    cx, cy = _cell(point)
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
    adjacency: list[list[int]],
    degree: list[int],
    positions: dict[int, tuple[float, float]],
    occupied: set[tuple[int, int]],
    cursor: list[int],
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
            k = cursor[anchor]
            while True:
                k += 1
                radius, angle = 0.62 * SPIRAL_STEP * math.sqrt(k), phase + k * GOLDEN_ANGLE
                point = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
                if _cell(point) not in occupied:
                    break
            cursor[anchor] = k
            occupied.add(_cell(point))
            positions[other] = point
            queue.append(other)
