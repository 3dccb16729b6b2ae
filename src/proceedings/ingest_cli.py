"""Helpers for ``proc ingest``, ``proc failures`` and ``proc runs``: sizes, logging, summaries."""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import click

from .ingest import RunReport
from .models import FileStatus

__all__ = [
    "EXIT_FAILURES",
    "MemorySize",
    "format_failures",
    "format_runs",
    "setup_logging",
    "stop_on_sigterm",
    "summary_lines",
]

EXIT_FAILURES = 3
_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class MemorySize(click.ParamType[int]):
    """``2G``, ``512M``, ``1.5GB`` or a number of bytes; ``0`` means no cap."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", str(value), re.I)
        if not match:
            self.fail(f"{value!r} is not a size such as 2G or 512M", param, ctx)
        return int(float(match[1]) * _UNITS[match[2].upper()])


def setup_logging(log_file: str | None, *, verbose: bool = False) -> None:
    """Send the ``proceedings`` loggers to ``log_file`` (appending), with timestamps.

    Without a log file the records are dropped: the command prints its own summary.
    """
    logger = logging.getLogger("proceedings")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    for old in [h for h in logger.handlers if getattr(h, "proc_cli", False)]:
        logger.removeHandler(old)
        old.close()
    handler: logging.Handler = logging.NullHandler()
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    elif verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.proc_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def stop_on_sigterm() -> None:
    """Let ``SIGTERM`` (systemd stop, ``kill``) end the run like Ctrl-C: workers are stopped
    and the run is recorded as ``interrupted``."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def summary_lines(report: RunReport) -> list[str]:
    """The human summary of a run: failures first, then the counts."""
    lines = [f"{f.status}: {f.path}: {f.error_class}: {f.error}" for f in report.failures]
    lines += [f"missing: {path}" for path in report.missing]
    counts = (
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.duplicates} duplicate, {report.failed} failed"
    )
    if report.needs_ocr:
        counts += f" ({report.needs_ocr} need OCR)"
    lines.append(
        f"run {report.run_id}: {counts}; {report.pages} pages in {report.duration_s:.1f} s "
        f"({report.pages_per_s:.1f} pages/s, {report.workers} workers)"
    )
    for source in report.metadata:
        kind, _, origin = source.partition(":")
        matched = report.metadata_matched.get(source, 0)
        lines.append(
            f"metadata: {kind} {origin}: {matched} {'paper' if matched == 1 else 'papers'} matched"
        )
    if report.known_failures:
        lines.append(
            f"{report.known_failures} file(s) that failed before and did not change were not "
            "retried (see: proc failures; retry with --retry-failed)"
        )
    if report.missing:
        action = f"pruned; {report.pruned} paper(s) deleted" if report.pruned else "kept"
        hint = "" if report.pruned else " (remove their papers with --prune)"
        lines.append(f"{len(report.missing)} stored file(s) no longer exist: {action}{hint}")
    if report.interrupted_runs:
        runs = ", ".join(str(r) for r in report.interrupted_runs)
        lines.append(f"earlier run(s) {runs} had been killed; marked interrupted")
    return lines


def format_failures(rows: Sequence[FileStatus]) -> str:
    out = []
    for r in rows:
        kept = f" [older version kept as {r.paper_id}]" if r.paper_id else ""
        out.append(f"{r.status:<9} {r.error_class or '':<24} {r.path}{kept}\n          {r.error}")
    out.append(f"{len(rows)} file(s) not in the archive")
    return "\n".join(out)


def format_runs(runs: Sequence[Mapping[str, Any]]) -> str:
    """One line per run, within 80 columns (start time to the minute, in UTC)."""
    head = f"{'id':>4} {'started (UTC)':<16} {'status':<18} {'add':>4} {'upd':>4} {'same':>4} "
    head += f"{'fail':>4} {'pages':>6} {'secs':>6} {'pg/s':>5}"
    out = [head]
    for r in runs:
        started = (r["started_at"] or "")[:16].replace("T", " ")
        out.append(
            f"{r['id']:>4} {started:<16} {r['status'] or '':<18} "
            f"{r['added'] or 0:>4} {r['updated'] or 0:>4} {r['unchanged'] or 0:>4} "
            f"{r['failed'] or 0:>4} {r['pages'] or 0:>6} {r['duration_s'] or 0:>6.1f} "
            f"{r['pages_per_s'] or 0:>5.1f}"
        )
    return "\n".join(out)


def check_roots(paths: Sequence[str]) -> None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise click.ClickException(f"no such file or folder: {', '.join(missing)}")
