"""What one found file needs: nothing (``Skip``), or extraction (``FileJob``).

In: the archive and a file's path. Out: a ``Skip`` for a file that is unchanged, a known
failure, or a byte-identical twin of a stored one (recorded here as another file of that
paper), else a ``FileJob`` carrying the bytes to extract.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..extract import EXTRACTOR_VERSION
from ..models import FileState
from .files import file_key
from .records import drop_if_orphan, link_file

__all__ = ["FileJob", "Skip", "plan_file", "read_file"]


def read_file(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


@dataclass(frozen=True)
class FileJob:
    """A file that needs extracting, and what the archive knew of it before."""

    path: str
    size: int
    mtime: float
    sha256: str
    data: bytes
    previous_paper: str | None


@dataclass(frozen=True)
class Skip:
    """A file that needs no extraction: ``label`` is ``unchanged``, ``duplicate`` or ``known``."""

    label: str
    paper_id: str | None = None


def _row(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM files WHERE path = ?", [key]))
    return rows[0] if rows else None


def plan_file(
    db: Database, path: Path, *, reextract: bool = False, retry_failed: bool = False
) -> FileJob | Skip:
    """What ``path`` needs; reads and hashes it unless size and mtime show it is unchanged.

    Raises ``OSError`` when the file cannot be read.
    """
    key = file_key(path)
    st = os.stat(path)
    row = _row(db, key)
    skip: Skip | None = None
    if row is not None and row["extractor_version"] == EXTRACTOR_VERSION and not reextract:
        # An ``ok`` file without a paper is one whose paper was deleted on purpose: keep it so.
        if row["status"] == FileState.OK:
            skip = Skip("unchanged", row["paper_id"])
        elif not retry_failed:
            skip = Skip("known")
    if skip and row and (row["size"], row["mtime"]) == (st.st_size, st.st_mtime):
        return skip
    data = read_file(path)
    digest = hashlib.sha256(data).hexdigest()
    if skip and row and row["sha256"] == digest:
        with db.atomic():
            db.table("files").update(key, {"size": len(data), "mtime": st.st_mtime})
        return skip
    if not reextract:
        twin = db.execute(
            "SELECT paper_id FROM files WHERE sha256 = ? AND status = ? "
            "AND paper_id IS NOT NULL AND extractor_version = ? AND path != ? LIMIT 1",
            [digest, FileState.OK, EXTRACTOR_VERSION, key],
        ).fetchone()
        if twin:
            with db.atomic():
                link_file(db, key, len(data), st.st_mtime, digest, twin[0], None)
                if row and row["paper_id"] and row["paper_id"] != twin[0]:
                    drop_if_orphan(db, row["paper_id"])
            return Skip("duplicate", twin[0])
    previous = row["paper_id"] if row else None
    return FileJob(key, len(data), st.st_mtime, digest, data, previous)
