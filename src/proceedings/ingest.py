"""Ingest: discover PDFs, skip what is stored, extract the rest, commit one paper at a time."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .errors import ExtractionError, NeedsOcrError
from .extract import EXTRACTOR_VERSION, extract_bytes, find_pdfs
from .models import FileStatus, IngestReport, Paper
from .store import delete_paper, now, save_paper

__all__ = ["FileJob", "ingest_paths", "plan_file"]

Progress = Callable[[str, str], None]


@dataclass(frozen=True)
class FileJob:
    """A file that needs extracting, and what the archive knew of it before."""

    path: str
    size: int
    mtime: float
    sha256: str
    data: bytes
    previous_paper: str | None


def _file_key(path: Path) -> str:
    return os.path.abspath(path)


def plan_file(db: Database, path: Path, *, reextract: bool) -> FileJob | str:
    """Return a job for ``path``, or ``"unchanged"`` when the stored paper is current."""
    key = _file_key(path)
    st = path.stat()
    row = db.execute(
        "SELECT size, mtime, sha256, status, paper_id, extractor_version FROM files WHERE path = ?",
        [key],
    ).fetchone()
    current = (
        row is not None
        and row[3] == "ok"
        and row[5] == EXTRACTOR_VERSION
        and not reextract
        and row[4] is not None
    )
    if current and row is not None and (row[0], row[1]) == (st.st_size, st.st_mtime):
        return "unchanged"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if current and row is not None and row[2] == digest:
        db["files"].update(key, {"size": st.st_size, "mtime": st.st_mtime})
        return "unchanged"
    if not reextract:
        twin = db.execute(
            "SELECT id FROM papers WHERE sha256 = ? AND extractor_version = ?",
            [digest, EXTRACTOR_VERSION],
        ).fetchone()
        if twin:
            _record_file(db, key, st.st_size, st.st_mtime, digest, "ok", paper_id=twin[0])
            return "unchanged"
    return FileJob(key, st.st_size, st.st_mtime, digest, data, row[4] if row else None)


def _record_file(
    db: Database,
    key: str,
    size: int,
    mtime: float,
    digest: str | None,
    status: str,
    *,
    paper_id: str | None = None,
    error: ExtractionError | OSError | None = None,
    run_id: int | None = None,
) -> None:
    record: dict[str, Any] = {
        "path": key,
        "size": size,
        "mtime": mtime,
        "sha256": digest,
        "status": status,
        "error_class": type(error).__name__ if error else None,
        "error": (error.reason if isinstance(error, ExtractionError) else str(error))
        if error
        else None,
        "run_id": run_id,
        "extractor_version": EXTRACTOR_VERSION,
        "updated_at": now(),
    }
    if paper_id is not None or status == "ok":
        record["paper_id"] = paper_id
    db["files"].upsert(record, pk="path")


def commit_paper(db: Database, job: FileJob, paper: Paper, run_id: int | None) -> str:
    """Write one extracted paper and its file row in one transaction; returns added/updated."""
    with db.atomic():
        paper_id, replaced = save_paper(db, paper)
        _record_file(
            db, job.path, job.size, job.mtime, job.sha256, "ok", paper_id=paper_id, run_id=run_id
        )
        if job.previous_paper and job.previous_paper != paper_id:
            others = db.execute(
                "SELECT count(*) FROM files WHERE paper_id = ? AND path != ?",
                [job.previous_paper, job.path],
            ).fetchone()[0]
            if not others:
                delete_paper(db, job.previous_paper)
            replaced = True
    return "updated" if replaced or job.previous_paper else "added"


def record_failure(
    db: Database, job: FileJob | Path, error: ExtractionError | OSError, run_id: int | None
) -> FileStatus:
    status = "needs_ocr" if isinstance(error, NeedsOcrError) else "failed"
    if isinstance(job, FileJob):
        key, size, mtime, digest = job.path, job.size, job.mtime, job.sha256
    else:
        key, size, mtime, digest = _file_key(job), 0, 0.0, None
    with db.atomic():
        _record_file(db, key, size, mtime, digest, status, error=error, run_id=run_id)
    reason = error.reason if isinstance(error, ExtractionError) else str(error)
    return FileStatus(key, status, None, type(error).__name__, reason)


def start_run(db: Database, options: dict[str, Any]) -> int:
    with db.atomic():
        table = db["runs"].insert(
            {
                "started_at": now(),
                "status": "running",
                "options": json.dumps(options),
                "pid": os.getpid(),
            }
        )
    return int(table.last_pk)


def finish_run(db: Database, run_id: int, report: IngestReport, status: str) -> None:
    with db.atomic():
        db["runs"].update(
            run_id,
            {
                "finished_at": now(),
                "status": status,
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "failed": report.failed,
                "pages": report.pages,
                "duration_s": round(report.duration_s, 3),
                "pages_per_s": round(report.pages_per_s, 2),
            },
        )


def ingest_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    reextract: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every PDF under ``paths`` in this process."""
    started = time.perf_counter()
    run_id = start_run(db, {"paths": [str(p) for p in paths], "reextract": reextract})
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    failures: list[FileStatus] = []
    pages = 0
    status = "failed"
    try:
        for path in find_pdfs(paths):
            outcome = _ingest_one(db, path, reextract=reextract, run_id=run_id)
            if isinstance(outcome, FileStatus):
                failures.append(outcome)
                label = "failed"
            else:
                label, n = outcome
                counts[label] += 1
                pages += n
            if progress:
                progress(str(path), label)
        status = "done"
    finally:
        report = IngestReport(
            run_id=run_id,
            failed=len(failures),
            pages=pages,
            duration_s=time.perf_counter() - started,
            failures=tuple(failures),
            **counts,
        )
        finish_run(db, run_id, report, status)
    return report


def _ingest_one(
    db: Database, path: Path, *, reextract: bool, run_id: int
) -> FileStatus | tuple[str, int]:
    try:
        job = plan_file(db, path, reextract=reextract)
    except OSError as exc:
        return record_failure(db, path, exc, run_id)
    if isinstance(job, str):
        return job, 0
    try:
        paper = extract_bytes(job.data, source=job.path)
    except ExtractionError as exc:
        return record_failure(db, job, exc, run_id)
    return commit_paper(db, job, paper, run_id), paper.page_count or len(paper.pages)
