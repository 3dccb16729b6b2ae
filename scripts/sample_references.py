#!/usr/bin/env python3
"""Print a random sample of real reference strings with what ``parse_reference`` makes of them.

usage: proc extract --format jsonl ../shared/corpus/*/pdfs > refs.jsonl
       python scripts/sample_references.py refs.jsonl [--seed 13] [--n 60]

For checking the parser by eye on references it was not written against (docs/citations.md).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from proceedings import parse_reference


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--n", type=int, default=60)
    a = ap.parse_args()
    refs = [
        ref
        for f in a.files
        for line in f.open(encoding="utf-8")
        for ref in json.loads(line).get("references", [])
    ]
    for i, raw in enumerate(random.Random(a.seed).sample(refs, min(a.n, len(refs)))):
        p = parse_reference(raw)
        print(f"{i} {raw[:250]!r}\n   title={p.title!r} first={p.authors[:1]} year={p.year}")


if __name__ == "__main__":
    main()
