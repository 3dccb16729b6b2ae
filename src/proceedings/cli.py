"""The ``proc`` command line: thin commands over ``proceedings.Archive``.

In: the command line (``--db`` or ``PROC_DB`` names the archive). Out: what the commands print,
and the exit code: 0 ok, 1 error, 2 usage (a bad query too), 3 some files failed (ingest). This
module holds the group, the one place where a ``ProceedingsError`` or database error becomes a
message, and the commands that write an archive (ingest, optimize, publish, demo) or read PDFs
(extract); ``cli_read`` has those that read an archive, ``cli_graph`` the citation graph's.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from .archive import Archive
from .cli_graph import cited_by, refs
from .cli_read import export, failures, runs, search, show, similar, stats
from .cli_setup import (
    DEFAULT_DB,
    EXIT_FAILURES,
    MemorySize,
    backend_option,
    check_roots,
    ingest_progress,
    open_archive,
    setup_logging,
    stop_on_sigterm,
    use_color,
    worker_limits,
)
from .errors import FixturesNotFoundError, NoPdfsFoundError, ProceedingsError, QueryError
from .formats import extracted_record, format_hits, summary_lines
from .models import IngestOptions, RunReport

__all__ = ["cli"]


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
@worker_limits
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
    chosen = IngestOptions(auto_metadata=not no_auto_metadata, **options)
    with open_archive(ctx, create=True) as archive, ingest_progress(hidden=as_json) as bar:
        report = archive.ingest(
            paths, options=chosen, progress=bar.settled, on_found=bar.found, wait=wait
        )
    _echo_report(report, as_json=as_json)
    if report.files_seen == 0:
        raise NoPdfsFoundError(paths)
    if report.failed:
        sys.exit(EXIT_FAILURES)


@cli.command()
@click.option("--vacuum", is_flag=True, help="Then rewrite the file without its free pages.")
@click.option(
    "--page-phrases/--no-page-phrases",
    default=None,
    help="Keep word positions in the page index (a new archive's default), so Datasette and "
    "sqlite-utils find phrases and hyphenated words on pages, or drop them (about 1.86x the "
    "raw text instead of 2.18x; proc search is unchanged).",
)
@click.pass_context
def optimize(ctx: click.Context, vacuum: bool, page_phrases: bool | None) -> None:
    """Merge the full-text indexes after a bulk load (and with --vacuum, shrink the file).

    Example: proc optimize --vacuum
    """
    path = Path(ctx.obj["db"])
    with open_archive(ctx, write=True) as archive:
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
    with open_archive(ctx, write=True) as archive:
        size = archive.publish(out)
    click.echo(f"Published {ctx.obj['db']} to {out}: {size / 1e6:,.1f} MB")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl")
@click.option("--workers", type=click.IntRange(1), help="Processes to use (default: all cores).")
@worker_limits
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
    with open_archive(ctx, create=True) as archive:
        report = archive.ingest(
            sorted(folder.glob("*.pdf")) + sorted(folder.glob("citations/*.pdf"))
        )
        click.echo(
            f"Ingested {folder}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed ({report.pages} pages)"
        )
        results = archive.search(query, limit=5)
    db = ctx.obj["db"]
    click.echo(f"\n$ proc --db {db} search {query!r}\n")
    click.echo(format_hits(results, "table", color=use_color()))
    click.echo(f"\nSearch this archive: proc --db {db} search QUERY (or: export PROC_DB={db})")


def _echo_report(report: RunReport, *, as_json: bool) -> None:
    """The run's summary: JSON on stdout, or failures and notes on stderr, counts on stdout."""
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    lines = summary_lines(report)
    for line in lines[:-1]:
        click.echo(line, err=True)
    click.echo(lines[-1])


def _default_fixtures() -> Path:
    candidates = (Path("fixtures"), Path(__file__).resolve().parents[2] / "fixtures")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FixturesNotFoundError([str(c) for c in candidates])


for _command in (cited_by, export, failures, refs, runs, search, show, similar, stats):
    cli.add_command(_command)
