"""Where the header of a paper's first page ends: title, byline and affiliations.

In: the papers table (title, abstract) and the authors table (names, affiliations) for some
paper ids, and page 1's text. Out: for each paper, the offset in page 1's text where its
abstract or body starts, so that a snippet can skip the header when the rest matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from ..text import fold_in_place

__all__ = ["header_end", "header_ends"]

_TOKEN = re.compile(r"[^\W_]+")
# How far into page 1 the header may reach (characters), and how many words of the abstract
# locate its start.
_HEADER_REACH = 3000
_ABSTRACT_WORDS = 6


def _loose(text: str, most: int | None = None) -> re.Pattern[str] | None:
    """A pattern for the words of ``text`` with anything but letters and digits between."""
    words = _TOKEN.findall(fold_in_place(text))[:most]
    if not words:
        return None
    return re.compile(r"[\W_]*".join(re.escape(w) for w in words))


def header_end(page1: str, title: str, abstract: str, bylines: Iterable[str]) -> int:
    """The offset in ``page1`` where the abstract starts, or else just past the last of the
    title, author names and affiliations within the top of the page; 0 when none is found."""
    folded = fold_in_place(page1)
    top = folded[:_HEADER_REACH]
    start = _loose(abstract, _ABSTRACT_WORDS) if len(_TOKEN.findall(abstract)) >= 3 else None
    if start is not None and (m := start.search(top)):
        return m.start()
    end = 0
    for piece in (title, *bylines):
        pattern = _loose(piece)
        if pattern is not None and len(piece) >= 3 and (m := pattern.search(top)):
            end = max(end, m.end())
    return end


def header_ends(db: Database, paper_ids: Sequence[str], page1: dict[str, str]) -> dict[str, int]:
    """``header_end`` of each paper whose page 1 text is in ``page1``."""
    ids = [p for p in paper_ids if p in page1]
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    bylines: dict[str, list[str]] = {p: [] for p in ids}
    for pid, name, affiliations in db.execute(
        f"SELECT paper_id, name, affiliations FROM authors WHERE paper_id IN ({marks})", ids
    ):
        bylines[pid] += [name, *json.loads(affiliations or "[]")]
    out = {}
    for pid, title, abstract in db.execute(
        f"SELECT id, title, abstract FROM papers WHERE id IN ({marks})", ids
    ):
        out[pid] = header_end(page1[pid], title or "", abstract or "", bylines[pid])
    return out
