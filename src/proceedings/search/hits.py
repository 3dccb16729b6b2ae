"""Search hits made from what the archive stores.

In: a ranked row (``rank.Row``) with its best pages, or a paper's stored fields. Out: a
``Hit`` whose snippet is the best page's, else the abstract's match, else its opening words.
"""

from __future__ import annotations

from ..models import Hit, PageHit
from .pages import snippet
from .rank import Row

__all__ = ["hit_from_row", "hit_of", "opening"]


def hit_from_row(row: Row, pages: tuple[PageHit, ...], page_match: str | None) -> Hit:
    """A ranked row as a ``Hit``: its best page's snippet, else the abstract's."""
    _rowid, pid, title, authors, year, venue, abstract, score, _tier = row
    if pages:
        page, shown = pages[0].page, pages[0].snippet
    else:
        page, shown = None, snippet(abstract or "", page_match) if page_match else ""
        if not shown:
            shown = opening(abstract or "")
    return hit_of(
        pid, title, authors, year, venue, score=float(score), page=page, snippet=shown, pages=pages
    )


def hit_of(
    paper_id: str,
    title: str,
    authors: str | None,
    year: int | None,
    venue: str | None,
    *,
    score: float = 0.0,
    page: int | None = None,
    snippet: str = "",
    pages: tuple[PageHit, ...] = (),
) -> Hit:
    """A ``Hit`` from a paper's stored fields (``authors`` as stored, comma-separated)."""
    return Hit(
        id=paper_id,
        title=title,
        authors=tuple(a for a in (authors or "").split(", ") if a),
        year=year,
        venue=venue,
        score=score,
        page=page,
        snippet=snippet,
        pages=pages,
    )


def opening(text: str, words: int = 24) -> str:
    """The first ``words`` words of ``text``, with an ellipsis if there are more."""
    tokens = text.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")
