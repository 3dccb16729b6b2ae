"""The ``runs`` table: one row per ingest run, from ``running`` to how it ended.

In: the archive, the run's options and its counts. Out: ``runs`` rows; ``mark_interrupted``
closes the rows a killed process left ``running``.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from typing import Any, cast

from sqlite_utils import Database

from ..models import RunStatus
from ..storage import now, write_transaction

__all__ = ["finish_run", "mark_interrupted", "record_progress", "start_run"]


def _ended_at(started_at: str | None, duration_s: float | None) -> str:
    """When a killed run last recorded progress: its start plus its recorded duration."""
    try:
        start = datetime.fromisoformat(str(started_at))
    except ValueError:
        return now()
    return (start + timedelta(seconds=duration_s or 0)).isoformat(timespec="seconds")


def mark_interrupted(db: Database) -> list[int]:
    """Runs left ``running`` by a dead process (the caller holds the ingest lock); each keeps
    the counts it recorded, and ends when it last recorded them."""
    rows = db.execute(
        "SELECT id, started_at, duration_s FROM runs WHERE status = ?", [RunStatus.RUNNING]
    ).fetchall()
    if rows:
        with write_transaction(db):
            for run_id, started_at, duration_s in rows:
                db.execute(
                    "UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?) "
                    "WHERE id = ?",
                    [RunStatus.INTERRUPTED, _ended_at(started_at, duration_s), run_id],
                )
    return [r[0] for r in rows]


def record_progress(db: Database, run_id: int, counts: dict[str, Any]) -> None:
    """The counts of a run still going, so that a killed run keeps what it did."""
    with write_transaction(db):
        db.table("runs").update(run_id, counts)


def start_run(db: Database, options: dict[str, Any]) -> int:
    """A new ``running`` row for this process; returns its id."""
    with write_transaction(db):
        table = db.table("runs").insert(
            {
                "started_at": now(),
                "status": RunStatus.RUNNING,
                "options": json.dumps(options, default=str),
                "pid": os.getpid(),
            }
        )
    return int(cast(int, table.last_pk))


def finish_run(db: Database, run_id: int, counts: dict[str, Any], status: RunStatus) -> None:
    if db.conn.in_transaction:
        # a write cut short by SIGTERM or Ctrl-C between its BEGIN and its COMMIT
        db.execute("ROLLBACK")
    with write_transaction(db):
        db.table("runs").update(run_id, {"finished_at": now(), "status": status, **counts})
