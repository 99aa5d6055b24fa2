"""Reading a browser screenshot in the tests: PNG bytes -> rows of RGB pixels, and the height of the ink in a box.

Why here and not Pillow: the browser tests need one thing from a
screenshot (how tall the text drawn in a label's box is, in screen pixels),
and a PNG of 8-bit RGB(A) is zlib plus five row filters.
"""

from __future__ import annotations

import struct
import zlib


def decode_png(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of (r, g, b) of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).

    >>> import base64
    >>> one = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
    >>> decode_png(one)
    [[(255, 0, 0)]]
    """
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        offset += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, channels)])  # type: ignore[misc]
        previous = line
    return rows


def ink_height(rows: list[list[tuple[int, int, int]]], darker_than: int = 110) -> int:
    """How many pixel rows, from the first to the last, hold a dark grey pixel (text ink, not a coloured shape)."""
    inked = [
        y
        for y, row in enumerate(rows)
        if any(max(r, g, b) < darker_than and max(r, g, b) - min(r, g, b) < 40 for r, g, b in row)
    ]
    return inked[-1] - inked[0] + 1 if inked else 0
