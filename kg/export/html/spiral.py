"""The large layout's inner loop: the first free grid cell along a node's sunflower spiral, many points at a time.

Why: a node placed deep inside a hub's filled disk must walk its spiral
out of the disk before it finds a free cell, and the disk grows with the
corpus, so trying one point at a time cost time quadratic in the corpus
(2.4 million points tried at 10,000 replayed articles, 20 million at
30,000: most of the page's time at 100,000). After a few points tried
one by one, blocks of points are computed with numpy and only those whose
cell may be free are tried exactly, in order, with the same arithmetic as
before, so every node lands on the same point, to the bit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from kg.export.html.style import CELL_H, CELL_W, GOLDEN_ANGLE

#: The spiral around an anchor is round (same step across and down), so a
#: large graph fills a round area, which a canvas of any shape shows at a
#: larger scale than the wide ellipse an anisotropic spiral makes; the grid
#: cells (wide, for labels) still keep every node apart.
SPIRAL_STEP = math.sqrt(CELL_W * CELL_H)
_RADIUS_STEP = 0.62 * SPIRAL_STEP
#: Points tried one by one before blocks: most nodes find a free cell within a few.
PLAIN_TRIES = 16
FIRST_BLOCK, LARGEST_BLOCK = 256, 1 << 16
#: A point this close (in cells) to a cell's edge is tried exactly whatever numpy says: its sine and cosine may differ from libm's in the last bits.
EDGE = 1e-6

Cell = tuple[int, int]


def cell(point: tuple[float, float]) -> Cell:
    """The grid cell (column, row) a point lies in."""
    return (math.floor(point[0] / CELL_W), math.floor(point[1] / CELL_H))


def spiral_point(ax: float, ay: float, phase: float, k: int) -> tuple[float, float]:
    """Point ``k`` of the spiral around (``ax``, ``ay``): the exact arithmetic every placed point comes from."""
    radius, angle = _RADIUS_STEP * math.sqrt(k), phase + k * GOLDEN_ANGLE
    return (ax + radius * math.cos(angle), ay + radius * math.sin(angle))


class Cells:
    """The occupied grid cells, as a boolean array that grows to hold them (so a block of points is looked up at once).

    >>> cells = Cells([(0, 0)])
    >>> cells.add((-3, 5)); (0, 0) in cells, (-3, 5) in cells, (1, 0) in cells, (900, -900) in cells
    (True, True, False, False)
    """

    def __init__(self, cells: Iterable[Cell] = ()) -> None:
        import numpy as np  # deferred: only large layouts need it

        self._np = np
        self._grid: Any = np.zeros((0, 0), dtype=bool)
        self._col0 = self._row0 = 0
        for found in cells:
            self.add(found)

    def __contains__(self, found: object) -> bool:
        if not isinstance(found, tuple):
            return False
        col, row = found[0] - self._col0, found[1] - self._row0
        return 0 <= col < self._grid.shape[0] and 0 <= row < self._grid.shape[1] and bool(self._grid[col, row])

    def add(self, found: Cell) -> None:
        col, row = found[0] - self._col0, found[1] - self._row0
        if not (0 <= col < self._grid.shape[0] and 0 <= row < self._grid.shape[1]):
            self._grow(found)
            col, row = found[0] - self._col0, found[1] - self._row0
        self._grid[col, row] = True

    def _grow(self, found: Cell) -> None:
        """Make room for ``found``, doubling the span on the side it lies (so growth costs amortised O(1) per cell)."""
        np = self._np
        width, height = self._grid.shape
        low_col = min(self._col0, found[0] - max(width, 16)) if found[0] < self._col0 else self._col0
        low_row = min(self._row0, found[1] - max(height, 16)) if found[1] < self._row0 else self._row0
        high_col = max(self._col0 + width, found[0] + 1 + max(width, 16)) if found[0] >= self._col0 + width else self._col0 + width
        high_row = max(self._row0 + height, found[1] + 1 + max(height, 16)) if found[1] >= self._row0 + height else self._row0 + height
        grid = np.zeros((high_col - low_col, high_row - low_row), dtype=bool)
        grid[self._col0 - low_col : self._col0 - low_col + width, self._row0 - low_row : self._row0 - low_row + height] = self._grid
        self._grid, self._col0, self._row0 = grid, low_col, low_row

    def taken(self, cols: Any, rows: Any) -> Any:
        """For arrays of columns and rows (integral floats), whether each cell is occupied (outside the grid: free)."""
        np = self._np
        c = cols.astype(np.int64) - self._col0
        r = rows.astype(np.int64) - self._row0
        inside = (c >= 0) & (c < self._grid.shape[0]) & (r >= 0) & (r < self._grid.shape[1])
        result = np.zeros(c.shape, dtype=bool)
        result[inside] = self._grid[c[inside], r[inside]]
        return result


def next_free(ax: float, ay: float, phase: float, k: int, occupied: Cells) -> tuple[int, tuple[float, float]]:
    """The first ``k' > k`` whose spiral point lies in a free cell, and that point: what trying ``k + 1``, ``k + 2``, … one by one finds."""
    for _ in range(PLAIN_TRIES):
        k += 1
        point = spiral_point(ax, ay, phase, k)
        if cell(point) not in occupied:
            return k, point
    np = occupied._np
    block = FIRST_BLOCK
    while True:
        ks = np.arange(k + 1, k + 1 + block, dtype=np.float64)
        radius = _RADIUS_STEP * np.sqrt(ks)
        angle = phase + ks * GOLDEN_ANGLE
        fx = (ax + radius * np.cos(angle)) / CELL_W
        fy = (ay + radius * np.sin(angle)) / CELL_H
        cols, rows = np.floor(fx), np.floor(fy)
        near_edge = (fx - cols < EDGE) | (cols + 1 - fx < EDGE) | (fy - rows < EDGE) | (rows + 1 - fy < EDGE)
        for i in np.flatnonzero(near_edge | ~occupied.taken(cols, rows)).tolist():
            point = spiral_point(ax, ay, phase, k + 1 + i)
            if cell(point) not in occupied:
                return k + 1 + i, point
        k += block
        block = min(2 * block, LARGEST_BLOCK)
