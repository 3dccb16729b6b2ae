"""The ingest's writes for files and papers: committing, linking, failing, pruning.

In: the archive, a file's key and what became of it (a paper, a twin, a failure). Out: rows in
``files`` and ``papers``. Every write is one short transaction by the single writer (the
ingesting process), so a ``kill -9`` at any moment leaves either the whole paper with its
``files`` row, or neither.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from ..metadata import FIELDS, MetadataIndex
from ..models import FileState, Paper
from ..sqlrows import upsert
from ..storage import delete_paper, identity_of, load_paper, now, save_paper, write_transaction
from .files import file_key

if TYPE_CHECKING:
    from .plan import FileJob

log = logging.getLogger("proceedings.ingest")

__all__ = [
    "commit_paper",
    "drop_if_orphan",
    "link_file",
    "missing_files",
    "prune_files",
    "record_failure",
    "refresh_metadata",
]


def _upsert_file(db: Database, record: dict[str, Any]) -> None:
    record["updated_at"] = now()
    upsert(db, "files", record, "path")


def link_file(
    db: Database,
    key: str,
    size: int,
    mtime: float,
    digest: str | None,
    paper_id: str,
    run_id: int | None,
    warning: str | None = None,
    *,
    version: str,
) -> None:
    """Record ``key`` as another file of an already stored paper (the caller holds the tx);
    ``warning`` (what was cut from its text, say) is kept in ``files.error``; ``version`` is
    the extractor version (with its backend) of the run that read it."""
    _upsert_file(
        db,
        {
            "path": key,
            "size": size,
            "mtime": mtime,
            "sha256": digest,
            "status": FileState.OK,
            "error_class": None,
            "error": warning,
            "paper_id": paper_id,
            "run_id": run_id,
            "extractor_version": version,
        },
    )


def _newer_twin(db: Database, paper: Paper, job: FileJob, present: set[str]) -> str | None:
    """The stored paper with ``paper``'s identity whose own, still present file is newer."""
    row = db.execute(
        "SELECT p.id, p.source_path, f.mtime FROM papers p "
        "LEFT JOIN files f ON f.path = p.source_path AND f.status = ? WHERE p.identity = ?",
        [FileState.OK, identity_of(paper)],
    ).fetchone()
    if not row or row[2] is None or row[1] == job.path:
        return None
    paper_id, source, mtime = row
    if source not in present and not os.path.exists(source):
        return None
    return str(paper_id) if mtime > job.mtime else None


def commit_paper(
    db: Database,
    job: FileJob,
    paper: Paper,
    run_id: int | None,
    present: set[str],
    *,
    version: str,
    warning: str | None = None,
) -> tuple[str, str]:
    """Store ``paper`` and its file row in one transaction; returns (label, paper id).

    When another present file already holds a newer version of the same paper, this file is
    only linked to it (label ``duplicate``): the most recently modified PDF of a paper wins.
    """
    with write_transaction(db):
        twin = _newer_twin(db, paper, job, present)
        if twin:
            link_file(db, job.path, job.size, job.mtime, job.sha256, twin, run_id, version=version)
            label, paper_id = "duplicate", twin
        else:
            paper_id, replaced = save_paper(db, paper)
            link_file(
                db,
                job.path,
                job.size,
                job.mtime,
                job.sha256,
                paper_id,
                run_id,
                warning,
                version=version,
            )
            label = "updated" if replaced or job.previous_paper else "added"
        if job.previous_paper and job.previous_paper != paper_id:
            drop_if_orphan(db, job.previous_paper)
    return label, paper_id


def drop_if_orphan(db: Database, paper_id: str) -> bool:
    """Delete the paper ``paper_id`` unless another stored file still holds it."""
    others = db.execute(
        "SELECT count(*) FROM files WHERE paper_id = ? AND status = ?", [paper_id, FileState.OK]
    ).fetchone()[0]
    return False if others else delete_paper(db, paper_id)


def record_failure(
    db: Database,
    key: str,
    status: str,
    error_class: str,
    reason: str,
    run_id: int | None,
    job: FileJob | None = None,
    *,
    version: str,
) -> None:
    """Mark a file failed (or ``needs_ocr``) by extractor ``version``; a paper stored from an
    older version stays."""
    record: dict[str, Any] = {
        "path": key,
        "status": status,
        "error_class": error_class,
        "error": reason,
        "run_id": run_id,
        "extractor_version": version,
    }
    if job is not None:
        record.update(size=job.size, mtime=job.mtime, sha256=job.sha256)
    with write_transaction(db):
        _upsert_file(db, record)


def missing_files(db: Database, roots: Iterable[str | Path], present: set[str]) -> list[str]:
    """Stored files below ``roots`` that were not found on this run."""
    prefixes = [file_key(r) for r in roots]
    return [
        path
        for (path,) in db.execute("SELECT path FROM files ORDER BY path")
        if path not in present
        and any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
    ]


def prune_files(db: Database, paths: Iterable[str]) -> int:
    """Forget ``paths``; delete each paper no other file holds. Returns papers deleted."""
    deleted = 0
    with write_transaction(db):
        for path in paths:
            row = db.execute("SELECT paper_id FROM files WHERE path = ?", [path]).fetchone()
            db.execute("DELETE FROM files WHERE path = ?", [path])
            if row and row[0]:
                deleted += drop_if_orphan(db, row[0])
    return deleted


def refresh_metadata(db: Database, key: str, paper_id: str, index: MetadataIndex) -> bool:
    """Apply changed metadata to the stored paper of an unchanged file, without extracting.

    Only the file the paper was extracted from drives this. Returns True when it changed.
    """
    rows = list(db.query("SELECT * FROM papers WHERE id = ?", [paper_id]))
    if not rows or rows[0]["source_path"] != key:
        return False
    stored = load_paper(db, rows[0], include_text=False)
    if not index.lookup(key, stored.title):
        return False
    merged = index.apply(stored, key)
    if all(getattr(merged, f) == getattr(stored, f) for f in (*FIELDS, "biblio")):
        return False
    holder = db.execute(
        "SELECT id FROM papers WHERE identity = ? AND id != ?", [identity_of(merged), paper_id]
    ).fetchone()
    if holder:
        log.warning("%s: metadata now names paper %s; kept as is", key, holder[0])
        return False
    with write_transaction(db):
        save_paper(db, index.apply(load_paper(db, rows[0]), key))
    return True
