#!/usr/bin/env python3
"""Score the citation graph against the fixtures' known links, and sample links among real papers.

usage: python scripts/eval_citations.py [--corpus DIR ...] [--sample N] [--db PATH] [--json OUT]
       [--order forward|reverse]

Ingests ``fixtures/*.pdf`` and ``fixtures/citations/*.pdf`` (plus every ``--corpus`` folder of
PDFs) into a temporary archive, then compares the ``citations`` rows of the citing fixtures with
``fixtures/citations/links.json``: precision and recall of links, by reference style. With
``--sample N`` it prints N resolved links whose citing paper comes from a ``--corpus`` folder,
each with the reference string and the cited title, to be checked by reading them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from proceedings import Archive, Author, Paper  # noqa: E402
from proceedings.citations import resolve  # noqa: E402
from proceedings.citekeys import ref_rows  # noqa: E402

FIXTURES = ROOT / "fixtures"


def grobid(path: Path) -> dict[str, float]:
    """Resolve real reference strings against an archive built from their own labels.

    Every labelled reference with a title, first author and year becomes a paper; each raw
    string must then resolve to its own paper (recall) and to no other (precision). Labelled
    duplicates (the same work cited twice) count as right for either copy."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = [r for r in rows if r.get("title") and r.get("first_author_surname") and r.get("year")]
    with Archive() as archive:
        ids = archive.add_all(
            Paper(
                title=r["title"],
                authors=(Author(r["first_author_surname"]),),
                year=r["year"],
                sha256=hashlib.sha256(r["raw"].encode()).hexdigest(),
            )
            for r in rows
        )
        same = {}
        for pid, r in zip(ids, rows, strict=True):
            same.setdefault((r["title"].lower(), r["year"]), set()).add(pid)
        tp = fp = 0
        for r in rows:
            row = ref_rows("citing-paper", [r["raw"]])[0]
            match = resolve(archive.db, {**row, "paper_id": "citing-paper"})
            if match is None:
                continue
            ok = match.cited_id in same[(r["title"].lower(), r["year"])]
            tp += ok
            fp += not ok
            if not ok:
                print(f"  wrong: {r['raw'][:90]} -> {match.cited_id}", file=sys.stderr)
    return {
        "refs": len(rows),
        "linked": tp + fp,
        "precision": round(100 * tp / max(1, tp + fp), 1),
        "recall": round(100 * tp / len(rows), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", nargs="*", default=[])
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--db")
    ap.add_argument("--json")
    ap.add_argument("--grobid", type=Path, help="labelled references (score_references format)")
    ap.add_argument(
        "--order",
        choices=("forward", "reverse"),
        default="forward",
        help="reverse: the citing papers first, one at a time, then the papers they cite",
    )
    a = ap.parse_args()
    if a.grobid:
        print(json.dumps(grobid(a.grobid), indent=1))
        return
    links = json.loads((FIXTURES / "citations" / "links.json").read_text())
    pdfs = sorted(FIXTURES.glob("*.pdf")) + sorted((FIXTURES / "citations").glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        db_path = a.db or str(Path(tmp) / "eval.db")
        t0 = time.perf_counter()
        with Archive(db_path) as archive:
            if a.order == "reverse":
                for path in reversed([*pdfs, *a.corpus]):
                    archive.ingest([path], workers=1)
            else:
                archive.ingest([*pdfs, *a.corpus], workers=2)
            print(f"ingested in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            db = archive.db
            stem_of = {
                Path(r[1]).stem: r[0] for r in db.execute("SELECT id, source_path FROM papers")
            }
            tp = fp = fn = 0
            by_style: Counter[str] = Counter()
            misses = []
            for stem, refs in links.items():
                citing = stem_of.get(stem)
                found = {
                    r[0]: r[1]
                    for r in db.execute(
                        "SELECT position, cited_id FROM citations WHERE citing_id = ?", [citing]
                    )
                }
                for ref in refs:
                    want = stem_of.get(ref["cited"]) if ref["cited"] else None
                    got = found.get(ref["position"])
                    if got and got == want:
                        tp += 1
                        by_style[ref["style"] + " ok"] += 1
                        continue
                    if got:
                        fp += 1
                    if want:
                        fn += 1
                    if got or want:
                        by_style[ref["style"] + " wrong"] += 1
                        misses.append(
                            f"  {stem}[{ref['position']}] want {want} got {got}: "
                            f"{ref['text'][:100]}"
                        )
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            result = {
                "links_true": tp + fn,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": round(100 * p, 1),
                "recall": round(100 * r, 1),
                "by_style": dict(by_style),
            }
            print(json.dumps(result, indent=1))
            print("\n".join(misses))
            if a.sample and a.corpus:
                real = [
                    row
                    for row in db.execute(
                        "SELECT c.citing_id, c.cited_id, c.score, c.method, r.text, p.title, "
                        "p.source_path FROM citations c JOIN refs r ON r.paper_id = c.citing_id "
                        "AND r.position = c.position JOIN papers p ON p.id = c.cited_id "
                        "JOIN papers q ON q.id = c.citing_id WHERE q.source_path NOT LIKE ?",
                        [f"{FIXTURES}%"],
                    )
                ]
                print(f"\n{len(real)} links among corpus papers; a sample of {a.sample}:")
                for row in random.Random(0).sample(real, min(a.sample, len(real))):
                    print(
                        f"- {row[0]} -> {row[1]} ({row[3]} {row[2]:.2f})\n    ref:   {row[4]}"
                        f"\n    cited: {row[5]}"
                    )
            if a.json:
                Path(a.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
