"""Where an ingest's CPU goes, stage by stage: the ``--profile`` part of ``bench_ingest.py``.

In: PDF files and the backends to profile. Out: a dict of CPU seconds per stage (and a
printed table), measured in this process: each extraction stage of each backend (timers
wrapped around the pipeline's steps), then, for the papers of the first backend, what an
ingest does around extraction: hashing, the transfer to a worker and back, the writer's
reference parsing, citation linking, the SQLite writes with and without the full-text
indexes, and a worker's start-up.
"""

from __future__ import annotations

import hashlib
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Stage = tuple[Any, str, str]


class Timers:
    """CPU timers wrapped around functions by name; ``undo`` puts the originals back."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        original = getattr(owner, attr)
        times = self.times
        times.setdefault(label, 0.0)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                times[label] += time.process_time() - start

        self._undo.append((owner, attr, original))
        setattr(owner, attr, timed)

    def undo(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo = []


def extraction_stages(backend: str) -> list[Stage]:
    """The steps of ``backend``'s extraction, outermost first (nested rows are indented)."""
    from pypdf.generic import ContentStream

    from proceedings.extract import content_stream, header, pipeline, pypdf_reader

    if backend == "pypdf":
        reader: list[Stage] = [
            (pypdf_reader, "open_pdf", "open (pypdf)"),
            (pipeline, "_read_all", "read pages, cleanup"),
            (pypdf_reader, "read_page", "  layout walk (pypdf)"),
            (content_stream, "text_operations", "    content streams (content_tokens)"),
            (ContentStream, "_parse_content_stream", "    content streams (pypdf's parser)"),
            (pypdf_reader, "group_lines", "    runs to lines"),
        ]
        gaps: list[Stage] = [(pypdf_reader, "wide_gap_cells", "wide gaps of page 1")]
    else:
        from proceedings.extract import inflate_guard, pdfium_reader

        reader = [
            (pdfium_reader, "open_pdfium", "open (pdfium)"),
            (inflate_guard, "check_inflation", "  inflation guard"),
            (pipeline, "_read_all", "read pages, cleanup"),
            (pdfium_reader.PdfiumDocument, "_walk", "  layout walk (pdfium objects)"),
            (pdfium_reader, "_glyphs", "    text page: glyphs to objects"),
            (pdfium_reader, "spans_of", "  runs to spans"),
            (pdfium_reader, "group_lines", "  runs to lines"),
        ]
        gaps = []
    return [
        *reader,
        (pipeline, "drop_line_numbers", "  cleanup: line numbers"),
        (pipeline, "strip_running", "  cleanup: running heads"),
        (pipeline, "column_order", "  cleanup: columns"),
        *gaps,
        (pipeline, "parse_header", "header (title, abstract, keywords, byline)"),
        (header, "parse_byline", "  byline"),
        (pipeline, "find_sections", "sections"),
        (pipeline, "find_references", "references (the list)"),
        (pipeline, "_page_text", "page text (de-hyphenation)"),
        (pipeline, "vocabulary", "vocabulary"),
        (pipeline.hashlib, "sha256", "sha256 in the worker"),
    ]


def profile_extraction(blobs: list[tuple[str, bytes]], backend: str) -> dict[str, Any]:
    from proceedings.extract import extract_bytes

    timers = Timers()
    for owner, attr, label in extraction_stages(backend):
        timers.wrap(owner, attr, label)
    pages, papers = 0, []
    start = time.process_time()
    try:
        for source, data in blobs:
            try:
                paper = extract_bytes(data, source=source, backend=backend)
            except Exception:
                continue
            pages += paper.page_count
            papers.append(paper)
    finally:
        total = time.process_time() - start
        timers.undo()
    return {"pages": pages, "total_cpu_s": total, "stages": timers.times, "papers": papers}


def _without_fts(db: Any) -> None:
    """Drop every full-text index of a throwaway archive (``docs_fts`` becomes a table)."""
    triggers = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        if "fts" in name or "spell" in name
    ]
    for name in triggers:
        db.execute(f"DROP TRIGGER [{name}]")
    cols = [row[1] for row in db.execute("PRAGMA table_info(docs_fts)")]
    db.execute("DROP TABLE IF EXISTS docs_vocab")
    db.execute("DROP TABLE docs_fts")
    db.execute(f"CREATE TABLE docs_fts({', '.join(cols)})")


def _timed(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def profile_writes(papers: list[Any], tmp: Path) -> dict[str, float]:
    """The writer's CPU for ``papers``: one transaction each, as an ingest commits them."""
    from proceedings import Archive, citekeys, storage

    out: dict[str, float] = {}
    for label, strip in (("with", False), ("without", True)):
        with Archive(tmp / f"{label}.db") as archive:
            if strip:
                _without_fts(archive.db)
            timers = Timers()
            timers.wrap(citekeys, "parse_reference", "reference parsing")
            timers.wrap(storage, "link_paper", "citation linking")
            try:
                total = _timed(lambda a=archive: [a.add(p) for p in papers])
            finally:
                timers.undo()
        out[f"SQLite writes, {label} FTS"] = total
        if not strip:
            out.update(timers.times)
    return out


def startup_cpu(module: str, runs: int = 3) -> float:
    """The least CPU a fresh interpreter needs to import ``module``."""
    costs = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        costs.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(costs)


def profile(files: list[Path], backends: list[str]) -> dict[str, Any]:
    """CPU seconds per stage of extracting ``files``, and of the ingest around it; printed."""
    blobs = [(str(f), f.read_bytes()) for f in files]
    out: dict[str, Any] = {b: profile_extraction(blobs, b) for b in backends}
    papers = out[backends[0]].pop("papers")
    for b in backends[1:]:
        out[b].pop("papers")
    around: dict[str, float] = {}
    around["sha256 in the writer (planning)"] = _timed(
        lambda: [hashlib.sha256(d).hexdigest() for _, d in blobs]
    )
    around["transfer: task to the worker, paper back (pickle)"] = _timed(
        lambda: [
            pickle.loads(pickle.dumps(x))
            for (s, _), p in zip(blobs, papers, strict=False)
            for x in ((1, s, s, 0), p)
        ]
    )
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        around.update(profile_writes(papers, Path(tmp)))
    around["worker start-up (python + imports), each"] = startup_cpu(
        "proceedings.ingest.workers, proceedings.extract.pdfium_reader"
    )
    out["ingest"] = around
    _print(out, backends, len(files))
    return out


def _print(out: dict[str, Any], backends: list[str], n_files: int) -> None:
    first = out[backends[0]]
    print(f"\nprofile: {n_files} PDFs, {first['pages']} pages; CPU seconds in this process")
    for backend in backends:
        r = out[backend]
        rate = r["pages"] / r["total_cpu_s"]
        print(f"\n{backend}: {r['total_cpu_s']:.2f} s = {rate:.1f} pages/CPU-s")
        for label, secs in r["stages"].items():
            print(f"  {label:<46} {secs:>7.2f} s {100 * secs / r['total_cpu_s']:>5.1f}%")
    around = out["ingest"]
    print(f"\ningest around extraction ({backends[0]} papers), CPU seconds:")
    for label, secs in around.items():
        print(f"  {label:<52} {secs:>7.3f} s")
    refs = around["reference parsing"] + around["citation linking"]
    for backend in backends:
        total = out[backend]["total_cpu_s"] + around["SQLite writes, with FTS"]
        total += around["sha256 in the writer (planning)"]
        print(
            f"reference parsing + linking, share of a {backend} ingest's CPU: "
            f"{100 * refs / total:.1f}% (issue 15: <= 10%)"
        )
