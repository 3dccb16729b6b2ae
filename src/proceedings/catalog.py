"""What ``Archive`` reads from its tables besides papers and search: counts, runs, failed
files, paper ids, and the citation counts on hits and graph nodes.

In: an archive's ``Database`` (and an id prefix, a year or venue, search results). Out:
``Stats``, run rows, ``FileStatus`` values, ids and ``papers`` rows, ``SearchResults`` with
``cited_by`` filled in.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from .models import FileStatus, SearchResults, Stats

__all__ = [
    "closest_ids",
    "failed_files",
    "graph_nodes",
    "paper_ids",
    "paper_rows",
    "run_rows",
    "stats",
    "with_cite_counts",
]


def stats(db: Database) -> Stats:
    """The archive's counts: papers, authors, pages, files (and failed ones), by year and
    venue, and the last run."""

    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    last = list(db.query("SELECT * FROM runs ORDER BY id DESC LIMIT 1"))
    return Stats(
        papers=count("SELECT count(*) FROM papers"),
        authors=count("SELECT count(DISTINCT folded) FROM authors"),
        pages=count("SELECT count(*) FROM pages"),
        files=count("SELECT count(*) FROM files"),
        failed_files=count("SELECT count(*) FROM files WHERE status != 'ok'"),
        years={
            str(r[0]): r[1]
            for r in db.execute("SELECT year, count(*) FROM papers GROUP BY year ORDER BY year")
        },
        venues={
            str(r[0]): r[1]
            for r in db.execute("SELECT venue, count(*) FROM papers GROUP BY venue ORDER BY 2 DESC")
        },
        last_run={k: v for k, v in last[0].items() if k != "options"} if last else None,
    )


def run_rows(db: Database) -> list[dict[str, Any]]:
    """Every ingest run, oldest first, its ``options`` decoded."""
    return [
        {**r, "options": json.loads(r["options"] or "{}")}
        for r in db.query("SELECT * FROM runs ORDER BY id")
    ]


def failed_files(db: Database, *, status: str | None = None) -> list[FileStatus]:
    """Files whose last ingest did not store a paper (``status`` picks one kind), by path."""
    where, params = "status != 'ok'", []
    if status:
        where, params = "status = ?", [status]
    return [
        FileStatus(r["path"], r["status"], r["paper_id"], r["error_class"], r["error"])
        for r in db.query(f"SELECT * FROM files WHERE {where} ORDER BY path", params)
    ]


def paper_ids(db: Database, *, prefix: str = "", limit: int | None = None) -> list[str]:
    """Paper ids in order, those starting with ``prefix`` only."""
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = "SELECT id FROM papers WHERE id LIKE ? ESCAPE '\\' ORDER BY id"
    params: list[Any] = [like]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [r[0] for r in db.execute(sql, params)]


def closest_ids(ids: Sequence[str], paper_id: str, n: int = 3) -> tuple[str, ...]:
    """The ``ids`` most like ``paper_id`` (a typo, or another year or suffix), best first."""
    close = difflib.get_close_matches(paper_id, ids, n=n, cutoff=0.6)
    surname = re.match(r"[^\W\d_]*", paper_id)
    if not close and surname and len(surname.group()) >= 2:
        # ids are surname + year + title word: the same first author
        close = [i for i in ids if re.match(re.escape(surname.group()) + r"\d", i)][:n]
    return tuple(close)


def paper_rows(
    db: Database, *, year: int | None = None, venue: str | None = None
) -> list[dict[str, Any]]:
    """The ``papers`` rows, oldest first, of one year or venue (a substring) if given."""
    clauses: list[str] = []
    params: list[Any] = []
    if year is not None:
        clauses.append("year = ?")
        params.append(year)
    if venue:
        clauses.append("venue LIKE ?")
        params.append(f"%{venue}%")
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    return list(db.query(f"SELECT * FROM papers {where} ORDER BY year, id", params))


def with_cite_counts(db: Database, results: SearchResults) -> SearchResults:
    """``results`` with each hit's ``cited_by``: how many archive papers cite it."""
    ids = [h.id for h in results.hits]
    if not ids:
        return results
    marks = ", ".join("?" * len(ids))
    counts = dict(
        db.execute(f"SELECT paper_id, n FROM cite_counts WHERE paper_id IN ({marks})", ids)
    )
    hits = tuple(replace(h, cited_by=counts.get(h.id, 0)) for h in results.hits)
    return replace(results, hits=hits)


def graph_nodes(db: Database, counts: Mapping[str, int]) -> list[tuple[str, str, int | None, int]]:
    """Every paper as (id, title, year, times cited), by id."""
    return [
        (r[0], r[1], r[2], counts.get(r[0], 0))
        for r in db.execute("SELECT id, title, year FROM papers ORDER BY id")
    ]
