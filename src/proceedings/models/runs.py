"""How an ingest run is asked to work and what it reports: options and limits in, file
states, run reports and archive counts out.

In: nothing (plain frozen dataclasses and enums; ``Stats``'s ``repr`` and HTML come from
``notebook``). Out: ``IngestOptions``, ``FileState``, ``RunStatus``, ``FileStatus``,
``IngestReport``, ``RunReport`` and ``Stats``, with ``to_dict``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .papers import Paper

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "FileState",
    "FileStatus",
    "IngestOptions",
    "IngestReport",
    "RunReport",
    "RunStatus",
    "Stats",
]


DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY = 2 << 30
DEFAULT_MAX_FILE_SIZE = 200 << 20


class FileState(StrEnum):
    """``files.status``: the last ingest of a file stored its paper, failed, or found no text."""

    OK = "ok"
    FAILED = "failed"
    NEEDS_OCR = "needs_ocr"


class RunStatus(StrEnum):
    """``runs.status``: how an ingest run ended (``running`` while it runs)."""

    RUNNING = "running"
    DONE = "done"
    DONE_WITH_FAILURES = "done_with_failures"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class FileStatus:
    """What the archive knows about one source file."""

    path: str
    status: str
    paper_id: str | None = None
    error_class: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ingest run."""

    run_id: int | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    pages: int = 0
    duration_s: float = 0.0
    failures: tuple[FileStatus, ...] = ()
    missing: tuple[str, ...] = ()
    pruned: int = 0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.duration_s if self.duration_s > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "pages": self.pages,
            "duration_s": round(self.duration_s, 3),
            "pages_per_s": round(self.pages_per_s, 1),
            "failures": [
                {"path": f.path, "error_class": f.error_class, "error": f.error}
                for f in self.failures
            ],
            "missing": list(self.missing),
            "pruned": self.pruned,
        }


@dataclass(frozen=True)
class Stats:
    """Counts that describe an archive."""

    papers: int
    authors: int
    pages: int
    files: int
    failed_files: int
    years: Mapping[str, int] = field(default_factory=dict)
    venues: Mapping[str, int] = field(default_factory=dict)
    last_run: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "papers": self.papers,
            "authors": self.authors,
            "pages": self.pages,
            "files": self.files,
            "failed_files": self.failed_files,
            "years": dict(self.years),
            "venues": dict(self.venues),
            "last_run": dict(self.last_run) if self.last_run else None,
        }

    def __repr__(self) -> str:
        from ..notebook import stats_repr

        return stats_repr(self)

    def _repr_html_(self) -> str:
        from ..notebook import stats_html

        return stats_html(self)


@dataclass(frozen=True)
class RunReport(IngestReport):
    """An ``IngestReport`` with what the nightly job also needs to know."""

    status: RunStatus = RunStatus.DONE
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


@dataclass(frozen=True)
class IngestOptions:
    """How an ingest run treats its files; ``Archive.ingest`` takes one (or its fields).

    ``workers`` processes (default: one per core) extract the PDFs, each killed after
    ``timeout`` seconds on one file or when it needs more than ``max_memory`` bytes (0: no
    cap). A file over ``max_file_size`` bytes is recorded as failed, unread (0: no limit). A
    link to a file outside the folders given is not followed unless ``follow_symlinks``.
    ``metadata`` files (and, with ``auto_metadata``, those beside the PDFs) override
    extracted fields. ``extract`` replaces the extractor (a module-level function taking
    ``(data, *, source)``, so that worker processes can import it; default:
    ``proceedings.extract.extract_bytes``). ``backend`` is the PDF reader: ``auto`` (pdfium
    when installed, else pypdf; ``$PROCEEDINGS_BACKEND`` overrides), ``pypdf`` or ``pdfium``
    (needs ``proceedings[fast]``); the files' extractor version records it, so another backend
    re-extracts. ``cluster`` is a ``tcp://`` Dask scheduler
    address or a ``distributed.Client`` (default: ``$PROC_DASK_SCHEDULER``, else local).
    """

    reextract: bool = False
    retry_failed: bool = False
    prune: bool = False
    workers: int | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_memory: int = DEFAULT_MAX_MEMORY
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    follow_symlinks: bool = False
    metadata: Sequence[str | Path] = ()
    auto_metadata: bool = True
    extract: Callable[..., Paper] | None = None
    cluster: Any = None
    backend: str = "auto"
