"""``proc refs`` and ``proc cited-by``: the citation graph of one paper, on the command line.

In: the archive named by the group's ``--db`` and a paper id. Out: text or JSON on stdout;
errors (no archive, unknown id) are ``ProceedingsError``s the ``proc`` group turns into exit 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .archive import Archive
from .errors import ArchiveNotFoundError
from .graph import format_citations, format_references

__all__ = ["cited_by", "refs"]


@contextmanager
def _reader(ctx: click.Context) -> Iterator[Archive]:
    path = ctx.obj["db"]
    if not Path(path).exists():
        raise ArchiveNotFoundError(path)
    with Archive(path, readonly=True) as archive:
        yield archive


@click.command()
@click.argument("paper_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def refs(ctx: click.Context, paper_id: str, fmt: str) -> None:
    """PAPER_ID's references, those citing a paper of the archive marked with its id.

    Example: proc refs kim26adaptive
    """
    with _reader(ctx) as archive:
        click.echo(format_references(archive.references(paper_id), fmt))


@click.command("cited-by")
@click.argument("paper_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def cited_by(ctx: click.Context, paper_id: str, fmt: str) -> None:
    """The papers of the archive that cite PAPER_ID, with the reference each one prints.

    Example: proc cited-by kim26adaptive
    """
    with _reader(ctx) as archive:
        click.echo(format_citations(archive.cited_by(paper_id), fmt))
