#!/usr/bin/env python3
"""Ingest throughput and memory, against plain single-core pypdf text extraction.

    python scripts/bench_ingest.py                 # ../shared/corpus/*/pdfs, else fixtures/
    python scripts/bench_ingest.py --workers 8 PDF_DIR ...

1. pypdf baseline: ``PdfReader(...).pages[i].extract_text()`` for every page, one core;
2. ``Archive.ingest`` into a fresh archive with 1 worker and with N workers (pages/s);
3. peak RSS of the ingesting process and of the largest worker as the corpus grows.

Each ingest runs in a child process so that its peak memory is its own.
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


def run_ingest(files: list[Path], workers: int, tmp: Path, tag: str) -> dict[str, Any]:
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
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PDF files or folders")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--fractions", default="0.25,0.5,1", help="corpus sizes for memory")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write results here")
    args = parser.parse_args()
    files = pdf_files(args.paths or default_inputs())
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

    results: dict[str, Any] = {
        "files": len(files),
        "workers": n,
        "load_before": load,
        "pypdf_pages_per_s": base,
        "pypdf_pages_per_cpu_s": pages / cpu,
    }
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmpdir:
        tmp = Path(tmpdir)
        rows = []
        for w in sorted({1, n}):
            r = run_ingest(files, w, tmp, f"w{w}")
            rows.append((w, r))
        print()
        print(
            f"{'workers':>7} {'pages':>6} {'secs':>7} {'pages/s':>8} {'vs pypdf x1':>11} "
            f"{'worker CPU-s':>12} {'main CPU-s':>10} {'pages/CPU-s':>11} {'CPU got':>8}"
        )
        for w, r in rows:
            ratio = r["pages_per_s"] / base
            cpu_total = r["workers_cpu_s"] + r["main_cpu_s"]
            print(
                f"{w:>7} {r['pages']:>6} {r['duration_s']:>7.1f} {r['pages_per_s']:>8.1f} "
                f"{ratio:>10.2f}x {r['workers_cpu_s']:>12.1f} {r['main_cpu_s']:>10.1f} "
                f"{r['pages'] / max(cpu_total, 1e-9):>11.1f} {cpu_total / r['duration_s']:>7.2f}c"
            )
        target = 0.8 * n * base
        best = rows[-1][1]["pages_per_s"]
        verdict = "meets" if best >= target else "misses"
        print(f"target {n} workers >= 0.8 x {n} x pypdf = {target:.1f} pages/s: {verdict}")
        speedup = best / rows[0][1]["pages_per_s"] if len(rows) > 1 else 1.0
        print(f"scaling 1 -> {n} workers: {speedup:.2f}x")
        last = rows[-1][1]
        got = (last["workers_cpu_s"] + last["main_cpu_s"]) / last["duration_s"]
        if got < 0.8 * n:
            print(
                f"note: the {n}-worker ingest got only {got:.2f} CPUs of {n}: the box was busy, "
                "so wall-clock rates and scaling understate it; compare pages per CPU-s instead "
                f"(ingest {last['pages'] / (last['workers_cpu_s'] + last['main_cpu_s']):.1f}, "
                f"pypdf {results['pypdf_pages_per_cpu_s']:.1f})"
            )
        results["ingest"] = {str(w): r for w, r in rows}

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
