"""The one ranking path: scored statements over rowid ranges, merged, ties settled.

In: a scorer (``(low, high) -> Statement`` from ``search.sql``: the query language, a
best-match query or filters only), the filter conditions, the sort, and how many hits are
wanted. Out: the number of matches (and of tier-1 matches: papers holding every word) and
the hits' rows, best first.

FTS5 ranks on one core: every matching paper's ``bm25()`` is computed before the sort. On a
large archive the rowids are split into ranges, one per core; each range is ranked on its own
read-only connection in a thread (SQLite runs without the GIL), and the few best of each are
merged. ``bm25()`` takes its document frequencies from the whole index whatever rowids a
statement asks for, so the scores of the ranges are the scores of one ranking.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlite_utils import Database

from . import sql
from .sql import Statement

__all__ = [
    "BUDGET_S",
    "CHECK_EVERY",
    "PARALLEL_MIN_PAPERS",
    "Partitions",
    "Ranking",
    "Row",
    "budget",
    "top",
]

# The longest a search may run; past it SQLite is interrupted (``QueryTooBroadError``).
BUDGET_S = 5.0
CHECK_EVERY = 20000  # SQLite virtual-machine steps between two looks at the clock

# Below this many papers one core ranks faster than threads can be set to work.
PARALLEL_MIN_PAPERS = 4000
# Rows fetched past the page's end, so that ties at its end are ordered by (year, id).
_SLACK = 20
_ALL = (-(1 << 62), 1 << 62)
# rowid, id, title, authors, year, venue, abstract, score, tier
Row = tuple[Any, ...]
Connection = Database | sqlite3.Connection
T = TypeVar("T")


# connection id -> the deadline in force on it (a connection serves one thread at a time)
_deadlines: dict[int, float] = {}


@contextmanager
def budget(connection: Connection, deadline: float) -> Iterator[None]:
    """Interrupt whatever ``connection`` runs once ``time.monotonic()`` passes ``deadline``
    (the statement then raises ``sqlite3.OperationalError: interrupted``)."""
    raw = connection.conn if isinstance(connection, Database) else connection
    outer = _deadlines.get(id(raw))
    if outer is not None and outer <= deadline:
        yield  # an enclosing budget, no later than this one, already applies
        return
    _deadlines[id(raw)] = deadline
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), CHECK_EVERY)
    try:
        yield
    finally:
        if outer is None:
            del _deadlines[id(raw)]
            raw.set_progress_handler(None, CHECK_EVERY)
        else:
            _deadlines[id(raw)] = outer
            raw.set_progress_handler(lambda: int(time.monotonic() > outer), CHECK_EVERY)


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
        low, high = db.execute(sql.rowid_bounds()).fetchone()
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


@dataclass(frozen=True)
class Ranking:
    """What to rank: ``scorer(low, high)`` gives the scored statement of a rowid range;
    ``counter(low, high)``, when given, counts the matches more cheaply than ranking does."""

    scorer: Callable[[int, int], Statement]
    where: Statement = ("", [])
    sort: str = "relevance"
    counter: Callable[[int, int], Statement] | None = None
    deadline: float = float("inf")


def _rank_range(
    connection: Connection, ranking: Ranking, n: int, low: int, high: int
) -> tuple[int, int, list[tuple[int, float, int]]]:
    """The match count, the tier-1 count and the ``n`` best (rowid, score, tier)."""
    scored = ranking.scorer(low, high)
    if ranking.counter is not None:
        stmt, params = sql.ranked(scored, ranking.where, ranking.sort, n, count=False)
        rows = [(r, s, t) for r, s, t in connection.execute(stmt, params).fetchall()]
        count_sql, count_params = ranking.counter(low, high)
        total = int(connection.execute(count_sql, count_params).fetchone()[0])
        return total, total, rows
    stmt, params = sql.ranked(scored, ranking.where, ranking.sort, n, count=True)
    raw = connection.execute(stmt, params).fetchall()
    total, tier1 = (int(raw[0][3]), int(raw[0][4] or 0)) if raw else (0, 0)
    return total, tier1, [(r, s, t) for r, s, t, _, _ in raw]


def top(
    db: Database,
    ranking: Ranking,
    limit: int,
    offset: int,
    partitions: Partitions | None = None,
) -> tuple[int, int, list[Row]]:
    """The number of matches, of tier-1 matches, and the rows of hits ``offset`` to
    ``offset + limit`` in the ranking's order."""
    want = limit + offset
    n = want + _SLACK

    def rank(connection: Connection, low: int, high: int) -> tuple[int, int, list[Any]]:
        return _rank_range(connection, ranking, n, low, high)

    parts = None
    if partitions is not None and ranking.sort == "relevance":
        parts = partitions.map(db, rank)
    if parts is None:
        parts = [rank(db, *_ALL)]
    total = sum(p[0] for p in parts)
    tier1 = sum(p[1] for p in parts)
    if not want:
        return total, tier1, []
    merged = [row for p in parts for row in p[2]]
    if ranking.sort == "relevance":
        merged.sort(key=lambda r: (-r[2], -r[1]))
        if len(merged) > want:
            edge = merged[want - 1]
            end = want
            while end < len(merged) and merged[end][1:] == edge[1:]:
                end += 1
            merged = merged[:end]
    rows = details(db, merged)
    if ranking.sort == "relevance":
        rows.sort(key=lambda r: (-r[8], -r[7], r[4] is None, -(r[4] or 0), r[1]))
    return total, tier1, rows[offset:want]


def details(db: Database, ranked: Sequence[tuple[int, float, int]]) -> list[Row]:
    """The rows shown for ranked (rowid, score, tier) triples, in their order."""
    if not ranked:
        return []
    found = {row[0]: row for row in db.execute(sql.details([r for r, _, _ in ranked]))}
    return [(*found[rowid], score, tier) for rowid, score, tier in ranked if rowid in found]
