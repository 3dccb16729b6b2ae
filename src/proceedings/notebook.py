"""What a notebook shows: short reprs, HTML tables and pandas frames.

In: ``Paper``, ``Stats`` and ``SearchResults`` values (and an archive's path and paper count).
Out: one-line ``repr`` strings, ``_repr_html_`` fragments and ``pandas.DataFrame`` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from .formats import PAPER_FIELDS

if TYPE_CHECKING:
    from .models import Paper, SearchResults, Stats

__all__ = [
    "PAPER_COLUMNS",
    "archive_html",
    "archive_repr",
    "hits_frame",
    "hits_html",
    "paper_html",
    "paper_repr",
    "papers_frame",
    "plain_snippet",
    "stats_html",
    "stats_repr",
]

PAPER_COLUMNS = (*PAPER_FIELDS, "source")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _authors(names: list[str], most: int = 3) -> str:
    return ", ".join(names[:most]) + (" et al." if len(names) > most else "")


def paper_repr(paper: Paper) -> str:
    names = [a.name for a in paper.authors]
    parts = [repr(paper.id) if paper.id else None, repr(_short(paper.title, 60))]
    parts += [_authors(names) or None, str(paper.year) if paper.year else None]
    parts.append(f"{paper.page_count or len(paper.pages)} pages")
    return "<Paper " + " · ".join(p for p in parts if p) + ">"


def _table(rows: Iterable[tuple[str, Any]]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
        for k, v in rows
        if v not in (None, "", ())
    )
    return f"<table>{body}</table>"


def paper_html(paper: Paper) -> str:
    authors = ", ".join(a.name for a in paper.authors)
    facts = [
        ("id", paper.id),
        ("authors", authors),
        ("year", paper.year),
        ("venue", paper.venue),
        ("keywords", ", ".join(paper.keywords)),
        ("DOI", paper.doi),
        ("arXiv", paper.arxiv_id),
        ("pages", paper.page_count or len(paper.pages)),
        *((k, v) for k, v in paper.biblio.items() if k != "pages"),
    ]
    abstract = f"<p>{escape(_short(paper.abstract, 600))}</p>" if paper.abstract else ""
    return f"<h4>{escape(paper.title)}</h4>{_table(facts)}{abstract}"


def stats_repr(stats: Stats) -> str:
    return (
        f"<Stats {stats.papers} {'paper' if stats.papers == 1 else 'papers'}, "
        f"{stats.authors} authors, {stats.pages} pages, {stats.files} files"
        f" ({stats.failed_files} failed)>"
    )


def _counts(counts: Mapping[str, int]) -> str:
    return "; ".join(f"{k} ({n})" for k, n in counts.items())


def stats_html(stats: Stats) -> str:
    return _table(
        [
            ("papers", stats.papers),
            ("authors", stats.authors),
            ("pages", stats.pages),
            ("files", f"{stats.files} ({stats.failed_files} failed or needing OCR)"),
            ("years", _counts(stats.years)),
            ("venues", _counts(stats.venues)),
        ]
    )


def archive_repr(path: str, papers: int | None) -> str:
    count = "" if papers is None else f", {papers} {'paper' if papers == 1 else 'papers'}"
    return f"<Archive {path}{count}>"


def archive_html(path: str, stats: Stats | None) -> str:
    head = f"<p><b>Archive</b> <code>{escape(path)}</code></p>"
    return head + (stats_html(stats) if stats is not None else "")


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('to_pandas() needs pandas: pip install "proceedings[pandas]"') from exc
    return pd


def papers_frame(papers: Iterable[Paper]) -> Any:
    """One row per paper; ``authors`` and ``keywords`` are lists."""
    rows = []
    for p in papers:
        data = p.to_dict()
        data["authors"] = [a.name for a in p.authors]
        rows.append({k: data[k] for k in PAPER_COLUMNS})
    return _pandas().DataFrame(rows, columns=list(PAPER_COLUMNS))


def plain_snippet(snippet: str) -> str:
    """A snippet without its ``**`` match markers."""
    return snippet.replace("**", "")


def hits_frame(results: SearchResults) -> Any:
    """One row per hit: ``snippet`` is plain text, ``snippet_marked`` keeps the ``**``."""
    rows = []
    for data in results.to_dicts():
        marked = data.pop("snippet")
        rows.append({**data, "snippet": plain_snippet(marked), "snippet_marked": marked})
    return _pandas().DataFrame(rows)


def _mark(snippet: str) -> str:
    parts = escape(snippet).split("**")
    return "".join(f"<mark>{p}</mark>" if i % 2 else p for i, p in enumerate(parts))


def hits_html(results: SearchResults) -> str:
    """A table of the hits (id, title, authors, year, page, snippet with its matches marked),
    under the results' summary and query."""
    rows = "".join(
        f"<tr><td>{escape(h.id)}</td><td>{escape(h.title)}</td>"
        f"<td>{escape(', '.join(h.authors))}</td><td>{h.year or ''}</td>"
        f"<td>{h.page or ''}</td><td>{_mark(h.snippet)}</td></tr>"
        for h in results.hits
    )
    head = "".join(f"<th>{c}</th>" for c in ("id", "title", "authors", "year", "page", "snippet"))
    note = f"<p>{escape(results.summary)}: {escape(results.query)!s}</p>"
    return f"{note}<table><tr>{head}</tr>{rows}</table>"
