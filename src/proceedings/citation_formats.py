"""Citation records a reference manager imports: BibTeX (LaTeX, JabRef), CSL-JSON (Zotero,
Pandoc, citeproc) and RIS (EndNote, Zotero).

In: ``Paper`` values (title, authors, year, venue, DOI, and ``Paper.biblio``: volume, pages,
publisher, series, url, pdf, editor). Out: a BibTeX entry, a CSL-JSON array or RIS records (str).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .models import Paper

__all__ = [
    "CITATION_FORMATS",
    "bibtex_entry",
    "csl_item",
    "csl_json",
    "ris",
    "ris_record",
    "split_name",
]

CITATION_FORMATS = ("csl-json", "ris")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "lo",
        "dos",
        "das",
        "ten",
        "ter",
        "zu",
        "bin",
        "ibn",
        "al",
    ]
)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a "Given [particles] Family" name; particles go with the family."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def _csl_name(name: str) -> dict[str, str]:
    given, family = split_name(name)
    return {"family": family, "given": given} if given else {"literal": family}


def _editors(biblio: Mapping[str, str]) -> list[str]:
    return [e for e in biblio.get("editor", "").split("; ") if e]


def _page_range(pages: str) -> tuple[str, str | None]:
    first, _, last = re.sub(r"\s*[-–—]+\s*", "-", pages).partition("-")
    return first, last or None


def csl_item(paper: Paper) -> dict[str, Any]:
    """One CSL-JSON item (type ``paper-conference``), with only the fields that are known."""
    biblio = paper.biblio
    item: dict[str, Any] = {
        "id": paper.id or "paper",
        "type": "paper-conference",
        "title": paper.title,
    }
    if paper.authors:
        item["author"] = [_csl_name(a.name) for a in paper.authors]
    if editors := _editors(biblio):
        item["editor"] = [_csl_name(e) for e in editors]
    if paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    if paper.venue:
        item["container-title"] = paper.venue
    simple = {
        "collection-title": biblio.get("series"),
        "volume": biblio.get("volume"),
        "page": "-".join(p for p in _page_range(biblio["pages"]) if p)
        if biblio.get("pages")
        else None,
        "publisher": biblio.get("publisher"),
        "URL": biblio.get("url") or biblio.get("pdf"),
        "DOI": paper.doi,
        "abstract": paper.abstract or None,
        "keyword": ", ".join(paper.keywords) or None,
    }
    item.update({k: v for k, v in simple.items() if v})
    if paper.arxiv_id:
        item["note"] = f"arXiv:{paper.arxiv_id}"
    return item


def csl_json(papers: Iterable[Paper]) -> str:
    """A CSL-JSON array (``[]`` when there are no papers)."""
    return json.dumps([csl_item(p) for p in papers], ensure_ascii=False, indent=2)


def _ris_name(name: str) -> str:
    given, family = split_name(name)
    return f"{family}, {given}" if given else family


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris_record(paper: Paper) -> str:
    """One RIS record (``TY  - CPAPER`` ... ``ER  -``)."""
    biblio = paper.biblio
    tags: list[tuple[str, str | None]] = [("TY", "CPAPER"), ("ID", paper.id), ("TI", paper.title)]
    tags += [("AU", _ris_name(a.name)) for a in paper.authors]
    tags += [("A2", _ris_name(e)) for e in _editors(biblio)]
    tags += [("PY", str(paper.year) if paper.year else None), ("T2", paper.venue)]
    tags += [("T3", biblio.get("series")), ("VL", biblio.get("volume"))]
    if biblio.get("pages"):
        first, last = _page_range(biblio["pages"])
        tags += [("SP", first), ("EP", last)]
    tags += [("PB", biblio.get("publisher")), ("DO", paper.doi)]
    tags += [("UR", biblio.get("url")), ("L1", biblio.get("pdf"))]
    tags += [("KW", k) for k in paper.keywords]
    tags += [("AB", paper.abstract or None)]
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in tags if value]
    return "\n".join([*lines, "ER  - "]) + "\n"


def ris(papers: Iterable[Paper]) -> str:
    """RIS records, one blank line apart (empty when there are no papers)."""
    return "\n".join(ris_record(p) for p in papers)


_BIB_ESCAPE = re.compile(r"([&%$#_{}])")


def _bib(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    text = _BIB_ESCAPE.sub(r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def bibtex_entry(paper: Paper) -> str:
    """An ``@inproceedings`` entry keyed by the paper's stable id."""
    fields: list[tuple[str, str]] = [("title", "{" + _bib(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_bib(a.name) for a in paper.authors)))
    if paper.venue:
        fields.append(("booktitle", _bib(paper.venue)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    fields += _bib_publication(paper.biblio)
    if paper.doi:
        fields.append(("doi", _bib(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", _bib(paper.arxiv_id)), ("archiveprefix", "arXiv")]
    if paper.keywords:
        fields.append(("keywords", _bib(", ".join(paper.keywords))))
    if paper.abstract:
        fields.append(("abstract", _bib(paper.abstract)))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    key = re.sub(r"[^A-Za-z0-9_:-]", "", paper.id or "paper") or "paper"
    return f"@inproceedings{{{key},\n{body}\n}}\n"


def _bib_publication(biblio: Mapping[str, str]) -> list[tuple[str, str]]:
    out = []
    for name in ("editor", "volume", "series", "pages", "publisher", "url", "pdf"):
        value = biblio.get(name)
        if not value:
            continue
        if name == "editor":
            value = " and ".join(value.split("; "))
        if name == "pages":
            value = re.sub(r"\s*[-–—]+\s*", "--", value)
        fields_value = value if name in ("url", "pdf") else _bib(value)
        out.append((name, fields_value))
    return out
