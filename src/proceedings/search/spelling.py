"""Fuzzy term expansion and "did you mean" suggestions over the archive's vocabulary.

The vocabulary is ``spell_vocab`` (unstemmed words of titles, abstracts and keywords, folded
to lower case without diacritics, with the number of papers using each). It is loaded once
per connection and database version, then searched with whoosh's Levenshtein automata.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlite_utils import Database
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.spelling import Corrector

from ..errors import QueryError
from ..text import STOPWORDS, stem
from ..text import fold_accents as fold
from .parse import ParsedQuery, parse

__all__ = ["corrector_for", "fuzzy_terms", "prefix_terms", "suggest"]

MAX_DISTANCE = 2
# Longer words are names, formulas or run-together text, not typos worth correcting.
MAX_WORD = 24
_CACHE_SIZE = 4
_MEMO_SIZE = 4096


@lru_cache(maxsize=256)
def _automaton(word: str, maxdist: int, prefix: int) -> Any:
    return levenshtein_automaton(word, maxdist, prefix).to_dfa()


class VocabularyCorrector(Corrector):  # type: ignore[misc]
    """A whoosh ``Corrector`` over a word -> document frequency mapping.

    A suggestion's score is log10(frequency) - 2 * distance, so a word one edit further
    away must be 100 times more frequent to win. Swapping two adjacent letters counts as
    one edit, and words two edits away must keep the first letter (which keeps the
    automaton search within a few milliseconds on a large vocabulary).
    """

    def __init__(self, frequencies: dict[str, int]) -> None:
        self.frequencies = frequencies
        self.words = sorted(w for w in frequencies if len(w) > 1 and w.isalpha())
        self._memo: dict[tuple[str, int], dict[str, int]] = {}
        self._score_bound = math.log10(max(frequencies.values(), default=0) + 1)

    def _first_at_least(self, key: str) -> str | None:
        i = bisect_left(self.words, key)
        return self.words[i] if i < len(self.words) else None

    def _matches(self, word: str, maxdist: int, prefix: int) -> list[str]:
        if len(word) <= prefix:
            return []
        return list(find_all_matches(_automaton(word, maxdist, prefix), self._first_at_least))

    def within(self, word: str, maxdist: int) -> dict[str, int]:
        """Every vocabulary word within ``maxdist`` edits of ``word``, with its distance."""
        key = (word, maxdist)
        if key in self._memo:
            return self._memo[key]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = found = self._within(word, maxdist)
        return found

    def _within(self, word: str, maxdist: int) -> dict[str, int]:
        if maxdist >= 2:
            found = dict(self.within(word, 1))
            for match in self._matches(word, 2, 1):
                found.setdefault(match, 2)
            return found
        found = {word: 0} if word in self.frequencies else {}
        if maxdist == 1:
            swaps = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
            for match in [*self._matches(word, 1, 0), *(w for w in swaps if w in self.frequencies)]:
                found.setdefault(match, 1)
        return found

    def _score(self, word: str, dist: int) -> float:
        return math.log10(self.frequencies.get(word, 0) + 1) - 2.0 * dist

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        found = self.within(text, min(maxdist, 1))
        best = max((self._score(w, d) for w, d in found.items() if d), default=-math.inf)
        # Words two edits away are searched only if one of them could still win.
        if maxdist >= 2 and best < self._score_bound - 4.0:
            found = self.within(text, maxdist)
        for match, dist in found.items():
            if dist and match.startswith(text[:prefix]):
                yield self._score(match, dist), match


@dataclass
class _Entry:
    conn: object
    version: tuple[int, int]
    corrector: VocabularyCorrector


_cache: OrderedDict[int, _Entry] = OrderedDict()
_lock = threading.Lock()


def corrector_for(db: Database) -> VocabularyCorrector:
    """The (cached) corrector over ``db``'s vocabulary; reloaded when the database changes."""
    conn = db.conn
    version = (int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes)
    with _lock:
        entry = _cache.get(id(conn))
        # The entry holds the connection, so an equal id means the same connection.
        if entry is not None and entry.conn is conn and entry.version == version:
            _cache.move_to_end(id(conn))
            return entry.corrector
    rows = conn.execute("SELECT term, doc FROM spell_vocab").fetchall()
    corrector = VocabularyCorrector({str(term): int(doc) for term, doc in rows})
    with _lock:
        _cache[id(conn)] = _Entry(conn, version, corrector)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return corrector


def fuzzy_terms(db: Database, word: str, maxdist: int = 1, *, limit: int = 8) -> list[str]:
    """Archive words within ``maxdist`` edits of ``word`` (itself included), most frequent
    first; usable as ``parse_query(..., expand_fuzzy=lambda w, d: fuzzy_terms(db, w, d))``."""
    folded = fold(word)
    if not folded or limit <= 0:
        return []
    corrector = corrector_for(db)
    maxdist = max(0, min(MAX_DISTANCE, maxdist))
    found = corrector.within(folded, maxdist)
    ranked = sorted(found, key=lambda w: (-corrector.frequencies.get(w, 0), found[w], w))
    return ranked[:limit]


def prefix_terms(db: Database, prefix: str, *, limit: int = 12) -> list[str]:
    """Words of titles, abstracts and keywords that start with ``prefix``, most common first."""
    low = fold(prefix)
    if len(low) < 2:
        return []
    rows = db.execute(
        "SELECT term FROM spell_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT ?",
        [low, low + "\U0010ffff", limit],
    ).fetchall()
    return [str(r[0]) for r in rows if str(r[0]) != low]


def _same_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def correct_word(corrector: VocabularyCorrector, word: str) -> str | None:
    """The best replacement for ``word`` when the vocabulary does not know it, else None."""
    folded = fold(word)
    if (
        len(folded) < 3
        or len(folded) > MAX_WORD
        or not folded.isalpha()
        or folded in corrector.frequencies
        or folded in STOPWORDS
    ):
        return None
    maxdist = 1 if len(folded) < 6 else MAX_DISTANCE
    found = [w for w in corrector.suggest(folded, limit=5, maxdist=maxdist) if w not in STOPWORDS]
    return _same_case(word, found[0]) if found else None


def _in_archive(db: Database, word: str) -> bool:
    """Whether ``word`` occurs anywhere in the archive (authors and full text included)."""
    try:
        sql = "SELECT 1 FROM docs_fts WHERE docs_fts MATCH ? LIMIT 1"
        return db.execute(sql, [f'"{word}"']).fetchone() is not None
    except sqlite3.Error:
        return False


def suggest(db: Database, query: ParsedQuery | str) -> str | None:
    """ "Did you mean": ``query_text`` with each misspelled word replaced by the closest, most
    frequent word of the vocabulary; operators, fields and quotes stay as typed. None when
    there is nothing to correct (or the query cannot be parsed)."""
    if isinstance(query, str):
        try:
            query = parse(query)
        except QueryError:
            return None
    query_text, spans = query.text, query.spans
    corrector = corrector_for(db) if spans else None
    text = query_text
    for start, end in reversed(spans):
        word = text[start:end]
        replacement = correct_word(corrector, word) if corrector else None
        # A word the archive knows (an author, a body-only term) stays, unless it is only
        # known through its stem, which the replacement shares.
        if (
            replacement
            and replacement != word
            and (stem(word) == stem(replacement) or not _in_archive(db, word))
        ):
            text = text[:start] + replacement + text[end:]
    return text if text != query_text else None
