"""The ingest's writes: deciding what a file needs, committing a paper, recording runs.

Every write here is one short transaction by the single writer (the ingesting process), so a
``kill -9`` at any moment leaves either the whole paper with its ``files`` row, or neither.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from .extract import EXTRACTOR_VERSION
from .models import Paper
from .sidecars import FIELDS, MetadataIndex
from .store import delete_paper, identity_of, load_paper, now, save_paper

log = logging.getLogger("proceedings.ingest")

__all__ = [
    "FileJob",
    "Skip",
    "commit_paper",
    "discover",
    "drop_if_orphan",
    "file_key",
    "link_file",
    "mark_interrupted",
    "plan_file",
    "record_failure",
    "refresh_metadata",
    "start_run",
]


def file_key(path: str | Path) -> str:
    """The ``files.path`` of a file: absolute, and valid UTF-8 even for undecodable names."""
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and every entry named ``*.pdf`` below a directory, in a stable order.

    Unlike ``extract.find_pdfs`` this keeps entries that are not regular files (a folder named
    ``x.pdf``, a dangling link) so that they are reported instead of silently ignored.
    """
    seen: set[str] = set()
    for raw in paths:
        root = Path(raw)
        found = (
            sorted(
                (p for p in root.rglob("*") if p.suffix.lower() == ".pdf"),
                key=lambda p: os.fsencode(p),
            )
            if root.is_dir()
            else [root]
        )
        for p in found:
            key = file_key(p)
            if key not in seen:
                seen.add(key)
                yield p


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
        if row["status"] == "ok":
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
            "SELECT paper_id FROM files WHERE sha256 = ? AND status = 'ok' "
            "AND paper_id IS NOT NULL AND extractor_version = ? AND path != ? LIMIT 1",
            [digest, EXTRACTOR_VERSION, key],
        ).fetchone()
        if twin:
            with db.atomic():
                link_file(db, key, len(data), st.st_mtime, digest, twin[0], None)
                if row and row["paper_id"] and row["paper_id"] != twin[0]:
                    drop_if_orphan(db, row["paper_id"])
            return Skip("duplicate", twin[0])
    previous = row["paper_id"] if row else None
    return FileJob(key, len(data), st.st_mtime, digest, data, previous)


def _upsert_file(db: Database, record: dict[str, Any]) -> None:
    record.setdefault("extractor_version", EXTRACTOR_VERSION)
    record["updated_at"] = now()
    db.table("files").upsert(record, pk="path")


def link_file(
    db: Database,
    key: str,
    size: int,
    mtime: float,
    digest: str | None,
    paper_id: str,
    run_id: int | None,
) -> None:
    """Record ``key`` as another file of an already stored paper (the caller holds the tx)."""
    _upsert_file(
        db,
        {
            "path": key,
            "size": size,
            "mtime": mtime,
            "sha256": digest,
            "status": "ok",
            "error_class": None,
            "error": None,
            "paper_id": paper_id,
            "run_id": run_id,
        },
    )


def _newer_twin(db: Database, paper: Paper, job: FileJob, present: set[str]) -> str | None:
    """The stored paper with ``paper``'s identity whose own, still present file is newer."""
    row = db.execute(
        "SELECT p.id, p.source_path, f.mtime FROM papers p "
        "LEFT JOIN files f ON f.path = p.source_path AND f.status = 'ok' WHERE p.identity = ?",
        [identity_of(paper)],
    ).fetchone()
    if not row or row[2] is None or row[1] == job.path:
        return None
    paper_id, source, mtime = row
    if source not in present and not os.path.exists(source):
        return None
    return str(paper_id) if mtime > job.mtime else None


def commit_paper(
    db: Database, job: FileJob, paper: Paper, run_id: int | None, present: set[str]
) -> tuple[str, str]:
    """Store ``paper`` and its file row in one transaction; returns (label, paper id).

    When another present file already holds a newer version of the same paper, this file is
    only linked to it (label ``duplicate``): the most recently modified PDF of a paper wins.
    """
    with db.atomic():
        twin = _newer_twin(db, paper, job, present)
        if twin:
            link_file(db, job.path, job.size, job.mtime, job.sha256, twin, run_id)
            label, paper_id = "duplicate", twin
        else:
            paper_id, replaced = save_paper(db, paper)
            link_file(db, job.path, job.size, job.mtime, job.sha256, paper_id, run_id)
            label = "updated" if replaced or job.previous_paper else "added"
        if job.previous_paper and job.previous_paper != paper_id:
            drop_if_orphan(db, job.previous_paper)
    return label, paper_id


def drop_if_orphan(db: Database, paper_id: str) -> bool:
    others = db.execute(
        "SELECT count(*) FROM files WHERE paper_id = ? AND status = 'ok'", [paper_id]
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
) -> None:
    """Mark a file failed (or ``needs_ocr``); a paper stored from an older version stays."""
    record: dict[str, Any] = {
        "path": key,
        "status": status,
        "error_class": error_class,
        "error": reason,
        "run_id": run_id,
        "extractor_version": EXTRACTOR_VERSION,
    }
    if job is not None:
        record.update(size=job.size, mtime=job.mtime, sha256=job.sha256)
    with db.atomic():
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
    with db.atomic():
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
    with db.atomic():
        save_paper(db, index.apply(load_paper(db, rows[0]), key))
    return True


def mark_interrupted(db: Database) -> list[int]:
    """Runs left ``running`` by a dead process (the caller holds the ingest lock)."""
    ids = [r[0] for r in db.execute("SELECT id FROM runs WHERE status = 'running'")]
    if ids:
        with db.atomic():
            db.execute(
                "UPDATE runs SET status = 'interrupted', finished_at = coalesce(finished_at, ?) "
                "WHERE status = 'running'",
                [now()],
            )
    return ids


def start_run(db: Database, options: dict[str, Any]) -> int:
    with db.atomic():
        table = db.table("runs").insert(
            {
                "started_at": now(),
                "status": "running",
                "options": json.dumps(options, default=str),
                "pid": os.getpid(),
            }
        )
    return int(cast(int, table.last_pk))


def finish_run(db: Database, run_id: int, counts: dict[str, Any], status: str) -> None:
    with db.atomic():
        db.table("runs").update(run_id, {"finished_at": now(), "status": status, **counts})
