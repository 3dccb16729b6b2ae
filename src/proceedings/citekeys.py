"""The keys a reference and a paper are matched on, and the ``refs`` rows of a paper.

In: a paper's raw reference strings, or a stored paper. Out: ``refs`` rows with the fields
``parse_reference`` found plus match keys (first author's folded surname, the first three
folded title words, a ``ref_key`` naming the cited work for bibliographic coupling), and the
``paper_keys`` row of a paper (the same keys from its own metadata). The title prefix and
``ref_key`` are only ever compared for equality, so they are stored as 8-byte digests
(``key_digest``) of their words.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from .extract.references import parse_reference
from .models import Reference
from .sqlrows import upsert
from .text import fold_in_place, fold_words

__all__ = [
    "REF_COLUMNS",
    "arxiv_key",
    "key_digest",
    "match_text",
    "match_words",
    "prefix_key",
    "ref_rows",
    "reference_of",
    "save_paper_keys",
    "surname_key",
]


_WORD = re.compile(r"[^\W_]+")


def match_words(text: str | None) -> list[str]:
    """The folded words (any script) of ``text``, in order."""
    return _WORD.findall(fold_in_place(text or ""))


def match_text(text: str | None) -> str:
    """``text`` as the matcher compares it: folded words (any script) separated by spaces."""
    return " ".join(match_words(text))


def surname_key(name: str) -> str | None:
    """The folded family name of "Smith, J.", "J. Smith", "John van Smith" or "이찬희"."""
    name = name.strip()
    if "," in name:
        family = name.split(",")[0]
    else:
        words = [w for w in name.split() if not (len(w.rstrip(".")) <= 2 and w.endswith("."))]
        if len(words) > 1 and all(len(w) <= 3 and w.isupper() for w in words[1:]):
            words = words[:1]
        family = words[-1] if words else name
    folded = fold_words(family).replace(" ", "")
    if not folded and family:
        folded = family.lower()
    return folded or None


def key_digest(key: str | None) -> bytes | None:
    """The 8 bytes a match key is stored as: a stable digest (BLAKE2b), a sixth of the words'
    size in the table and in its index; two keys collide with odds of one in 2**64."""
    return hashlib.blake2b(key.encode(), digest_size=8).digest() if key else None


def prefix_key(title: str | None) -> bytes | None:
    """The first three folded words of a title, as a digest; ``None`` for a shorter title."""
    return _prefix_of(match_words(title))


def _prefix_of(words: list[str]) -> bytes | None:
    return key_digest(" ".join(words[:3])) if len(words) >= 3 else None


def _ref_key(ref: Reference, title_words: list[str]) -> bytes | None:
    if len(title_words) >= 3:
        return key_digest("t:" + " ".join(title_words[:8]))
    if ref.doi:
        return key_digest("doi:" + ref.doi.lower())
    return key_digest("arxiv:" + ref.arxiv_id.split("v")[0]) if ref.arxiv_id else None


REF_COLUMNS = (
    "paper_id",
    "position",
    "text",
    "authors",
    "title",
    "venue",
    "year",
    "volume",
    "pages",
    "doi",
    "arxiv_id",
    "url",
    "surname",
    "prefix",
    "ref_key",
)


def ref_rows(paper_id: str, references: Sequence[str]) -> list[tuple[Any, ...]]:
    """The ``refs`` rows of a paper, in ``REF_COLUMNS`` order: raw text, position and the
    parsed fields."""
    rows = []
    for i, raw in enumerate(references):
        ref = parse_reference(raw)
        words = match_words(ref.title)
        rows.append(
            (
                paper_id,
                i,
                raw,
                json.dumps(list(ref.authors), ensure_ascii=False),
                ref.title,
                ref.venue,
                ref.year,
                ref.volume,
                ref.pages,
                ref.doi.lower() if ref.doi else None,
                arxiv_key(ref.arxiv_id),
                ref.url,
                surname_key(ref.authors[0]) if ref.authors else None,
                _prefix_of(words),
                _ref_key(ref, words),
            )
        )
    return rows


def reference_of(row: dict[str, Any]) -> Reference:
    """A ``Reference`` back from its ``refs`` row."""
    return Reference(
        raw=row["text"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        title=row["title"],
        venue=row["venue"],
        year=row["year"],
        volume=row["volume"],
        pages=row["pages"],
        doi=row["doi"],
        arxiv_id=row["arxiv_id"],
        url=row["url"],
    )


def arxiv_key(value: str | None) -> str | None:
    if not value:
        return None
    head, _, tail = value.rpartition("v")
    return head if head and tail.isdigit() else value


def save_paper_keys(db: Database, paper_id: str) -> None:
    row = db.execute(
        "SELECT p.title, p.year, p.doi, p.arxiv_id, a.name FROM papers p LEFT JOIN authors a "
        "ON a.paper_id = p.id AND a.position = 0 WHERE p.id = ?",
        [paper_id],
    ).fetchone()
    if row is None:
        return
    title, year, doi, arxiv, first = row
    upsert(
        db,
        "paper_keys",
        {
            "paper_id": paper_id,
            "surname": surname_key(first) if first else None,
            "year": year,
            "title": match_text(title),
            "prefix": prefix_key(title),
            "doi": doi.lower() if doi else None,
            "arxiv": arxiv_key(arxiv),
        },
        "paper_id",
    )
