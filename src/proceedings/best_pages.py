"""The best pages of a few papers for a query: where its words stand, with FTS5 snippets.

FTS5's ``bm25()`` on ``pages_fts`` counts, for every statement, the pages holding each phrase
in the whole archive, which costs more than the paper ranking itself for common words. Pages
are therefore scored here, with BM25 over the phrases of the page query, their frequencies
estimated from the page texts (a word counts wherever its stem's head stands); FTS5 decides
which pages match, and only the best pages pay for a ``snippet()``.
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

__all__ = ["SNIPPET_TOKENS", "best_pages", "word_stem"]

SNIPPET_TOKENS = 24
BIBLIOGRAPHY = ("references", "bibliography", "literature cited")
BIBLIOGRAPHY_WEIGHT = 0.25
K1, B = 1.2, 0.75
MAX_EXPANSION = 200

_STRING = re.compile(r'"((?:[^"]|"")*)"(\s*\*)?')
_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)
def word_stem(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return str(stem("".join(c for c in decomposed if not unicodedata.combining(c))))


@dataclass(frozen=True)
class _Phrase:
    """A quoted string of the page query: the lower-case heads its words start with."""

    heads: tuple[str, ...]

    @classmethod
    def parse(cls, text: str, prefix: bool) -> _Phrase | None:
        tokens = [t.lower() for t in _TOKEN.findall(text)]
        if not tokens:
            return None
        heads = []
        for i, token in enumerate(tokens):
            stemmed, n = word_stem(token), 0
            while n < min(len(token), len(stemmed)) and token[n] == stemmed[n]:
                n += 1
            heads.append(token if prefix and i == len(tokens) - 1 else token[: max(n, 1)])
        return cls(tuple(heads))

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


def _expand_prefixes(page_match: str, texts: Sequence[str]) -> str:
    """``page_match`` with each ``"head" *`` replaced by the words of ``texts`` starting with
    ``head``: FTS5 would otherwise merge the archive-wide postings of every such word for
    each statement."""

    def words(match: re.Match[str]) -> str:
        if not match.group(2):
            return match.group(0)
        head = match.group(1).replace('""', '"').lower()
        if not _TOKEN.fullmatch(head):
            return match.group(0)
        found = {w for t in texts for w in re.findall(rf"\b{re.escape(head)}[^\W_]*", t)}
        if len(found) > MAX_EXPANSION:
            return match.group(0)
        return "(" + " OR ".join(f'"{w}"' for w in sorted(found | {head})) + ")"

    return _STRING.sub(words, page_match)


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
    rows = db.execute(
        f"SELECT rowid, paper_id, page, text FROM pages WHERE paper_id IN ({marks})",
        list(paper_ids),
    ).fetchall()
    if not rows:
        return {}
    texts = [(text or "").lower() for _, _, _, text in rows]
    if "*" in page_match:
        page_match = _expand_prefixes(page_match, texts)
    phrases = _phrases(page_match)
    counts = [[phrase.count(text) for phrase in phrases] for text in texts]
    # idf over the pages of these papers: cheap, and enough to weigh words against each other
    weights = [
        math.log(1 + len(rows) / max(1, sum(1 for c in counts if c[i])))
        for i in range(len(phrases))
    ]
    average = sum(len(t) for t in texts) / len(texts) or 1.0
    scored: dict[str, list[tuple[float, int, int]]] = {}
    for (rowid, pid, page, _), text, tfs in zip(rows, texts, counts, strict=True):
        norm = K1 * (1 - B + B * len(text) / average)
        score = sum(w * tf * (K1 + 1) / (tf + norm) for w, tf in zip(weights, tfs, strict=True))
        if refs_from.get(pid) is not None and page >= refs_from[pid]:
            score *= BIBLIOGRAPHY_WEIGHT
        scored.setdefault(pid, []).append((score, page, rowid))
    out = {}
    for pid, pages in scored.items():
        pages.sort(key=lambda p: (-p[0], p[1]))
        snippets = _matching(db, page_match, pages, n)
        best = [p for p in pages if p[2] in snippets][:n]
        out[pid] = tuple(
            PageHit(page, _tidy(snippets[rowid] or _snippet(db, page_match, rowid)), score)
            for score, page, rowid in best
        )
    return out


def _matching(
    db: Database, page_match: str, pages: Sequence[tuple[float, int, int]], n: int
) -> dict[int, str | None]:
    """The pages (rowids) FTS5 matches, with snippets for the first ``n`` of ``pages``."""
    rowids = [rowid for _, _, rowid in pages]
    guesses = ", ".join(str(rowid) for rowid in rowids[:n])
    known = set(rowids)
    return {
        rowid: snippet
        for rowid, snippet in db.execute(
            f"SELECT rowid, CASE WHEN rowid IN ({guesses}) THEN "
            "snippet(pages_fts, 0, '**', '**', '…', ?) END FROM pages_fts "
            "WHERE pages_fts MATCH ? AND rowid BETWEEN ? AND ?",
            [SNIPPET_TOKENS, page_match, min(rowids), max(rowids)],
        )
        if rowid in known
    }


def _snippet(db: Database, page_match: str, rowid: int) -> str:
    row = db.execute(
        "SELECT snippet(pages_fts, 0, '**', '**', '…', ?) FROM pages_fts "
        "WHERE pages_fts MATCH ? AND rowid = ?",
        [SNIPPET_TOKENS, page_match, rowid],
    ).fetchone()
    return str(row[0]) if row and row[0] is not None else ""


def _tidy(snippet: str) -> str:
    return re.sub(r"\s+", " ", snippet).strip()
