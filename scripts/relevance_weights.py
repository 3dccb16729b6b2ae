"""The table that chose the bm25 field weights: each candidate weighting of docs_fts's
columns (title, abstract, keywords, authors, sections, body), scored on the fixtures' judged
queries and, when ``../shared`` is there, on the Vaswani collection.

Fixture queries: the keyword table of ``tests/test_search.py`` and the natural-language
table of ``tests/test_natural_language.py`` (one expected paper each): mean reciprocal rank
of the expected paper in the top 10 and the share found in the top 3.

    python scripts/relevance_weights.py [--vaswani]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from proceedings import Archive
from proceedings.search import sql

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CANDIDATES: dict[str, tuple[float, ...]] = {
    "chosen (10, 5, 5, 3, 2, 1)": (10.0, 5.0, 5.0, 3.0, 2.0, 1.0),
    "flat (1, 1, 1, 1, 1, 1)": (1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
    "title x2 (20, 5, 5, 3, 2, 1)": (20.0, 5.0, 5.0, 3.0, 2.0, 1.0),
    "abstract = title (10, 10, 10, 3, 2, 1)": (10.0, 10.0, 10.0, 3.0, 2.0, 1.0),
    "body x2 (10, 5, 5, 3, 2, 2)": (10.0, 5.0, 5.0, 3.0, 2.0, 2.0),
    "softer (5, 3, 3, 2, 1, 1)": (5.0, 3.0, 3.0, 2.0, 1.0, 1.0),
}


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _set_weights(weights: tuple[float, ...]) -> None:
    sql.WEIGHTS = weights
    sql.BM25 = "bm25(docs_fts, " + ", ".join(str(w) for w in weights) + ")"


def fixture_scores(archive: Archive, table: list[tuple[str, str]]) -> tuple[float, float]:
    rr, top3 = 0.0, 0
    for query, expected in table:
        ids = [h.id for h in archive.search(query, limit=10)]
        if expected in ids:
            rank = ids.index(expected) + 1
            rr += 1 / rank
            top3 += rank <= 3
    return rr / len(table), top3 / len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--vaswani", action="store_true", help="also score ../shared's Vaswani")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    nl = _load("nl_table", ROOT / "tests" / "test_natural_language.py")
    kw = _load("kw_table", ROOT / "tests" / "test_search.py")
    work = Path(tempfile.mkdtemp())
    rows: list[dict[str, Any]] = []
    with Archive(work / "fixtures.db") as archive:
        archive.ingest(sorted((ROOT / "fixtures").glob("*.pdf")))
        by_stem = {
            Path(p.source or "").stem: p.id for p in archive.papers() if p.source is not None
        }
        keyword = [(q, by_stem[stem]) for q, stem in kw.TOP]
        natural = [p.values if hasattr(p, "values") else p for p in nl.QUERIES]
        natural = [(str(q), str(e)) for q, e in natural]
        vaswani = _vaswani(work) if args.vaswani else None
        for name, weights in CANDIDATES.items():
            _set_weights(weights)
            row: dict[str, Any] = {"weights": name}
            row["kw_mrr"], row["kw_top3"] = fixture_scores(archive, keyword)
            row["nl_mrr"], row["nl_top3"] = fixture_scores(archive, natural)
            if vaswani is not None:
                row["map"], row["ndcg"] = vaswani()
            rows.append(row)
    head = "| weights | keyword MRR | keyword top-3 | NL MRR | NL top-3 |"
    head += " Vaswani MAP | nDCG@10 |" if args.vaswani else ""
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for r in rows:
        line = (
            f"| {r['weights']} | {r['kw_mrr']:.3f} | {r['kw_top3']:.0%} | "
            f"{r['nl_mrr']:.3f} | {r['nl_top3']:.0%} |"
        )
        if args.vaswani:
            line += f" {r['map']:.4f} | {r['ndcg']:.4f} |"
        print(line)
    return 0


def _vaswani(work: Path) -> Any:
    scorer = _load("score_relevance", SHARED / "eval" / "score_relevance.py")
    from proceedings.models import Author, Page, Paper

    docs, topics, qrels = scorer.vaswani()
    docs = [scorer.as_record(d) for d in docs]
    archive = Archive(work / "vaswani.db")
    archive.add_all(
        Paper(
            title=r["title"] or r["docno"],
            authors=tuple(Author(a) for a in r["authors"]),
            abstract=r["abstract"],
            pages=(Page(1, scorer.full_text(r)),),
            id="d" + r["docno"],
            page_count=1,
        )
        for r in docs
    )
    archive.optimize()

    def score() -> tuple[float, float]:
        run = {q: [h.id[1:] for h in archive.search(t, limit=1000)] for q, t in topics.items()}
        result = scorer.evaluate(run, qrels)
        return result["MAP"], result["nDCG10"]

    return score


if __name__ == "__main__":
    raise SystemExit(main())
