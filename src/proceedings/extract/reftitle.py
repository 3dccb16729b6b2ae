"""Second looks at a reference's title span: what a first cut at full stops and commas misses.

In: the text after the author list and year (``rest``) or a title already cut from it, and
the text that follows the title. Out: a trimmed ``rest`` or title. ``strip_in_press`` drops a
trailing "in press" / "à paraître"; ``book_in_series`` finds the book title in
"in Series, Vol. 12, Book Title, A. Editor, eds., p. 3" (astronomy and physics series);
``drop_place`` takes "City, Country" off a title followed by a date ("Meeting #92,
Ljubljana, SI, 26-30 Aug 2019"); ``drop_glued_venue`` takes a CJK journal name printed
without a comma before its numbers off the end of a CJK title.
"""

from __future__ import annotations

import re

__all__ = ["book_in_series", "drop_glued_venue", "drop_place", "strip_in_press"]

_IN_PRESS = re.compile(
    r"[\s,.;(]*(?:in press|to appear|à paraître|sous presse|im druck|en prensa|forthcoming)"
    r"[\s.)]*$",
    re.I,
)
_SERIES = re.compile(
    r"^\s*(?:in:?\s+)?[^,]{3,120},\s*vol\.?\s*\d+\s*,\s*(?P<title>[^,]{3,200}?)\s*,"
    r"(?:[^,]{1,40},){1,12}?\s*eds?\.",
    re.I,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_PLACE = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}"
_PLACE_TAIL = re.compile(rf",\s*{_PLACE}$")
_DATE_AFTER = re.compile(
    rf"^\s*,\s*(?:{_PLACE}\s*,\s*){{0,3}}"
    rf"(?:\d{{1,2}}\s?(?:st|nd|rd|th)?\s*(?:{_MONTH}\s*)?[-–]\s*)?\d{{1,2}}\s?(?:st|nd|rd|th)?\s+"
    rf"{_MONTH}"
)
_CJK = "\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af"
_GLUED_VENUE = re.compile(rf"^(.*[{_CJK}].*?)\s+[{_CJK}]{{2,}}\s?(?:-\d+|\d+(?:\(\d+\))?)$")


def strip_in_press(rest: str) -> str:
    """ "Tetrahedron. À paraître." -> "Tetrahedron"."""
    return _IN_PRESS.sub("", rest)


def book_in_series(rest: str) -> str | None:
    """The book's title in "in Series, Vol. 396, The First Galaxies, T. Wiklind, eds., p. 293"."""
    m = _SERIES.match(rest)
    return m.group("title").strip() if m else None


def drop_place(title: str, after: str) -> str:
    """ "Meeting #92, Ljubljana" before ", SI, 26-30 Aug 2019" -> "Meeting #92"."""
    if not _DATE_AFTER.match(after):
        return title
    while True:
        m = _PLACE_TAIL.search(title)
        if m is None or m.start() == 0 or len(m.group()) > 30:
            return title
        title = title[: m.start()].rstrip()


def drop_glued_venue(title: str) -> str:
    """ "학성산성에 대하여 조선고고연구-4" -> "학성산성에 대하여"."""
    m = _GLUED_VENUE.match(title)
    return m.group(1) if m else title
