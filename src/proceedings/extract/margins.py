"""Margin furniture of a page's lines: review line numbers, running heads, page numbers.

In: each page's ``Line`` list (and the page heights). Out: the same lines without the margin
line numbers of review copies, and without lines repeated at the page edges across pages.
"""

from __future__ import annotations

import re
from collections import Counter

from .lines import Line

__all__ = ["drop_line_numbers", "strip_running"]


_NUMBER = re.compile(r"^\d{1,4}$")


def drop_line_numbers(lines: list[Line]) -> list[Line]:
    """Lines without the margin line numbers of review copies."""
    long = sorted(ln.x0 for ln in lines if len(ln.text) >= 30)
    if len(long) < 5:
        return lines
    left = long[len(long) // 20]
    right = sorted(ln.x1 for ln in lines if len(ln.text) >= 30)[-max(1, len(long) // 20)]
    sizes = sorted(ln.size for ln in lines if len(ln.text) >= 30)
    body = sizes[len(sizes) // 2]
    out: list[Line] = []
    for ln in lines:
        if _NUMBER.match(ln.text) and (
            ln.x0 < left - 4 or ln.x0 > right - 2 or ln.size < 0.7 * body
        ):
            continue
        first, last = ln.spans[0], ln.spans[-1]
        if not (first.x < left - 4 and _NUMBER.match(first.text.strip())) and not (
            len(ln.spans) > 1 and _NUMBER.match(last.text.strip())
        ):
            out.append(ln)  # no number at either end: the common case
            continue
        spans = list(ln.spans)
        while spans and _NUMBER.match(spans[0].text.strip()) and spans[0].x < left - 4:
            spans.pop(0)
        while len(spans) > 1 and _NUMBER.match(spans[-1].text.strip()):
            last, prev = spans[-1], spans[-2]
            on_baseline = abs(last.y - ln.y) < 0.15 * ln.size
            tiny = last.size < 0.65 * ln.size and on_baseline and last.x - prev.end > 4
            if not (last.x > right - 2 or tiny):
                break
            spans.pop()
        if len(spans) != len(ln.spans):
            if not spans:
                continue
            ln = Line(spans, ln.page).finish()
        out.append(ln)
    return out


_PAGE_NO = re.compile(r"^(page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(\s*(of|/)\s*\d{1,4})?$", re.I)
_ROMAN = re.compile(r"^[ivxlc]{1,6}$", re.I)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text.lower()))


def strip_running(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Pages without running headers/footers (lines repeated across pages) and page numbers."""
    edges: list[list[int]] = []
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        idx = _edge_indices(lines, height)
        edges.append(idx)
        counts.update({_key(lines[i].text) for i in idx})
    n = len(pages)
    need = max(2, int(0.4 * n + 0.5)) if n >= 3 else n + 1
    out: list[list[Line]] = []
    for lines, idx in zip(pages, edges, strict=True):
        sizes = sorted(ln.size for ln in lines)
        big = 1.15 * sizes[len(sizes) // 2] if sizes else 0.0
        drop = set()
        for i in idx:
            text = lines[i].text.strip()
            if lines[i].size > big:
                continue
            if _PAGE_NO.match(text) or _ROMAN.match(text) or counts[_key(text)] >= need:
                drop.add(i)
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    return out


def _edge_indices(lines: list[Line], height: float) -> list[int]:
    """Indices of the two top-most and two bottom-most lines that sit in the page margins."""
    if not lines:
        return []
    order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
    band = 0.12 * height if height > 0 else 90.0
    top = [i for i in order[:2] if height <= 0 or lines[i].y > height - band]
    bottom = [i for i in order[-2:] if lines[i].y < band]
    return sorted(set(top + bottom))
