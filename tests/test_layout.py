"""The large layout's spiral search: blocks of points tried with numpy find exactly what trying them one by one finds."""

from __future__ import annotations

import math

from kg.export.html.layout import Adjacency, place_nodes
from kg.export.html.spiral import Cells, cell, next_free, spiral_point


def _one_by_one(ax: float, ay: float, phase: float, k: int, occupied: Cells) -> tuple[int, tuple[float, float]]:
    while True:
        k += 1
        point = spiral_point(ax, ay, phase, k)
        if cell(point) not in occupied:
            return k, point


def test_next_free_leaves_a_filled_disk_where_one_by_one_search_does():
    occupied = Cells()
    for col in range(-60, 61):
        for row in range(-120, 121):
            if (col * 2.2) ** 2 + row**2 < 110**2 and (col, row) != (17, -40):  # one hole inside the disk
                occupied.add((col, row))
    for ax, ay, phase, k in [(0.0, 0.0, 0.3, 0), (512.5, -77.25, 4.1, 3), (-3000.0, 2500.0, 1.0, 40), (0.0, 0.0, 2.0, 10_000)]:
        found = next_free(ax, ay, phase, k, occupied)
        assert found == _one_by_one(ax, ay, phase, k, occupied)
        assert cell(found[1]) not in occupied
    far = next_free(0.0, 0.0, 0.3, 0, occupied)
    assert far[0] > 1_000  # the search left the disk (or found the hole) through blocks, not the first few tries


def test_cells_grow_on_every_side_and_answer_blocks():
    import numpy as np

    cells = Cells([(0, 0)])
    for found in [(-500, 3), (700, -2), (5, 900), (-1, -800)]:
        cells.add(found)
    assert all(c in cells for c in [(0, 0), (-500, 3), (700, -2), (5, 900), (-1, -800)])
    assert (1, 1) not in cells and (10_000, 0) not in cells and "x" not in cells
    taken = cells.taken(np.array([0.0, -500.0, 1.0, 99_999.0]), np.array([0.0, 3.0, 1.0, 0.0]))
    assert taken.tolist() == [True, True, False, False]


def test_adjacency_is_distinct_sorted_neighbours_without_loops():
    adjacency = Adjacency(4, [(0, 2), (2, 0), (0, 1), (3, 3), (0, 2)])
    assert [list(adjacency[i]) for i in range(4)] == [[1, 2], [0], [0], []]
    assert [adjacency.degree(i) for i in range(4)] == [2, 1, 1, 0]


def test_a_star_of_thousands_is_placed_in_distinct_cells():
    count = 3_000
    xs, ys = place_nodes(count, [(0, i) for i in range(1, count)] + [(i, i + 1) for i in range(1, count - 1, 7)])
    points = list(zip(xs, ys, strict=True))
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(set(points)) == count  # (rounded to 0.1 px, a point may cross its cell's edge, so distinct points, not cells)
