"""pdfium's text objects (runs) as the layout model reads them: spans and wide gaps.

In: the runs of one page in content-stream order (text, origin, size, font, right edge,
``Tf`` size), and for page 1 each object's glyphs with their edges. Out: pypdf-like ``Span``s
(consecutive runs in one font, ``Tf`` size and baseline merged, TeX accents joined to their
letters, spaces where pypdf would report them) and the ``GapCells`` of wide gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from .char_fixes import SPACING_ACCENTS, clean_text
from .glyphs import Span
from .lines import GapCells

__all__ = ["Glyph", "Run", "gap_cells_of", "spans_of"]

Glyph = tuple[str, float, float]


@dataclass(slots=True)
class Run:
    """One text object: its text, origin, size, font, right edge, ``Tf`` size and handle."""

    text: str
    x: float
    y: float
    size: float
    font: str
    right: float
    tf: float
    key: int


class _SpanBuilder:
    """Spans being built from runs: each span's raw text, right edge and ``Tf`` size."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.raw: list[str] = []
        self.ends: list[float] = []
        self.tfs: list[float] = []

    def space(self, broke: bool) -> None:
        """A run of spaces: the last span breaks the line, or ends with a space."""
        if not self.spans:
            return
        if broke:
            self.spans[-1].broke = True
        elif not self.raw[-1].endswith(" "):
            self.raw[-1] += " "

    def merge(self, r: Run, broke: bool) -> bool:
        """Whether ``r`` continues the last span: same font and ``Tf``, baseline, no gap."""
        if not self.spans:
            return False
        prev = self.spans[-1]
        size = r.size
        gap = r.x - self.ends[-1]
        # the gap first: most runs are the next word, a word space away
        if not (-0.5 * size < gap < 0.1 * size) or prev.broke or prev.font != r.font:
            return False
        if not (abs(self.tfs[-1] - r.tf) < 0.01 and abs(prev.y - r.y) < 0.05 * size):
            return False
        self.raw[-1] += r.text
        prev.broke = broke
        self.ends[-1] = max(self.ends[-1], r.right)
        prev.width = max(self.ends[-1] - prev.x, 0.0)
        return True

    def start(self, r: Run, broke: bool) -> None:
        """A new span for ``r``; pypdf reports a space where a run starts a word space or
        more after the last one."""
        if self.spans:
            prev = self.spans[-1]
            big = prev.size if prev.size > r.size else r.size  # max(), as a comparison
            wide = r.x - self.ends[-1] > 0.15 * big
            if wide and not prev.broke and not self.raw[-1][-1:].isspace():
                self.raw[-1] += "" if r.text[:1].isspace() else " "
        width = r.right - r.x
        if width < 0.0:
            width = 0.0
        self.spans.append(Span("", r.x, r.y, r.size, r.font, broke, width=width))
        self.raw.append(r.text)
        self.ends.append(r.right)
        self.tfs.append(r.tf)

    def finish(self) -> list[Span]:
        for span, text in zip(self.spans, self.raw, strict=True):
            clean = clean_text(text)
            span.text = clean.rstrip() if span.broke else clean
        return self.spans


def spans_of(runs: list[Run]) -> list[Span]:
    """Runs merged into pypdf-like spans: one font and size, one baseline, no wide gap.

    A TeX accent drawn on its own just above the baseline joins its letters' span, so that
    ``char_fixes`` can compose it; each span's text is cleaned once, when it is complete.
    """
    out = _SpanBuilder()
    accent = ""
    count = len(runs)
    for i, r in enumerate(runs):
        nxt = runs[i + 1] if i + 1 < count else None
        stripped = r.text.strip()
        if stripped in SPACING_ACCENTS and nxt is not None and abs(nxt.y - r.y) < r.size:
            accent += stripped
            continue
        if accent:
            r = Run(accent + r.text, r.x, r.y, r.size, r.font, r.right, r.tf, r.key)
            stripped = r.text.strip()
            accent = ""
        if nxt is None:
            broke = True
        else:
            big = nxt.size if nxt.size > r.size else r.size  # max(r.size, nxt.size, 1.0)
            if big < 1.0:
                big = 1.0
            broke = abs(nxt.y - r.y) > 0.5 * big or nxt.x < r.x - 2
        if not stripped:
            out.space(broke)
        elif not out.merge(r, broke):
            out.start(r, broke)
    return out.finish()


def gap_cells_of(runs: list[Run], glyphs: dict[int, list[Glyph]]) -> list[GapCells]:
    """Per baseline, the text cut where two glyphs stand over 1.2 font sizes apart.

    Glyph by glyph, in content-stream order: one text object (a ``TJ``) may itself hold the
    wide gaps of a table-like author block.
    """
    out: list[GapCells] = []
    line: list[Run] = []

    def flush() -> None:
        parts: list[str] = []
        starts: list[float] = []
        ends: list[float] = []
        for r in line:
            for ch, left, right in glyphs.get(r.key, ()):
                if parts and left - ends[-1] <= 1.2 * r.size:
                    parts[-1] += ch
                    ends[-1] = max(ends[-1], right)
                else:
                    parts.append(ch)
                    starts.append(left)
                    ends.append(right)
        texts = [clean_text(p).strip() for p in parts]
        if len(texts) > 1 and all(texts):
            x0 = starts[0]
            out.append(GapCells(line[0].y, texts, [a - x0 for a in starts], [b - x0 for b in ends]))

    for r in runs:
        if line and (abs(r.y - line[0].y) > 0.5 * line[0].size or r.x < line[-1].x - r.size):
            flush()
            line = []
        if r.text.strip():
            line.append(r)
    if line:
        flush()
    return out
