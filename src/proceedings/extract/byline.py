"""Authors, their affiliations and e-mails from the byline cells under a title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Author
from .names import (
    MARKER_CHARS,
    expand_emails,
    looks_like_affiliation,
    looks_like_name,
    match_email,
    normalize_name,
    split_names,
)
from .reader import GapCells, Line, Span

__all__ = ["Cell", "cells_of", "parse_byline"]

_MARKER_TEXT = re.compile(rf"^[\s,{re.escape(MARKER_CHARS)}\da-z]{{1,12}}$")
_SKIP = re.compile(
    r"^\W*(editors?\b|equal contribution|these authors|correspond|work done|\bpreprint|"
    r"under review|accepted|published|proceedings|copyright|©|https?:|www\.)",
    re.I,
)


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
    for prev, s in zip(line.spans, line.spans[1:], strict=False):
        if s.x - prev.end > max(2.5 * line.size, 20.0):
            groups.append([(s.text, s)])
        else:
            groups[-1].append((s.text, s))
    return groups


def cells_of(line: Line, gap_cells: list[GapCells]) -> list[Cell]:
    """The cells of ``line``, split where pypdf's layout or the run positions show wide gaps."""
    squeezed = re.sub(r"\s+", "", "".join(s.text for s in line.spans))
    found: GapCells | None = None
    for g in gap_cells:
        if abs(g.y - line.y) < 1.0 and re.sub(r"\s+", "", "".join(g.parts)) == squeezed:
            found = g
            break
    if found is None:
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
        _cell(pieces, line.x0 + a, line.x0 + b)
        for pieces, a, b in zip(cells, found.starts, found.ends, strict=False)
        if pieces
    ]


_NOTE = re.compile(
    r"equal|contribut|work (was )?done|internship|correspond|project page|e-?mail|mail to|"
    r"these authors|https?:|github|code is",
    re.I,
)
_EMAIL_LIKE = re.compile(r"\{[^{}]*\}\s*@\s*\S+|\S+\s*@\s*\S+")


def _geometry(cell: Cell) -> tuple[float, float, float, float, bool]:
    return cell.x0, cell.x1, cell.y, cell.size, cell.bold


@dataclass
class _Name:
    name: str
    labels: list[str]
    cell: int
    affiliations: list[str] = field(default_factory=list)
    email: str | None = None


def _labels(marks: str) -> list[str]:
    return [m for m in re.findall(r"\d+|[a-z]|[^\s,\d a-z]", marks) if m.strip()]


def _split_off_affiliation(piece: str) -> tuple[str, str] | None:
    """``("Jie Xu", "NVIDIA")`` for ``"Jie Xu NVIDIA"``: a name followed by an affiliation."""
    words = piece.split()
    for k in range(min(len(words) - 1, 6), 1, -1):
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        if looks_like_affiliation(tail) and looks_like_name(normalize_name(head)):
            return normalize_name(head), tail
    return None


def _names_in(cell: Cell) -> tuple[list[tuple[str, list[str]]], list[str]] | None:
    """``(name, labels)`` pairs and trailing affiliation text, when the cell is a byline."""
    segments: list[tuple[str, str]] = []
    text, marks = "", ""
    for t, m in cell.tokens:
        if m:
            marks += t
            continue
        if marks:
            segments.append((text, marks))
            text, marks = "", ""
        text += t
    segments.append((text, marks))
    out: list[tuple[str, list[str]]] = []
    extra: list[str] = []
    for seg, mk in segments:
        pieces = split_names(seg)
        for j, piece in enumerate(pieces):
            labels = _labels(mk) if j == len(pieces) - 1 else []
            name = normalize_name(piece)
            if looks_like_name(name) and not extra:
                out.append((name, labels))
                continue
            split = None if extra else _split_off_affiliation(piece)
            if split:
                out.append((split[0], labels))
                extra.append(split[1])
            elif out and looks_like_affiliation(piece):
                extra.append(piece)
            else:
                return None
    return (out, extra) if out else None


def _labelled(cell: Cell) -> dict[str, str]:
    out: dict[str, str] = {}
    label: str | None = None
    buf = ""
    for t, m in cell.tokens:
        if m:
            if label is not None and buf.strip():
                out[label] = buf.strip(" ,;.")
                buf = ""
            labs = _labels(t)
            label = labs[0] if labs else label
        else:
            buf += t
    if label is not None and buf.strip():
        out[label] = buf.strip(" ,;.")
    return out


def parse_byline(cells: list[Cell], notes: list[Cell]) -> list[Author]:
    names: list[_Name] = []
    name_cells: dict[int, Cell] = {}
    affs: list[tuple[int, Cell]] = []
    emails: list[tuple[int, str]] = []
    labelled: dict[str, str] = {}
    style: tuple[bool, float] | None = None
    for i, cell in enumerate(cells):
        text = cell.text
        if not text or _SKIP.match(cell.full):
            continue
        if "@" in cell.full:
            emails += [(i, e) for e in expand_emails(cell.full)]
            rest = _EMAIL_LIKE.sub(" ", cell.full).strip(" ,;()<>")
            found = _names_in(Cell([(rest, False)], *_geometry(cell))) if rest else None
            if found:
                name_cells[i] = cell
                names += [_Name(n, labs, i) for n, labs in found[0]]
            continue
        found = _names_in(cell)
        cell_style = (cell.bold, round(cell.size * 2) / 2)
        if found and (style is None or cell_style == style or cell.bold and not style[0]):
            if style is None:
                style = cell_style
            name_cells[i] = cell
            names += [_Name(n, labs, i, list(found[1])) for n, labs in found[0]]
            continue
        if cell.tokens and cell.tokens[0][1]:
            lab = _labelled(cell)
            if lab:
                labelled.update({k: v for k, v in lab.items() if not _NOTE.search(v)})
                continue
        if names and (looks_like_affiliation(text) or len(text) > 2):
            affs.append((i, cell))
    for note in notes:
        if note.tokens and note.tokens[0][1]:
            for k, v in _labelled(note).items():
                if k not in labelled and not _NOTE.search(v):
                    labelled[k] = v
        if "@" in note.full:
            emails += [(-1, e) for e in expand_emails(note.full)]
    if not names:
        return []
    if any(n.labels for n in names) and labelled:
        for n in names:
            n.affiliations = [labelled[k] for k in n.labels if k in labelled]
    else:
        _attach_by_position(names, name_cells, affs)
    _attach_emails(names, name_cells, cells, emails)
    seen: set[str] = set()
    authors: list[Author] = []
    for n in names:
        if n.name.lower() in seen:
            continue
        seen.add(n.name.lower())
        authors.append(Author(n.name, tuple(dict.fromkeys(n.affiliations)), n.email))
    return authors


def _owner(cell: Cell, index: int, name_cells: dict[int, Cell]) -> int | None:
    above = [(j, c) for j, c in name_cells.items() if c.y > cell.y + 0.5 and j < index]
    if not above:
        return None
    top_y = min(c.y for _, c in above)
    row = [(j, c) for j, c in above if abs(c.y - top_y) < 2]
    return min(row, key=lambda jc: abs(jc[1].center - cell.center))[0]


def _attach_by_position(
    names: list[_Name], name_cells: dict[int, Cell], affs: list[tuple[int, Cell]]
) -> None:
    grouped: dict[int, list[Cell]] = {}
    for i, cell in affs:
        owner = _owner(cell, i, name_cells)
        if owner is not None:
            grouped.setdefault(owner, []).append(cell)
    for owner, group in grouped.items():
        text = ", ".join(c.text.strip(" ,;") for c in group if c.text.strip(" ,;"))
        for n in names:
            if n.cell == owner and text:
                n.affiliations.append(text)


def _attach_emails(
    names: list[_Name], name_cells: dict[int, Cell], cells: list[Cell], emails: list[tuple[int, str]]
) -> None:
    plain = [n.name for n in names]
    for i, email in emails:
        target: int | None = None
        if i >= 0:
            cell = cells[i]
            same_row = [j for j, c in name_cells.items() if abs(c.y - cell.y) < 2]
            if len(same_row) == 1:
                owners = [k for k, n in enumerate(names) if n.cell == same_row[0]]
                target = owners[0] if len(owners) == 1 else None
            if target is None:
                k = match_email(email, plain)
                owner = _owner(cell, i, name_cells)
                if k is None and owner is not None:
                    owners = [k2 for k2, n in enumerate(names) if n.cell == owner]
                    k = owners[0] if len(owners) == 1 else None
                target = k
        else:
            target = match_email(email, plain)
        if target is not None and names[target].email is None:
            names[target].email = email
