"""Pages/s of the local worker pool vs a local Dask cluster with the same number of workers.

Both sides run the whole ingest (``Archive.ingest`` into a fresh archive, so discovery, hashing
and the SQLite writes are included) on the same PDFs; the cluster is started before the clock
starts, the pools are started inside it on both sides. Runs alternate local/cluster.

    python scripts/bench_cluster.py                 # /work/shared/corpus/*/pdfs, else fixtures/
    python scripts/bench_cluster.py --repeat 3 --workers 2 PDF_DIR...
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from proceedings import Archive
from proceedings.ingest import RunReport

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.85


def default_paths() -> list[Path]:
    shared = sorted((ROOT.parent / "shared" / "corpus").glob("*/pdfs"))
    return shared or [ROOT / "fixtures"]


def ingest(paths: list[Path], workers: int, client: Any | None) -> RunReport:
    """One run into a fresh archive, on the cluster when ``client`` is given."""
    options: dict[str, Any] = {"workers": workers, "cluster": client or "local"}
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "bench.db") as archive:
        return archive.ingest(paths, **options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    paths = args.paths or default_paths()
    from distributed import Client, LocalCluster

    for name in ("distributed", "proceedings"):
        logging.getLogger(name).setLevel(logging.ERROR)
    print(f"PDFs under: {', '.join(map(str, paths))}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    cluster = LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster, set_as_default=False)
    rates: dict[str, list[float]] = {"local": [], "cluster": []}
    try:
        for n in range(args.repeat):
            for name, target in (("local", None), ("cluster", client)):
                report = ingest(paths, args.workers, target)
                rates[name].append(report.pages_per_s)
                print(
                    f"run {n + 1} {name:7}: {report.added} papers, {report.failed} failed, "
                    f"{report.pages} pages in {report.duration_s:.1f} s = "
                    f"{report.pages_per_s:.1f} pages/s",
                    flush=True,
                )
    finally:
        client.close()
        cluster.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    local = statistics.median(rates["local"])
    remote = statistics.median(rates["cluster"])
    ratio = remote / local
    print(f"local pool, {args.workers} workers:    {local:.1f} pages/s (median)")
    print(f"LocalCluster, {args.workers} workers:  {remote:.1f} pages/s (median)")
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"ratio: {ratio:.2f} ({verdict} the {TARGET:.0%} target)")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
