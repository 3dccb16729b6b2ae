"""Section headings and the reference list.

In: every page's ``Line`` list and the body font size. Out: the top-level ``Section``s with
their pages, and the reference entries as strings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from operator import itemgetter

from ..models import Section
from .hyphenation import join_lines
from .lines import Line

__all__ = ["body_size", "find_references", "find_sections", "is_heading"]

_NUMBERED = re.compile(
    r"^(\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-H](?:\.\d{1,2}){0,2}\.?)\s+(\S.*)$"
)
_KNOWN_NAMES = (
    r"(abstract|introduction|related work|background|preliminaries|conclusions?|discussion|"
    r"references|bibliography|literature cited|acknowledge?ments?|appendix|appendices|"
    r"limitations|broader impacts?(?: statement)?|impact statement|ethics statement|"
    r"reproducibility statement|experiments|results|methods?|future work|"
    r"supplementary materials?|conclusions? and future work|author contributions)"
)
_KNOWN = re.compile(r"^" + _KNOWN_NAMES + r"\b", re.I)
_KNOWN_FULL = re.compile(r"^" + _KNOWN_NAMES + r"\s*$", re.I)
_REFS = re.compile(r"^(references|bibliography|literature cited|references and notes)$", re.I)
_APPENDIX = re.compile(r"^(appendix|appendices|supplementary|[A-H](\.|\s)\s*[A-Z])", re.I)


def body_size(lines: Sequence[Line]) -> float:
    """The size (to 0.1 pt) that sets the most characters; the first such, on a tie."""
    weights: dict[float, int] = {}
    size = key = math.nan
    for ln in lines:
        if ln.size != size:  # consecutive lines mostly share a size: round it once
            size = ln.size
            key = round(size, 1)
        weights[key] = weights.get(key, 0) + len(ln.text)
    return max(weights.items(), key=itemgetter(1))[0] if weights else 0.0


def _styled(line: Line, body: float) -> bool:
    letters = [c for c in line.text if c.isalpha()]
    upper = len(letters) > 3 and all(c.isupper() for c in letters)
    upper = upper or (line.caps and sum(c.isupper() for c in letters) <= len(letters) // 2)
    return line.bold or (body > 0 and line.size >= body + 0.8) or upper


def is_heading(line: Line, body: float) -> bool:
    """A section heading: numbered or well-known, set apart by weight, size or capitals."""
    text = line.text.strip()
    if not 2 <= len(text) <= 90 or text.endswith((",", ";")):
        return False
    m = _NUMBERED.match(text)
    if m:
        title = m.group(2)
        words = title.split()
        if len(words) > 14 or not title[:1].isupper() or title.endswith("."):
            return False
        if sum(c.isalpha() for c in title) < 3:
            return False
        return _styled(line, body)
    if _KNOWN.match(text) and len(text) <= 45 and not text.endswith("."):
        return _styled(line, body)
    return False


def _top_number(text: str) -> str | None:
    m = _NUMBERED.match(text)
    if not m:
        return None
    return m.group(1).rstrip(".")


def _strip_number(text: str) -> str:
    m = _NUMBERED.match(text)
    return m.group(2).strip() if m else text


def find_sections(pages: Sequence[Sequence[Line]], body: float, skip: set[int]) -> list[Section]:
    """Top-level headings in reading order (numbers dropped), with their 1-based page."""
    out: list[Section] = []
    last_num = 0
    seen_refs = False
    for lines in pages:
        for ln in lines:
            if id(ln) in skip or not is_heading(ln, body):
                continue
            text = re.sub(r"\s+", " ", ln.text).strip()
            num = _top_number(text)
            if num is None:
                if _KNOWN_FULL.match(text) and not text.lower().startswith("abstract"):
                    out.append(Section(text, ln.page))
                    seen_refs = seen_refs or bool(_REFS.match(text))
                continue
            if num.isdigit():
                n = int(num)
                if last_num < n <= last_num + 3 and not seen_refs:
                    last_num = n
                    out.append(Section(_strip_number(text), ln.page))
            elif re.fullmatch(r"[A-H]", num) and seen_refs:
                out.append(Section(_strip_number(text), ln.page))
    return out


def _reference_lines(pages: Sequence[Sequence[Line]], body: float) -> list[Line]:
    start: tuple[int, int] | None = None
    for p, lines in enumerate(pages):
        for i, ln in enumerate(lines):
            if _REFS.match(ln.text.strip()) and _styled(ln, body):
                start = (p, i)
    if start is None:
        return []
    out: list[Line] = []
    p0, i0 = start
    for p in range(p0, len(pages)):
        lines = pages[p][i0 + 1 :] if p == p0 else pages[p]
        for ln in lines:
            if is_heading(ln, body) and _APPENDIX.match(ln.text.strip()):
                return out
            out.append(ln)
    return out


_NUM_START = re.compile(r"^\s*(\[\d{1,3}\]|\d{1,3}\.\s)")


def _split(lines: list[Line], margins: list[float]) -> list[list[Line]]:
    numbered = sum(1 for ln in lines if _NUM_START.match(ln.text))
    entries: list[list[Line]] = []
    if numbered >= 3 and numbered >= len(lines) // 8:
        for ln in lines:
            if _NUM_START.match(ln.text) or not entries:
                entries.append([ln])
            else:
                entries[-1].append(ln)
        return entries
    starts = _hanging_starts(lines, margins)
    for ln, is_start in zip(lines, starts, strict=True):
        if is_start or not entries:
            entries.append([ln])
        else:
            entries[-1].append(ln)
    return entries


def _column_key(lines: list[Line]) -> dict[int, tuple[int, int]]:
    by_page: dict[int, list[float]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln.x0)
    keys: dict[int, tuple[int, int]] = {}
    for ln in lines:
        xs = by_page[ln.page]
        lo, hi = min(xs), max(xs)
        col = 1 if hi - lo > 100 and ln.x0 > (lo + hi) / 2 else 0
        keys[id(ln)] = (ln.page, col)
    return keys


def _margins(pages: Sequence[Sequence[Line]]) -> list[float]:
    """Left edges of the text columns: x positions where many lines start."""
    counts: Counter[int] = Counter(round(ln.x0) for lines in pages for ln in lines)
    return [float(x) for x, n in counts.items() if n >= 15]


def _hanging_starts(lines: list[Line], margins: list[float]) -> list[bool]:
    """Whether each line starts an entry, from hanging indents or, failing that, gaps."""
    keys = _column_key(lines)
    xs: dict[tuple[int, int], list[float]] = {}
    for ln in lines:
        xs.setdefault(keys[id(ln)], []).append(ln.x0)
    starts: list[float] = []
    conts: list[float] = []
    indents: list[float] = []
    for vals in xs.values():
        lo = min(vals)
        more = [v for v in vals if v > lo + 3]
        if more:
            starts.append(lo)
            conts += more
            indents.append(min(more) - lo)
    if not conts:
        return _gap_starts(lines)
    indent = sorted(indents)[len(indents) // 2]

    def is_start(ln: Line) -> bool:
        vals = xs[keys[id(ln)]]
        lo = min(vals)
        if any(v > lo + 3 for v in vals):
            return ln.x0 <= lo + 1.5
        near_cont = any(abs(ln.x0 - c) < 1.5 for c in conts) or any(
            abs(ln.x0 - m - indent) < 1.5 for m in margins
        )
        near_start = any(abs(ln.x0 - s) < 1.5 for s in starts)
        return near_start or not near_cont

    return [is_start(ln) for ln in lines]


def _gap_starts(lines: list[Line]) -> list[bool]:
    gaps = [a.y - b.y for a, b in pairwise(lines) if 0 < a.y - b.y < 40]
    typical = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    out = [True]
    for a, b in pairwise(lines):
        dy = a.y - b.y
        out.append(dy > typical * 1.25 or dy < 0 or (b.page != a.page and a.text.endswith(".")))
    return out


def find_references(pages: Sequence[Sequence[Line]], body: float, vocab: set[str]) -> list[str]:
    lines = _reference_lines(pages, body)
    lines = [ln for ln in lines if ln.size >= body * 0.7 or not body]
    if not lines:
        return []
    out: list[str] = []
    for entry in _split(lines, _margins(pages)):
        text = join_lines([ln.text for ln in entry], vocab)
        if len(text) >= 10:
            out.append(text)
    return out
