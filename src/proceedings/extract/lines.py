"""Text runs grouped into lines, and the lines of one page.

In: a page's ``Span`` runs in content-stream order. Out: ``Line`` objects (spans sharing a
baseline, with the dominant size and the cleaned text), the page's ``PageText``, and the
``GapCells`` a reader finds where a baseline's text is cut by wide gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .char_fixes import clean_text, small_caps
from .glyphs import Span

__all__ = ["GapCells", "Line", "PageText", "group_lines", "join_spans"]


@dataclass(slots=True)
class Line:
    """Spans that share a baseline, in content-stream order."""

    spans: list[Span]
    page: int
    y: float = 0.0
    size: float = 0.0
    text: str = ""

    def finish(self) -> Line:
        weights: dict[float, int] = {}
        for s in self.spans:
            n = len(s.text.strip())
            if n:
                key = round(s.size, 1)
                weights[key] = weights.get(key, 0) + n
        self.size = max(weights, key=lambda k: (weights[k], k)) if weights else 0.0
        main = [s for s in self.spans if s.size >= self.size * 0.9 and s.text.strip()]
        self.y = main[0].y if main else self.spans[0].y
        self.text = clean_text(join_spans(self.spans))
        return self

    @property
    def x0(self) -> float:
        return min(s.x for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s.end for s in self.spans)

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
        if prev is not None and out and s.text and not s.text[0].isspace():
            last = out[-1]
            if prev.broke and last and not last[-1].isspace() and s.x - prev.end > 0.15 * prev.size:
                out.append(" ")
        out.append(s.text)
        prev = s
    return re.sub(r"\s+", " ", "".join(out)).strip()


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
    for s in spans:
        if cur:
            # max(base_size, min(s.size, base_size * 1.5), 1.0), as comparisons
            low = base_size * 1.5 if base_size * 1.5 < s.size else s.size
            high = low if low > base_size else base_size
            tol = 0.55 * (1.0 if high < 1.0 else high)
            prev = cur[-1]
            back = s.x < prev.x - 2.0
            end = prev.end
            gap = 2.5 * base_size
            if 0.15 * (end - prev.x) > gap:
                gap = 0.15 * (end - prev.x)
            far = s.x - end > gap
            far = far and s.size >= 0.85 * base_size
            if abs(s.y - base_y) <= tol and not back and not far:
                cur.append(s)
                if s.size > base_size * 1.1 and s.text.strip():
                    base_y, base_size = s.y, s.size
                continue
            lines.append(_line(cur, number))
        cur = [s]
        base_y, base_size = s.y, s.size
    if cur:
        lines.append(_line(cur, number))
    return [ln for ln in lines if ln.text]


def _line(spans: list[Span], number: int) -> Line:
    if len(spans) > 1 and max(s.size for s in spans) > 1.1 * min(s.size for s in spans):
        texts = small_caps(
            [s.text for s in spans],
            [s.size for s in spans],
            [s.font for s in spans],
            [s.y for s in spans],
        )
        for s, t in zip(spans, texts, strict=True):
            if t != s.text:
                s.text, s.caps = t, True
    return Line(spans, number).finish()
