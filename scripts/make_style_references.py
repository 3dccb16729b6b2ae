#!/usr/bin/env python3
"""Write labelled reference strings in many citation styles from known paper metadata.

    python scripts/make_style_references.py ../shared/corpus/*/truth.jsonl > /tmp/styles.jsonl
    python3 ../shared/eval/score_references.py /tmp/styles.jsonl

Each paper of the truth files (title, authors with given/family names, venue, year, pages) is
printed in every style below, with the fields the scorer reads (``raw``, ``title``,
``first_author_surname``, ``venue``, ``year``): natbib author-year and full names, APA,
numbered IEEE with quoted titles, ACM, Springer LNCS, Vancouver, arXiv preprints, chapters
with editors, Chicago, Harvard, "et al." lists, and the same strings broken across lines with
hyphenation (with ``--artifacts``, also spaces moved before commas and full stops and glued
words, as some PDF extractors give them). A check of ``parse_reference`` on machine-learning
references that it was not written against (the labelled set in ``../shared/references`` is
physics-heavy). The output is derived from ``../shared`` and stays out of the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Style = Callable[[dict[str, Any], random.Random], tuple[str, str]]
EDITORS = ["A. Krause", "E. Brunskill", "K. Cho", "B. Engelhardt", "S. Sabato", "J. Scarlett"]
JOURNALS = [
    ("Journal of Machine Learning Research", "J. Mach. Learn. Res."),
    ("IEEE Transactions on Automatic Control", "IEEE Trans. Autom. Control"),
    ("Neural Computation", "Neural Comput."),
    ("Annals of Statistics", "Ann. Stat."),
    ("Transactions on Machine Learning Research", "Trans. Mach. Learn. Res."),
]


def _initials(given: str) -> str:
    return " ".join(f"{g[0]}." for g in given.replace("-", " ").split() if g)


def _inverted(a: dict[str, str]) -> str:
    return f"{a['family']}, {_initials(a['given'])}".strip(", ")


def _short(a: dict[str, str]) -> str:
    return f"{_initials(a['given'])} {a['family']}".strip()


def _full(a: dict[str, str]) -> str:
    return f"{a['given']} {a['family']}".strip()


def _vancouver(a: dict[str, str]) -> str:
    return f"{a['family']} {''.join(g[0] for g in a['given'].replace('-', ' ').split())}"


def _join(names: list[str], last: str = ", and ") -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return names[0] + last.replace(",", "", 1) + names[1]
    return ", ".join(names[:-1]) + last + names[-1]


def _pages(p: dict[str, Any]) -> str:
    return f"{p.get('firstpage') or 1}–{p.get('lastpage') or 12}"


def natbib(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_inverted(a) for a in p["authors"]])
    return f"{names}. {p['title']}. In {p['venue']}, pp. {_pages(p)}, {p['year']}.", p["venue"]


def natbib_full(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_full(a) for a in p["authors"]])
    venue = p.get("shortname") or p["venue"]
    return f"{names}. {p['title']}. In {venue}, {p['year']}.", venue


def apa(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_inverted(a) for a in p["authors"]], ", & ")
    journal = rng.choice(JOURNALS)[0]
    vol = rng.randint(5, 40)
    return (
        f"{names} ({p['year']}). {p['title']}. {journal}, {vol}({rng.randint(1, 12)}), "
        f"{_pages(p)}.",
        journal,
    )


def ieee(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_short(a) for a in p["authors"]])
    short = p.get("shortname") or "ICML"
    return (
        f"[{rng.randint(1, 60)}] {names}, “{p['title']},” in Proc. {short}, {p['year']}, "
        f"pp. {_pages(p)}.",
        f"Proc. {short}",
    )


def acm(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_full(a) for a in p["authors"]])
    return (
        f"{names}. {p['year']}. {p['title']}. In {p['venue']}. PMLR, {_pages(p)}. "
        f"https://doi.org/10.5555/{rng.randint(1000000, 9999999)}",
        p["venue"],
    )


def lncs(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = ", ".join(_inverted(a) for a in p["authors"])
    return (
        f"{rng.randint(1, 40)}. {names}: {p['title']}. In: {p['venue']}. pp. {_pages(p)}. "
        f"Springer ({p['year']})",
        p["venue"],
    )


def vancouver(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = ", ".join(_vancouver(a) for a in p["authors"][:6])
    if len(p["authors"]) > 6:
        names += ", et al"
    journal = rng.choice(JOURNALS)[1].replace(".", "")
    return (
        f"{names}. {p['title']}. {journal}. {p['year']};{rng.randint(5, 40)}"
        f"({rng.randint(1, 12)}):{_pages(p).replace('–', '-')}.",
        journal,
    )


def arxiv(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_inverted(a) for a in p["authors"]])
    ident = f"{p['year'] % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1000, 29999):05d}"
    return f"{names}. {p['title']}. arXiv preprint arXiv:{ident}, {p['year']}.", "arXiv"


def chapter(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_inverted(a) for a in p["authors"]], ", & ")
    eds = " & ".join(rng.sample(EDITORS, 2))
    return (
        f"{names} ({p['year']}). {p['title']}. In {eds} (Eds.), {p['venue']} "
        f"(pp. {_pages(p)}). PMLR.",
        p["venue"],
    )


def chicago(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    first, rest = p["authors"][0], p["authors"][1:]
    names = [f"{first['family']}, {first['given']}"] + [_full(a) for a in rest]
    journal = rng.choice(JOURNALS)[0]
    return (
        f"{_join(names)}. {p['year']}. “{p['title']}.” {journal} {rng.randint(5, 40)} "
        f"({rng.randint(1, 12)}): {_pages(p)}.",
        journal,
    )


def harvard(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_inverted(a) for a in p["authors"]], " and ")
    journal = rng.choice(JOURNALS)[0]
    return (
        f"{names} ({p['year']}) ‘{p['title']}’, {journal}, {rng.randint(5, 40)}"
        f"({rng.randint(1, 12)}), pp. {_pages(p)}.",
        journal,
    )


def et_al(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    return (
        f"{_inverted(p['authors'][0])} et al. {p['title']}. {p['venue']}, {p['year']}.",
        p["venue"],
    )


def numbered_journal(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_short(a) for a in p["authors"]])
    journal = rng.choice(JOURNALS)[1]
    return (
        f"{rng.randint(1, 60)}. {names}, {p['title']}, {journal} {rng.randint(5, 40)} "
        f"({p['year']}) {_pages(p).replace('–', '-')}.",
        journal,
    )


def physics(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_short(a) for a in p["authors"]], ", and ")
    journal = rng.choice(JOURNALS)[1]
    return (
        f"{names}, {p['title']}, {journal} {rng.randint(5, 99)}, {rng.randint(100, 9999)} "
        f"({p['year']}).",
        journal,
    )


def springer(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = ", ".join(_inverted(a) for a in p["authors"])
    journal = rng.choice(JOURNALS)[1]
    return (
        f"{names}: {p['title']}. {journal} {rng.randint(5, 99)}({rng.randint(1, 6)}), "
        f"{_pages(p)} ({p['year']})",
        journal,
    )


def ams(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_short(a) for a in p["authors"]], " and ")
    journal = rng.choice(JOURNALS)[1]
    return (
        f"{names}, {p['title']}, {journal} {rng.randint(5, 99)} ({p['year']}), "
        f"no. {rng.randint(1, 6)}, {_pages(p)}.",
        journal,
    )


def mla(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    first, rest = p["authors"][0], p["authors"][1:]
    names = [f"{first['family']}, {first['given']}"] + [_full(a) for a in rest[:2]]
    journal = rng.choice(JOURNALS)[0]
    return (
        f"{_join(names)}{', et al' if len(rest) > 2 else ''}. “{p['title']}.” {journal} "
        f"{rng.randint(5, 40)}.{rng.randint(1, 6)} ({p['year']}): {_pages(p)}.",
        journal,
    )


def nature(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = ", ".join(_vancouver(a) for a in p["authors"][:3])
    journal = rng.choice(JOURNALS)[1]
    return (
        f"{names}{' et al' if len(p['authors']) > 3 else ''} ({p['year']}) {p['title']}. "
        f"{journal} {rng.randint(5, 40)}:{_pages(p)}. https://doi.org/10.{rng.randint(1000, 9999)}"
        f"/s{rng.randint(10000, 99999)}",
        journal,
    )


def ieee_journal(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_short(a) for a in p["authors"][:3]]) + (
        " et al." if len(p["authors"]) > 3 else ""
    )
    journal = rng.choice(JOURNALS)[1]
    return (
        f"[{rng.randint(1, 60)}] {names}, “{p['title']},” {journal}, vol. {rng.randint(5, 40)}, "
        f"no. {rng.randint(1, 12)}, pp. {_pages(p)}, {p['year']}, "
        f"doi: 10.1109/{rng.randint(1000, 9999)}.",
        journal,
    )


def lncs_editors(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = ", ".join(_inverted(a) for a in p["authors"])
    ed = rng.choice(EDITORS).split()
    return (
        f"{names}: {p['title']}. In: {ed[1]}, {ed[0]} (ed.) {p['venue']}, pp. {_pages(p)}. "
        f"Springer, Heidelberg ({p['year']})",
        p["venue"],
    )


def thesis(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    a = p["authors"][0]
    kind = rng.choice(["PhD thesis", "Ph.D. dissertation", "Master's thesis", "Technical Report"])
    return (
        f"{_inverted(a)} ({p['year']}). {p['title']}. {kind}, University of "
        f"{rng.choice(['Cambridge', 'Toronto', 'Tokyo', 'California, Berkeley'])}.",
        kind,
    )


def web(p: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    names = _join([_full(a) for a in p["authors"]])
    return (
        f"{names}. {p['title']}, {p['year']}. URL https://github.com/{p['authors'][0]['family'].lower()}"
        f"/code. Accessed {rng.randint(1, 28)} May {p['year'] + 1}.",
        "",
    )


STYLES: dict[str, Style] = {
    f.__name__: f
    for f in (
        natbib,
        natbib_full,
        apa,
        ieee,
        acm,
        lncs,
        vancouver,
        arxiv,
        chapter,
        chicago,
        harvard,
        et_al,
        numbered_journal,
        physics,
        springer,
        ams,
        mla,
        nature,
        ieee_journal,
        lncs_editors,
        thesis,
        web,
    )
}


def broken(raw: str, rng: random.Random) -> str:
    """The string as a two-column PDF prints it: wrapped, a long word hyphenated at a break."""
    lines = textwrap.wrap(raw, width=rng.randint(38, 60), break_on_hyphens=False)
    out = []
    for line in lines:
        words = line.split()
        if out and len(words[0]) >= 8 and words[0].isalpha() and rng.random() < 0.5:
            cut = len(words[0]) // 2
            out[-1] += f" {words[0][:cut]}-"
            words[0] = words[0][cut:]
        out.append(" ".join(words))
    return "\n".join(out)


def artifacts(raw: str, rng: random.Random) -> str:
    """Text as some PDF extractors give it: the space after a comma or full stop moved before
    it ("Phys .Rev ."), a few words glued together."""
    pieces = re.split(r"(?<=[,.]) ", raw)
    raw = pieces[0]
    for piece in pieces[1:]:
        moved = raw[-1:] in ",." and rng.random() < 0.4
        raw = f"{raw[:-1]} {raw[-1]}{piece}" if moved else f"{raw} {piece}"
    words = raw.split(" ")
    for _ in range(2):
        i = rng.randrange(len(words) - 1) if len(words) > 1 else 0
        if words[i][-1:].isalpha() and words[i + 1][:1].isalpha():
            words[i : i + 2] = [words[i] + words[i + 1]]
    return " ".join(words)


def _borrowed(
    papers: list[dict[str, Any]], labelled: Path, rng: random.Random
) -> Iterator[dict[str, Any]]:
    """Each labelled title (physics, law, CJK, ...) with a year, under a random paper's authors."""
    for line in labelled.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row.get("title") or not row.get("year"):
            continue
        p = dict(rng.choice(papers), title=" ".join(row["title"].split()), year=row["year"])
        if row.get("venue"):
            p["venue"] = p["shortname"] = row["venue"]
        yield p


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("truth", nargs="+", type=Path)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--artifacts", action="store_true", help="also extraction artifacts")
    ap.add_argument(
        "--titles",
        type=Path,
        help="a labelled references JSONL whose titles and years (and venues) replace the papers'",
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    papers = [json.loads(line) for t in args.truth for line in t.read_text().splitlines()]
    papers = [p for p in papers if p.get("authors") and p.get("title")]
    if args.titles:
        papers = list(_borrowed(papers, args.titles, rng))
    for p in papers:
        for name, style in STYLES.items():
            raw, venue = style(p, rng)
            if rng.random() < 0.3:
                raw, name = broken(raw, rng), name + "+broken"
            elif args.artifacts and rng.random() < 0.6:
                raw, name = artifacts(raw, rng), name + "+artifacts"
            row = {
                "file": name,
                "raw": raw,
                "title": p["title"],
                "authors": ", ".join(_full(a) for a in p["authors"]),
                "first_author_surname": p["authors"][0]["family"],
                "venue": venue,
                "year": p["year"],
            }
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
