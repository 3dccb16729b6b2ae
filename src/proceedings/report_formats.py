"""The archive's own reports as the ``proc`` commands print them: stats, an ingest run's
summary, the runs and failures tables, and ``proc extract``'s records.

In: ``Stats``, ``RunReport``, ``FileStatus`` values, ``runs`` rows, and extraction results.
Out: text lines and tables (str), or a JSON-ready dict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .models import FileStatus, Paper, RunReport, Stats

__all__ = [
    "extracted_record",
    "format_failures",
    "format_runs",
    "format_stats",
    "summary_lines",
]


def _known(value: object) -> str:
    return "(unknown)" if value in (None, "", "None") else str(value)


def format_stats(stats: Stats, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(stats.to_dict(), ensure_ascii=False, indent=2)
    lines = [
        f"papers:  {stats.papers}",
        f"authors: {stats.authors}",
        f"pages:   {stats.pages}",
        f"files:   {stats.files} ({stats.failed_files} failed or needing OCR)",
    ]
    if stats.years:
        lines.append("years:   " + ", ".join(f"{_known(y)} ({n})" for y, n in stats.years.items()))
    if stats.venues:
        lines.append("venues:  " + "; ".join(f"{_known(v)} ({n})" for v, n in stats.venues.items()))
    if stats.last_run:
        r = stats.last_run
        when = r.get("finished_at") or r.get("started_at")
        lines.append(
            f"last run: #{r.get('id')} {r.get('status')} at {when}"
            f" (+{r.get('added')} added, {r.get('updated')} updated, {r.get('failed')} failed)"
        )
    return "\n".join(lines)


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
    """The ``proc failures`` table."""
    out = []
    for r in rows:
        kept = f" [older version kept as {r.paper_id}]" if r.paper_id else ""
        out.append(f"{r.status:<9} {r.error_class or '':<24} {r.path}{kept}\n          {r.error}")
    out.append(f"{len(rows)} file(s) not in the archive")
    return "\n".join(out)


def format_runs(runs: Sequence[Mapping[str, Any]]) -> str:
    """The ``proc runs`` table: one line per run, within 80 columns (start time to the
    minute, in UTC)."""
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


def extracted_record(path: Path, paper: Paper | None, error: str | None) -> dict[str, Any]:
    """One ``proc extract`` record: the paper's fields (or only ``error``) and ``source``."""
    record = paper.to_dict() if paper is not None else {}
    record["error"] = error
    record["source"] = str(path)
    return record
