"""Ingest: find PDFs, skip what is stored, extract the rest in worker processes, commit each.

The calling process is the archive's only writer: workers extract and send ``Paper`` values
back; each paper is committed with its ``files`` row in one transaction. See docs/nightly.md.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .cluster import ClusterTarget, ExtractionPool, make_pool
from .errors import ProceedingsError
from .extract import EXTRACTOR_VERSION
from .ingest_db import (
    FileJob,
    Skip,
    commit_paper,
    discover,
    drop_if_orphan,
    file_key,
    finish_run,
    link_file,
    mark_interrupted,
    missing_files,
    plan_file,
    prune_files,
    record_failure,
    refresh_metadata,
    start_run,
)
from .models import FileStatus, IngestReport
from .sidecars import MetadataIndex
from .workers import DEFAULT_EXTRACT, Outcome, default_workers

__all__ = ["DEFAULT_MAX_MEMORY", "DEFAULT_TIMEOUT", "RunReport", "ingest_paths"]

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY = 2 << 30

Progress = Callable[[str, str], None]
log = logging.getLogger("proceedings.ingest")


@dataclass(frozen=True)
class RunReport(IngestReport):
    """An ``IngestReport`` with what the nightly job also needs to know."""

    status: str = "done"
    duplicates: int = 0
    needs_ocr: int = 0
    known_failures: int = 0
    interrupted_runs: tuple[int, ...] = ()
    workers: int = 0
    worker_restarts: int = 0
    worker_maxrss_kb: int = 0
    metadata: tuple[str, ...] = field(default_factory=tuple)
    # PDFs each metadata source matched in this run, by source (as in ``metadata``).
    metadata_matched: Mapping[str, int] = field(default_factory=dict)

    @property
    def files_seen(self) -> int:
        counted = self.added + self.updated + self.unchanged + self.duplicates
        return counted + self.failed + self.known_failures

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["failures"] = [
            {"path": f.path, "status": f.status, "error_class": f.error_class, "error": f.error}
            for f in self.failures
        ]
        data.update(
            status=self.status,
            duplicates=self.duplicates,
            needs_ocr=self.needs_ocr,
            known_failures=self.known_failures,
            interrupted_runs=list(self.interrupted_runs),
            workers=self.workers,
            worker_restarts=self.worker_restarts,
            worker_maxrss_kb=self.worker_maxrss_kb,
            metadata=list(self.metadata),
            metadata_matched=dict(self.metadata_matched),
        )
        return data


class _Run:
    """The state of one ingest run in the writing process."""

    def __init__(self, db: Database, run_id: int, present: set[str], metadata: MetadataIndex):
        self.db = db
        self.run_id = run_id
        self.present = present
        self.metadata = metadata
        self.counts = {"added": 0, "updated": 0, "unchanged": 0, "duplicate": 0, "known": 0}
        self.failures: list[FileStatus] = []
        self.pages = 0
        self.inflight: dict[int, FileJob] = {}
        self.parked: dict[str, list[FileJob]] = {}

    def fail(self, key: str, status: str, cls: str, reason: str, job: FileJob | None) -> None:
        record_failure(self.db, key, status, cls, reason, self.run_id, job)
        self.failures.append(
            FileStatus(key, status, job.previous_paper if job else None, cls, reason)
        )
        log.warning("%s: %s: %s (%s)", status, key, reason, cls)

    def finished(self, outcome: Outcome) -> list[tuple[str, str]]:
        """Commit or record one worker outcome, then settle byte-identical files parked on it."""
        job = self.inflight.pop(outcome.task_id)
        paper = outcome.paper
        label = "failed"
        paper_id: str | None = None
        if paper is not None and not paper.text.strip():
            self.fail(job.path, "needs_ocr", "NeedsOcrError", "no text layer (needs OCR)", job)
        elif paper is not None:
            paper = self.metadata.apply(paper, job.path)
            label, paper_id = commit_paper(self.db, job, paper, self.run_id, self.present)
            self.counts[label] += 1
            if label != "duplicate":
                self.pages += paper.page_count or len(paper.pages)
            log.info("%s: %s -> %s", label, job.path, paper_id)
        else:
            status = outcome.status if outcome.status != "ok" else "failed"
            self.fail(
                job.path,
                status,
                outcome.error_class or "ExtractionError",
                outcome.reason or "unknown error",
                job,
            )
            label = status
        done = [(job.path, label)]
        for twin in self.parked.pop(job.sha256, []):
            if paper_id is not None:
                with self.db.atomic():
                    link_file(
                        self.db,
                        twin.path,
                        twin.size,
                        twin.mtime,
                        twin.sha256,
                        paper_id,
                        self.run_id,
                    )
                    if twin.previous_paper and twin.previous_paper != paper_id:
                        drop_if_orphan(self.db, twin.previous_paper)
                self.counts["duplicate"] += 1
                done.append((twin.path, "duplicate"))
            else:
                last = self.failures[-1]
                reason = f"{last.error} (same bytes as {job.path})"
                self.fail(twin.path, last.status, last.error_class or "", reason, twin)
                done.append((twin.path, last.status))
        return done


def ingest_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    reextract: bool = False,
    retry_failed: bool = False,
    prune: bool = False,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory: int = DEFAULT_MAX_MEMORY,
    metadata: Sequence[str | Path] = (),
    auto_metadata: bool = True,
    progress: Progress | None = None,
    extract: str = DEFAULT_EXTRACT,
    cluster: ClusterTarget = None,
) -> RunReport:
    """Ingest every PDF under ``paths``; the caller holds the archive's ingest lock.

    Raises ``MetadataError`` for an unreadable metadata file (before anything is written).
    """
    started = time.perf_counter()
    roots = [Path(p) for p in paths]
    size = workers or default_workers()
    index = MetadataIndex.load(metadata, roots, auto=auto_metadata)
    interrupted = mark_interrupted(db)
    for run in interrupted:
        log.warning("run %d was left running by a dead process; marked interrupted", run)
    options = {
        "paths": [str(p) for p in roots],
        "reextract": reextract,
        "retry_failed": retry_failed,
        "prune": prune,
        "workers": size,
        "timeout": timeout,
        "max_memory": max_memory,
        "metadata": list(index.sources),
        "extractor_version": EXTRACTOR_VERSION,
    }
    run_id = start_run(db, options)
    log.info("run %d started: %s", run_id, options)
    pdfs = list(discover(roots))
    state = _Run(db, run_id, {file_key(p) for p in pdfs}, index)
    missing = missing_files(db, roots, state.present)
    pruned = 0
    status = "failed"
    pool: ExtractionPool | None = None
    try:
        pending = deque(pdfs)
        task_ids = iter(range(1, 1 << 62))
        while True:
            while pending and (pool is None or pool.idle):
                path = pending.popleft()
                try:
                    plan = plan_file(db, path, reextract=reextract, retry_failed=retry_failed)
                except OSError as exc:
                    key = file_key(path)
                    reason = f"cannot read file: {exc.strerror or exc}"
                    state.fail(key, "failed", type(exc).__name__, reason, None)
                    _tell(progress, key, "failed")
                    continue
                if isinstance(plan, Skip):
                    label = plan.label
                    key = file_key(path)
                    if label == "unchanged" and plan.paper_id and index.sources:
                        changed = refresh_metadata(db, key, plan.paper_id, index)
                        label = "updated" if changed else label
                    state.counts[label] += 1
                    _tell(progress, key, label)
                elif plan.sha256 in state.parked:
                    state.parked[plan.sha256].append(replace(plan, data=b""))
                else:
                    if pool is None:
                        pool = make_pool(
                            cluster=cluster,
                            workers=pool.size if pool else size,
                            timeout=timeout,
                            max_memory=max_memory,
                            extract=extract,
                        )
                    task = next(task_ids)
                    pool.submit(task, plan.path, plan.data)
                    state.inflight[task] = replace(plan, data=b"")
                    state.parked[plan.sha256] = []
            if pool is None or not pool.busy:
                break
            for outcome in pool.collect(timeout=1.0):
                for key, label in state.finished(outcome):
                    _tell(progress, key, label)
        if missing:
            log.warning("%d stored file(s) no longer exist: %s", len(missing), missing[:5])
        if prune and missing:
            pruned = prune_files(db, missing)
            log.info("pruned %d file(s), %d paper(s)", len(missing), pruned)
        status = "done" if not state.failures else "done_with_failures"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        restarts = pool.restarts if pool else 0
        maxrss = pool.worker_maxrss_kb if pool else 0
        if pool is not None:
            pool.close(kill=status in ("failed", "interrupted"))
        c = state.counts
        report = RunReport(
            run_id=run_id,
            added=c["added"],
            updated=c["updated"],
            unchanged=c["unchanged"],
            failed=len(state.failures),
            pages=state.pages,
            duration_s=time.perf_counter() - started,
            failures=tuple(state.failures),
            missing=tuple(missing),
            pruned=pruned,
            status=status,
            duplicates=c["duplicate"],
            needs_ocr=sum(1 for f in state.failures if f.status == "needs_ocr"),
            known_failures=c["known"],
            interrupted_runs=tuple(interrupted),
            workers=pool.size if pool else size,
            worker_restarts=restarts,
            worker_maxrss_kb=maxrss,
            metadata=tuple(index.sources),
            metadata_matched=index.matched,
        )
        counts = {
            "added": report.added,
            "updated": report.updated,
            "unchanged": report.unchanged + report.duplicates,
            "failed": report.failed,
            "pages": report.pages,
            "duration_s": round(report.duration_s, 3),
            "pages_per_s": round(report.pages_per_s, 2),
        }
        finish_run(db, run_id, counts, status)
        log.info("run %d %s: %s", run_id, status, counts)
    return report


def _tell(progress: Progress | None, key: str, label: str) -> None:
    if progress is not None:
        progress(key, label)


class NoPdfsFoundError(ProceedingsError):
    """Nothing to ingest under the given paths."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = tuple(paths)
        super().__init__(f"no PDF files found in {', '.join(paths)}")
