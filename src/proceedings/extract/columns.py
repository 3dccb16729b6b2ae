"""Reading order: two-column pages whose content stream interleaves the columns.

In: a page's ``Line`` list and width. Out: the same lines in reading order.
"""

from __future__ import annotations

from itertools import pairwise

from .lines import Line

__all__ = ["column_order"]


def _side(line: Line, mid: float) -> str:
    if line.x0 >= mid - 4:
        return "R"
    if line.x1 <= mid * 1.2:
        return "L"
    return "W"


def column_order(lines: list[Line], width: float) -> list[Line]:
    """``lines`` in reading order.

    Content-stream order is kept unless it hops between the two columns of a page line by line
    (as some word processors write it); then each band between full-width lines is read left
    column first, top to bottom.
    """
    if width <= 0 or len(lines) < 12:
        return lines
    mid = width / 2
    sides = [_side(ln, mid) for ln in lines if len(ln.text) >= 20]
    left, right, wide = sides.count("L"), sides.count("R"), sides.count("W")
    if min(left, right) < 8 or wide > 0.2 * len(sides):
        return lines
    columns = [s for s in sides if s != "W"]
    hops = sum(1 for a, b in pairwise(columns) if a != b)
    if hops <= max(4, min(left, right) // 3):
        return lines
    out: list[Line] = []
    band: list[Line] = []
    for ln in sorted(lines, key=lambda ln: -ln.y):
        if _side(ln, mid) == "W":
            out += _read_band(band, mid)
            band = []
            out.append(ln)
        else:
            band.append(ln)
    return out + _read_band(band, mid)


def _read_band(band: list[Line], mid: float) -> list[Line]:
    left = [ln for ln in band if _side(ln, mid) == "L"]
    right = [ln for ln in band if _side(ln, mid) == "R"]
    return left + right
