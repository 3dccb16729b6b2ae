"""Text runs grouped into lines, and the lines of one page.

In: a page's ``Span`` runs in content-stream order. Out: ``Line`` objects (spans sharing a
baseline, with the dominant size and the cleaned text), the page's ``PageText``, and the
``GapCells`` a reader finds where a baseline's text is cut by wide gaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .char_fixes import clean_text, small_caps
from .glyphs import Span

__all__ = ["GapCells", "Line", "PageText", "group_lines", "join_spans"]


@dataclass(slots=True)
class Line:
    """Spans that share a baseline, in content-stream order; ``finish`` sets the rest."""

    spans: list[Span]
    page: int
    y: float = 0.0
    size: float = 0.0
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0

    def finish(self) -> Line:
        """The dominant size, its baseline, the cleaned text and the left and right edges."""
        spans = self.spans
        first = spans[0]
        if len(spans) == 1:
            # one span: its size (rounded) dominates, and its baseline is the line's
            self.size = round(first.size, 1) if first.text.strip() else 0.0
            self.y = first.y
            self.x0 = first.x
            self.x1 = first.end
            self.text = clean_text(join_spans(spans))
            return self
        weights: dict[float, int] = {}
        size = key = math.nan
        for s in spans:
            n = len(s.text.strip())
            if n:
                if s.size != size:  # runs of one line mostly share a size: round it once
                    size = s.size
                    key = round(size, 1)
                weights[key] = weights.get(key, 0) + n
        if len(weights) > 1:
            self.size = max(weights, key=lambda k: (weights[k], k))
        else:
            self.size = next(iter(weights)) if weights else 0.0
        low = self.size * 0.9
        self.y = next((s.y for s in spans if s.size >= low and s.text.strip()), first.y)
        self.x0 = min([s.x for s in spans])
        self.x1 = max([s.end for s in spans])
        self.text = clean_text(join_spans(spans))
        return self

    @property
    def bold(self) -> bool:
        chars = [(s.bold, len(s.text.strip())) for s in self.spans]
        total = sum(n for _, n in chars)
        return total > 0 and sum(n for b, n in chars if b) >= 0.8 * total

    @property
    def caps(self) -> bool:
        """Whether the line is set in (faked) small capitals."""
        return any(s.caps for s in self.spans)

    @property
    def font(self) -> str:
        best = max(self.spans, key=lambda s: len(s.text.strip()))
        return best.font


def join_spans(spans: list[Span]) -> str:
    """The text of ``spans``, with a space where a run broke before a visible gap."""
    out: list[str] = []
    prev: Span | None = None
    for s in spans:
        text = s.text
        if prev is not None and prev.broke and text and not text[0].isspace():
            last = prev.text
            if last and not last[-1].isspace() and s.x - prev.end > 0.15 * prev.size:
                out.append(" ")
        out.append(text)
        prev = s
    return " ".join("".join(out).split())


@dataclass(slots=True)
class PageText:
    """The lines of one page in content-stream order, plus rotated text (margin stamps)."""

    number: int
    lines: list[Line]
    rotated: list[str]
    width: float
    height: float


@dataclass(slots=True)
class GapCells:
    """Parts of one baseline's text separated by wide gaps, with offsets from its start."""

    y: float
    parts: list[str]
    starts: list[float]
    ends: list[float]


def group_lines(spans: list[Span], number: int) -> list[Line]:
    """The non-empty lines of page ``number``: runs in stream order that share a baseline.

    A run starts a new line when it leaves the baseline, steps back to the left, or sits
    far to the right of the previous run.
    """
    lines: list[Line] = []
    cur: list[Span] = []
    base_y = 0.0
    base_size = 0.0
    prev_x = 0.0
    prev_end = 0.0
    for s in spans:
        size = s.size
        x = s.x
        if cur:
            # max(base_size, min(s.size, base_size * 1.5), 1.0), as comparisons
            low = base_size * 1.5 if base_size * 1.5 < size else size
            high = low if low > base_size else base_size
            tol = 0.55 * (1.0 if high < 1.0 else high)
            if abs(s.y - base_y) <= tol and not x < prev_x - 2.0:
                gap = 2.5 * base_size
                if 0.15 * (prev_end - prev_x) > gap:
                    gap = 0.15 * (prev_end - prev_x)
                if not (x - prev_end > gap and size >= 0.85 * base_size):
                    cur.append(s)
                    if size > base_size * 1.1 and s.text.strip():
                        base_y, base_size = s.y, size
                    prev_x, prev_end = x, s.end
                    continue
            lines.append(_line(cur, number))
        cur = [s]
        base_y, base_size = s.y, size
        prev_x, prev_end = x, s.end
    if cur:
        lines.append(_line(cur, number))
    return [ln for ln in lines if ln.text]


def _line(spans: list[Span], number: int) -> Line:
    if len(spans) > 1:
        sizes = [s.size for s in spans]
        if max(sizes) > 1.1 * min(sizes):
            texts = small_caps(
                [s.text for s in spans], sizes, [s.font for s in spans], [s.y for s in spans]
            )
            for s, t in zip(spans, texts, strict=True):
                if t != s.text:
                    s.text, s.caps = t, True
    return Line(spans, number).finish()
