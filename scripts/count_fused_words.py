"""Count words that extraction fused: rare tokens that are two frequent words run together.

A word broken at a line end ("wall-" / "clock") is re-joined by the de-hyphenation rule; when
the rule drops a hyphen that belonged to the word, the text holds "wallclock", a token the
rest of the archive hardly uses, made of two words it uses often. This script reads every page
of an archive (or extracts the PDFs given) and reports those tokens: a token seen at most
``--rare`` times in the whole text, whose split into a prefix and a suffix of at least three
letters each gives two words seen at least ``--frequent`` times on their own. Those whose
hyphenated form ("wall-clock") stands elsewhere in the text are counted apart: the surest sign
of a hyphen lost at a line end. Other candidates are words of their own ("checkpoints") or
spaces lost elsewhere ("andsection"); compare counts before and after a change.

    python scripts/count_fused_words.py --db proceedings.db
    python scripts/count_fused_words.py ../shared/corpus/*/pdfs --show 30
"""

from __future__ import annotations

import argparse
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def _pdf_text(path: Path) -> str:
    from proceedings.extract import extract_pdf

    try:
        return extract_pdf(path).text
    except Exception:  # a damaged PDF counts as no text
        return ""


def archive_texts(db: Path) -> Iterator[str]:
    with sqlite3.connect(db) as conn:
        for (text,) in conn.execute("SELECT text FROM pages"):
            yield text or ""


def pdf_texts(roots: Iterable[str], workers: int) -> Iterator[str]:
    paths = sorted(
        p for r in roots for p in (Path(r).rglob("*.pdf") if Path(r).is_dir() else [Path(r)])
    )
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(_pdf_text, paths)


def fused_words(counts: Counter[str], *, rare: int, frequent: int) -> dict[str, tuple[str, str]]:
    """Each rare token that splits into two frequent words, with the split."""
    out = {}
    for token, n in counts.items():
        if n > rare or len(token) < 6:
            continue
        for cut in range(3, len(token) - 2):
            left, right = token[:cut], token[cut:]
            if counts[left] >= frequent and counts[right] >= frequent:
                out[token] = (left, right)
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="*", help="PDF files or folders (instead of --db)")
    parser.add_argument("--db", type=Path, help="an archive whose pages to read")
    parser.add_argument("--rare", type=int, default=2)
    parser.add_argument("--frequent", type=int, default=20)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.db and not args.pdfs:
        parser.error("give --db or PDF paths")
    texts = archive_texts(args.db) if args.db else pdf_texts(args.pdfs, args.workers)
    counts: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(text))
        compounds.update(c.lower().replace("-", "") for c in _COMPOUND.findall(text))
    found = fused_words(counts, rare=args.rare, frequent=args.frequent)
    lost = {t: s for t, s in found.items() if compounds[t]}
    print(f"{len(counts)} distinct words, {sum(counts.values())} tokens")
    print(
        f"fused-word candidates: {len(found)} distinct, {sum(counts[t] for t in found)} occurrences"
    )
    print(
        f"  of which hyphenated elsewhere: {len(lost)} distinct, "
        f"{sum(counts[t] for t in lost)} occurrences"
    )
    for token, (left, right) in sorted(lost.items())[: args.show]:
        print(f"  {token} = {left}-{right}")


if __name__ == "__main__":
    main()
