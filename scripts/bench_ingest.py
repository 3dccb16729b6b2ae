#!/usr/bin/env python3
"""Ingest throughput and memory, against plain single-core pypdf text extraction.

    python scripts/bench_ingest.py                 # ../shared/corpus/*/pdfs, else fixtures/
    python scripts/bench_ingest.py --workers 8 PDF_DIR ...
    python scripts/bench_ingest.py --limit 16 --profile   # where an ingest's CPU goes

1. pypdf baseline: ``PdfReader(...).pages[i].extract_text()`` for every page, one core;
2. ``Archive.ingest`` into a fresh archive with 1 worker and with N workers (pages/s), once
   per backend (the pypdf path, and the pdfium path when pypdfium2 is installed);
3. peak RSS of the ingesting process and of the largest worker as the corpus grows.

Each ingest runs in a child process so that its peak memory is its own; the backend reaches
its workers through ``PROCEEDINGS_BACKEND``. ``--profile`` first prints, per backend, the CPU
seconds of each extraction stage in this process, and of hashing, the transfer to workers,
the SQLite writes (with the FTS indexes) and a worker's start-up.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def default_inputs() -> list[Path]:
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*/pdfs"))
    return corpus or sorted((ROOT / "fixtures").glob("*.pdf"))


def pdf_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return out


def pypdf_rate(files: list[Path]) -> tuple[int, float, float]:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)

    blobs = [f.read_bytes() for f in files]
    pages = 0
    start, cpu = time.perf_counter(), time.process_time()
    for data in blobs:
        try:
            reader = PdfReader(io.BytesIO(data))
            for page in reader.pages:
                page.extract_text()
                pages += 1
        except Exception:
            continue
    return pages, time.perf_counter() - start, time.process_time() - cpu


def _stage_timers(backend: str) -> tuple[dict[str, float], list[tuple[Any, str, Any]]]:
    """Wrap the extraction stages of ``backend`` with CPU timers; the patches to undo."""
    from pypdf.generic import ContentStream

    from proceedings.extract import header, lines, pipeline, pypdf_reader

    times: dict[str, float] = {}
    undo: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, attr: str, label: str) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.process_time() - start

        undo.append((owner, attr, original))
        setattr(owner, attr, timed)

    if backend == "pypdf":
        reader = [
            (pypdf_reader, "open_pdf", "open (pypdf)"),
            (pipeline, "_read_all", "read pages (the 6 rows below)"),
            (pypdf_reader, "read_page", "  page walk (pypdf)"),
            (ContentStream, "_parse_content_stream", "    content-stream parsing"),
            (pypdf_reader, "group_lines", "    runs to lines"),
        ]
        gaps = [(pypdf_reader, "wide_gap_cells", "wide gaps (pypdf layout mode)")]
    else:
        from proceedings.extract import pdfium_reader

        reader = [
            (pdfium_reader, "open_pdfium", "open (pdfium)"),
            (pipeline, "_read_all", "read pages (the 7 rows below)"),
            (pdfium_reader.PdfiumDocument, "_walk", "  page walk (pdfium)"),
            (pdfium_reader, "_glyphs", "    text page: glyphs to objects"),
            (pdfium_reader, "spans_of", "  runs to spans"),
            (pdfium_reader, "group_lines", "  runs to lines"),
        ]
        gaps = []
    stages = [
        *reader,
        (pipeline, "drop_line_numbers", "  margins: line numbers"),
        (pipeline, "strip_running", "  margins: running heads"),
        (pipeline, "column_order", "  columns"),
        *gaps,
        (pipeline, "parse_header", "header (title, abstract, keywords, byline)"),
        (header, "parse_byline", "  byline"),
        (pipeline, "find_sections", "sections"),
        (pipeline, "find_references", "references"),
        (pipeline, "_page_text", "page text (de-hyphenation)"),
        (pipeline, "vocabulary", "vocabulary"),
    ]
    del lines
    for owner, attr, label in stages:
        times[label] = 0.0
        wrap(owner, attr, label)
    return times, undo


def profile(files: list[Path], backends: list[str]) -> dict[str, Any]:
    """CPU seconds per stage of extracting ``files``, and of the ingest around it."""
    import hashlib
    import pickle

    from proceedings import Archive
    from proceedings.extract import extract_bytes

    blobs = [(str(f), f.read_bytes()) for f in files]
    out: dict[str, Any] = {}
    papers = []
    for backend in backends:
        times, undo = _stage_timers(backend)
        pages = 0
        start = time.process_time()
        for source, data in blobs:
            try:
                paper = extract_bytes(data, source=source, backend=backend)
            except Exception:
                continue
            pages += paper.page_count
            if backend == backends[0]:
                papers.append(paper)
        total = time.process_time() - start
        for owner, attr, original in undo:
            setattr(owner, attr, original)
        out[backend] = {"pages": pages, "total_cpu_s": total, "stages": times}
    start = time.process_time()
    for _, data in blobs:
        hashlib.sha256(data).hexdigest()
    hashing = time.process_time() - start
    start = time.process_time()
    for (source, data), paper in zip(blobs, papers, strict=False):
        pickle.loads(pickle.dumps((1, source, data)))
        pickle.loads(pickle.dumps(paper))
    transfer = time.process_time() - start
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        start = time.process_time()
        with Archive(Path(tmp) / "one.db") as archive:
            for paper in papers:
                archive.add(paper)
        one_by_one = time.process_time() - start
        start = time.process_time()
        with Archive(Path(tmp) / "batch.db") as archive:
            archive.add_all(papers)
        batched = time.process_time() - start
    startup = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", "import proceedings.extract"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        startup.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    out["ingest"] = {
        "sha256 (once per file)": hashing,
        "transfer to workers (pickle both ways)": transfer,
        "SQLite writes + FTS, one transaction per paper": one_by_one,
        "SQLite writes + FTS, 200 papers per transaction": batched,
        "worker start-up (import), each": min(startup),
    }
    first = out[backends[0]]
    print(f"\nprofile: {len(files)} PDFs, {first['pages']} pages; CPU seconds in this process")
    for backend in backends:
        r = out[backend]
        print(
            f"\n{backend}: {r['total_cpu_s']:.2f} s = "
            f"{r['pages'] / r['total_cpu_s']:.1f} pages/CPU-s"
        )
        for label, secs in r["stages"].items():
            print(f"  {label:<42} {secs:>7.2f} s {100 * secs / r['total_cpu_s']:>5.1f}%")
    print("\ningest around extraction (papers of the first backend):")
    for label, secs in out["ingest"].items():
        print(f"  {label:<50} {secs:>7.2f} s")
    return out


def child_ingest(db: str, folder: str, workers: int) -> None:
    from proceedings import Archive
    from proceedings.ingest.workers import peak_rss_kb

    with Archive(db) as archive:
        report = archive.ingest([folder], workers=workers)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "pages": report.pages,
                "files": report.added + report.updated + report.duplicates,
                "failed": report.failed,
                "duration_s": report.duration_s,
                "pages_per_s": report.pages_per_s,
                "main_maxrss_mb": peak_rss_kb() / 1024,
                "worker_maxrss_mb": report.worker_maxrss_kb / 1024,
                "main_cpu_s": me.ru_utime + me.ru_stime,
                "workers_cpu_s": kids.ru_utime + kids.ru_stime,
            }
        )
    )


def run_ingest(
    files: list[Path], workers: int, tmp: Path, tag: str, backend: str = "pypdf"
) -> dict[str, Any]:
    folder = tmp / f"pdfs-{tag}"
    folder.mkdir()
    for n, f in enumerate(files):
        (folder / f"{n:05d}-{f.name}").symlink_to(f.resolve())
    db = tmp / f"{tag}.db"
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(folder), str(workers)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PROCEEDINGS_BACKEND": backend},
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PDF files or folders")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--fractions", default="0.25,0.5,1", help="corpus sizes for memory")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write results here")
    parser.add_argument("--limit", type=int, help="use only the first N PDFs")
    parser.add_argument("--profile", action="store_true", help="CPU per stage, then the runs")
    args = parser.parse_args()
    files = pdf_files(args.paths or default_inputs())[: args.limit]
    from proceedings.extract.backends import pdfium_installed

    backends = ["pypdf", *(["pdfium"] if pdfium_installed() else [])]
    if not files:
        sys.exit("no PDFs found")
    n = args.workers
    print(f"{len(files)} PDFs ({sum(f.stat().st_size for f in files) / 1e6:.0f} MB), {n} workers")

    load = os.getloadavg()[0]
    print(f"load average before: {load:.1f} on {os.cpu_count()} CPUs (numbers assume an idle box)")
    pages, secs, cpu = pypdf_rate(files)
    base = pages / secs
    print(
        f"pypdf extract_text, 1 core: {pages} pages in {secs:.1f} s = {base:.1f} pages/s "
        f"({pages / cpu:.1f} pages per CPU-s)"
    )

    if args.profile:
        prof = profile(files, backends)
    results: dict[str, Any] = {
        "files": len(files),
        "workers": n,
        "load_before": load,
        "pypdf_pages_per_s": base,
        "pypdf_pages_per_cpu_s": pages / cpu,
    }
    if args.profile:
        results["profile"] = prof
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmpdir:
        tmp = Path(tmpdir)
        rows = []
        for backend in backends:
            for w in sorted({1, n}):
                r = run_ingest(files, w, tmp, f"{backend}-w{w}", backend)
                rows.append((backend, w, r))
        print()
        print(
            f"{'path':>7} {'workers':>7} {'pages':>6} {'secs':>7} {'pages/s':>8} "
            f"{'vs pypdf x1':>11} {'worker CPU-s':>12} {'main CPU-s':>10} {'pages/CPU-s':>11} "
            f"{'CPU got':>8}"
        )
        print(
            f"{'pypdf':>7} {1:>7} {pages:>6} {secs:>7.1f} {base:>8.1f} {1:>10.2f}x "
            f"{cpu:>12.1f} {0:>10.1f} {pages / cpu:>11.1f} {cpu / secs:>7.2f}c  "
            "(plain extract_text)"
        )
        for backend, w, r in rows:
            ratio = r["pages_per_s"] / base
            cpu_total = r["workers_cpu_s"] + r["main_cpu_s"]
            print(
                f"{backend:>7} {w:>7} {r['pages']:>6} {r['duration_s']:>7.1f} "
                f"{r['pages_per_s']:>8.1f} {ratio:>10.2f}x {r['workers_cpu_s']:>12.1f} "
                f"{r['main_cpu_s']:>10.1f} {r['pages'] / max(cpu_total, 1e-9):>11.1f} "
                f"{cpu_total / r['duration_s']:>7.2f}c"
            )
        target = 0.8 * n * base
        for backend in backends:
            mine = [r for b, _, r in rows if b == backend]
            best = mine[-1]["pages_per_s"]
            verdict = "meets" if best >= target else "misses"
            print(f"{backend}: {n} workers >= 0.8 x {n} x pypdf = {target:.1f} pages/s: {verdict}")
            if len(mine) > 1:
                print(f"{backend}: scaling 1 -> {n} workers: {best / mine[0]['pages_per_s']:.2f}x")
        if len(backends) > 1:
            per_cpu = {
                b: r["pages"] / (r["workers_cpu_s"] + r["main_cpu_s"]) for b, w, r in rows if w == 1
            }
            print(
                "pdfium / pypdf path, pages per CPU-s, 1 worker: "
                f"{per_cpu['pdfium'] / per_cpu['pypdf']:.2f}x"
            )
        last = [r for b, _, r in rows if b == "pypdf"][-1]
        got = (last["workers_cpu_s"] + last["main_cpu_s"]) / last["duration_s"]
        if got < 0.8 * n:
            print(
                f"note: the {n}-worker ingest got only {got:.2f} CPUs of {n}: the box was busy, "
                "so wall-clock rates and scaling understate it; compare pages per CPU-s instead"
            )
        rows_by = {f"{b}-{w}": r for b, w, r in rows}
        results["ingest"] = rows_by

        print()
        head = f"{'corpus':>7} {'files':>6} {'pages':>6} {'pages/s':>8}"
        print(f"{head} {'main MB':>8} {'worker MB':>10}")
        growth = []
        for frac in (float(x) for x in args.fractions.split(",")):
            subset = files[: max(1, round(len(files) * frac))]
            r = run_ingest(subset, n, tmp, f"f{frac}")
            growth.append({"fraction": frac, **r})
            print(
                f"{frac:>6.0%} {len(subset):>6} {r['pages']:>6} {r['pages_per_s']:>8.1f} "
                f"{r['main_maxrss_mb']:>8.0f} {r['worker_maxrss_mb']:>10.0f}"
            )
        results["growth"] = growth
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child_ingest(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
