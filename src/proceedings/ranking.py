"""Relevance ranking on ``docs_fts``, split by rowid ranges over the machine's cores.

FTS5 ranks on one core: every matching paper's ``bm25()`` is computed before the sort. On a
large archive the rowids are split into ranges, one per core; each range is ranked on its own
read-only connection in a thread (SQLite runs without the GIL), and the few best of each are
merged. ``bm25()`` takes its document frequencies from the whole index whatever rowids a
statement asks for, so the scores of the ranges are the scores of one ranking.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlite_utils import Database

from .query import CompiledQuery, fts_tokens

__all__ = ["BM25", "WEIGHTS", "Partitions", "boost", "details", "top"]

# bm25 weights for docs_fts(title, abstract, keywords, authors, sections, body)
WEIGHTS = (10.0, 5.0, 5.0, 3.0, 2.0, 1.0)
BM25 = "bm25(docs_fts, " + ", ".join(str(w) for w in WEIGHTS) + ")"
# Below this many papers one core ranks faster than threads can be set to work.
PARALLEL_MIN_PAPERS = 4000
# rowid, id, title, authors, year, venue, abstract, score
Row = tuple[Any, ...]
Connection = Database | sqlite3.Connection
T = TypeVar("T")
_STRING = re.compile(r'"((?:[^"]|"")*)"|(NEAR\(|\*)')


class Partitions:
    """Read-only connections to ``path`` that rank rowid ranges in threads, opened on first
    use; one range is always ranked on the caller's own connection."""

    def __init__(
        self,
        path: Path,
        *,
        workers: int | None = None,
        min_papers: int = PARALLEL_MIN_PAPERS,
        pragmas: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.min_papers = min_papers
        self.pragmas = tuple(pragmas)
        self._connections: list[sqlite3.Connection] = []
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def map(self, db: Database, work: Callable[[Connection, int, int], T]) -> list[T] | None:
        """``work(connection, low, high)`` over rowid ranges covering the papers, or None when
        one range is enough (few papers or one core) or another search holds the threads."""
        if self.workers < 2:
            return None
        low, high = db.execute(
            "SELECT (SELECT min(rowid) FROM papers), (SELECT max(rowid) FROM papers)"
        ).fetchone()
        if low is None or high - low + 1 < max(self.min_papers, self.workers):
            return None
        if not self._lock.acquire(blocking=False):
            return None
        futures: list[Future[T]] = []
        try:
            step = (high - low + self.workers) // self.workers
            bounds = [(lo, min(high, lo + step - 1)) for lo in range(low, high + 1, step)]
            pool = self._start(len(bounds) - 1)
            futures = [
                pool.submit(work, connection, lo, hi)
                for connection, (lo, hi) in zip(self._connections, bounds[1:], strict=False)
            ]
            first = work(db, *bounds[0])
            return [first, *(f.result() for f in futures)]
        finally:
            # a connection serves one range at a time, even when a range failed
            wait(futures)
            self._lock.release()

    def _start(self, extra: int) -> ThreadPoolExecutor:
        while len(self._connections) < extra:
            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            for pragma in ("busy_timeout = 10000", *self.pragmas):
                connection.execute(f"PRAGMA {pragma}")
            self._connections.append(connection)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers - 1, thread_name_prefix="proceedings-rank")
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        for connection in self._connections:
            connection.close()
        self._connections.clear()


def boost(cq: CompiledQuery, rowid: str) -> tuple[str, list[Any]]:
    """A factor > 1 when a phrase of the query stands in the title (+0.5) or abstract (+0.2),
    looked up in the small ``papers_fts`` rather than read from every matching paper."""
    parts, params = [], []
    for tokens in map(fts_tokens, cq.phrases):
        if not tokens:
            continue
        quoted = '"' + " ".join(tokens) + '"'
        for column, weight in (("title", 0.5), ("abstract", 0.2)):
            parts.append(
                f"(CASE WHEN {rowid} IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?) "
                f"THEN {weight} ELSE 0 END)"
            )
            params.append(f"{column} : {quoted}")
    return ("(1 + " + " + ".join(parts) + ")" if parts else "1"), params


def top(
    db: Database,
    cq: CompiledQuery,
    limit: int,
    offset: int,
    partitions: Partitions | None = None,
) -> tuple[int, list[Row] | None]:
    """The number of matches and the page of hits by relevance, ranked on ``docs_fts`` alone
    (no join of every match to ``papers``). The hits are None when a tie at the page's end
    needs the (year, id) order."""
    want = limit + offset

    def rank(connection: Connection, low: int, high: int) -> tuple[int, list[tuple[int, float]]]:
        return _rank(connection, cq, want + 1, low, high)

    parts = partitions.map(db, rank) if partitions is not None else None
    if parts is None:
        parts = [rank(db, -(1 << 62), 1 << 62)]
    total = sum(count for count, _ in parts)
    raw = sorted((row for _, rows in parts for row in rows), key=lambda r: -r[1])[: want + 1]
    if not want:
        return total, []
    if len(raw) > want and raw[want][1] == raw[want - 1][1]:
        return total, None
    hits = details(db, raw[:want])
    hits.sort(key=lambda r: (-r[7], r[4] is None, -(r[4] or 0), r[1]))
    return total, hits[offset:]


def _rank(
    connection: Connection, cq: CompiledQuery, n: int, low: int, high: int
) -> tuple[int, list[tuple[int, float]]]:
    """The match count and the ``n`` best (rowid, score) among rowids ``low``..``high``."""
    factor, factor_params = boost(cq, "docs_fts.rowid")
    within = "docs_fts MATCH ? AND docs_fts.rowid BETWEEN ? AND ?"
    scored = f"SELECT rowid, -{BM25} * {factor} AS score FROM docs_fts WHERE {within}"
    params = [*factor_params, cq.match, low, high, n]
    if any(m.group(2) or " " in m.group(1) for m in _STRING.finditer(cq.match or "")):
        # Counting phrases reads every position list again, and prefixes merge the postings
        # of all their words again: count while ranking instead.
        counted = (
            f"SELECT rowid, score, count(*) OVER () FROM ({scored}) ORDER BY score DESC LIMIT ?"
        )
        raw = connection.execute(counted, params).fetchall()
        return (raw[0][2] if raw else 0), [(rowid, score) for rowid, score, _ in raw]
    counting = f"SELECT count(*) FROM docs_fts WHERE {within}"
    total = connection.execute(counting, [cq.match, low, high]).fetchone()[0]
    raw = connection.execute(scored + " ORDER BY score DESC LIMIT ?", params).fetchall()
    return total, [(rowid, score) for rowid, score in raw]


def details(db: Database, ranked: Sequence[tuple[int, float]]) -> list[Row]:
    """The rows shown for ranked (rowid, score) pairs, in their order."""
    if not ranked:
        return []
    found = {
        row[0]: row
        for row in db.execute(
            "SELECT rowid, id, title, authors, year, venue, abstract FROM papers WHERE rowid IN "
            f"({', '.join(str(int(rowid)) for rowid, _ in ranked)})"
        )
    }
    return [(*found[rowid], score) for rowid, score in ranked]
