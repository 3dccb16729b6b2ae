"""Authors, their affiliations and e-mails from the byline cells under a title.

In: the header's byline ``Cell``s (rows under the title) and its footnote cells. Out: the
``Author`` list, each with the affiliations and e-mail the page gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Author
from ..text import fold_key
from .byline_cells import Cell
from .names import (
    expand_emails,
    looks_like_affiliation,
    marker_labels,
    match_email,
    names_in,
    normalize_name,
)
from .venue import date_year

__all__ = ["parse_byline"]

_SKIP = re.compile(
    r"^\W*(editors?\b|equal contribution|these authors|correspond|work done|\bpreprint|"
    r"under review|accepted|published|proceedings|copyright|©|https?:|www\.|anonymous\b)",
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


_CUT = re.compile(
    r"[.;,]?\s*(?:correspondence\b|e-?mails?\s*:|proceedings of|preprint\b|under review|"
    r"copyright|©|work (?:was )?done|equal contribution|these authors)",
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
            labs = marker_labels(t)
            label = labs[0] if labs else label
        else:
            buf += t
    flush()
    return out


_PAIR = re.compile(r"([^<>,;:()]+?)\s*[<(]\s*([^<>()\s]+@[^<>()\s]+?)\s*[>)]")


def _correspondence(text: str, names: list[_Name]) -> list[str]:
    """Assign ``Name <email>`` pairs of a "Correspondence to:" note; the other e-mails."""
    m = re.search(r"correspondence(?: to)?\s*:?\s*(.*)", text, re.I | re.S)
    if not m:
        return expand_emails(text)
    body = m.group(1)
    rest: list[str] = []
    for name, email in _PAIR.findall(body):
        key = fold_key(normalize_name(name))
        hit = next((n for n in names if fold_key(n.name) == key), None)
        if hit is not None and hit.email is None:
            hit.email = email.strip(".").lower()
        else:
            rest.append(email.strip(".").lower())
    if not rest and not _PAIR.search(body):
        rest = expand_emails(body)
    return rest


@dataclass
class _Byline:
    """What the header cells under a title have shown so far: names, where they stand,
    affiliations and e-mails waiting for an owner, and affiliations keyed by marker."""

    cells: list[Cell]
    names: list[_Name] = field(default_factory=list)
    name_cells: dict[int, Cell] = field(default_factory=dict)
    affs: list[tuple[int, Cell]] = field(default_factory=list)
    emails: list[tuple[int, str]] = field(default_factory=list)
    labelled: dict[str, str] = field(default_factory=dict)
    style: tuple[bool, float] | None = None
    skipped: Cell | None = None

    def read(self, i: int, cell: Cell) -> None:
        """Cell ``i``: skipped, e-mails, names, marked affiliations or a plain affiliation."""
        text = cell.text
        notice = self.skipped is not None and _wrapped_notice(self.skipped, cell)
        if notice or not text or _SKIP.match(cell.full) or date_year([text]) is not None:
            self.skipped = cell if _NOTICE.match(cell.full) or notice else None
            return
        self.skipped = None
        if "@" in cell.full:
            self.read_emails(i, cell)
            return
        if self.read_names(i, cell):
            return
        cell = self.relabel(cell)
        if cell.tokens and cell.tokens[0][1]:
            lab = _labelled(cell)
            if lab:
                self.labelled.update({k: v for k, v in lab.items() if not _NOTE.search(v)})
                return
        if self.names and (looks_like_affiliation(text) or len(text) > 2):
            self.affs.append((i, cell))

    def read_emails(self, i: int, cell: Cell) -> None:
        """The e-mails of a cell, and the names beside them (``Ann Lee ann@x.org``)."""
        full = _SPACED_EMAIL.sub(lambda m: re.sub(r"\s+", "", m.group(0)), cell.full)
        self.emails += [(i, e) for e in expand_emails(full)]
        rest = _EMAIL_LIKE.sub(" ", full).strip(" ,;()<>")
        found = names_in([(rest, False)]) if rest else None
        if found:
            self.name_cells[i] = cell
            self.names += [_Name(n, labs, i) for n, labs in found[0]]

    def read_names(self, i: int, cell: Cell) -> bool:
        """Whether cell ``i`` holds names in the byline's style (the first name cell's)."""
        found = names_in(cell.tokens)
        cell_style = (cell.bold, round(cell.size * 2) / 2)
        style = self.style
        same_style = style is None or cell_style == style or (cell.bold and not style[0])
        if not found or not same_style or _continues_block(self.cells, i, self.name_cells):
            return False
        if style is None:
            self.style = cell_style
        self.name_cells[i] = cell
        self.names += [_Name(n, labs, i, list(found[1])) for n, labs in found[0]]
        return True

    def relabel(self, cell: Cell) -> Cell:
        """The cell with a label printed at full size (``1 Dept. of X``) taken as a marker,
        once the names carry markers."""
        plain = _PLAIN_LABEL.match(cell.full)
        if plain and self.names and any(n.labels for n in self.names) and not cell.tokens[0][1]:
            tokens = [(plain.group(1), True), (cell.full[plain.end() :], False)]
            return Cell(tokens, *_geometry(cell))
        return cell

    def read_notes(self, notes: list[Cell]) -> None:
        """Marked affiliations and e-mails of the page's footnotes."""
        for note in notes:
            if note.tokens and note.tokens[0][1]:
                for k, v in _labelled(note).items():
                    self.labelled.setdefault(k, v)
            if "@" in note.full:
                self.emails += [(-1, e) for e in _correspondence(note.full, self.names)]


_NOTICE = re.compile(r"^\W*(editors?\b|proceedings|copyright|©)", re.I)


def _wrapped_notice(notice: Cell, cell: Cell) -> bool:
    """Whether ``cell`` is the next line of an editors or copyright notice (``Editors: A, B,``
    / ``C and D``): the line under it, at its left edge, with no e-mail."""
    pitch = 1.6 * max(notice.size, cell.size)
    below = 0 < notice.y - cell.y < pitch and abs(notice.x0 - cell.x0) < 3
    return below and "@" not in cell.full and not notice.full.rstrip().endswith(".")


def parse_byline(cells: list[Cell], notes: list[Cell]) -> list[Author]:
    """The authors named in the byline ``cells``, with affiliations and e-mails found there
    or in the footnote cells ``notes``."""
    byline = _Byline(cells)
    for i, cell in enumerate(cells):
        byline.read(i, cell)
    if not byline.names:
        return []
    byline.read_notes(notes)
    end = _byline_end(cells, byline.name_cells)
    below = [(i, c) for i, c in byline.affs if c.y > end]
    _attach_by_position(byline.names, byline.name_cells, below)
    _attach_labelled(byline.names, byline.labelled)
    _attach_emails(byline.names, byline.name_cells, cells, byline.emails)
    return _authors(byline.names)


def _attach_labelled(names: list[_Name], labelled: dict[str, str]) -> None:
    """Affiliations keyed by the markers after each name."""
    for n in names:
        # Numbered or lettered markers key the affiliations; a symbol (*, †) marks a
        # footnote, which counts only when it is an address and the byline gave none.
        keyed = [labelled[k] for k in n.labels if k in labelled and k.isalnum()]
        noted = [
            labelled[k]
            for k in n.labels
            if k in labelled and not k.isalnum() and looks_like_affiliation(labelled[k])
        ]
        if keyed:
            n.affiliations = keyed
        elif not n.affiliations:
            n.affiliations = noted


def _authors(names: list[_Name]) -> list[Author]:
    """One ``Author`` per distinct name, in byline order."""
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


def _owners(cell: Cell, index: int, name_cells: dict[int, Cell]) -> list[int]:
    """Name cells of the nearest name row above ``cell``: every one whose middle it spans
    (an affiliation centred under several names), else the one nearest its middle."""
    above = [(j, c) for j, c in name_cells.items() if c.y > cell.y + 0.5 and j < index]
    if not above:
        return []
    top_y = min(c.y for _, c in above)
    row = [(j, c) for j, c in above if abs(c.y - top_y) < 2]
    spanned = [j for j, c in row if cell.x0 - 2 <= c.center <= cell.x1 + 2]
    if len(spanned) >= 2:
        return spanned
    return [min(row, key=lambda jc: abs(jc[1].center - cell.center))[0]]


def _owner(cell: Cell, index: int, name_cells: dict[int, Cell]) -> int | None:
    owners = _owners(cell, index, name_cells)
    return owners[0] if len(owners) == 1 else None


_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table)\s*\d+\s*[:.]", re.I)


def _byline_end(cells: list[Cell], name_cells: dict[int, Cell]) -> float:
    """The baseline below which header cells no longer belong to the byline: a figure caption,
    or the first vertical gap of over four lines after the names (a teaser figure)."""
    if not name_cells:
        return float("-inf")
    top = max(c.y for c in name_cells.values())
    rows: dict[float, float] = {}
    for c in cells:
        if c.text and c.y <= top + 0.5:
            key = round(c.y)
            rows[key] = max(rows.get(key, 0.0), c.size)
            if _CAPTION.match(c.full):
                rows[key] = float("inf")
    prev_y, prev_size = None, 0.0
    for y in sorted(rows, reverse=True):
        size = rows[y]
        if size == float("inf"):
            return y + 0.5
        if prev_y is not None and prev_y - y > 4 * max(size, prev_size):
            return y + 0.5
        prev_y, prev_size = y, size
    return float("-inf")


def _attach_by_position(
    names: list[_Name], name_cells: dict[int, Cell], affs: list[tuple[int, Cell]]
) -> None:
    grouped: dict[int, list[Cell]] = {}
    for i, cell in affs:
        for owner in _owners(cell, i, name_cells):
            grouped.setdefault(owner, []).append(cell)
    for owner, group in grouped.items():
        text = ", ".join(c.text.strip(" ,;") for c in group if c.text.strip(" ,;"))
        for n in names:
            if n.cell == owner and text:
                n.affiliations.append(text)
    _share_stacked(names, name_cells)


def _share_stacked(names: list[_Name], name_cells: dict[int, Cell]) -> None:
    """Names stacked one per line above one address (JMLR's style) all take that address."""
    for k in range(len(names) - 2, -1, -1):
        n, below = names[k], names[k + 1]
        if n.affiliations or not below.affiliations or n.cell == below.cell:
            continue
        a, b = name_cells.get(n.cell), name_cells.get(below.cell)
        if a is None or b is None:
            continue
        stacked = abs(a.x0 - b.x0) < 3 and 0 < a.y - b.y < 2.0 * max(a.size, b.size)
        if stacked:
            n.affiliations = list(below.affiliations)


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
