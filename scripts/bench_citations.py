#!/usr/bin/env python3
"""What the citation graph costs: at ingest, and when asked for counts at 50k papers.

    python scripts/bench_citations.py                    # ../shared/corpus/*/pdfs, else fixtures/
    python scripts/bench_citations.py --papers 50000 --skip-ingest
    python scripts/bench_citations.py --growth 10000 --step 1000   # linking cost per paper

1. Ingest with one worker into a fresh archive; the CPU time spent parsing references
   (``citekeys.ref_rows``) and resolving them (``citations.link_paper``), against the CPU
   time of the whole ingest (the ingesting process and its extraction worker).
2. ``citation_counts()`` on an archive of ``--papers`` papers citing each other
   (``--refs`` links each, random targets), best of 5 calls, and ``shared_references``.
3. ``parse_reference`` throughput on the labelled references in ``../shared/references``.
4. With ``--growth N``: the CPU time ``link_paper`` spends per paper as a synthetic archive
   grows to N papers (``add_all`` in steps of ``--step``), the cost that must stay flat.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from proceedings import Archive, parse_reference  # noqa: E402
from proceedings import storage as store  # noqa: E402
from proceedings.citations import citation_counts, shared_references  # noqa: E402
from proceedings.citekeys import key_digest  # noqa: E402

LABELLED = ROOT.parent / "shared" / "references" / "grobid-citations-dev.jsonl"


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def ingest_share(inputs: list[Path]) -> dict[str, Any]:
    spent = {"ref_rows": 0.0, "link_paper": 0.0}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kw: Any) -> Any:
            start = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                spent[name] += time.process_time() - start

        return wrapper

    store.ref_rows = timed("ref_rows", store.ref_rows)  # type: ignore[attr-defined]
    store.link_paper = timed("link_paper", store.link_paper)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "b.db") as archive:
        start, wall = _cpu(), time.perf_counter()
        report = archive.ingest(inputs, workers=1)
        total, wall = _cpu() - start, time.perf_counter() - wall
        links = archive.db.execute("SELECT count(*) FROM citations").fetchone()[0]
        refs = archive.db.execute("SELECT count(*) FROM refs").fetchone()[0]
    citing = spent["ref_rows"] + spent["link_paper"]
    return {
        "papers": report.added,
        "refs": refs,
        "links": links,
        "ingest_cpu_s": round(total, 2),
        "ingest_wall_s": round(wall, 2),
        "parse_cpu_s": round(spent["ref_rows"], 3),
        "resolve_cpu_s": round(spent["link_paper"], 3),
        "citation_share_of_ingest_cpu": f"{100 * citing / total:.1f}%",
    }


def counts_at_scale(papers: int, refs: int) -> dict[str, Any]:
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "c.db") as archive:
        db = archive.db
        ids = [f"p{i:06d}" for i in range(papers)]
        weights = [1 / (i + 1) for i in range(papers)]  # a few papers are cited a lot
        db.execute("PRAGMA foreign_keys = OFF")  # refs without their papers' rows
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO citations (citing_id, position, cited_id, score, method) "
                "VALUES (?, ?, ?, 1.0, 'title')",
                (
                    (pid, j, cited)
                    for pid in ids
                    for j, cited in enumerate(rng.choices(ids, weights, k=refs))
                    if cited != pid
                ),
            )
            db.conn.executemany(
                "INSERT INTO refs (paper_id, position, text, ref_key) VALUES (?, ?, '', ?)",
                (
                    (pid, j, key_digest(f"t:work {rng.randrange(papers * 4)}"))
                    for pid in ids[:5000]
                    for j in range(refs)
                ),
            )
            db.execute(
                "INSERT INTO cite_counts (paper_id, n) SELECT cited_id, count(DISTINCT citing_id) "
                "FROM citations GROUP BY cited_id"
            )
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            counts = citation_counts(db)
            best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        shared = shared_references(db, ids[0], 10)
        coupling = time.perf_counter() - start
    return {
        "papers": papers,
        "links": papers * refs,
        "cited_papers": len(counts),
        "citation_counts_ms": round(1000 * best, 1),
        "shared_references_ms": round(1000 * coupling, 1),
        "shared_found": len(shared),
    }


def linking_growth(papers: int, step: int, *, real_text: bool) -> list[dict[str, Any]]:
    """Synthetic papers (``bench_search.papers``, 20-40 references each, names and title words
    from a small pool) added through ``add_all`` ``step`` at a time: the CPU time of
    ``link_paper`` per paper in each step, which should not grow with the archive."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_search

    spent = [0.0]
    link = store.link_paper

    def timed(*args: Any, **kw: Any) -> Any:
        start = time.process_time()
        try:
            return link(*args, **kw)
        finally:
            spent[0] += time.process_time() - start

    store.link_paper = timed  # type: ignore[attr-defined]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "g.db") as archive:
        corpus = bench_search.load_corpus(Path(tmp), smoke=not real_text)
        stream = bench_search.papers(corpus, papers)
        for done in range(step, papers + 1, step):
            spent[0], wall = 0.0, time.perf_counter()
            archive.add_all(next(stream) for _ in range(step))
            links = archive.db.execute("SELECT count(*) FROM citations").fetchone()[0]
            rows.append(
                {
                    "papers": done,
                    "link_ms_per_paper": round(1000 * spent[0] / step, 2),
                    "add_ms_per_paper": round(1000 * (time.perf_counter() - wall) / step, 2),
                    "links": links,
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    store.link_paper = link  # type: ignore[attr-defined]
    return rows


def parse_rate() -> dict[str, Any]:
    if not LABELLED.exists():
        return {}
    raws = [json.loads(line)["raw"] for line in LABELLED.open(encoding="utf-8")]
    start = time.process_time()
    for raw in raws:
        parse_reference(raw)
    return {"refs": len(raws), "refs_per_s": round(len(raws) / (time.process_time() - start))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--papers", type=int, default=50_000)
    ap.add_argument("--refs", type=int, default=20)
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--growth", type=int, help="only: link cost per paper up to N papers")
    ap.add_argument("--step", type=int, default=1000)
    ap.add_argument("--real-text", action="store_true", help="--growth on the shared corpus")
    a = ap.parse_args()
    if a.growth:
        print(json.dumps(linking_growth(a.growth, a.step, real_text=a.real_text), indent=1))
        return
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*/pdfs"))
    inputs = a.inputs or corpus or sorted((ROOT / "fixtures").glob("*.pdf"))
    out = {"parse": parse_rate(), "counts": counts_at_scale(a.papers, a.refs)}
    if not a.skip_ingest:
        out["ingest"] = ingest_share(inputs)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
