"""Field values that become SQL over ``papers``: venues (by acronym or full name), years and
citation counts.

In: the text after ``venue:``, ``year:`` or ``cited:`` (or a range's ends). Out: an SQL
condition and its parameters; ``ValueError`` for a value that is no number of the kind asked.
"""

from __future__ import annotations

import re

__all__ = ["CITED_SQL", "VENUE_NAMES", "bounds", "like", "number", "range_filter", "venue_filter"]

# Venue names matched together by ``venue:`` (acronyms, then the full name).
_VENUE_TABLE = """
NeurIPS NIPS = Neural Information Processing Systems
ICML = International Conference on Machine Learning
ICLR = International Conference on Learning Representations
ACL = Association for Computational Linguistics
EMNLP = Empirical Methods in Natural Language Processing
NAACL = North American Chapter of the Association for Computational Linguistics
CVPR = Computer Vision and Pattern Recognition
ICCV = International Conference on Computer Vision
ECCV = European Conference on Computer Vision
IJCAI = International Joint Conference on Artificial Intelligence
KDD = Knowledge Discovery and Data Mining
AISTATS = Artificial Intelligence and Statistics
UAI = Uncertainty in Artificial Intelligence
COLT = Conference on Learning Theory
SIGIR = Research and Development in Information Retrieval
WWW = The Web Conference
CHI = Human Factors in Computing Systems
"""
VENUE_NAMES: dict[str, tuple[str, ...]] = {}
for _line in _VENUE_TABLE.strip().splitlines():
    _short, _full = _line.split(" = ")
    _names = (*_short.split(), _full)
    VENUE_NAMES.update({name.casefold(): _names for name in _names})

# How many archive papers cite a paper (``cite_counts`` holds only papers cited at all).
CITED_SQL = "coalesce((SELECT n FROM cite_counts WHERE cite_counts.paper_id = papers.id), 0)"


def like(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``text`` anywhere, ``%`` and ``_`` as written."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def venue_filter(raw: str) -> tuple[str, tuple[object, ...]] | None:
    """Papers whose venue names ``raw``, its acronym or its full name (None: no name)."""
    value = " ".join(re.sub(r"[*?]", " ", raw).split())
    if not value:
        return None
    alternatives = [value, *VENUE_NAMES.get(value.casefold(), ())]
    names = list({name.casefold(): name for name in alternatives}.values())
    conds = " OR ".join("papers.venue LIKE ? ESCAPE '\\'" for _ in names)
    return f"({conds})", tuple(like(n) for n in names)


def number(value: object, digits: int) -> int | None:
    """A whole number of at most ``digits`` digits (None for an open end)."""
    if value is None:
        return None
    text = str(value).strip()
    if not re.fullmatch(rf"\d{{1,{digits}}}", text):
        raise ValueError(text)
    return int(text)


def bounds(text: str, digits: int) -> tuple[int | None, int | None]:
    """``2024`` -> (2024, 2024); ``2020..2024`` or ``2020-2024`` -> (2020, 2024); open ends
    are None."""
    one = rf"(\d{{1,{digits}}})?"
    match = re.match(rf"^{one}\s*(\.\.|-)?\s*{one}$", text.strip())
    if not match or not (match.group(1) or match.group(3)):
        raise ValueError(text)
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(3)) if match.group(3) else None
    if not match.group(2):
        high = low = low if low is not None else high
    return low, high


def range_filter(column: str, low: int | None, high: int | None) -> tuple[str, tuple[object, ...]]:
    """``column`` between ``low`` and ``high`` (either may be open)."""
    if low is not None and high is not None:
        low, high = min(low, high), max(low, high)
        if low == high:
            return f"{column} = ?", (low,)
        return f"{column} BETWEEN ? AND ?", (low, high)
    if low is not None:
        return f"{column} >= ?", (low,)
    if high is not None:
        return f"{column} <= ?", (high,)
    raise ValueError("no bound")
