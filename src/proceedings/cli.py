"""The ``proc`` command line: thin commands over ``proceedings.Archive``."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from .archive import Archive
from .cli_graph import cited_by, refs
from .cli_setup import (
    EXIT_FAILURES,
    MemorySize,
    backend_option,
    check_roots,
    setup_logging,
    stop_on_sigterm,
)
from .errors import ArchiveNotFoundError, ProceedingsError, QueryError
from .formats import (
    HIT_FORMATS,
    PAPER_FORMATS,
    PAPER_RECORD_FORMATS,
    extracted_record,
    format_failures,
    format_hits,
    format_paper,
    format_papers,
    format_runs,
    format_stats,
    summary_lines,
)
from .graph import GRAPH_FORMATS, format_graph
from .models import DEFAULT_TIMEOUT, SORTS, IngestOptions

__all__ = ["cli"]

DEFAULT_DB = "proceedings.db"


class QueryUsageError(click.ClickException):
    exit_code = 2


class _Group(click.Group):
    """Turns every ``ProceedingsError`` (and any database error) into a one-line message and
    an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QueryError as exc:
            raise QueryUsageError(str(exc)) from exc
        except ProceedingsError as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.Error as exc:
            db = (ctx.obj or {}).get("db", DEFAULT_DB)
            raise click.ClickException(f"cannot use archive {db}: {exc}") from exc


def _color() -> bool:
    """Bold for a terminal, unless ``NO_COLOR`` is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _emit(text: str) -> None:
    """Print ``text``; nothing at all (not a blank line) when it is empty."""
    if text:
        click.echo(text)


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


@contextmanager
def _archive(ctx: click.Context, *, create: bool = False, write: bool = False) -> Iterator[Archive]:
    path = ctx.obj["db"]
    if not create and not Path(path).exists():
        raise ArchiveNotFoundError(path)
    with Archive(path, readonly=not (create or write)) as archive:
        yield archive


def _worker_limits(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--timeout`` and ``--max-memory``: the limits of each extraction worker."""
    timeout = click.option(
        "--timeout",
        default=DEFAULT_TIMEOUT,
        show_default=True,
        type=click.FloatRange(min=0, min_open=True),
        help="Seconds one PDF may take before its worker is killed.",
    )
    max_memory = click.option(
        "--max-memory",
        default="2G",
        show_default=True,
        type=MemorySize(),
        help="Address-space cap per worker (0: none).",
    )
    return timeout(max_memory(command))


@click.group(cls=_Group)
@click.version_option(package_name="proceedings")
@click.option(
    "--db",
    envvar="PROC_DB",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive file (or set PROC_DB).",
)
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Turn conference PDFs into a searchable archive.

    Example: proc ingest papers/ && proc search "efficient reasoning"
    """
    ctx.obj = {"db": db}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--workers",
    type=click.IntRange(1),
    help="Extraction processes (default: one per core).",
)
@_worker_limits
@click.option(
    "--max-file-size",
    default="200M",
    show_default=True,
    type=MemorySize(),
    help="Larger files are recorded as failed, unread (0: no limit).",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow links to files outside the folders given (default: record them, unread).",
)
@click.option(
    "--cluster",
    metavar="tcp://HOST:8786",
    help="Extract on this Dask scheduler (default: $PROC_DASK_SCHEDULER, else local workers).",
)
@backend_option
@click.option("--reextract", is_flag=True, help="Extract again even if unchanged.")
@click.option("--retry-failed", is_flag=True, help="Retry files that failed and did not change.")
@click.option("--prune", is_flag=True, help="Delete papers whose files no longer exist.")
@click.option(
    "--metadata",
    multiple=True,
    type=click.Path(exists=True),
    help="PMLR checkout, .bib, .csv or .json whose fields override extracted ones (repeatable).",
)
@click.option("--no-auto-metadata", is_flag=True, help="Ignore metadata files beside the PDFs.")
@click.option("--wait", is_flag=True, help="Wait for a running ingest instead of exiting.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Append a log of the run here.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.pass_context
def ingest(
    ctx: click.Context,
    /,
    paths: tuple[str, ...],
    as_json: bool,
    log_file: str | None,
    no_auto_metadata: bool,
    wait: bool,
    **options: Any,
) -> None:
    """Add the PDFs in PATHS (files or folders) to the archive.

    Unchanged files are skipped; exit code 0 when everything went in, 3 when some files
    failed (see proc failures), 1 when the run itself failed.

    Example: proc ingest --workers 8 --log-file ingest.log ~/icml2026/pdfs
    """
    setup_logging(log_file)
    check_roots(paths)
    stop_on_sigterm()
    show_bar = sys.stderr.isatty() and not as_json
    chosen = IngestOptions(auto_metadata=not no_auto_metadata, **options)
    try:
        with (
            _archive(ctx, create=True) as archive,
            click.progressbar(
                length=0,
                label="Ingesting",
                file=sys.stderr,
                hidden=not show_bar,
                show_pos=True,
                show_eta=True,
            ) as bar,
        ):
            report = archive.ingest(
                paths,
                options=chosen,
                progress=lambda _p, _s: bar.update(1),
                on_found=lambda n: setattr(bar, "length", n),
                wait=wait,
            )
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"cannot use archive {ctx.obj['db']}: {exc}") from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        lines = summary_lines(report)
        for line in lines[:-1]:
            click.echo(line, err=True)
        click.echo(lines[-1])
    if report.files_seen == 0:
        raise click.ClickException(f"no PDF files found in {', '.join(paths)}")
    if report.failed:
        sys.exit(EXIT_FAILURES)


@cli.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def runs(ctx: click.Context, limit: int, fmt: str) -> None:
    """The most recent ingest runs: counts, duration, pages/s and status.

    Example: proc runs --limit 5
    """
    with _archive(ctx) as archive:
        rows = archive.runs()[-limit:]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(format_runs(rows))


@cli.command(context_settings={"ignore_unknown_options": True})
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
    with _archive(ctx) as archive:
        results = archive.search(query, explain=explain, **options)
        papers = [
            archive.get(h.id, include_text=False) for h in results if fmt in PAPER_RECORD_FORMATS
        ]
    if explain and results.explain:
        click.echo(results.explain, err=True)
    _emit(format_hits(results, fmt, color=_color(), papers=papers))


@cli.command()
@click.argument("paper_id", shell_complete=_complete_ids)
@click.option("--format", "fmt", type=click.Choice(PAPER_FORMATS), default="text")
@click.pass_context
def show(ctx: click.Context, paper_id: str, fmt: str) -> None:
    """Show one paper's metadata, sections and references.

    Example: proc show park26prune --format bibtex
    """
    with _archive(ctx) as archive:
        click.echo(format_paper(archive.get(paper_id, include_text=False), fmt))


@cli.command()
@click.argument("paper_id", shell_complete=_complete_ids)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--format", "fmt", type=click.Choice(HIT_FORMATS), default="table")
@click.pass_context
def similar(ctx: click.Context, paper_id: str, limit: int, fmt: str) -> None:
    """Papers like PAPER_ID, with the terms they share.

    Example: proc similar park26prune
    """
    with _archive(ctx) as archive:
        results = archive.similar(paper_id, limit=limit)
        papers = [
            archive.get(h.id, include_text=False) for h in results if fmt in PAPER_RECORD_FORMATS
        ]
    _emit(format_hits(results, fmt, color=_color(), papers=papers))


@cli.command()
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
    with _archive(ctx) as archive:
        if fmt in GRAPH_FORMATS:
            click.echo(format_graph(*archive.citation_graph(), fmt))
            return
        if query:
            total = archive.search(query, limit=0).total
            ids = [h.id for h in archive.search(query, limit=total)]
            papers = [archive.get(i, include_text=False) for i in ids]
        else:
            papers = list(archive.papers())
    _emit(format_papers(papers, fmt))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of papers, authors, pages and files.

    Example: proc stats --format json
    """
    with _archive(ctx) as archive:
        click.echo(format_stats(archive.stats(), fmt))


@cli.command()
@click.option("--status", type=click.Choice(["failed", "needs_ocr"]), help="Only this kind.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def failures(ctx: click.Context, status: str | None, fmt: str) -> None:
    """Files whose last ingest failed or that need OCR, with the error class and message.

    Example: proc failures --status failed --format json
    """
    with _archive(ctx) as archive:
        rows = archive.failures(status=status)
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in rows], indent=2))
        return
    click.echo(format_failures(rows))


@cli.command()
@click.option("--vacuum", is_flag=True, help="Then rewrite the file without its free pages.")
@click.option(
    "--page-phrases/--no-page-phrases",
    default=None,
    help="Keep word positions in the page index (a new archive's default), so Datasette and "
    "sqlite-utils find phrases and hyphenated words on pages, or drop them (about 1.86x the "
    "raw text instead of 2.19x; proc search is unchanged).",
)
@click.pass_context
def optimize(ctx: click.Context, vacuum: bool, page_phrases: bool | None) -> None:
    """Merge the full-text indexes after a bulk load (and with --vacuum, shrink the file).

    Example: proc optimize --vacuum
    """
    path = Path(ctx.obj["db"])
    with _archive(ctx, write=True) as archive:
        before = path.stat().st_size
        archive.optimize(vacuum=vacuum, page_phrases=page_phrases)
    click.echo(f"Optimized {path}: {before / 1e6:,.1f} MB -> {path.stat().st_size / 1e6:,.1f} MB")


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.pass_context
def publish(ctx: click.Context, out: str) -> None:
    """Write a compact, optimized copy of the archive that opens read-only anywhere
    (proc, Archive(readonly=True), datasette --immutable), e.g. for read-only storage.

    Example: proc publish /srv/www/proceedings.db
    """
    with _archive(ctx, write=True) as archive:
        size = archive.publish(out)
    click.echo(f"Published {ctx.obj['db']} to {out}: {size / 1e6:,.1f} MB")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl")
@click.option("--workers", type=click.IntRange(1), help="Processes to use (default: all cores).")
@_worker_limits
@backend_option
def extract(paths: tuple[str, ...], fmt: str, **options: Any) -> None:
    """Extract metadata from PDFs without storing anything (one JSON object per PDF).

    Example: proc extract --format jsonl papers/
    """
    done = []
    for path, paper, error in Archive.extract(paths, options=IngestOptions(**options)):
        record = extracted_record(path, paper, error)
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        done.append(record)
    if fmt == "json":
        click.echo(json.dumps(done, ensure_ascii=False, indent=2))
    if done and all(r["error"] for r in done):
        sys.exit(1)


@cli.command()
@click.option(
    "--fixtures",
    type=click.Path(exists=True, file_okay=False),
    help="The demo PDFs (default: the repository's fixtures/).",
)
@click.option("--query", default="efficient reasoning", show_default=True)
@click.pass_context
def demo(ctx: click.Context, fixtures: str | None, query: str) -> None:
    """Ingest the bundled demo corpus (and the demo papers citing it) into an archive (demo.db)
    and run a search.

    Example: proc demo --query "vision transformer"
    """
    folder = Path(fixtures) if fixtures else _default_fixtures()
    if ctx.find_root().get_parameter_source("db") == ParameterSource.DEFAULT:
        ctx.obj["db"] = "demo.db"
    with _archive(ctx, create=True) as archive:
        report = archive.ingest(
            sorted(folder.glob("*.pdf")) + sorted(folder.glob("citations/*.pdf"))
        )
        click.echo(
            f"Ingested {folder}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed ({report.pages} pages)"
        )
        results = archive.search(query, limit=5)
    click.echo(f"\n$ proc --db {ctx.obj['db']} search {query!r}\n")
    click.echo(format_hits(results, "table", color=_color()))
    click.echo(
        f"\nSearch this archive: proc --db {ctx.obj['db']} search QUERY"
        f" (or: export PROC_DB={ctx.obj['db']})"
    )


def _default_fixtures() -> Path:
    for candidate in (Path("fixtures"), Path(__file__).resolve().parents[2] / "fixtures"):
        if candidate.is_dir():
            return candidate
    raise click.ClickException("no fixtures/ folder found; pass --fixtures DIR")


cli.add_command(refs)
cli.add_command(cited_by)
