"""What one found file needs: nothing (``Skip``), or extraction (``FileJob``).

In: the archive, a file's path and the run's options. Out: a ``Skip`` for a file that is
unchanged, a known failure, or a byte-identical twin of a stored one (recorded here as another
file of that paper), else a ``FileJob`` naming the file to extract. Files that are not what
they say (a FIFO, a device, a link out of the folders, a folder, a file over the size limit)
raise before anything opens them; the same problem again on an unchanged entry is a ``Skip``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..errors import ExtractionError
from ..extract import extractor_version
from ..models import FileState, IngestOptions
from ..storage import write_transaction
from .files import check_file, describe_problem, digest_file, file_key
from .records import drop_if_orphan, link_file

__all__ = ["FileJob", "Skip", "plan_file"]


@dataclass(frozen=True)
class FileJob:
    """A file that needs extracting, and what the archive knew of it before."""

    path: str
    size: int
    mtime: float
    sha256: str
    previous_paper: str | None
    location: str = ""  # what to open: unlike ``path``, it keeps an undecodable name's bytes


@dataclass(frozen=True)
class Skip:
    """A file that needs no extraction: ``label`` is ``unchanged``, ``duplicate`` or ``known``."""

    label: str
    paper_id: str | None = None


def _row(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM files WHERE path = ?", [key]))
    return rows[0] if rows else None


def _checked(
    path: Path, row: dict[str, Any] | None, options: IngestOptions, roots: Sequence[str]
) -> os.stat_result | Skip:
    """``path``'s stat, or ``Skip("known")`` when it has the problem it had last time."""
    try:
        return check_file(
            path,
            roots=roots,
            follow_symlinks=options.follow_symlinks,
            max_size=options.max_file_size,
        )
    except (OSError, ExtractionError) as exc:
        cls, reason = describe_problem(exc)
        known = (
            row is not None
            and row["status"] == FileState.FAILED
            and (row["error_class"], row["error"]) == (cls, reason)
            and row["extractor_version"] == extractor_version(options.backend)
        )
        if known and not (options.retry_failed or options.reextract):
            return Skip("known")
        raise


def plan_file(
    db: Database, path: Path, options: IngestOptions, *, roots: Sequence[str]
) -> FileJob | Skip:
    """What ``path`` needs; hashes it unless size and mtime show it is unchanged.

    ``roots`` are the real paths of the folders and files the run was given. Raises
    ``OSError`` or an ``ExtractionError`` (see ``files.check_file``) when the file cannot be
    read.
    """
    key = file_key(path)
    version = extractor_version(options.backend)
    row = _row(db, key)
    st = _checked(path, row, options, roots)
    if isinstance(st, Skip):
        return st
    skip: Skip | None = None
    if row is not None and row["extractor_version"] == version and not options.reextract:
        # An ``ok`` file without a paper is one whose paper was deleted on purpose: keep it so.
        if row["status"] == FileState.OK:
            skip = Skip("unchanged", row["paper_id"])
        elif not options.retry_failed:
            skip = Skip("known")
    if skip and row and (row["size"], row["mtime"]) == (st.st_size, st.st_mtime):
        return skip
    digest, size = digest_file(path, max_size=options.max_file_size)
    if skip and row and row["sha256"] == digest:
        with write_transaction(db):
            db.table("files").update(key, {"size": size, "mtime": st.st_mtime})
        return skip
    if not options.reextract:
        twin = db.execute(
            "SELECT paper_id FROM files WHERE sha256 = ? AND status = ? "
            "AND paper_id IS NOT NULL AND extractor_version = ? AND path != ? LIMIT 1",
            [digest, FileState.OK, version, key],
        ).fetchone()
        if twin:
            with write_transaction(db):
                link_file(db, key, size, st.st_mtime, digest, twin[0], None, version=version)
                if row and row["paper_id"] and row["paper_id"] != twin[0]:
                    drop_if_orphan(db, row["paper_id"])
            return Skip("duplicate", twin[0])
    previous = row["paper_id"] if row else None
    return FileJob(key, size, st.st_mtime, digest, previous, os.fsdecode(os.path.abspath(path)))
