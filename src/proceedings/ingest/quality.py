"""Checks on an extracted paper before it is stored: text that is not text, and too much text.

In: a ``Paper`` from a worker. Out: ``garbled_reason``, why its text layer needs OCR (most of
its characters are neither letters nor punctuation, or it repeats a handful of words), or None;
``cap_text``, the paper with each page and the whole text cut to a size search can afford,
and a warning saying what was cut.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Page, Paper

__all__ = ["MAX_PAGE_CHARS", "MAX_PAPER_CHARS", "cap_text", "garbled_reason"]

MAX_PAGE_CHARS = 200_000
MAX_PAPER_CHARS = 4_000_000
MAX_ODD_SHARE = 0.3
MIN_DISTINCT_WORDS = 20
_SAMPLE_CHARS = 200_000
_MIN_SAMPLE = 400
_COMMON = frozenset(".,;:!?'\"()[]{}-–—/\\%&+=*<>#@$§°·•…“”‘’«»|~^_`")
_WORD = re.compile(r"[^\W\d_]{2,}")
# ``\s`` and ``\w`` are ``str.isspace`` and ``str.isalnum`` (or "_", which is common anyway).
_PLAIN = re.compile(r"[\w\s" + re.escape("".join(sorted(_COMMON))) + "]+")  # all but odd


def garbled_reason(paper: Paper) -> str | None:
    """Why ``paper``'s text is not text (a font without ``ToUnicode``, WinAnsi garbage), or
    None. Too little text to judge is not garbled."""
    sample = "".join(p.text for p in paper.pages)[:_SAMPLE_CHARS]
    count = len("".join(sample.split()))  # the characters that are not white space
    if count < _MIN_SAMPLE:
        return None
    odd = len(_PLAIN.sub("", sample)) / count
    if odd > MAX_ODD_SHARE:
        return (
            f"text layer looks garbled ({odd:.0%} of its characters are neither letters nor "
            "punctuation); needs OCR"
        )
    seen: set[str] = set()
    words = 0
    for match in _WORD.finditer(sample):
        seen.add(match[0].lower())
        if len(seen) >= MIN_DISTINCT_WORDS:
            return None  # enough distinct words: the rest cannot make it garbled
        words += 1
    distinct = len(seen)
    if words >= 10 * MIN_DISTINCT_WORDS and distinct < MIN_DISTINCT_WORDS:
        return f"text layer looks garbled (only {distinct} distinct words in {words:,}); needs OCR"
    return None


def cap_text(paper: Paper) -> tuple[Paper, str | None]:
    """``paper`` with no page over ``MAX_PAGE_CHARS`` characters and no more than
    ``MAX_PAPER_CHARS`` in all, and a warning when anything was cut."""
    pages: list[Page] = []
    cut: list[int] = []
    total = 0
    over = False
    for page in paper.pages:
        text = page.text
        if len(text) > MAX_PAGE_CHARS:
            text = text[:MAX_PAGE_CHARS]
            cut.append(page.number)
        room = max(0, MAX_PAPER_CHARS - total)
        if len(text) > room:
            text, over = text[:room], True
        total += len(text)
        pages.append(page if text == page.text else Page(page.number, text))
    if not cut and not over:
        return paper, None
    notes = []
    if cut:
        shown = ", ".join(map(str, cut[:10])) + (", ..." if len(cut) > 10 else "")
        notes.append(f"page(s) {shown} cut to {MAX_PAGE_CHARS:,} characters")
    if over:
        notes.append(f"the text after the first {MAX_PAPER_CHARS:,} characters dropped")
    return replace(paper, pages=tuple(pages)), "text capped: " + "; ".join(notes)
