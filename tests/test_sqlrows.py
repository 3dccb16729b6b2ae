"""sqlrows: the writer's prepared inserts and upserts leave the rows sqlite-utils leaves."""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from proceedings.sqlrows import insert_rows, upsert

ROWS = "SELECT rowid, * FROM t ORDER BY rowid"


def table() -> Database:
    db = Database(memory=True)
    db.execute('CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, "b c" INTEGER, d BLOB)')
    return db


@pytest.mark.parametrize(
    "records",
    [
        [{"id": "x", "a": "1", "b c": 2, "d": b"\x00\x01"}],
        [{"id": "x", "a": "1", "b c": 2}, {"id": "x", "b c": 5}],  # "a" is kept
        [{"id": "x", "a": "1"}, {"id": "y", "a": None, "d": b"z"}, {"id": "x", "a": "ü"}],
        [{"id": "x"}, {"id": "x"}],  # nothing to update
    ],
)
def test_upsert_leaves_the_rows_of_sqlite_utils(records: list[dict[str, Any]]) -> None:
    ours, theirs = table(), table()
    for record in records:
        upsert(ours, "t", record, "id")
        theirs.table("t").upsert(record, pk="id")
    assert ours.execute(ROWS).fetchall() == theirs.execute(ROWS).fetchall()


def test_insert_rows_keeps_their_order_and_values() -> None:
    ours, theirs = table(), table()
    rows = [(f"p{i}", str(i) if i % 2 else None, i, bytes([i])) for i in range(250)]
    insert_rows(ours, "t", ("id", "a", "b c", "d"), iter(rows))
    theirs.table("t").insert_all(dict(zip(("id", "a", "b c", "d"), r, strict=True)) for r in rows)
    assert ours.execute(ROWS).fetchall() == theirs.execute(ROWS).fetchall()
    insert_rows(ours, "t", ("id",), [])
    assert ours.execute("SELECT count(*) FROM t").fetchone()[0] == 250
