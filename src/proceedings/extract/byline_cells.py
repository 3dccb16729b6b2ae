"""Byline cells: pieces of header rows and footnotes, with their markers and geometry.

In: header ``Line``s (and a reader's ``GapCells`` for the same baselines). Out: ``Cell``s,
each a run of text tokens flagged as marker or text, with its position, size and weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .glyphs import Span
from .hyphenation import hyphen_sep
from .lines import GapCells, Line
from .names import MARKER_CHARS

__all__ = ["Cell", "cells_of", "join_wrapped", "note_cell"]

_MARKER_TEXT = re.compile(rf"^[\s,{re.escape(MARKER_CHARS)}\da-z]{{1,12}}$")


@dataclass
class Cell:
    """A piece of a byline row: text tokens, each flagged as marker or text."""

    tokens: list[tuple[str, bool]]
    x0: float
    x1: float
    y: float
    size: float
    bold: bool

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(t for t, m in self.tokens if not m)).strip()

    @property
    def full(self) -> str:
        return re.sub(r"\s+", " ", "".join(t for t, _ in self.tokens)).strip()

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


Piece = tuple[str, Span]


def note_cell(lines: list[Line], vocab: set[str]) -> Cell:
    """One cell for a footnote block, its lines joined and de-hyphenated."""
    pieces: list[Piece] = []
    for ln in lines:
        spans = [s for s in ln.spans if s.text]
        if not spans:
            continue
        if pieces:
            last_text, last_span = pieces[-1]
            first = spans[0].text.lstrip()
            stripped = last_text.rstrip()
            if stripped.endswith("-") and first[:1].isalpha():
                tail = re.findall(r"[^\W\d_]+-$", stripped)
                head = re.findall(r"^[^\W\d_]+", first)
                sep = hyphen_sep(tail[0][:-1] if tail else "", head[0] if head else "", vocab)
                pieces[-1] = (stripped[:-1] + sep, last_span)
            elif not last_text.endswith(" "):
                pieces[-1] = (last_text + " ", last_span)
        pieces += [(s.text, s) for s in spans]
    return _cell(pieces) if pieces else Cell([], 0, 0, 0, 0, False)


def _dominant(pieces: list[Piece]) -> tuple[float, float, bool]:
    """Size, baseline and boldness of the bulk of the text in ``pieces``."""
    weights: dict[float, int] = {}
    for t, s in pieces:
        weights[round(s.size, 1)] = weights.get(round(s.size, 1), 0) + len(t.strip())
    size = max(weights, key=lambda k: (weights[k], k))
    main = [(t, s) for t, s in pieces if s.size >= 0.9 * size and t.strip()] or pieces
    chars = sum(len(t.strip()) for t, _ in main) or 1
    bold = sum(len(t.strip()) for t, s in main if s.bold) >= 0.6 * chars
    return size, main[0][1].y, bold


def _is_marker(t: str, s: Span, size: float, base: float) -> bool:
    t = t.strip()
    if not t:
        return False
    if all(ch in MARKER_CHARS or ch in ", " for ch in t):
        return True
    small = s.size < 0.85 * size
    raised = s.y > base + 0.15 * size
    if small and _MARKER_TEXT.match(t):
        return any(ch.isdigit() or ch in MARKER_CHARS for ch in t) or raised
    return False


def _cell(pieces: list[Piece], x0: float | None = None, x1: float | None = None) -> Cell:
    size, base, bold = _dominant(pieces)
    tokens = [(t, _is_marker(t, s, size, base)) for t, s in pieces if t]
    left = pieces[0][1].x if x0 is None else x0
    right = max(s.end for _, s in pieces) if x1 is None else x1
    return Cell(tokens, left, right, base, size, bold)


def _gap_groups(line: Line) -> list[list[Piece]]:
    groups: list[list[Piece]] = [[(line.spans[0].text, line.spans[0])]]
    for prev, s in pairwise(line.spans):
        if s.x - prev.end > max(2.5 * line.size, 20.0):
            groups.append([(s.text, s)])
        else:
            groups[-1].append((s.text, s))
    for a, b in pairwise(groups):
        text, span = a[-1]
        head = text.rstrip()
        if b[0][0].lstrip()[:1] in (".", "@", "_") and " " in head:
            keep, moved = head.rsplit(" ", 1)
            a[-1] = (keep + " ", span)
            b.insert(0, (moved, span))
    return groups


def _matching_parts(squeezed: str, y: float, gap_cells: list[GapCells]) -> GapCells | None:
    """The run of wide-gap parts on baseline ``y`` whose text is exactly ``squeezed``."""
    for g in gap_cells:
        if abs(g.y - y) >= 1.0:
            continue
        keys = [re.sub(r"\s+", "", p) for p in g.parts]
        for i in range(len(keys)):
            text = ""
            for j in range(i, len(keys)):
                text += keys[j]
                if text.startswith(squeezed) and len(text) - len(keys[j]) < len(squeezed):
                    k = slice(i, j + 1)
                    parts = [*g.parts[i:j], squeezed[len(text) - len(keys[j]) :]]
                    return GapCells(g.y, parts, g.starts[k], g.ends[k])
                if not squeezed.startswith(text):
                    break
    return None


def cells_of(line: Line, gap_cells: list[GapCells]) -> list[Cell]:
    """The cells of ``line``, split where pypdf's layout or the run positions show wide gaps."""
    squeezed = re.sub(r"\s+", "", "".join(s.text for s in line.spans))
    found = _matching_parts(squeezed, line.y, gap_cells)
    if found is None or len(found.parts) < 2:
        return [_cell(group) for group in _gap_groups(line)]
    bounds: list[int] = []
    acc = 0
    for p in found.parts[:-1]:
        acc += len(re.sub(r"\s+", "", p))
        bounds.append(acc)
    cells: list[list[Piece]] = [[]]
    count = 0
    for span in line.spans:
        piece = ""
        for ch in span.text:
            if bounds and count == bounds[0] and not ch.isspace():
                if piece:
                    cells[-1].append((piece, span))
                cells.append([])
                piece = ""
                bounds.pop(0)
            piece += ch
            if not ch.isspace():
                count += 1
        if piece:
            cells[-1].append((piece, span))
    return [
        _cell(pieces, line.x0 + a - found.starts[0], line.x0 + b - found.starts[0])
        for pieces, a, b in zip(cells, found.starts, found.ends, strict=False)
        if pieces
    ]


def _wraps(a: Cell, b: Cell, width: float) -> bool:
    """Whether ``b`` continues ``a``: a byline list set as a paragraph, broken inside a name."""
    text = a.full
    if not a.tokens or not b.tokens or a.tokens[0][1] or a.tokens[-1][1] or b.tokens[0][1]:
        return False
    if not re.search(r"[^\W\d_]-?$", text):
        return False
    if width <= 0 or not re.search(r",|\band\b", text) or a.x1 - a.x0 < 0.8 * width:
        return False
    same = abs(a.size - b.size) < 0.3 and a.bold == b.bold
    return same and 0 < a.y - b.y < 1.6 * a.size and b.x0 < a.x1 and a.x0 < b.x1


def join_wrapped(rows: list[list[Cell]], width: float) -> list[Cell]:
    """The cells of byline rows, with a name that a line break cut in two made whole again."""
    out: list[Cell] = []
    for k, row in enumerate(rows):
        for i, cell in enumerate(row):
            above = rows[k - 1][0] if i == 0 and k > 0 and len(rows[k - 1]) == 1 else None
            if above is not None and _wraps(above, cell, width):
                prev = out[-1]
                sep = "" if above.full.endswith("-") else " "
                tokens = [*prev.tokens[:-1], (prev.tokens[-1][0].rstrip() + sep, False)]
                out[-1] = Cell(
                    tokens + cell.tokens,
                    min(prev.x0, cell.x0),
                    max(prev.x1, cell.x1),
                    prev.y,
                    prev.size,
                    prev.bold,
                )
            else:
                out.append(cell)
    return out
