"""Authors, their affiliations and e-mails from the byline cells under a title."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from ..models import Author
from .clean import hyphen_sep
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
_SPACED_EMAIL = re.compile(r"[\w+-]+(?:\s*\.\s*[\w+-]+)*\s*@\s*[\w-]+(?:\s*\.\s*[\w-]+)+")
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
    first = next((tok for tok in cell.tokens if tok[0].strip()), None)
    if first is None or first[1]:
        return None
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
            if not name:
                continue
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


_CUT = re.compile(
    r"[.;]?\s*(?:correspondence\b|proceedings of|preprint\b|under review|copyright|©|"
    r"work (?:was )?done|equal contribution|these authors)",
    re.I,
)


def _labelled(cell: Cell) -> dict[str, str]:
    """Affiliations keyed by the marker printed before each (``1Dept. of X 2Lab Y``)."""
    out: dict[str, str] = {}
    label: str | None = None
    buf = ""

    def flush() -> None:
        text = buf
        cut = _CUT.search(text)
        if cut:
            text = text[: cut.start()]
        text = re.sub(r"\s+", " ", text).strip(" ,;.")
        if label is not None and text and not _NOTE.search(text) and label not in out:
            out[label] = text

    for t, m in cell.tokens:
        if m:
            flush()
            buf = ""
            labs = _labels(t)
            label = labs[0] if labs else label
        else:
            buf += t
    flush()
    return out


_PAIR = re.compile(r"([^<>,;:()]+?)\s*[<(]\s*([^<>()\s]+@[^<>()\s]+?)\s*[>)]")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text.lower()))


def _correspondence(text: str, names: list[_Name]) -> list[str]:
    """Assign ``Name <email>`` pairs of a "Correspondence to:" note; the other e-mails."""
    m = re.search(r"correspondence(?: to)?\s*:?\s*(.*)", text, re.I | re.S)
    if not m:
        return expand_emails(text)
    body = m.group(1)
    rest: list[str] = []
    for name, email in _PAIR.findall(body):
        key = _fold(normalize_name(name))
        hit = next((n for n in names if _fold(n.name) == key), None)
        if hit is not None and hit.email is None:
            hit.email = email.strip(".").lower()
        else:
            rest.append(email.strip(".").lower())
    if not rest and not _PAIR.search(body):
        rest = expand_emails(body)
    return rest


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
            full = _SPACED_EMAIL.sub(lambda m: re.sub(r"\s+", "", m.group(0)), cell.full)
            emails += [(i, e) for e in expand_emails(full)]
            rest = _EMAIL_LIKE.sub(" ", full).strip(" ,;()<>")
            found = _names_in(Cell([(rest, False)], *_geometry(cell))) if rest else None
            if found:
                name_cells[i] = cell
                names += [_Name(n, labs, i) for n, labs in found[0]]
            continue
        found = _names_in(cell)
        cell_style = (cell.bold, round(cell.size * 2) / 2)
        if found and (style is None or cell_style == style or (cell.bold and not style[0])):
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
    if not names:
        return []
    for note in notes:
        if note.tokens and note.tokens[0][1]:
            for k, v in _labelled(note).items():
                labelled.setdefault(k, v)
        if "@" in note.full:
            emails += [(-1, e) for e in _correspondence(note.full, names)]
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
    names: list[_Name],
    name_cells: dict[int, Cell],
    cells: list[Cell],
    emails: list[tuple[int, str]],
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
