"""Search and storage benchmark: synthetic archives of real text against a bare FTS5 floor.

Builds archives of N synthetic papers through ``Archive.add_all`` from reshuffled paragraphs
of real papers (the text of /work/shared/corpus/*/pdfs and fixtures/*.pdf, extracted once with
pypdf and cached under the work directory), then times 20 keyword queries through ``Archive.search``
(limit 10, page snippets) and the same words on a bare FTS5 table of (title, abstract, body),
one row per paper, ranked with ``bm25(10, 5, 1)``: the floor; and 15 natural-language queries
against a bare FTS5 OR query of all their words on the same table.

    python scripts/bench_search.py --sizes 1000,10000,50000
    python scripts/bench_search.py --smoke
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proceedings import Archive, Author, Page, Paper, Section

ROOT = Path(__file__).resolve().parents[1]
VENUES = ("NeurIPS", "ICML", "ICLR", "AISTATS", "L4DC", "COLT", "UAI")
SECTIONS = ("Introduction", "Related Work", "Method", "Experiments", "Discussion", "Conclusion")

# (query through Archive.search, the same words as a plain FTS5 query for the floor)
QUERIES: tuple[tuple[str, str], ...] = (
    ("learning", "learning"),
    ("model data", "model data"),
    ("gradient descent", "gradient descent"),
    ('"reinforcement learning"', '"reinforcement learning"'),
    ('"neural network"', '"neural network"'),
    ("conformal prediction", "conformal prediction"),
    ("lyapunov stability", "lyapunov stability"),
    ("speculative decoding", "speculative decoding"),
    ("econometrics", "econometrics"),
    ("nystrom", "nystrom"),
    ("loewner", "loewner"),
    ("title:control", "control"),
    ("title:bayesian optimization", "bayesian optimization"),
    ("author:smith learning", "learning"),
    ("convex optimization year:2020..2022", "convex optimization"),
    ("venue:ICML kernel", "kernel"),
    ("policy year:>=2024 venue:L4DC", "policy"),
    ("optim* -lyapunov", "optim* NOT lyapunov"),
    ("diffusion OR transformer", "diffusion OR transformer"),
    ('"gaussian process" regression', '"gaussian process" regression'),
)

# Natural-language queries (questions and topic phrases of 5-15 words), read best-match; the
# floor is a bare FTS5 OR of all their words, as a bm25 baseline would send them.
NL_QUERIES: tuple[str, ...] = (
    "how can I learn a stabilizing controller from data for an unknown linear system",
    "regret bounds for bandits with delayed feedback",
    "methods to make large language models reason more efficiently",
    "what are safe reinforcement learning methods with constraint satisfaction guarantees",
    "model predictive control with learned dynamics and uncertainty quantification",
    "which papers estimate treatment effects under hidden confounding",
    "sample complexity of learning linear quadratic regulators",
    "gaussian process regression for safe exploration in robotics",
    "how do I calibrate uncertainty of neural network predictions with conformal methods",
    "differential privacy for federated learning with heterogeneous clients",
    "scalable variational inference for bayesian deep learning",
    "koopman operator based identification of nonlinear dynamical systems",
    "papers about convergence rates of stochastic gradient descent for nonconvex objectives",
    "graph neural networks for message passing on large graphs",
    "offline reinforcement learning from fixed datasets without further interaction",
)


def bare_or(text: str) -> str:
    """Every word of ``text`` as one FTS5 OR query: the bm25 floor of a plain-text query."""
    return " OR ".join(f'"{w}"' for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1)


@dataclass(frozen=True)
class Corpus:
    paragraphs: list[str]
    sentences: list[str]
    title_words: list[str]
    given: list[str]
    family: list[str]


def _chunks(page: str, rng: random.Random) -> Iterator[str]:
    lines = [ln.strip() for ln in re.sub(r"-\n(?=[a-z])", "", page).splitlines() if ln.strip()]
    i = 0
    while i < len(lines):
        n = rng.randint(4, 10)
        yield "\n".join(lines[i : i + n])
        i += n


def _extract(pdfs: Sequence[Path], cache: Path) -> dict[str, list[str]]:
    key = hashlib.sha256("\n".join(str(p) for p in pdfs).encode()).hexdigest()[:12]
    path = cache / f"text-{key}.json"
    if path.exists():
        data: dict[str, list[str]] = json.loads(path.read_text())
        return data
    from pypdf import PdfReader

    text: dict[str, list[str]] = {}
    for pdf in pdfs:
        try:
            text[pdf.name] = [p.extract_text() or "" for p in PdfReader(pdf).pages]
        except Exception as exc:
            print(f"skipped {pdf.name}: {exc}", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(text))
    return text


def load_corpus(cache: Path, *, smoke: bool) -> Corpus:
    rng = random.Random(7)
    metas = [json.loads(p.read_text()) for p in sorted((ROOT / "fixtures").glob("*.json"))]
    if smoke:
        texts = {m["title"]: [m["abstract"]] * 3 for m in metas}
    else:
        shared = ROOT.parent / "shared" / "corpus"
        pdfs = sorted(shared.glob("*/pdfs/*.pdf")) + sorted((ROOT / "fixtures").glob("*.pdf"))
        texts = _extract(pdfs, cache)
        for truth in sorted(shared.glob("*/truth.jsonl")):
            for line in truth.read_text().splitlines():
                row = json.loads(line)
                names = [f"{a['given']} {a['family']}" for a in row["authors"]]
                metas.append({**row, "authors": [{"name": n} for n in names]})
    paragraphs = [c for pages in texts.values() for p in pages for c in _chunks(p, rng)]
    sentences = [s for m in metas for s in re.split(r"(?<=\.)\s+", m.get("abstract") or "") if s]
    words = [w for m in metas for w in re.findall(r"[A-Za-z][\w-]{2,}", m["title"])]
    names = [a["name"].split() for m in metas for a in m["authors"] if len(a["name"].split()) > 1]
    given = [*sorted({n[0] for n in names}), "John", "Maria"]
    family = [*sorted({n[-1] for n in names}), "Smith"]
    return Corpus(paragraphs, sentences, words, given, family)


def papers(corpus: Corpus, n: int, *, seed: int = 1) -> Iterator[Paper]:
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        title = " ".join(rng.sample(corpus.title_words, rng.randint(4, 9))).capitalize()
        authors = tuple(
            Author(f"{rng.choice(corpus.given)} {rng.choice(corpus.family)}")
            for _ in range(rng.randint(1, 6))
        )
        key = f"{title.lower()}|{authors[0].name}"
        if key in seen:
            continue
        seen.add(key)
        abstract = " ".join(rng.sample(corpus.sentences, rng.randint(4, 8)))
        n_pages = rng.randint(10, 15)
        refs = tuple(
            f"{rng.choice(corpus.family)}, {rng.choice(corpus.given)[0]}. "
            f"{' '.join(rng.sample(corpus.title_words, 6)).capitalize()}. "
            f"{rng.choice(VENUES)} {rng.randint(2005, 2025)}."
            for _ in range(rng.randint(20, 40))
        )
        pages = []
        for number in range(1, n_pages + 1):
            size, parts = rng.randint(3000, 5000), []
            if number == 1:
                parts = [title, ", ".join(a.name for a in authors), "Abstract", abstract]
            if number >= n_pages - 1:
                parts += ["References", *refs[: len(refs) // 2 if number < n_pages else None]]
            while sum(len(p) for p in parts) < size:
                parts.append(rng.choice(corpus.paragraphs))
            pages.append(Page(number, "\n".join(parts)))
        marks = (1, 2, 4, 6, n_pages - 3, n_pages - 2)
        sections = (
            *(Section(t, p) for t, p in zip(SECTIONS, marks, strict=True)),
            Section("References", n_pages - 1),
        )
        yield Paper(
            title=title,
            authors=authors,
            abstract=abstract,
            keywords=tuple(rng.sample(corpus.title_words, 3)),
            year=rng.randint(2016, 2026),
            venue=rng.choice(VENUES),
            pages=tuple(pages),
            sections=sections,
            references=refs,
            page_count=n_pages,
        )


def raw_size(paper: Paper) -> int:
    fields = [paper.title, paper.abstract, *paper.keywords, *(a.name for a in paper.authors)]
    return sum(len(x.encode()) for x in fields) + sum(len(p.text.encode()) for p in paper.pages)


def build_archive(path: Path, corpus: Corpus, n: int) -> tuple[float, int]:
    raw = 0

    def counted() -> Iterator[Paper]:
        nonlocal raw
        for paper in papers(corpus, n):
            raw += raw_size(paper)
            yield paper

    start = time.perf_counter()
    with Archive(path) as archive:
        archive.add_all(counted())
        archive.optimize(vacuum=True)
    return time.perf_counter() - start, raw


def build_floor(path: Path, corpus: Corpus, n: int) -> float:
    start = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute(
        "CREATE VIRTUAL TABLE floor USING fts5(title, abstract, body, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    with con:
        con.executemany(
            "INSERT INTO floor(title, abstract, body) VALUES (?, ?, ?)",
            ((p.title, p.abstract, p.text) for p in papers(corpus, n)),
        )
    con.close()
    return time.perf_counter() - start


def _percentiles(times: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_queries(
    db: Path, floor: Path, reps: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[float]]]:
    """Per query: seconds through ``Archive.search``, on the floor, and with facets; the
    three alternate query by query so that both sides see the same machine load."""
    ours: dict[str, list[float]] = {}
    bare: dict[str, list[float]] = {}
    faceted: dict[str, list[float]] = {}
    con = sqlite3.connect(floor)
    sql = (
        "SELECT rowid, title, bm25(floor, 10, 5, 1) FROM floor WHERE floor MATCH ? "
        "ORDER BY bm25(floor, 10, 5, 1) LIMIT 10"
    )
    pairs = [*QUERIES, *((q, bare_or(q)) for q in NL_QUERIES)]
    with Archive(db, create=False) as archive:
        for rep in range(reps + 1):
            for query, words in pairs:
                start = time.perf_counter()
                results = archive.search(query, limit=10)
                middle = time.perf_counter()
                con.execute(sql, [words]).fetchall()
                end = time.perf_counter()
                archive.search(query, limit=10, facets=True)
                last = time.perf_counter()
                assert all(h.snippet for h in results), query
                if rep:
                    ours.setdefault(query, []).append(middle - start)
                    bare.setdefault(query, []).append(end - middle)
                    faceted.setdefault(query, []).append(last - end)
    con.close()
    return ours, bare, faceted


def _all(per_query: dict[str, list[float]]) -> list[float]:
    return [t for times in per_query.values() for t in times]


def run(
    size: int, corpus: Corpus, work: Path, reps: int, *, keep: bool, reuse: bool
) -> dict[str, Any]:
    db, floor = work / f"archive-{size}.db", work / f"floor-{size}.db"
    built = work / f"built-{size}.json"
    if reuse and built.exists():
        build_s, raw, floor_s = json.loads(built.read_text())
    else:
        for path in (db, floor):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        build_s, raw = build_archive(db, corpus, size)
        floor_s = build_floor(floor, corpus, size)
        built.write_text(json.dumps([build_s, raw, floor_s]))
    ours, bare, faceted = time_queries(db, floor, reps)
    row: dict[str, Any] = {
        "papers": size,
        "build_s": build_s,
        "floor_build_s": floor_s,
        "raw_mb": raw / 1e6,
        "db_mb": db.stat().st_size / 1e6,
        "floor_mb": floor.stat().st_size / 1e6,
    }
    keyword = {q for q, _ in QUERIES}
    for name, times in (("", ours), ("floor_", bare), ("facets_", faceted)):
        kw = {q: t for q, t in times.items() if q in keyword}
        nl = {q: t for q, t in times.items() if q not in keyword}
        row[f"{name}p50_ms"], row[f"{name}p95_ms"] = _percentiles(_all(kw))
        row[f"nl_{name}p50_ms"], row[f"nl_{name}p95_ms"] = _percentiles(_all(nl))
    row["queries"] = {
        q: [
            round(statistics.median(ours[q]) * 1000, 2),
            round(statistics.median(bare[q]) * 1000, 2),
        ]
        for q in ours
    }
    if not keep:
        for path in (db, floor, built):
            path.unlink()
    return row


def table(rows: Sequence[dict[str, Any]]) -> str:
    lines = [
        "| papers | build | raw text | database (x raw) | floor db | p50 ms (floor) "
        "| p95 ms (floor) | with facets p50 / p95 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['papers']:,} | {r['build_s']:.0f} s (floor {r['floor_build_s']:.0f} s) "
            f"| {r['raw_mb']:.0f} MB | {r['db_mb']:.0f} MB ({r['db_mb'] / r['raw_mb']:.2f}x) "
            f"| {r['floor_mb']:.0f} MB ({r['floor_mb'] / r['raw_mb']:.2f}x) "
            f"| {r['p50_ms']:.1f} ({r['floor_p50_ms']:.1f}) "
            f"| {r['p95_ms']:.1f} ({r['floor_p95_ms']:.1f}) "
            f"| {r['facets_p50_ms']:.1f} / {r['facets_p95_ms']:.1f} |"
        )
    lines += [
        "",
        "| papers | natural-language p50 ms (bare OR floor) | p95 ms (bare OR floor) |",
        "|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['papers']:,} | {r['nl_p50_ms']:.1f} ({r['nl_floor_p50_ms']:.1f}) "
            f"| {r['nl_p95_ms']:.1f} ({r['nl_floor_p95_ms']:.1f}) |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--smoke", action="store_true", help="one tiny archive, a few seconds")
    parser.add_argument("--work", type=Path, default=Path("/tmp/proceedings-bench"))
    parser.add_argument("--reps", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--reuse", action="store_true", help="time the kept databases again")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    sizes = [30] if args.smoke else [int(s) for s in args.sizes.split(",")]
    reps = 1 if args.smoke else args.reps
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(args.work, smoke=args.smoke)
    rows = []
    for size in sizes:
        rows.append(
            run(size, corpus, args.work, reps, keep=args.keep or args.reuse, reuse=args.reuse)
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        for query, (mine, floor) in rows[-1]["queries"].items():
            print(f"  {mine:8.1f} ms (floor {floor:7.1f})  {query}", file=sys.stderr)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
