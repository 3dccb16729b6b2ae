"""Output formats: hits and papers (table, text, json, jsonl, csv, bibtex, csl-json, ris),
stats, ingest runs; every format the ``proc`` commands print is importable from here.

In: ``models`` values (``SearchResults``, ``Paper``, ``Stats``, ``RunReport``, ``FileStatus``,
``runs`` rows, extraction results). Out: the text the ``proc`` commands print; empty results
give a CSV header row, an empty JSON list, and nothing for jsonl, bibtex and ris. Tables, text
and JSON of hits and papers are here; BibTeX, CSL-JSON and RIS records in ``citation_formats``;
stats, runs, failures and ingest summaries in ``report_formats``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Iterable
from typing import Any

import click

from .citation_formats import CITATION_FORMATS, bibtex_entry, csl_json, ris
from .models import Hit, Paper, SearchResults
from .report_formats import (
    extracted_record,
    format_failures,
    format_runs,
    format_stats,
    summary_lines,
)

__all__ = [
    "HIT_FORMATS",
    "PAPER_FIELDS",
    "PAPER_FORMATS",
    "PAPER_RECORD_FORMATS",
    "bibtex_entry",
    "extracted_record",
    "format_failures",
    "format_hits",
    "format_paper",
    "format_papers",
    "format_runs",
    "format_stats",
    "summary_lines",
]

HIT_FORMATS = ("table", "json", "jsonl", "csv", "bibtex", *CITATION_FORMATS)
PAPER_FORMATS = ("text", "json", "jsonl", "csv", "bibtex", *CITATION_FORMATS)
# Hit formats printed from the hits' full ``Paper`` records (the ``papers`` argument).
PAPER_RECORD_FORMATS = ("bibtex", *CITATION_FORMATS)
_CSV_FIELDS = ("id", "title", "authors", "year", "venue", "score", "page", "snippet")
PAPER_FIELDS = (
    "id",
    "title",
    "authors",
    "year",
    "venue",
    "keywords",
    "abstract",
    "doi",
    "arxiv_id",
    "code_url",
    "pages",
)


def _footer(results: SearchResults, shown: str) -> str:
    """ "1-3 of 23 papers match 'x'"; for plain words also how many match every word."""
    query = results.query if len(results.query) <= 80 else results.query[:77] + "..."
    if results.reading == "query" or results.matched_all is None:
        return f"{shown}{_n(results.total, 'paper')} match {query!r}"
    some = results.total - results.matched_all
    if results.reading == "text":
        return f"{shown}{_n(results.total, 'paper')} share terms with the text {query!r}"
    return (
        f"{shown}{_n(results.total, 'paper')} for {query!r}: {results.matched_all} match every "
        f"word, {some} match some"
    )


def _n(count: int, noun: str) -> str:
    """ "1 paper", "2 papers"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _bold(snippet: str, color: bool) -> str:
    parts = snippet.split("**")
    if not color:
        return snippet
    return "".join(click.style(p, bold=True) if i % 2 else p for i, p in enumerate(parts))


def format_hits(
    results: SearchResults, fmt: str, *, color: bool = False, papers: Iterable[Paper] = ()
) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "query": results.query,
                "reading": results.reading,
                "total": results.total,
                "matched_all": results.matched_all,
                "offset": results.offset,
                "suggestion": results.suggestion,
                "facets": {k: [list(x) for x in v] for k, v in results.facets.items()},
                "hits": results.to_dicts(),
            },
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "jsonl":
        return "\n".join(json.dumps(h, ensure_ascii=False) for h in results.to_dicts())
    if fmt == "csv":
        return _csv((_hit_row(h) for h in results), _CSV_FIELDS)
    if fmt in PAPER_RECORD_FORMATS:
        return format_papers(papers, fmt)
    return _hit_table(results, color=color)


def _hit_row(hit: Hit) -> dict[str, Any]:
    row = hit.to_dict()
    row["authors"] = "; ".join(hit.authors)
    return {k: row[k] for k in _CSV_FIELDS}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``=cmd|...``),
    made plain text with a leading ``'``, as OWASP advises against CSV injection."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _safe_cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue().rstrip("\n")


def _hit_table(results: SearchResults, *, color: bool) -> str:
    width = min(shutil.get_terminal_size((100, 20)).columns, 120)
    lines: list[str] = []
    start = results.offset + 1
    for i, hit in enumerate(results, start):
        for head in _wrap(f"{i:>2}. {hit.title}", width, "    "):
            lines.append(click.style(head, bold=True) if color else head)
        meta = ", ".join(hit.authors[:4]) + (" et al." if len(hit.authors) > 4 else "")
        venue = " · ".join(str(x) for x in (hit.venue, hit.year) if x)
        where = f"p. {hit.page}" if hit.page else "shared" if hit.terms else "abstract"
        lines += _wrap(f"    {hit.id} · {meta}" + (f" · {venue}" if venue else ""), width, "    ")
        for chunk in _wrap(f"      {where}: {hit.snippet}", width, "      ")[:3]:
            lines.append(_bold(chunk, color))
    shown = f"{start}-{results.offset + len(results)} of " if len(results) else ""
    footer = _footer(results, shown)
    if results.suggestion:
        footer += f"\nDid you mean: {results.suggestion}"
    if results.facets:
        for name, counts in results.facets.items():
            footer += f"\n{name}: " + ", ".join(f"{k} ({n})" for k, n in counts[:10])
    return "\n".join([*lines, *(w for f in footer.split("\n") for w in _wrap(f, width, "  "))])


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken only at spaces."""
    return textwrap.wrap(
        text,
        width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
        drop_whitespace=True,
    ) or [text]


def format_paper(paper: Paper, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        return json.dumps(paper.to_dict(), ensure_ascii=False, indent=2 if fmt == "json" else None)
    if fmt == "bibtex":
        return bibtex_entry(paper)
    if fmt == "csv":
        return _csv([_paper_row(paper)], PAPER_FIELDS)
    if fmt in CITATION_FORMATS:
        return format_papers([paper], fmt)
    return _paper_text(paper)


def _paper_text(paper: Paper) -> str:
    lines = [paper.title, ""]
    for a in paper.authors:
        extra = "; ".join(a.affiliations)
        lines.append(
            f"  {a.name}" + (f" ({extra})" if extra else "") + (f" <{a.email}>" if a.email else "")
        )
    facts = [
        ("id", paper.id),
        ("venue", paper.venue),
        ("year", paper.year),
        ("keywords", ", ".join(paper.keywords)),
        ("arXiv", paper.arxiv_id),
        ("DOI", paper.doi),
        ("code", paper.code_url),
        ("pages", paper.page_count),
        ("source", paper.source),
    ]
    lines.append("")
    for label, value in facts:
        if value:
            lines.append(f"{label:>9}: {value}")
    n = len(paper.cited_by)
    lines.append(f"{'':>9}  cited by {n} paper{'' if n == 1 else 's'} in this archive")
    by_origin: dict[str, list[str]] = {}
    for name, origin in paper.field_sources.items():
        by_origin.setdefault(origin, []).append(name)
    if by_origin:
        origins = "; ".join(f"{', '.join(names)} from {o}" for o, names in by_origin.items())
        lines.append(f"{'fields':>9}: {origins}")
    if paper.abstract:
        lines += ["", "Abstract", *textwrap.wrap(paper.abstract, 90)]
    if paper.sections:
        lines += ["", "Sections"] + [f"  p.{s.page:<3} {s.title}" for s in paper.sections]
    if paper.references:
        lines += ["", f"References ({len(paper.references)})"]
        lines += [f"  [{i}] {r}" for i, r in enumerate(paper.references[:5], 1)]
        if len(paper.references) > 5:
            lines.append(f"  … {len(paper.references) - 5} more")
    return "\n".join(lines)


def _paper_row(paper: Paper) -> dict[str, Any]:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": "; ".join(a.name for a in paper.authors),
        "year": paper.year,
        "venue": paper.venue,
        "keywords": "; ".join(paper.keywords),
        "abstract": paper.abstract,
        "doi": paper.doi,
        "arxiv_id": paper.arxiv_id,
        "code_url": paper.code_url,
        "pages": paper.page_count,
    }


def format_papers(papers: Iterable[Paper], fmt: str) -> str:
    if fmt == "csv":
        return _csv((_paper_row(p) for p in papers), PAPER_FIELDS)
    if fmt == "csl-json":
        return csl_json(papers)
    if fmt == "ris":
        return ris(papers)
    if fmt == "bibtex":
        return "\n".join(bibtex_entry(p) for p in papers)
    if fmt == "json":
        return json.dumps([p.to_dict() for p in papers], ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(p.to_dict(), ensure_ascii=False) for p in papers)
    return "\n".join(
        f"{p.id}\t{p.year or ''}\t{p.title}\t{', '.join(a.name for a in p.authors)}" for p in papers
    )
