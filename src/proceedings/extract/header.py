"""Title, authors, abstract and keywords from the layout of a paper's first page.

In: the first page's ``PageText``, its ``GapCells``, the document vocabulary and /Info
metadata. Out: a ``Header`` with title, authors, abstract, keywords, code address, and the
header and footnote lines that venue detection reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Author
from .abstract import abstract_text, find_abstract, keywords_after, split_keywords
from .byline import parse_byline
from .byline_cells import Cell, cells_of, join_wrapped, note_cell
from .lines import GapCells, Line, PageText
from .structure import is_heading

__all__ = ["Header", "parse_header", "split_code_url"]

_INLINE_KEYWORDS = re.compile(r"\s(?:Keywords|Key words|Index Terms)\s*[:—–.-]\s*")
_BOILERPLATE = re.compile(
    r"proceedings|journal|conference|workshop|symposium|arxiv|preprint|under review|"
    r"published|accepted|submitted|copyright|©|licen[cs]e|\bvol\b|volume|pmlr|doi|"
    r"^editors?\b|anonymous|do not distribute|technical report",
    re.I,
)
_URL = re.compile(r"(?:https?://|www\.|github\.com/)[^\s<>()\[\]{}]+[\w/#=~-]", re.I)
_AVAILABLE = re.compile(
    r"\b(?:code|codes|implementation|source|software|repository|repo|"
    r"data|dataset|datasets|benchmark|models?|checkpoints?|weights)\b[^.]*?"
    r"(?:\bavailable\b|\breleased?\b|\bfound\b|\baccessible\b|\bhosted\b|\bprovided\b|"
    r"\bpublic\b|\bopen[- ]sourced?\b|\bat\s*$|:\s*$)",
    re.I,
)
_JUNK_TITLES = re.compile(
    r"^(untitled|anonymous.*|microsoft word.*|paper|title|.*\.(pdf|docx?|tex|dvi))$", re.I
)


@dataclass
class Header:
    title: str = ""
    authors: list[Author] = field(default_factory=list)
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    code_url: str | None = None


@dataclass
class Row:
    y: float
    lines: list[Line]

    @property
    def size(self) -> float:
        return max(ln.size for ln in self.lines)

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)


def _rows(lines: list[Line]) -> list[Row]:
    rows: list[Row] = []
    for ln in sorted(lines, key=lambda ln: -ln.y):
        if rows and abs(rows[-1].y - ln.y) <= 0.35 * max(ln.size, 1.0):
            rows[-1].lines.append(ln)
        else:
            rows.append(Row(ln.y, [ln]))
    for r in rows:
        r.lines = _merge_adjacent(sorted(r.lines, key=lambda ln: ln.x0))
    return rows


def _merge_adjacent(lines: list[Line]) -> list[Line]:
    """Pieces of one visual line that the content stream drew apart, joined again."""
    out: list[Line] = []
    for ln in lines:
        close = out and ln.x0 - out[-1].x1 < 0.6 * max(ln.size, out[-1].size)
        if out and (close or ln.text[:1] in (".", "@", "_")):
            out[-1] = Line(out[-1].spans + ln.spans, ln.page).finish()
        else:
            out.append(ln)
    return out


def _title_text(rows: list[Row], size: float) -> str:
    parts: list[str] = []
    for r in rows:
        for ln in r.lines:
            kept = [s for s in ln.spans if s.size >= 0.8 * size]
            if kept:
                parts.append(Line(kept, ln.page).finish().text)
    text = " ".join(parts)
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    text = re.sub(r"\s*[*∗†‡§¶]+\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _pick_title(rows: list[Row]) -> tuple[str, int]:
    """The title and the index of the first row after it."""
    cands = [
        (i, r)
        for i, r in enumerate(rows)
        if sum(c.isalpha() for c in r.text) >= 2
        and not (_BOILERPLATE.search(r.text) and len(r.text) > 25 and "@" not in r.text)
    ]
    if not cands:
        return "", 0
    big = max(r.size for _, r in cands)
    start = next(i for i, r in cands if r.size >= big - 0.6)
    picked = [rows[start]]
    end = start + 1
    while end < len(rows) and len(picked) < 6:
        r = rows[end]
        gap = picked[-1].y - r.y
        if r.size >= big - 0.6 and gap < 2.6 * big:
            picked.append(r)
            end += 1
        else:
            break
    return _title_text(picked, big), end


def _metadata_title(meta: dict[str, str]) -> str:
    t = meta.get("title", "").strip()
    if len(t) < 8 or " " not in t or _JUNK_TITLES.match(t):
        return ""
    return t


def split_code_url(abstract: str) -> tuple[str, str | None]:
    """The abstract without a final sentence that only says where code or data are.

    ``"... tokens. Code is available at https://github.com/a/b."`` gives the abstract up to
    ``tokens.`` and the address; any other abstract is returned unchanged with ``None``.
    """
    text = abstract.rstrip()
    starts = [m.end() for m in re.finditer(r"[.!?]\)?\s+(?=[A-Z(])", text)]
    start = starts[-1] if starts else 0
    last = text[start:]
    url = _URL.search(last)
    if not starts or url is None or len(last) > 250:
        return abstract, None
    before = last[: url.start()].strip(" (")
    after = last[url.end() :].strip(" .)")
    if after or not _AVAILABLE.search(before) or len(before.split()) > 20:
        return abstract, None
    address = url.group(0).rstrip(".")
    if not address.lower().startswith("http"):
        address = "https://" + address
    return text[:start].rstrip(), address


def _region(lines: list[Line], stop: int | None, height: float) -> list[Line]:
    if stop is not None:
        ref = lines[stop].y
        return [ln for ln in lines[:stop] if ln.y >= ref - 1]
    for i, ln in enumerate(lines[:80]):
        if is_heading(ln, 0.0) and re.match(r"^(1\.?|I\.)\s", ln.text):
            ref = ln.y
            return [x for x in lines[:i] if x.y >= ref - 1]
    return [ln for ln in lines if ln.y > height * 0.55]


def _footnote_blocks(lines: list[Line], region: list[Line], height: float) -> list[list[Line]]:
    """Runs of consecutive small-print lines in the lower part of the page."""
    sizes = sorted(ln.size for ln in lines if len(ln.text) > 30)
    body = sizes[len(sizes) // 2] if sizes else 10.0
    inside = {id(ln) for ln in region}
    blocks: list[list[Line]] = []
    prev: Line | None = None
    for ln in lines:
        small = ln.size < body * 0.93 and ln.y < height * 0.4 and id(ln) not in inside
        if not small:
            prev = None
            continue
        if prev is not None and 0 < prev.y - ln.y < 2.0 * ln.size:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
        prev = ln
    return blocks


def _text_width(lines: list[Line]) -> float:
    """The width of a full line of body text (of one column on a two-column page)."""
    widths = sorted(ln.x1 - ln.x0 for ln in lines if len(ln.text) >= 40)
    return widths[int(0.8 * (len(widths) - 1))] if widths else 0.0


def _spilled(lines: list[Line], next_page: PageText | None) -> int | None:
    """The index of the abstract heading at the top of ``next_page`` when the first page has
    neither it nor a section heading: a long byline pushed the abstract over the page."""
    if next_page is None or any(is_heading(ln, 0.0) for ln in lines):
        return None
    idx = find_abstract(next_page.lines[:60])
    if idx is None or any(is_heading(ln, 0.0) for ln in next_page.lines[:idx]):
        return None
    return idx


def _byline_cells(rows: list[Row], gap_cells: list[GapCells], width: float) -> list[Cell]:
    return join_wrapped(
        [[c for ln in r.lines for c in cells_of(ln, gap_cells)] for r in rows], width
    )


def _merged(first: list[Author], more: list[Author]) -> list[Author]:
    seen = {a.name.lower() for a in first}
    return first + [a for a in more if a.name.lower() not in seen]


def parse_header(
    page: PageText,
    gap_cells: list[GapCells],
    vocab: set[str],
    meta: dict[str, str],
    *,
    next_page: PageText | None = None,
    next_gap_cells: Callable[[], list[GapCells]] = list,
) -> Header:
    """The header of ``page``; ``next_page`` (page 2) is read where the abstract runs over
    the page's foot, or a byline pushes it onto page 2."""
    lines = page.lines
    out = Header()
    abs_idx = find_abstract(lines)
    spill = _spilled(lines, next_page) if abs_idx is None else None
    region = lines if spill is not None else _region(lines, abs_idx, page.height)
    rows = _rows(region)
    out.header_lines = [r.text for r in rows]
    title, after = _pick_title(rows)
    meta_title = _metadata_title(meta)
    if not title and meta_title:
        title = meta_title
    out.title = title
    cells = _byline_cells(rows[after:], gap_cells, _text_width(lines))
    blocks = _footnote_blocks(lines, region, page.height) if spill is None else []
    notes = [note_cell(block, vocab) for block in blocks]
    out.footnotes = [n.full for n in notes]
    out.authors = parse_byline(cells, notes)
    if next_page is not None and spill is not None:
        # a title repeated over page 2 (a cover page before it) is no byline
        big = rows[after - 1].size - 0.6 if after else float("inf")
        more = [r for r in _rows(next_page.lines[:spill]) if r.size < big]
        cells = _byline_cells(more, next_gap_cells(), _text_width(next_page.lines))
        out.authors = _merged(out.authors, parse_byline(cells, notes))
        out.abstract = abstract_text(next_page.lines, spill, vocab, next_page, [])
        out.keywords = keywords_after(next_page.lines, spill, vocab)
    elif abs_idx is not None:
        follow = next_page.lines if next_page is not None else []
        out.abstract = abstract_text(lines, abs_idx, vocab, page, follow)
        out.keywords = keywords_after(lines + follow[:40], abs_idx, vocab)
    else:
        out.keywords = keywords_after(lines, 0, vocab)
    inline = _INLINE_KEYWORDS.search(out.abstract)
    if inline:
        if not out.keywords:
            out.keywords = split_keywords(out.abstract[inline.end() :])
        out.abstract = out.abstract[: inline.start()].strip()
    out.abstract, out.code_url = split_code_url(out.abstract)
    return out
