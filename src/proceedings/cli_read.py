"""The ``proc`` commands that read an archive: search, similar, show, export, stats, failures
and runs.

In: the archive named by the group's ``--db`` (opened read-only), a query or paper id, and a
``--format``. Out: the hits, papers or reports on stdout in that format; errors (no archive,
unknown id, bad query) are ``ProceedingsError``s the ``proc`` group turns into messages.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import click

from .archive import Archive
from .cli_setup import DEFAULT_DB, emit, open_archive, use_color
from .errors import ProceedingsError
from .formats import (
    HIT_FORMATS,
    PAPER_FORMATS,
    PAPER_RECORD_FORMATS,
    format_failures,
    format_hits,
    format_paper,
    format_papers,
    format_runs,
    format_stats,
)
from .graph import GRAPH_FORMATS, format_graph
from .models import SORTS, Paper, SearchResults

__all__ = ["export", "failures", "runs", "search", "show", "similar", "stats"]


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Paper ids starting with ``incomplete``, for shell completion (``_PROC_COMPLETE``)."""
    path = Path(ctx.find_root().params.get("db") or DEFAULT_DB)
    if not path.exists():
        return []
    try:
        with Archive(path, readonly=True) as archive:
            return archive.ids(prefix=incomplete, limit=50)
    except (ProceedingsError, sqlite3.Error):
        return []


@click.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def runs(ctx: click.Context, limit: int, fmt: str) -> None:
    """The most recent ingest runs: counts, duration, pages/s and status.

    Example: proc runs --limit 5
    """
    with open_archive(ctx) as archive:
        rows = archive.runs()[-limit:]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(format_runs(rows))


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, 1000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0))
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--year", type=int, help="Only papers of this year.")
@click.option("--venue", help="Only papers whose venue contains this.")
@click.option("--author", help="Only papers with this author (surname is enough).")
@click.option("--facets", is_flag=True, help="Count matches by year, venue and author.")
@click.option("--explain", is_flag=True, help="Show how the query was read and the SQL run.")
@click.option(
    "--expand/--no-expand",
    default=True,
    show_default=True,
    help="Add terms from the best papers to a plain query of three or more words.",
)
@click.option("--format", "fmt", type=click.Choice(HIT_FORMATS), default="table")
@click.pass_context
def search(ctx: click.Context, /, query: str, fmt: str, explain: bool, **options: Any) -> None:
    """Search the archive; one ranked hit per paper with its best page.

    \b
    Query syntax (plain words are read best-match):
      word word        papers with these words, those with all of them first
      "a phrase"       the words together
      a OR b, -word    either word; without the word (also NOT word)
      token*, word~    a prefix; a fuzzy word (spelling)
      title: abstract: author: keyword: section: body: venue:   one field
      year:2025, year:2023..2025, year:>=2025
    A query starting with "-" needs no "--".

    Example: proc search 'title:"efficient reasoning" year:>=2025' --limit 5
    """
    with open_archive(ctx) as archive:
        results = archive.search(query, explain=explain, **options)
        papers = _records(archive, results, fmt)
    if explain and results.explain:
        click.echo(results.explain, err=True)
    emit(format_hits(results, fmt, color=use_color(), papers=papers))


@click.command()
@click.argument("paper_id", shell_complete=_complete_ids)
@click.option("--format", "fmt", type=click.Choice(PAPER_FORMATS), default="text")
@click.pass_context
def show(ctx: click.Context, paper_id: str, fmt: str) -> None:
    """Show one paper's metadata, sections and references.

    Example: proc show park26prune --format bibtex
    """
    with open_archive(ctx) as archive:
        click.echo(format_paper(archive.get(paper_id, include_text=False), fmt))


@click.command()
@click.argument("paper_id", shell_complete=_complete_ids)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--format", "fmt", type=click.Choice(HIT_FORMATS), default="table")
@click.pass_context
def similar(ctx: click.Context, paper_id: str, limit: int, fmt: str) -> None:
    """Papers like PAPER_ID, with the terms they share.

    Example: proc similar park26prune
    """
    with open_archive(ctx) as archive:
        results = archive.similar(paper_id, limit=limit)
        papers = _records(archive, results, fmt)
    emit(format_hits(results, fmt, color=use_color(), papers=papers))


@click.command()
@click.option("--query", "query", help="Export only the papers matching this query.")
@click.option(
    "--format", "fmt", type=click.Choice([*PAPER_FORMATS, *GRAPH_FORMATS]), default="bibtex"
)
@click.pass_context
def export(ctx: click.Context, query: str | None, fmt: str) -> None:
    """Export the whole archive, or a query's matches, as BibTeX, CSL-JSON, RIS, JSON or CSV;
    or the citation graph as GraphML or CSV edges (source, target, position, score, method).

    Example: proc export --format bibtex --query 'year:2026' > icml2026.bib
    """
    with open_archive(ctx) as archive:
        if fmt in GRAPH_FORMATS:
            click.echo(format_graph(*archive.citation_graph(), fmt))
            return
        papers = _matching(archive, query) if query else list(archive.papers())
    emit(format_papers(papers, fmt))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of papers, authors, pages and files.

    Example: proc stats --format json
    """
    with open_archive(ctx) as archive:
        click.echo(format_stats(archive.stats(), fmt))


@click.command()
@click.option("--status", type=click.Choice(["failed", "needs_ocr"]), help="Only this kind.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def failures(ctx: click.Context, status: str | None, fmt: str) -> None:
    """Files whose last ingest failed or that need OCR, with the error class and message.

    Example: proc failures --status failed --format json
    """
    with open_archive(ctx) as archive:
        rows = archive.failures(status=status)
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in rows], indent=2))
        return
    click.echo(format_failures(rows))


def _records(archive: Archive, results: SearchResults, fmt: str) -> list[Paper]:
    """The hits' full papers when ``fmt`` prints from them (BibTeX, CSL-JSON, RIS), else none."""
    if fmt not in PAPER_RECORD_FORMATS:
        return []
    return [archive.get(h.id, include_text=False) for h in results]


def _matching(archive: Archive, query: str) -> list[Paper]:
    """Every paper matching ``query``, in rank order."""
    total = archive.search(query, limit=0).total
    return [archive.get(h.id, include_text=False) for h in archive.search(query, limit=total)]
