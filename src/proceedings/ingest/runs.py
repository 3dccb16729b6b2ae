"""The ``runs`` table: one row per ingest run, from ``running`` to how it ended.

In: the archive, the run's options and its counts. Out: ``runs`` rows; ``mark_interrupted``
closes the rows a killed process left ``running``.
"""

from __future__ import annotations

import json
import os
from typing import Any, cast

from sqlite_utils import Database

from ..models import RunStatus
from ..storage import now

__all__ = ["finish_run", "mark_interrupted", "start_run"]


def mark_interrupted(db: Database) -> list[int]:
    """Runs left ``running`` by a dead process (the caller holds the ingest lock)."""
    ids = [r[0] for r in db.execute("SELECT id FROM runs WHERE status = ?", [RunStatus.RUNNING])]
    if ids:
        with db.atomic():
            db.execute(
                "UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?) "
                "WHERE status = ?",
                [RunStatus.INTERRUPTED, now(), RunStatus.RUNNING],
            )
    return ids


def start_run(db: Database, options: dict[str, Any]) -> int:
    """A new ``running`` row for this process; returns its id."""
    with db.atomic():
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
    with db.atomic():
        db.table("runs").update(run_id, {"finished_at": now(), "status": status, **counts})
