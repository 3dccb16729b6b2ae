"""``proc refs`` and ``proc cited-by``: the citation graph of one paper, on the command line.

In: the archive named by the group's ``--db`` and a paper id. Out: text or JSON on stdout;
errors (no archive, unknown id) are ``ProceedingsError``s the ``proc`` group turns into exit 1.
"""

from __future__ import annotations

import click

from .cli_setup import open_archive
from .graph import format_citations, format_references

__all__ = ["cited_by", "refs"]


@click.command()
@click.argument("paper_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def refs(ctx: click.Context, paper_id: str, fmt: str) -> None:
    """PAPER_ID's references, those citing a paper of the archive marked with its id.

    Example: proc refs kim26adaptive
    """
    with open_archive(ctx) as archive:
        click.echo(format_references(archive.references(paper_id), fmt))


@click.command("cited-by")
@click.argument("paper_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def cited_by(ctx: click.Context, paper_id: str, fmt: str) -> None:
    """The papers of the archive that cite PAPER_ID, with the reference each one prints.

    Example: proc cited-by kim26adaptive
    """
    with open_archive(ctx) as archive:
        click.echo(format_citations(archive.cited_by(paper_id), fmt))
