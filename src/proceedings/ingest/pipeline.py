"""One ingest run: find the files, plan each, extract the rest in a pool, commit each result.

In: the archive, the paths to ingest and an ``IngestOptions``. Out: a ``RunReport``, with every
file's outcome in ``files``, every stored paper in ``papers`` and the run in ``runs``.

The calling process is the archive's only writer (the caller holds the ingest lock): workers
extract and send ``Paper`` values back; each paper is committed with its ``files`` row in one
transaction. See docs/nightly.md.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..errors import ExtractionError
from ..extract import extractor_version, require_backend
from ..metadata import MetadataIndex
from ..models import FileState, FileStatus, IngestOptions, RunReport, RunStatus
from ..storage import write_transaction
from .files import describe_problem, file_key, find_files
from .plan import FileJob, Skip, plan_file
from .pool import ExtractionPool, chosen_extractor, make_pool
from .quality import cap_text, garbled_reason
from .records import (
    commit_paper,
    drop_if_orphan,
    link_file,
    missing_files,
    prune_files,
    record_failure,
    refresh_metadata,
)
from .runs import finish_run, mark_interrupted, record_progress, start_run
from .workers import Outcome, default_workers

__all__ = ["Progress", "ingest_paths"]

Progress = Callable[[str, str], None]
log = logging.getLogger("proceedings.ingest")
PROGRESS_EVERY_S = 1.0


class _Run:
    """The state of one ingest run in the writing process."""

    def __init__(
        self,
        db: Database,
        run_id: int,
        roots: Sequence[Path],
        files: Sequence[Path],
        metadata: MetadataIndex,
        options: IngestOptions,
        progress: Progress | None,
    ) -> None:
        self.db = db
        self.run_id = run_id
        self.present = {file_key(p) for p in files}
        self.roots = [os.path.realpath(r) for r in roots]
        self.metadata = metadata
        self.options = options
        self.version = extractor_version(options.backend)
        self.progress = progress
        self.size = options.workers or default_workers()
        self.counts = {"added": 0, "updated": 0, "unchanged": 0, "duplicate": 0, "known": 0}
        self.failures: list[FileStatus] = []
        self.pages = 0
        self.pool: ExtractionPool | None = None
        self.inflight: dict[int, FileJob] = {}
        self.parked: dict[str, list[FileJob]] = {}
        self.task_ids = iter(range(1, 1 << 62))
        self.started = time.perf_counter()
        self.saved_at = self.started

    def tell(self, key: str, label: str) -> None:
        if self.progress is not None:
            self.progress(key, label)

    def tallies(self) -> dict[str, Any]:
        """The counts the ``runs`` row keeps, as they stand."""
        c = self.counts
        duration = time.perf_counter() - self.started
        return {
            "added": c["added"],
            "updated": c["updated"],
            "unchanged": c["unchanged"] + c["duplicate"],
            "failed": len(self.failures),
            "pages": self.pages,
            "duration_s": round(duration, 3),
            "pages_per_s": round(self.pages / duration, 2) if duration > 0 else 0.0,
        }

    def save_progress(self, *, force: bool = True) -> None:
        """Record the counts so far in the run's row (the caller may hold the transaction)."""
        if force or time.perf_counter() - self.saved_at >= PROGRESS_EVERY_S:
            record_progress(self.db, self.run_id, self.tallies())
            self.saved_at = time.perf_counter()

    def fail(self, key: str, status: str, cls: str, reason: str, job: FileJob | None) -> None:
        record_failure(self.db, key, status, cls, reason, self.run_id, job, version=self.version)
        self.failures.append(
            FileStatus(key, status, job.previous_paper if job else None, cls, reason)
        )
        log.warning("%s: %s: %s (%s)", status, key, reason, cls)

    def extract_all(self, files: Iterable[Path]) -> None:
        """Plan every file, keeping the pool full; commit each outcome as it arrives."""
        pending = deque(files)
        while True:
            while pending and (self.pool is None or self.pool.idle):
                self.take(pending.popleft())
            if self.pool is None or not self.pool.busy:
                return
            for outcome in self.pool.collect(timeout=1.0):
                for key, label in self.finished(outcome):
                    self.tell(key, label)

    def take(self, path: Path) -> None:
        """Plan one file: record it as skipped or unreadable, park it on a twin, or submit it."""
        try:
            plan = plan_file(self.db, path, self.options, roots=self.roots)
        except (OSError, ExtractionError) as exc:
            key = file_key(path)
            with write_transaction(self.db):
                self.fail(key, FileState.FAILED, *describe_problem(exc), None)
                self.save_progress()
            self.tell(key, FileState.FAILED)
            return
        if isinstance(plan, Skip):
            self.skipped(file_key(path), plan)
        elif plan.sha256 in self.parked:
            self.parked[plan.sha256].append(plan)
        else:
            self.submit(plan)

    def skipped(self, key: str, plan: Skip) -> None:
        label = plan.label
        if label == "unchanged" and plan.paper_id and self.metadata.sources:
            changed = refresh_metadata(self.db, key, plan.paper_id, self.metadata)
            label = "updated" if changed else label
        self.counts[label] += 1
        self.save_progress(force=False)
        self.tell(key, label)

    def submit(self, job: FileJob) -> None:
        if self.pool is None:
            self.pool = make_pool(
                cluster=self.options.cluster,
                workers=self.size,
                timeout=self.options.timeout,
                max_memory=self.options.max_memory,
                max_file_size=self.options.max_file_size,
                extract=chosen_extractor(self.options),
            )
        task = next(self.task_ids)
        self.pool.submit(task, job.path, job.location)
        self.inflight[task] = job
        self.parked[job.sha256] = []

    def finished(self, outcome: Outcome) -> list[tuple[str, str]]:
        """Commit or record one worker outcome, settle the byte-identical files parked on it,
        and record the run's counts, all in one transaction."""
        with write_transaction(self.db):
            done = self.settle(outcome)
            self.save_progress()
        return done

    def settle(self, outcome: Outcome) -> list[tuple[str, str]]:
        job = self.inflight.pop(outcome.task_id)
        paper = outcome.paper
        label: str = FileState.FAILED
        paper_id: str | None = None
        garbled = garbled_reason(paper) if paper is not None else None
        if paper is not None and not paper.text.strip():
            reason = "no text layer (needs OCR)"
            self.fail(job.path, FileState.NEEDS_OCR, "NeedsOcrError", reason, job)
        elif paper is not None and garbled:
            self.fail(job.path, FileState.NEEDS_OCR, "NeedsOcrError", garbled, job)
        elif paper is not None:
            paper, warning = cap_text(self.metadata.apply(paper, job.path))
            if warning:
                log.warning("%s: %s", job.path, warning)
            label, paper_id = commit_paper(
                self.db,
                job,
                paper,
                self.run_id,
                self.present,
                version=self.version,
                warning=warning,
            )
            self.counts[label] += 1
            if label != "duplicate":
                self.pages += paper.page_count or len(paper.pages)
            log.info("%s: %s -> %s", label, job.path, paper_id)
        else:
            status = outcome.status if outcome.status != FileState.OK else FileState.FAILED
            cls = outcome.error_class or "ExtractionError"
            self.fail(job.path, status, cls, outcome.reason or "unknown error", job)
            label = status
        return [(job.path, label), *self.settle_twins(job, paper_id)]

    def settle_twins(self, job: FileJob, paper_id: str | None) -> list[tuple[str, str]]:
        """Link the files parked on ``job`` to its paper, or fail them as it failed."""
        done = []
        for twin in self.parked.pop(job.sha256, []):
            if paper_id is not None:
                with write_transaction(self.db):
                    link_file(
                        self.db,
                        twin.path,
                        twin.size,
                        twin.mtime,
                        twin.sha256,
                        paper_id,
                        self.run_id,
                        version=self.version,
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

    def close_pool(self, *, kill: bool) -> None:
        if self.pool is not None:
            self.pool.close(kill=kill)

    def report(self, **fields: Any) -> RunReport:
        c = self.counts
        pool = self.pool
        return RunReport(
            run_id=self.run_id,
            added=c["added"],
            updated=c["updated"],
            unchanged=c["unchanged"],
            failed=len(self.failures),
            pages=self.pages,
            failures=tuple(self.failures),
            duplicates=c["duplicate"],
            needs_ocr=sum(1 for f in self.failures if f.status == FileState.NEEDS_OCR),
            known_failures=c["known"],
            workers=pool.size if pool else self.size,
            worker_restarts=pool.restarts if pool else 0,
            worker_maxrss_kb=pool.worker_maxrss_kb if pool else 0,
            metadata=tuple(self.metadata.sources),
            metadata_matched=self.metadata.matched,
            **fields,
        )


def _close_interrupted(db: Database) -> list[int]:
    interrupted = mark_interrupted(db)
    for run in interrupted:
        log.warning("run %d was left running by a dead process; marked interrupted", run)
    return interrupted


def _recorded_options(
    options: IngestOptions, roots: Sequence[Path], index: MetadataIndex
) -> dict[str, Any]:
    """The options as the ``runs`` row keeps them."""
    return {
        "paths": [str(p) for p in roots],
        "reextract": options.reextract,
        "retry_failed": options.retry_failed,
        "prune": options.prune,
        "workers": options.workers or default_workers(),
        "timeout": options.timeout,
        "max_memory": options.max_memory,
        "max_file_size": options.max_file_size,
        "follow_symlinks": options.follow_symlinks,
        "metadata": list(index.sources),
        "backend": options.backend,
        "extractor_version": extractor_version(options.backend),
    }


def _settle_missing(db: Database, missing: Sequence[str], prune: bool) -> int:
    """Log the stored files that are gone; with ``prune`` forget them. Returns papers deleted."""
    if missing:
        log.warning("%d stored file(s) no longer exist: %s", len(missing), missing[:5])
    if not (prune and missing):
        return 0
    pruned = prune_files(db, missing)
    log.info("pruned %d file(s), %d paper(s)", len(missing), pruned)
    return pruned


def ingest_paths(
    db: Database,
    paths: Iterable[str | Path],
    options: IngestOptions,
    *,
    progress: Progress | None = None,
    on_found: Callable[[int], None] | None = None,
) -> RunReport:
    """Ingest every PDF under ``paths``; the caller holds the archive's ingest lock.

    ``on_found`` hears how many files were found, before any is planned; ``progress`` hears
    each file's key and label as it is settled. Raises ``MetadataError`` for an unreadable
    metadata file and ``BackendError`` for a backend that is unknown or not installed (both
    before anything is written).
    """
    started = time.perf_counter()
    options = replace(options, backend=require_backend(options.backend))
    roots = [Path(p) for p in paths]
    index = MetadataIndex.load(options.metadata, roots, auto=options.auto_metadata)
    interrupted = _close_interrupted(db)
    recorded = _recorded_options(options, roots, index)
    run_id = start_run(db, recorded)
    log.info("run %d started: %s", run_id, recorded)
    files = list(find_files(roots))
    if on_found is not None:
        on_found(len(files))
    run = _Run(db, run_id, roots, files, index, options, progress)
    missing = missing_files(db, roots, run.present)
    pruned = 0
    status = RunStatus.FAILED
    try:
        run.extract_all(files)
        pruned = _settle_missing(db, missing, options.prune)
        status = RunStatus.DONE_WITH_FAILURES if run.failures else RunStatus.DONE
    except KeyboardInterrupt:
        status = RunStatus.INTERRUPTED
        raise
    finally:
        run.close_pool(kill=status in (RunStatus.FAILED, RunStatus.INTERRUPTED))
        report = run.report(
            duration_s=time.perf_counter() - started,
            missing=tuple(missing),
            pruned=pruned,
            status=status,
            interrupted_runs=tuple(interrupted),
        )
        counts = run.tallies()
        finish_run(db, run_id, counts, status)
        log.info("run %d %s: %s", run_id, status, counts)
    return report
