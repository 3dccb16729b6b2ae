"""Fuzzed searches against a time bound: random queries, prefix floods and oversized options.

Builds (or reuses) a synthetic archive of N papers with ``bench_search``'s corpus, then sends
seeded random queries through ``Archive.search``: words of the archive, operators, fields,
quotes, prefixes (floods of one- and two-letter prefixes among them), fuzzy marks, stray
punctuation, control characters, pasted texts, and options out of range. Each search must
answer or raise ``QueryError``; anything else is a defect. Prints p50, p99 and the maximum of
the queries (pasted texts, over 1,000 characters, apart), and exits 1 if an unexpected
exception was raised or the queries' p99 exceeds ``--p99-ms``.

    python scripts/bench_fuzz.py --papers 4000 --queries 2000
    python scripts/bench_fuzz.py --smoke
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import statistics
import string
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from proceedings import Archive, QueryError

HERE = Path(__file__).resolve().parent
OPERATORS = ("AND", "OR", "NOT", "-", "(", ")", '"', "*", "~", "~2", ":", "..", ">=", "<")
FIELDS = ("title:", "author:", "abstract:", "keyword:", "section:", "body:", "venue:", "year:")
ODD = ("\x00", "\x1b[31m", "\ud800", "'", ";", "--", "%", "_", "\\", "{", "}", "NEAR(", "^")


def _bench_search() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_search", HERE / "bench_search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def fuzzed(rng: random.Random, words: list[str]) -> tuple[str, dict[str, Any]]:
    """One random query and its options."""
    kind = rng.random()
    if kind < 0.1:  # a prefix flood
        letters = rng.sample(string.ascii_lowercase, rng.randint(3, 26))
        joiner = rng.choice([" ", " OR "])
        query = joiner.join(c * rng.randint(1, 2) + "*" for c in letters)
    elif kind < 0.15:  # a pasted text
        query = " ".join(rng.choice(words) for _ in range(rng.randint(200, 3000)))
    else:
        parts = []
        for _ in range(rng.randint(1, 12)):
            roll = rng.random()
            if roll < 0.55:
                parts.append(rng.choice(words))
            elif roll < 0.75:
                parts.append(rng.choice(OPERATORS))
            elif roll < 0.85:
                parts.append(rng.choice(FIELDS) + rng.choice(words))
            elif roll < 0.93:
                parts.append(rng.choice(words)[: rng.randint(1, 4)] + "*")
            else:
                parts.append(rng.choice(ODD))
        query = rng.choice([" ", "", "  "]).join(parts)
    options: dict[str, Any] = {}
    if rng.random() < 0.1:
        options[rng.choice(["limit", "offset"])] = rng.choice([0, 1, 10**6, 2**63, 2**64])
    if rng.random() < 0.05:
        options["year"] = rng.choice([2024, (2020, 2026), (2024,), 2**63, -1])
    if rng.random() < 0.05:
        options["venue"] = rng.choice(["ICML", "%", "_", "\ud800"])
    return query, options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--papers", type=int, default=4000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--p99-ms", type=float, default=50.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/proceedings-bench"))
    parser.add_argument("--smoke", action="store_true", help="30 papers, 200 queries")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    n_papers, n_queries = (30, 200) if args.smoke else (args.papers, args.queries)
    bench = _bench_search()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"fuzz-{n_papers}.db"
    if not db.exists():
        corpus = bench.load_corpus(args.work, smoke=args.smoke)
        bench.build_archive(db, corpus, n_papers)
    rng = random.Random(args.seed)
    times: list[float] = []
    text_times: list[float] = []
    outcomes: Counter[str] = Counter()
    unexpected: list[str] = []
    with Archive(db, readonly=True) as archive:
        words = [str(w) for (w,) in archive.db.execute("SELECT term FROM spell_vocab LIMIT 5000")]
        for _ in range(n_queries):
            query, options = fuzzed(rng, words)
            start = time.perf_counter()
            try:
                archive.search(query, **options)
                outcomes["answered"] += 1
            except QueryError as exc:
                outcomes[type(exc).__name__] += 1
            except Exception as exc:  # the defect this benchmark looks for
                outcomes["unexpected"] += 1
                unexpected.append(f"{type(exc).__name__}: {exc} <- {query[:80]!r} {options}")
            (times if len(query) <= 1000 else text_times).append(time.perf_counter() - start)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))] * 1000
    row = {
        "papers": n_papers,
        "queries": n_queries,
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(times[-1] * 1000, 2),
        "pasted_texts": len(text_times),
        "pasted_p50_ms": round(statistics.median(text_times) * 1000, 2) if text_times else None,
        "pasted_max_ms": round(max(text_times) * 1000, 2) if text_times else None,
        "outcomes": dict(outcomes),
    }
    print(json.dumps(row))
    for line in unexpected[:20]:
        print("  unexpected:", line, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(row, indent=2))
    return 1 if unexpected or (not args.smoke and p99 > args.p99_ms) else 0


if __name__ == "__main__":
    raise SystemExit(main())
