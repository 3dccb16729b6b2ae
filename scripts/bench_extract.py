#!/usr/bin/env python3
"""Measure extraction speed: CPU seconds per PDF (header only and full) and pages per second.

usage: python scripts/bench_extract.py DIR_OR_PDF [...] [--limit N] [--profile] [--pypdf]

``--pypdf`` also times plain pypdf (``extract_text`` on every page) over the same PDFs, in
the same process, and prints our CPU cost per page relative to it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader

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


def _measure_pypdf(files: list[tuple[Path, bytes]]) -> tuple[list[float], int, int]:
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    times: list[float] = []
    pages = 0
    failed = 0
    for _, data in files:
        t0 = time.process_time()
        try:
            for page in PdfReader(io.BytesIO(data), strict=False).pages:
                page.extract_text()
                pages += 1
        except Exception:  # a damaged file counts as failed, as it does for us
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
    ap.add_argument("--pypdf", action="store_true", help="compare with plain pypdf extract_text")
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
        full = _measure(files, full_text=True)
        _report("full", *full)
        if args.pypdf:
            plain = _measure_pypdf(files)
            _report("pypdf", *plain)
            ours = sum(full[0]) / max(full[1], 1)
            theirs = sum(plain[0]) / max(plain[1], 1)
            print(f"cpu per page, ours / plain pypdf: {ours / theirs if theirs else 0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
