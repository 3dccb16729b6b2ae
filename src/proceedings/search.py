"""Ranking, page-level snippets, facets, suggestions and similar papers over FTS5."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from .best_pages import SNIPPET_TOKENS, best_pages, word_stem
from .errors import QueryError
from .models import SORTS, Hit, PageHit, SearchResults
from .query import STOPWORDS, CompiledQuery, parse_query
from .ranking import BM25, Partitions, Row, boost, details, top
from .spelling import fuzzy_terms, prefix_terms, suggest
from .storage import fold

__all__ = ["SORTS", "search", "similar"]

_ORDER = {
    "relevance": "score DESC, papers.year DESC, papers.id",
    "year": "papers.year DESC, score DESC, papers.id",
    "title": "papers.title COLLATE NOCASE, papers.id",
}


def _filter_sql(
    cq: CompiledQuery,
    *,
    year: int | tuple[int, int] | None,
    venue: str | None,
    author: str | None,
) -> tuple[list[str], list[Any]]:
    where, params = list(cq.where), list(cq.params)
    if isinstance(year, tuple):
        where.append("papers.year BETWEEN ? AND ?")
        params += [year[0], year[1]]
    elif year is not None:
        where.append("papers.year = ?")
        params.append(year)
    if venue:
        where.append("papers.venue LIKE ?")
        params.append(f"%{venue}%")
    if author:
        where.append(
            "papers.id IN (SELECT paper_id FROM authors WHERE ' ' || folded || ' ' LIKE ?)"
        )
        params.append(f"% {fold(author)} %")
    return where, params


def search(
    db: Database,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    year: int | tuple[int, int] | None = None,
    venue: str | None = None,
    author: str | None = None,
    facets: bool = False,
    explain: bool = False,
    partitions: Partitions | None = None,
) -> SearchResults:
    if sort not in SORTS:
        raise QueryError(query, f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
    if limit < 0 or offset < 0:
        raise QueryError(query, "limit and offset must not be negative")
    cq = parse_query(
        query,
        expand_fuzzy=lambda w, d: fuzzy_terms(db, w, d),
        expand_prefix=lambda p: prefix_terms(db, p),
    )
    where, params = _filter_sql(cq, year=year, venue=venue, author=author)
    if cq.match is not None:
        factor, boost_params = boost(cq, "papers.rowid")
        source = "FROM docs_fts JOIN papers ON papers.rowid = docs_fts.rowid"
        where.insert(0, "docs_fts MATCH ?")
        params.insert(0, cq.match)
        score = f"-{BM25} * {factor}"
    else:
        source, score, boost_params = "FROM papers", "0.0", []
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    # The sorter keeps every matching row: rank on narrow rows, then fetch the few shown.
    sql = (
        f"SELECT papers.rowid, {score} AS score {source}{clause} "
        f"ORDER BY {_ORDER[sort]} LIMIT ? OFFSET ?"
    )
    rows: list[Row] | None = None
    if cq.match is not None and len(where) == 1 and sort == "relevance":
        total, rows = top(db, cq, limit, offset, partitions)
    if rows is None:
        total = db.execute(f"SELECT count(*) {source}{clause}", params).fetchone()[0]
        rows = details(db, db.execute(sql, [*boost_params, *params, limit, offset]).fetchall())
    pages = {}
    if cq.page_match:
        pages = best_pages(db, [row[1] for row in rows], cq.page_match, phrases=cq.phrases)
    hits = tuple(_hit(row, pages.get(row[1], ()), cq.terms) for row in rows)
    facet_counts = _facets(db, source, clause, params) if facets else {}
    suggestion = suggest(db, query) if total < 3 else None
    explained = None
    if explain:
        explained = cq.explain() + f"\nSQL: {sql}\nparams: {[*boost_params, *params]!r}"
    return SearchResults(
        query=query,
        hits=hits,
        total=total,
        offset=offset,
        facets=facet_counts,
        suggestion=suggestion,
        explain=explained,
    )


def _hit(row: Sequence[Any], pages: tuple[PageHit, ...], terms: Sequence[str]) -> Hit:
    _rowid, pid, title, authors, year, venue, abstract, score = row
    if pages:
        page, snippet = pages[0].page, pages[0].snippet
    else:
        page, snippet = None, highlight(abstract or "", terms)
    return Hit(
        id=pid,
        title=title,
        authors=tuple(a for a in (authors or "").split(", ") if a),
        year=year,
        venue=venue,
        score=float(score),
        page=page,
        snippet=snippet,
        pages=pages,
    )


def highlight(text: str, terms: Sequence[str], *, words: int = SNIPPET_TOKENS) -> str:
    """A short window of ``text`` around the first term, terms wrapped in ``**``."""
    tokens = text.split()
    if not tokens:
        return ""
    stems = [t.lower() for t in terms if t and " " not in t]
    lowered = [re.sub(r"\W+", "", t.lower()) for t in tokens]
    first = next((i for i, t in enumerate(lowered) if any(t.startswith(s[:5]) for s in stems)), 0)
    start = max(0, first - words // 3)
    window = tokens[start : start + words]
    out = [
        f"**{tok}**" if any(lowered[start + i].startswith(s[:5]) for s in stems) else tok
        for i, tok in enumerate(window)
    ]
    prefix = "…" if start else ""
    suffix = "…" if start + words < len(tokens) else ""
    return prefix + " ".join(out) + suffix


def _facets(
    db: Database, source: str, clause: str, params: list[Any]
) -> dict[str, list[tuple[str, int]]]:
    matched = f"SELECT papers.id {source}{clause}"
    rowids = f"SELECT papers.rowid {source}{clause}"
    out: dict[str, list[tuple[str, int]]] = {}
    for name, sql in (
        ("year", f"SELECT year, count(*) FROM papers WHERE rowid IN ({rowids}) GROUP BY year"),
        ("venue", f"SELECT venue, count(*) FROM papers WHERE rowid IN ({rowids}) GROUP BY venue"),
        (
            "author",
            f"SELECT name, count(DISTINCT paper_id) FROM authors WHERE paper_id IN ({matched}) "
            "GROUP BY folded",
        ),
    ):
        rows = db.execute(f"{sql} ORDER BY 2 DESC, 1 LIMIT 20", params).fetchall()
        out[name] = [(str(k) if k is not None else "(unknown)", int(c)) for k, c in rows]
    return out


_GENERIC = frozenset(
    [
        "paper",
        "propose",
        "proposed",
        "show",
        "shows",
        "method",
        "methods",
        "results",
        "approach",
        "using",
        "based",
        "which",
        "these",
        "their",
        "than",
        "also",
        "such",
        "both",
        "while",
        "when",
        "where",
        "what",
        "work",
        "works",
        "novel",
        "existing",
    ]
)


def similar(db: Database, paper_id: str, *, limit: int = 10) -> SearchResults:
    """Papers sharing the most distinctive words of this paper's title, keywords and abstract
    (a title word counts three times, a keyword twice)."""
    row = db.execute(
        "SELECT title, abstract, keywords FROM papers WHERE id = ?", [paper_id]
    ).fetchone()
    n_docs = max(1, db.execute("SELECT count(*) FROM papers").fetchone()[0])
    counts: dict[str, float] = {}
    for text, weight in zip(row, (3.0, 1.0, 2.0), strict=True):
        for word in re.findall(r"[^\W\d_]{4,}", (text or "").lower()):
            if word not in STOPWORDS and word not in _GENERIC:
                counts[word] = counts.get(word, 0.0) + weight
    weighted: list[tuple[float, str]] = []
    for word, tf in counts.items():
        df = db.execute("SELECT doc FROM spell_vocab WHERE term = ?", [word]).fetchone()
        df_n = int(df[0]) if df else 1
        if n_docs > 3 and df_n >= n_docs:
            continue
        weighted.append((tf * _idf(n_docs, df_n), word))
    terms = [w for _, w in sorted(weighted, reverse=True)[:12]]
    if not terms:
        return SearchResults(query=f"similar:{paper_id}")
    topical = "{title abstract keywords sections} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
    rows = db.execute(
        f"SELECT papers.id, papers.title, papers.authors, papers.year, papers.venue, "
        f"-{BM25} AS score, papers.title || ' ' || papers.abstract || ' ' || papers.keywords "
        "FROM docs_fts JOIN papers ON papers.rowid = docs_fts.rowid "
        "WHERE docs_fts MATCH ? AND papers.id != ? ORDER BY score DESC LIMIT ?",
        [topical, paper_id, limit],
    ).fetchall()
    term_stems = {t: word_stem(t) for t in terms}
    hits = []
    for pid, title, authors, year, venue, score, fields in rows:
        stems = {word_stem(w) for w in re.findall(r"[^\W\d_]+", fields.lower())}
        shared = tuple(t for t in terms if term_stems[t] in stems)
        hits.append(
            Hit(
                id=pid,
                title=title,
                authors=tuple(a for a in (authors or "").split(", ") if a),
                year=year,
                venue=venue,
                score=float(score),
                page=None,
                snippet=", ".join(shared),
                terms=shared,
            )
        )
    return SearchResults(query=f"similar:{paper_id}", hits=tuple(hits), total=len(hits))


def _idf(n_docs: int, df: int) -> float:
    import math

    return math.log(1 + n_docs / df)
