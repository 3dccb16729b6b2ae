"""Run one read-only statement over two halves of a table's rowids at once, on two cores.

FTS5 computes ``bm25()``'s document frequencies and average lengths over the whole index
whatever rowid range a statement asks for, so each half scores its rows exactly as one
statement would, and merging the halves' top rows gives the same answer. Each half ranks in
0.4-0.7 of the whole's time at 50,000 papers, so this pays when a core is idle; with every
core busy the halves' extra work makes it slower, so it is skipped. The upper half runs on a second
connection to the same file (one per ``Database``), in a single background thread.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlite_utils import Database

__all__ = ["MIN_ROWS", "both_halves"]

MIN_ROWS = 2000
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_readers: weakref.WeakKeyDictionary[Database, sqlite3.Connection | None] = (
    weakref.WeakKeyDictionary()
)


def _reader(db: Database) -> sqlite3.Connection | None:
    """A second connection to ``db``'s file, or None for an in-memory database."""
    with _lock:
        if db in _readers:
            return _readers[db]
        path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
        reader = None
        if path:
            reader = sqlite3.connect(path, check_same_thread=False, timeout=10)
            for pragma in ("mmap_size", "cache_size"):
                value = db.execute(f"PRAGMA {pragma}").fetchone()[0]
                reader.execute(f"PRAGMA {pragma} = {int(value)}")
        _readers[db] = reader
        return reader


def _idle_core() -> bool:
    """Whether the last minute's load average leaves a core free for the second half."""
    if not hasattr(os, "getloadavg"):
        return False
    return os.getloadavg()[0] < (os.cpu_count() or 1) - 0.5


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proceedings-search")
        return _pool


Statement = tuple[str, Sequence[Any]]


def _run(con: Any, statements: Sequence[Statement], half: str) -> list[list[Any]]:
    return [
        con.execute(sql.replace("{half}", half), params).fetchall() for sql, params in statements
    ]


def both_halves(
    db: Database, statements: Sequence[Statement], column: str = "rowid", table: str = "papers"
) -> list[list[list[Any]]]:
    """For each statement, its rows with ``{half}`` replaced by a condition on ``column`` (a
    rowid of ``table``) for each half of the table (one list per half), or by ``1`` (a single
    list) when splitting would not pay: a small table, no idle core, an in-memory database,
    or uncommitted changes the other connection cannot see."""
    top = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    reader = None
    if top >= MIN_ROWS and not db.conn.in_transaction and _idle_core():
        reader = _reader(db)
    if reader is None:
        return [[rows] for rows in _run(db, statements, "1")]
    middle = top // 2
    upper = _executor().submit(_run, reader, statements, f"{column} > {middle}")
    lower = _run(db, statements, f"{column} <= {middle}")
    return [[low, high] for low, high in zip(lower, upper.result(), strict=True)]
