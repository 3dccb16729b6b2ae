"""Authors, their affiliations and e-mails from the byline cells under a title."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..models import Author
from .cells import Cell
from .names import (
    expand_emails,
    looks_like_affiliation,
    looks_like_name,
    match_email,
    normalize_name,
    split_names,
)

__all__ = ["parse_byline"]

_SKIP = re.compile(
    r"^\W*(editors?\b|equal contribution|these authors|correspond|work done|\bpreprint|"
    r"under review|accepted|published|proceedings|copyright|©|https?:|www\.)",
    re.I,
)


_NOTE = re.compile(
    r"equal|contribut|work (was )?done|internship|correspond|project page|e-?mail|mail to|"
    r"these authors|https?:|github|code is",
    re.I,
)
_PLAIN_LABEL = re.compile(r"^(\d{1,2}|[*†‡§¶])\s*(?=[A-Z])")
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
        same_style = style is None or cell_style == style or (cell.bold and not style[0])
        if found and same_style and not _continues_block(cells, i, name_cells):
            if style is None:
                style = cell_style
            name_cells[i] = cell
            names += [_Name(n, labs, i, list(found[1])) for n, labs in found[0]]
            continue
        plain = _PLAIN_LABEL.match(cell.full)
        if plain and names and any(n.labels for n in names):
            cell = Cell(
                [(plain.group(1), True), (cell.full[plain.end() :], False)], *_geometry(cell)
            )
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


def _continues_block(cells: list[Cell], index: int, name_cells: dict[int, Cell]) -> bool:
    """Whether the cell is the next line of an author block (``New York`` under an address)."""
    cell = cells[index]
    above = [
        (j, c)
        for j, c in enumerate(cells[:index])
        if c.y > cell.y + 1 and c.x0 < cell.x1 and cell.x0 < c.x1 and c.text
    ]
    if not above or not name_cells:
        return False
    j, prev = max(above, key=lambda jc: (-jc[1].y, jc[0]))
    if j in name_cells or (cell.bold and not prev.bold):
        return False
    return prev.y - cell.y <= 1.35 * max(cell.size, prev.size)


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
