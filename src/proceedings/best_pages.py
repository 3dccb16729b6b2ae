"""The best pages of a few papers for a query: where its words stand, with FTS5 snippets.

FTS5's ``bm25()`` on ``pages_fts`` counts, for every statement, the pages holding each phrase
in the whole archive, which costs more than the paper ranking itself for common words. Pages
are therefore found with ``pages_fts MATCH`` (cheap without auxiliary functions) and scored
here with BM25 over the phrases of the page query, their frequencies estimated from the page
text; only the chosen pages pay for a ``snippet()``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlite_utils import Database
from whoosh.lang.porter import stem

from .models import PageHit

__all__ = ["SNIPPET_TOKENS", "best_pages"]

SNIPPET_TOKENS = 24
BIBLIOGRAPHY = ("references", "bibliography", "literature cited")
BIBLIOGRAPHY_WEIGHT = 0.25
K1, B = 1.2, 0.75
MAX_WEIGHTED = 6

_STRING = re.compile(r'"((?:[^"]|"")*)"(\s*\*)?')
_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return str(stem("".join(c for c in decomposed if not unicodedata.combining(c))))


@dataclass(frozen=True)
class _Phrase:
    """A quoted string of the page query: the lower-case heads its words start with."""

    heads: tuple[str, ...]
    stems: tuple[str, ...]

    @classmethod
    def parse(cls, text: str, prefix: bool) -> _Phrase | None:
        tokens = [t.casefold() for t in _TOKEN.findall(text)]
        if not tokens:
            return None
        stems = tuple(_stem(t) for t in tokens)
        heads = []
        for i, (token, stemmed) in enumerate(zip(tokens, stems, strict=True)):
            n = 0
            while n < min(len(token), len(stemmed)) and token[n] == stemmed[n]:
                n += 1
            heads.append(token if prefix and i == len(tokens) - 1 else token[: max(n, 1)])
        return cls(tuple(heads), stems)

    def count(self, lowered: str) -> int:
        """How often the phrase's words stand in ``lowered`` text, estimated from the
        rarest of its word heads (a page reaches here only when FTS5 matched it)."""
        return min(
            lowered.count(h) if len(h) > 2 else len(re.findall(rf"\b{re.escape(h)}\b", lowered))
            for h in self.heads
        )


def _phrases(page_match: str) -> list[_Phrase]:
    phrases = []
    for match in _STRING.finditer(page_match):
        phrase = _Phrase.parse(match.group(1).replace('""', '"'), bool(match.group(2)))
        if phrase is not None:
            phrases.append(phrase)
    return phrases


def _weights(db: Database, phrases: Sequence[_Phrase]) -> list[float]:
    """BM25's idf of each phrase, from the number of papers holding its rarest word."""
    if not 2 <= len(phrases) <= MAX_WEIGHTED:
        return [1.0] * len(phrases)
    n_docs = db.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 1
    weights = []
    for phrase in phrases:
        dfs = [
            (db.execute("SELECT doc FROM docs_vocab WHERE term = ?", [s]).fetchone() or (1,))[0]
            for s in phrase.stems
        ]
        weights.append(math.log(1 + n_docs / max(1, min(dfs))))
    return weights


def best_pages(
    db: Database, paper_ids: Sequence[str], page_match: str, n: int = 3
) -> dict[str, tuple[PageHit, ...]]:
    """Up to ``n`` pages of each paper matching ``page_match``, best first; a bibliography
    page's score counts a quarter."""
    if not paper_ids:
        return {}
    marks = ", ".join("?" * len(paper_ids))
    refs_from = dict(
        db.execute(
            f"SELECT paper_id, min(page) FROM sections WHERE paper_id IN ({marks}) "
            f"AND lower(title) IN ({', '.join('?' * len(BIBLIOGRAPHY))}) GROUP BY paper_id",
            [*paper_ids, *BIBLIOGRAPHY],
        ).fetchall()
    )
    spans = db.execute(
        f"SELECT paper_id, min(rowid), max(rowid) FROM pages WHERE paper_id IN ({marks}) "
        "GROUP BY paper_id",
        list(paper_ids),
    ).fetchall()
    matched: list[int] = []
    for _pid, first, last in spans:
        matched += [
            r[0]
            for r in db.execute(
                "SELECT rowid FROM pages_fts WHERE pages_fts MATCH ? AND rowid BETWEEN ? AND ?",
                [page_match, first, last],
            )
        ]
    if not matched:
        return {}
    rows = db.execute(
        f"SELECT rowid, paper_id, page, text FROM pages WHERE rowid IN "
        f"({', '.join(map(str, matched))})"
    ).fetchall()
    phrases = _phrases(page_match)
    weights = _weights(db, phrases)
    average = sum(len(r[3] or "") for r in rows) / len(rows) or 1.0
    scored: dict[str, list[tuple[float, int, int]]] = {}
    for rowid, pid, page, text in rows:
        if pid not in paper_ids:
            continue
        norm = K1 * (1 - B + B * len(text or "") / average)
        lowered = (text or "").casefold()
        score = 0.0
        for phrase, weight in zip(phrases, weights, strict=True):
            tf = phrase.count(lowered)
            score += weight * tf * (K1 + 1) / (tf + norm)
        if refs_from.get(pid) is not None and page >= refs_from[pid]:
            score *= BIBLIOGRAPHY_WEIGHT
        scored.setdefault(pid, []).append((score, page, rowid))
    out = {}
    for pid, pages in scored.items():
        best = sorted(pages, key=lambda p: (-p[0], p[1]))[:n]
        out[pid] = tuple(
            PageHit(page, _snippet(db, page_match, rowid), s) for s, page, rowid in best
        )
    return out


def _snippet(db: Database, page_match: str, rowid: int) -> str:
    row = db.execute(
        "SELECT snippet(pages_fts, 0, '**', '**', '…', ?) FROM pages_fts "
        "WHERE pages_fts MATCH ? AND rowid = ?",
        [SNIPPET_TOKENS, page_match, rowid],
    ).fetchone()
    return re.sub(r"\s+", " ", row[0] if row else "").strip()
