"""pdfium's text objects (runs) as the layout model reads them: spans and wide gaps.

In: the runs of one page in content-stream order (text, origin, size, font, right edge,
``Tf`` size), and for page 1 each object's glyphs with their edges. Out: pypdf-like ``Span``s
(consecutive runs in one font, ``Tf`` size and baseline merged, TeX accents joined to their
letters, spaces where pypdf would report them) and the ``GapCells`` of wide gaps.
"""

from __future__ import annotations

from itertools import chain

from .char_fixes import SPACING_ACCENTS, clean_text
from .glyphs import Span
from .lines import GapCells

__all__ = ["Glyph", "Run", "gap_cells_of", "spans_of"]

Glyph = tuple[str, float, float]


# One text object: its text, origin (x, y), size, font, right edge, ``Tf`` size and handle.
# A plain tuple: a page has hundreds of them, built and read once.
Run = tuple[str, float, float, float, str, float, float, int]


def spans_of(runs: list[Run]) -> list[Span]:
    """Runs merged into pypdf-like spans: one font and size, one baseline, no wide gap.

    A run continues the span before it when it has the same font and ``Tf`` size, stands on
    its baseline and starts less than a tenth of its size after the span's right edge; a
    new span gets a space where it starts a word space or more after the last one. A TeX
    accent drawn on its own just above the baseline joins its letters' span, so that
    ``char_fixes`` can compose it; each span's text is cleaned once, when it is complete.
    """
    if not runs:
        return []
    done: list[tuple[str, float, float, float, str, bool, float]] = []
    have = False
    raw = font_ = ""
    sx = sy = ssize = end = stf = width = 0.0
    sbroke = False
    accent = ""
    following = iter(runs)
    next(following, None)
    for (text, x, y, size, font, right, tf, _), nxt in zip(
        runs, chain(following, (None,)), strict=True
    ):
        stripped = text.strip()
        if nxt is None:
            broke = True
        else:
            if stripped in SPACING_ACCENTS and abs(nxt[2] - y) < size:
                accent += stripped
                continue
            big = nxt[3] if nxt[3] > size else size  # max(size, nxt's size, 1.0)
            if big < 1.0:
                big = 1.0
            broke = abs(nxt[2] - y) > 0.5 * big or nxt[1] < x - 2
        if accent:
            text = accent + text
            stripped = text.strip()
            accent = ""
        if not stripped:  # a run of spaces: the span breaks the line, or ends with a space
            if have:
                if broke:
                    sbroke = True
                elif not raw.endswith(" "):
                    raw += " "
            continue
        if have:
            gap = x - end
            if (
                -0.5 * size < gap < 0.1 * size
                and not sbroke
                and font_ == font
                and abs(stf - tf) < 0.01
                and abs(sy - y) < 0.05 * size
            ):
                raw += text
                sbroke = broke
                if right > end:
                    end = right
                width = end - sx
                if width < 0.0:
                    width = 0.0
                continue
            big = ssize if ssize > size else size
            if gap > 0.15 * big and not sbroke and not raw[-1:].isspace():
                raw += "" if text[:1].isspace() else " "
            done.append((raw, sx, sy, ssize, font_, sbroke, width))
        have = True
        raw, sx, sy, ssize, font_, sbroke, end, stf = text, x, y, size, font, broke, right, tf
        width = right - x
        if width < 0.0:
            width = 0.0
    if have:
        done.append((raw, sx, sy, ssize, font_, sbroke, width))
    spans: list[Span] = []
    for raw, x, y, size, font, broke, width in done:
        clean = clean_text(raw)
        text = clean.rstrip() if broke else clean
        spans.append(Span(text, x, y, size, font, broke, False, width))
    return spans


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
            size = r[3]
            for ch, left, right in glyphs.get(r[7], ()):
                if parts and left - ends[-1] <= 1.2 * size:
                    parts[-1] += ch
                    ends[-1] = max(ends[-1], right)
                else:
                    parts.append(ch)
                    starts.append(left)
                    ends.append(right)
        texts = [clean_text(p).strip() for p in parts]
        if len(texts) > 1 and all(texts):
            x0 = starts[0]
            lefts, rights = [a - x0 for a in starts], [b - x0 for b in ends]
            out.append(GapCells(line[0][2], texts, lefts, rights))

    for r in runs:
        if line and (abs(r[2] - line[0][2]) > 0.5 * line[0][3] or r[1] < line[-1][1] - r[3]):
            flush()
            line = []
        if r[0].strip():
            line.append(r)
    if line:
        flush()
    return out
