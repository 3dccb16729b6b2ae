"""The writer's inserts and upserts as prepared SQL, without a library's per-row work.

In: a ``Database``, a table name, column names and rows (tuples in column order), or one
record (a dict) with its primary key. Out: the rows in the table. ``insert_rows`` is one
``executemany``; ``upsert`` runs the statement ``sqlite_utils``' ``Table.upsert`` runs
(``INSERT ... ON CONFLICT (pk) DO UPDATE`` of the record's other columns), so a row keeps its
rowid and a column the record leaves out keeps its value. Values go to SQLite as they are:
strings, numbers, bytes or ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlite_utils import Database

__all__ = ["insert_rows", "upsert"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(_quote(c) for c in columns)
    return f"INSERT INTO {_quote(table)} ({names}) VALUES ({', '.join('?' * len(columns))})"


@cache
def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    updates = ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in columns if c != pk)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return f"{_insert_sql(table, columns)} ON CONFLICT({_quote(pk)}) {action}"


def insert_rows(
    db: Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert ``rows`` (each in the order of ``columns``) into ``table``, in order."""
    db.conn.executemany(_insert_sql(table, tuple(columns)), rows)


def upsert(db: Database, table: str, record: Mapping[str, Any], pk: str) -> None:
    """Insert ``record``, or update the row with its ``pk`` to the record's other values."""
    db.conn.execute(_upsert_sql(table, tuple(record), pk), tuple(record.values()))
