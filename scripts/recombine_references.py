#!/usr/bin/env python3
"""Labelled reference strings as templates: their fields swapped for other references' fields.

    python scripts/recombine_references.py LABELLED.jsonl [--fields title|all] [--per 6]
        [--seed 5] > /tmp/recombined.jsonl
    python3 ../shared/eval/score_references.py /tmp/recombined.jsonl

In: a labelled JSONL in the scorer's format (``raw``, ``title``, ``authors`` as printed,
``first_author_surname``, ``venue``, ``year``). A row is a template when its labelled fields
occur once each in ``raw``, in the order authors, title, venue. Out: for each template, ``--per``
new strings in the same format: the template's punctuation, numbering, years, artifacts and
line breaks kept, with the title (``--fields title``) or authors, title and venue (``all``)
of random other templates put in, labelled accordingly. A check of rules on field contents
they were not written against (a title with a full stop in a comma style, a CJK author list
before a Latin title). Use it on the half of a labelled file that may be read; the output is
derived from ``../shared`` and stays out of the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

Template = tuple[str, str, str, str, str, str, dict[str, Any]]


def templates(rows: list[dict[str, Any]], fields: str) -> list[Template]:
    """(before, authors, to title, to venue, venue, after, row): a template's pieces; in
    ``title`` mode authors and venue may be empty (left inside the pieces around them)."""
    out = []
    for r in rows:
        raw, a, t, v = r["raw"], r.get("authors") or "", r.get("title"), r.get("venue") or ""
        if not t or raw.count(t) != 1:
            continue
        if fields == "title":
            a = v = ""
        elif not (a and v) or raw.count(a) != 1 or raw.count(v) != 1:
            continue
        ia, it = raw.index(a) if a else 0, raw.index(t)
        iv = raw.index(v) if v else it + len(t)
        if ia + len(a) > it or it + len(t) > iv:
            continue
        pieces = raw[:ia], a, raw[ia + len(a) : it], raw[it + len(t) : iv], v, raw[iv + len(v) :]
        out.append((*pieces, r))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("labelled", type=Path)
    ap.add_argument("--fields", choices=["title", "all"], default="all")
    ap.add_argument("--per", type=int, default=6)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = [json.loads(line) for line in args.labelled.read_text(encoding="utf-8").splitlines()]
    found = templates(rows, args.fields)
    for pre, a, s1, s2, v, post, r in found:
        for _ in range(args.per):
            title = rng.choice(found)[6]
            author = rng.choice(found)[6] if args.fields == "all" else r
            venue = rng.choice(found)[6] if args.fields == "all" else r
            if args.fields == "all":
                a, v = author["authors"], venue["venue"]
            row = {
                "file": r.get("file", ""),
                "raw": pre + a + s1 + title["title"] + s2 + v + post,
                "title": title["title"],
                "first_author_surname": author.get("first_author_surname"),
                "venue": venue.get("venue"),
                "year": r.get("year"),
            }
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
