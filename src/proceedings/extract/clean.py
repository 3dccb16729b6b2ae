"""Character-level and line-level cleaning of extracted text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from .chars import clean_text
from .reader import Line
from .wordlist import COMMON, RARE, zipf

__all__ = [
    "clean_text",
    "dehyphenate",
    "drop_line_numbers",
    "hyphen_sep",
    "join_lines",
    "strip_running",
    "vocabulary",
]

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)


def vocabulary(lines: Iterable[str]) -> set[str]:
    """Lower-cased words of the document, hyphenated compounds kept whole; the pieces of a
    word broken at a line's end ("effi-" / "cient") are no words of their own."""
    vocab: set[str] = set()
    broken = False
    for line in lines:
        body = line[:-1] if line.endswith("-") else line
        words = _WORD.findall(body)
        if broken and words and body.lstrip().startswith(words[0]):
            words = words[1:]
        broken = line.endswith("-")
        if broken and words and body.endswith(words[-1]):
            words.pop()
        for w in words:
            vocab.add(w.lower())
    return vocab


_TAIL = re.compile(r"(\S*?)([^\W\d_]+)-$")
_HEAD = re.compile(r"^([^\W\d_][\w']*)(\S*)\s*")
# A line that goes on with a number after a hyphen ("VTAB-" / "1k"): no word is broken there.
_NUMBER_HEAD = re.compile(r"^(\d[\w.]*)(\S*)\s*")
# Both sides of a hyphen at a line end must be this long to count as two words ("wall-clock",
# "ten-task"), not a word broken after a prefix ("in-", "re-").
_PART = 3


def hyphen_sep(piece: str, head: str, vocab: set[str], rest: str = "") -> str:
    """The separator ("" or "-") for a word split as ``piece-`` / ``head`` at a line end;
    ``rest`` is what follows ``head`` on its line before a space."""
    return _joinable("", piece, head, vocab, rest)


def _joinable(tail: str, piece: str, head: str, vocab: set[str], rest: str = "") -> str:
    """The separator ("" or "-") to put between ``piece-`` and ``head``.

    The document's own words decide first: the joined word, or the hyphenated one, stands
    elsewhere in it. Otherwise the hyphen stays in a compound that goes on with another hyphen
    ("chain-" / "of-thought"), before a capital, and between two words the document uses on
    their own or two common English words, when together they are no English word ("wall-" /
    "clock"); a word broken into pieces that are no words is joined.
    """
    if "-" in tail or not piece or not head or rest.startswith("-"):
        return "-"
    joined = (piece + head).lower()
    if joined in vocab:
        return ""
    if (piece + "-" + head).lower() in vocab:
        return "-"
    if head[0].isupper():
        camel = piece[0].isupper() and len(piece) <= 3 and piece[1:].islower()
        return "" if camel else "-"
    if len(piece) < _PART or len(head) < _PART or zipf(joined) >= RARE:
        return ""
    if {piece.lower(), head.lower()} <= vocab:
        return "-"
    if zipf(piece) >= COMMON and zipf(head) >= COMMON:
        return "-"
    return ""


def dehyphenate(lines: Sequence[str], vocab: set[str]) -> list[str]:
    """Re-join words broken across lines; real compounds keep their hyphen."""
    out = list(lines)
    for i in range(len(out) - 1):
        line = out[i]
        if not line.endswith("-") or line.endswith("--"):
            continue
        m = _TAIL.search(line)
        nxt = out[i + 1]
        h = _HEAD.match(nxt)
        if m and not h and (h := _NUMBER_HEAD.match(nxt)):
            out[i] = line + h.group(1) + h.group(2)
            out[i + 1] = nxt[h.end() :]
            continue
        if not m or not h:
            continue
        sep = _joinable(m.group(1), m.group(2), h.group(1), vocab, h.group(2))
        out[i] = line[:-1] + sep + h.group(1) + h.group(2)
        out[i + 1] = nxt[h.end() :]
    return [ln for ln in out if ln.strip()]


_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*[/\-_.=&?#~]$")
_URL_HEAD = re.compile(r"^[a-z0-9/_~\-]")


def join_urls(lines: Sequence[str]) -> list[str]:
    """Lines with a web address that a line break cut (``https://github.com/`` / ``x``) rejoined.

    LaTeX's ``url`` breaks after ``/``, ``.`` or ``-`` without a hyphen, so the next line's
    start continues the address when it begins in lower case.
    """
    out: list[str] = []
    for line in lines:
        if out and _URL_TAIL.search(out[-1].rstrip()) and _URL_HEAD.match(line.lstrip()):
            out[-1] = out[-1].rstrip() + line.lstrip()
        else:
            out.append(line)
    return out


def join_lines(lines: Sequence[str], vocab: set[str]) -> str:
    """Lines of one paragraph as one string, de-hyphenated."""
    return re.sub(r"\s+", " ", " ".join(dehyphenate(join_urls(lines), vocab))).strip()


_NUMBER = re.compile(r"^\d{1,4}$")


def drop_line_numbers(lines: list[Line]) -> list[Line]:
    """Lines without the margin line numbers of review copies."""
    long = sorted(ln.x0 for ln in lines if len(ln.text) >= 30)
    if len(long) < 5:
        return lines
    left = long[len(long) // 20]
    right = sorted(ln.x1 for ln in lines if len(ln.text) >= 30)[-max(1, len(long) // 20)]
    sizes = sorted(ln.size for ln in lines if len(ln.text) >= 30)
    body = sizes[len(sizes) // 2]
    out: list[Line] = []
    for ln in lines:
        if _NUMBER.match(ln.text) and (
            ln.x0 < left - 4 or ln.x0 > right - 2 or ln.size < 0.7 * body
        ):
            continue
        spans = list(ln.spans)
        while spans and _NUMBER.match(spans[0].text.strip()) and spans[0].x < left - 4:
            spans.pop(0)
        while len(spans) > 1 and _NUMBER.match(spans[-1].text.strip()):
            last, prev = spans[-1], spans[-2]
            on_baseline = abs(last.y - ln.y) < 0.15 * ln.size
            tiny = last.size < 0.65 * ln.size and on_baseline and last.x - prev.end > 4
            if not (last.x > right - 2 or tiny):
                break
            spans.pop()
        if len(spans) != len(ln.spans):
            if not spans:
                continue
            ln = Line(spans, ln.page).finish()
        out.append(ln)
    return out


_PAGE_NO = re.compile(r"^(page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(\s*(of|/)\s*\d{1,4})?$", re.I)
_ROMAN = re.compile(r"^[ivxlc]{1,6}$", re.I)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text.lower()))


def strip_running(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Pages without running headers/footers (lines repeated across pages) and page numbers."""
    edges: list[list[int]] = []
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        idx = _edge_indices(lines, height)
        edges.append(idx)
        counts.update({_key(lines[i].text) for i in idx})
    n = len(pages)
    need = max(2, int(0.4 * n + 0.5)) if n >= 3 else n + 1
    out: list[list[Line]] = []
    for lines, idx in zip(pages, edges, strict=True):
        sizes = sorted(ln.size for ln in lines)
        big = 1.15 * sizes[len(sizes) // 2] if sizes else 0.0
        drop = set()
        for i in idx:
            text = lines[i].text.strip()
            if lines[i].size > big:
                continue
            if _PAGE_NO.match(text) or _ROMAN.match(text) or counts[_key(text)] >= need:
                drop.add(i)
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    return out


def _edge_indices(lines: list[Line], height: float) -> list[int]:
    """Indices of the two top-most and two bottom-most lines that sit in the page margins."""
    if not lines:
        return []
    order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
    band = 0.12 * height if height > 0 else 90.0
    top = [i for i in order[:2] if height <= 0 or lines[i].y > height - band]
    bottom = [i for i in order[-2:] if lines[i].y < band]
    return sorted(set(top + bottom))
