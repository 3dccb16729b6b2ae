"""Reads of the citation graph, and its output formats.

In: an archive database with ``refs`` and ``citations``. Out: a paper's parsed references
with the archive ids they resolve to, the papers citing a paper, every edge; as text, JSON,
GraphML (NetworkX ``read_graphml``, Gephi) or CSV edges (pandas ``read_csv``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import quoteattr

from sqlite_utils import Database

from .citekeys import reference_of
from .models import Citation, ResolvedReference

__all__ = [
    "GRAPH_FORMATS",
    "citations_of",
    "edges",
    "format_citations",
    "format_graph",
    "format_references",
    "references",
]

GRAPH_FORMATS = ("graphml", "csv-edges")
_CITATION_SQL = (
    "SELECT c.citing_id, c.cited_id, c.position, c.score, c.method, r.text, p.title, p.year "
    "FROM citations c JOIN refs r ON r.paper_id = c.citing_id AND r.position = c.position "
    "JOIN papers p ON p.id = c.citing_id"
)


def references(db: Database, paper_id: str) -> list[ResolvedReference]:
    """The parsed references of ``paper_id`` in order, each with the paper it cites, if any."""
    links = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT position, cited_id, score, method FROM citations WHERE citing_id = ?",
            [paper_id],
        )
    }
    out = []
    for row in db.query("SELECT * FROM refs WHERE paper_id = ? ORDER BY position", [paper_id]):
        cited, score, method = links.get(row["position"], (None, None, None))
        out.append(ResolvedReference(row["position"], reference_of(row), cited, score, method))
    return out


def _citation(row: Sequence[Any]) -> Citation:
    return Citation(row[0], row[1], row[2], row[3], row[4], row[5] or "", row[6] or "", row[7])


def citations_of(db: Database, paper_id: str) -> list[Citation]:
    """The references of other archive papers that cite ``paper_id``, newest citing paper first."""
    sql = f"{_CITATION_SQL} WHERE c.cited_id = ? ORDER BY p.year DESC, c.citing_id, c.position"
    return [_citation(r) for r in db.execute(sql, [paper_id])]


def edges(db: Database) -> list[Citation]:
    """Every link of the graph, by citing id and reference position."""
    return [_citation(r) for r in db.execute(f"{_CITATION_SQL} ORDER BY 1, 3")]


def format_references(refs: Sequence[ResolvedReference], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([r.to_dict() for r in refs], ensure_ascii=False, indent=2)
    lines = []
    for r in refs:
        mark = f" -> {r.cited_id}" if r.cited_id else ""
        lines.append(f"[{r.position + 1}]{mark} {_unnumbered(r.reference.raw)}")
    return "\n".join(lines)


def format_citations(citations: Sequence[Citation], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([c.to_dict() for c in citations], ensure_ascii=False, indent=2)
    if not citations:
        return "not cited by any paper in this archive"
    lines = []
    for c in citations:
        lines.append(f"{c.citing_id}\t{c.citing_year or ''}\t{c.citing_title}")
        lines.append(f"    [{c.position + 1}] {_unnumbered(c.reference)}")
    return "\n".join(lines)


def format_graph(
    nodes: Sequence[tuple[str, str, int | None, int]], links: Sequence[Citation], fmt: str
) -> str:
    """``nodes`` are (id, title, year, times cited); ``fmt`` is one of ``GRAPH_FORMATS``."""
    if fmt == "csv-edges":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["source", "target", "position", "score", "method"])
        for c in links:
            writer.writerow([c.citing_id, c.cited_id, c.position + 1, c.score, c.method])
        return buf.getvalue().rstrip("\n")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="title" for="node" attr.name="title" attr.type="string"/>',
        '  <key id="year" for="node" attr.name="year" attr.type="int"/>',
        '  <key id="cited_by" for="node" attr.name="cited_by" attr.type="int"/>',
        '  <key id="position" for="edge" attr.name="position" attr.type="int"/>',
        '  <key id="score" for="edge" attr.name="score" attr.type="double"/>',
        '  <key id="method" for="edge" attr.name="method" attr.type="string"/>',
        '  <graph id="citations" edgedefault="directed">',
    ]
    for pid, title, year, n in nodes:
        data = f'<data key="title">{_text(title)}</data><data key="cited_by">{n}</data>'
        if year is not None:
            data += f'<data key="year">{year}</data>'
        out.append(f"    <node id={quoteattr(pid)}>{data}</node>")
    for c in links:
        out.append(
            f"    <edge source={quoteattr(c.citing_id)} target={quoteattr(c.cited_id)}>"
            f'<data key="position">{c.position + 1}</data><data key="score">{c.score}</data>'
            f'<data key="method">{c.method}</data></edge>'
        )
    return "\n".join([*out, "  </graph>", "</graphml>"])


def _unnumbered(raw: str) -> str:
    """A reference without the number it was printed with ("[12] ", "12. ")."""
    return re.sub(r"^\s*(?:\[\d{1,4}\]|\d{1,4}\.)\s+", "", raw)


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
