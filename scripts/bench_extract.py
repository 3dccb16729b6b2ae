#!/usr/bin/env python3
"""Measure extraction speed: CPU seconds per PDF (header only and full) and pages per second.

usage: python scripts/bench_extract.py DIR_OR_PDF [...] [--limit N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

from proceedings.errors import ExtractionError
from proceedings.extract import extract_bytes, find_pdfs


def _measure(files: list[tuple[Path, bytes]], full_text: bool) -> tuple[list[float], int, int]:
    times: list[float] = []
    pages = 0
    failed = 0
    for path, data in files:
        t0 = time.process_time()
        try:
            paper = extract_bytes(data, source=str(path), full_text=full_text)
            pages += len(paper.pages)
        except ExtractionError:
            failed += 1
        times.append(time.process_time() - t0)
    return times, pages, failed


def _report(label: str, times: list[float], pages: int, failed: int) -> None:
    total = sum(times)
    print(
        f"{label:8s} pdfs={len(times)} failed={failed} cpu_s_total={total:.2f} "
        f"cpu_s_per_pdf mean={statistics.fmean(times):.3f} "
        f"median={statistics.median(times):.3f} max={max(times):.3f} "
        f"pages={pages} pages_per_cpu_s={pages / total if total else 0:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--limit", type=int, default=0, help="only the first N PDFs")
    ap.add_argument("--profile", action="store_true", help="print the top functions (full run)")
    args = ap.parse_args(argv)
    pdfs = list(find_pdfs(args.paths))
    if args.limit:
        pdfs = pdfs[: args.limit]
    if not pdfs:
        print("no PDFs found", file=sys.stderr)
        return 2
    files = [(p, p.read_bytes()) for p in pdfs]
    _report("header", *_measure(files, full_text=False))
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        result = _measure(files, full_text=True)
        prof.disable()
        _report("full", *result)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    else:
        _report("full", *_measure(files, full_text=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
