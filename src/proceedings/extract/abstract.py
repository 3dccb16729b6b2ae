"""The abstract and keywords under a paper's first-page heading, across the page break.

In: a page's ``Line`` list (and the next page's, where the abstract runs on) and the document
vocabulary. Out: the index of the "Abstract" heading, the abstract's text, the keywords.
"""

from __future__ import annotations

import re

from .hyphenation import join_lines
from .lines import Line, PageText
from .structure import is_heading

__all__ = ["abstract_text", "find_abstract", "keywords_after", "split_keywords"]

_ABSTRACT = re.compile(
    r"^\W{0,3}(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary)\b\s*[.:—–-]?\s*", re.I
)
_KEYWORDS = re.compile(
    r"^\W{0,2}(?:key\s?words?|index terms|keyphrases|ccs concepts)\b\s*(?:and phrases)?[\s:.—–-]*",
    re.I,
)


def find_abstract(lines: list[Line]) -> int | None:
    """The index of the line that opens the abstract ("Abstract", "ABSTRACT.", a run-in
    bold "Abstract"), among the page's first 120 lines."""
    for i, ln in enumerate(lines[:120]):
        m = _ABSTRACT.match(ln.text)
        if not m:
            continue
        rest = ln.text[m.end() :]
        if not rest or len(ln.text) < 14:
            return i
        head = ln.text[: m.end()]
        if re.search(r"[.:—–-]\s*$", head) or ln.spans[0].bold or head.strip().isupper():
            return i
    return None


def _body_lines(lines: list[Line], body: float) -> tuple[list[Line], bool]:
    """The abstract's lines at the start of ``lines``, and whether something ended them (a
    keywords line, a heading, bigger type) before the page did."""
    out: list[Line] = []
    for ln in lines:
        if _KEYWORDS.match(ln.text) or (is_heading(ln, body) and out):
            return out, True
        if ln.size > body * 1.12 and out:
            return out, True
        if ln.size < body * 0.93:
            continue
        out.append(ln)
    return out, False


def _text_size(head: Line, follow: list[Line]) -> float:
    """The abstract's type size: the median of its first lines, up to a keywords line or a
    heading (the body text after a short abstract is often larger); of the first six lines
    when a heading comes first (a structured abstract's "Background")."""
    own: list[float] = []
    for ln in follow[:6]:
        if _KEYWORDS.match(ln.text) or is_heading(ln, 0.0):
            break
        if len(ln.text) > 20:
            own.append(ln.size)
    sizes = own or [ln.size for ln in follow[:6] if len(ln.text) > 20]
    return sorted(sizes)[len(sizes) // 2] if sizes else head.size


def _at_foot(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """``lines`` split at the first drop of over 2.5 lines between two of them (where the
    text stops over the page's footnotes, or before a section). The gap under the heading
    does not count: some templates leave three lines there."""
    for i in range(1, len(lines)):
        prev, ln = lines[i - 1], lines[i]
        if prev.y - ln.y > 2.5 * min(prev.size, ln.size):
            return lines[:i], lines[i:]
    return lines, []


def _continued(head: Line, taken: list[Line], page: PageText, next_lines: list[Line]) -> list[Line]:
    """The abstract's lines at the top of the next page, when it ran into the page's foot:
    lines of its size that keep its left edge, up to a keywords line or heading."""
    if (taken[-1] if taken else head).y > 0.3 * page.height:
        return []
    body = _text_size(head, taken or next_lines)
    lines, ended = _body_lines(next_lines, body)
    if not taken:
        return lines if ended else []
    left = min(ln.x0 for ln in taken)
    out: list[Line] = []
    for ln in lines:
        if ln.x0 < left - 2.5:
            break
        out.append(ln)
    return out if out and (ended or len(out) < len(lines)) else []


def abstract_text(
    lines: list[Line], idx: int, vocab: set[str], page: PageText, next_lines: list[Line]
) -> str:
    """The abstract under the heading ``lines[idx]`` of ``page``, carried on into
    ``next_lines`` (page 2) when it reaches the page's foot."""
    head = lines[idx]
    m = _ABSTRACT.match(head.text)
    rest = head.text[m.end() :].strip() if m else ""
    follow, below = _at_foot(lines[idx + 1 :])
    body = _text_size(head, follow) if follow else head.size
    taken, ended = _body_lines(follow, body)
    at_foot = not ended and all(ln.size < body * 0.93 for ln in below)
    if at_foot and next_lines and (taken or not rest):
        if taken and body < 0.8 * _text_size(head, next_lines):
            taken = []  # only the page's footnotes stood under the heading
        taken += _continued(head, taken, page, next_lines)
    texts = [rest] if rest else []
    texts += [_without_markers(ln) for ln in taken]
    return join_lines(texts, vocab)


def _without_markers(line: Line) -> str:
    """The line's text without raised footnote markers (``...on GitHub¹``)."""
    kept = [
        s
        for s in line.spans
        if not (
            s.size < 0.8 * line.size
            and s.y > line.y + 0.2 * line.size
            and re.fullmatch(r"[\d*∗†‡§¶,\s]+", s.text)
        )
    ]
    if len(kept) == len(line.spans) or not kept:
        return line.text
    return Line(kept, line.page).finish().text


def keywords_after(lines: list[Line], start: int, vocab: set[str]) -> list[str]:
    """The keywords of the first "Keywords:" line from ``lines[start]`` on, with the lines
    it wraps onto."""
    for i in range(start, min(len(lines), start + 150)):
        ln = lines[i]
        m = _KEYWORDS.match(ln.text)
        if not m:
            continue
        texts = [ln.text[m.end() :]]
        for nxt in lines[i + 1 : i + 4]:
            if is_heading(nxt, ln.size) or abs(nxt.size - ln.size) > 0.6:
                break
            if texts[-1].rstrip().endswith(".") or ln.y - nxt.y > 3 * ln.size:
                break
            texts.append(nxt.text)
        return split_keywords(join_lines(texts, vocab))
    return []


def split_keywords(text: str) -> list[str]:
    """``"a, b; c"`` as ``["a", "b", "c"]``."""
    text = text.strip().rstrip(".")
    words = [w.strip(" .") for w in re.split(r"[,;·•]|\s[—–]\s|\s{2,}", text)]
    return [w for w in words if w and len(w) < 80]
