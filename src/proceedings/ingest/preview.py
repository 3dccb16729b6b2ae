"""Extraction without an archive (``proc extract``), in the same worker pool as an ingest.

In: PDF paths and an ``IngestOptions`` (workers, timeout, memory cap, extractor or backend).
Out: for each file, in the order given, its ``Paper`` or the error that names the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import ExtractionError
from ..extract import require_backend
from ..models import IngestOptions, Paper
from .pool import chosen_extractor, make_pool
from .workers import Outcome, default_workers

__all__ = ["extract_files"]


def _error(path: Path, outcome: Outcome) -> str:
    return str(ExtractionError(str(path), outcome.reason or "unknown error"))


def extract_files(
    files: Sequence[Path], options: IngestOptions
) -> Iterator[tuple[Path, Paper | None, str | None]]:
    """``(path, paper, None)`` or ``(path, None, error)`` for each of ``files``, in order.

    Raises ``BackendError`` for a backend that is unknown or not installed."""
    options = replace(options, backend=require_backend(options.backend))
    if not files:
        return
    size = min(options.workers or default_workers(), len(files))
    pool = make_pool(
        cluster="local",
        workers=size,
        timeout=options.timeout,
        max_memory=options.max_memory,
        max_file_size=options.max_file_size,
        extract=chosen_extractor(options),
    )
    done: dict[int, tuple[Path, Paper | None, str | None]] = {}
    try:
        nxt, emitted = 0, 0
        while emitted < len(files):
            while nxt < len(files) and pool.idle:
                pool.submit(nxt, str(files[nxt]), str(files[nxt]))
                nxt += 1
            for outcome in pool.collect(timeout=1.0):
                path = files[outcome.task_id]
                paper = outcome.paper
                done[outcome.task_id] = (path, paper, None if paper else _error(path, outcome))
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
    except BaseException:
        pool.close(kill=True)
        raise
    pool.close()
