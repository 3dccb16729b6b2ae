"""Every SQL statement a search runs, built in one place.

In: a compiled query (``CompiledQuery``), best-match terms (``natural.Term``), options
(``SearchOptions``), rowid ranges. Out: ``(sql, params)`` pairs for ``search.rank`` and
``search.engine``. Each ranking statement yields ``(rowid, score, tier, complete)`` rows:
``complete`` is 1 for a paper matching every original word of a best-match query (always 1 for
the query language), ``tier`` orders rows before their score (1 for the query language, 0 for
best-match statements), and ``score`` is bm25 over ``docs_fts``, fields weighted by
``WEIGHTS``; a best-match score is the weighted sum of each term's bm25, plus
``SURFACE_WEIGHT`` of each typed word's bm25 on the unstemmed ``spell_fts`` (titles,
abstracts and keywords as written), so "differential" ranks a paper saying "differential"
above one saying only "differentiable".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import SearchOptions
from ..text import fold_words
from .compile import CompiledQuery
from .filters import CITED_SQL, like
from .natural import Term
from .parse import fts_tokens

__all__ = [
    "BM25",
    "SURFACE_WEIGHT",
    "TOPICAL_BM25",
    "WEIGHTS",
    "Statement",
    "any_count",
    "any_count_range",
    "best_match",
    "bibliography_starts",
    "details",
    "document_frequency",
    "every_word",
    "facets",
    "feedback_texts",
    "filters",
    "hit_fields",
    "holds_word",
    "lacking",
    "page_texts",
    "paper_count",
    "quoted",
    "ranked",
    "rowid_bounds",
    "strict",
    "strict_count",
    "topical_fields",
    "unranked",
    "vocabulary",
    "words_starting",
]

# bm25 weights for docs_fts(title, abstract, keywords, authors, sections, body)
WEIGHTS = (10.0, 5.0, 5.0, 3.0, 2.0, 1.0)
BM25 = "bm25(docs_fts, " + ", ".join(str(w) for w in WEIGHTS) + ")"
SURFACE_WEIGHT = 0.3
TOPICAL_BM25 = "bm25(papers_fts, " + ", ".join(str(w) for w in WEIGHTS[:4]) + ")"
Statement = tuple[str, list[Any]]
_RANGE = "rowid BETWEEN ? AND ?"
_ORDER = {
    "relevance": "tier DESC, score DESC, papers.year DESC, papers.id",
    "year": "papers.year DESC, tier DESC, score DESC, papers.id",
    "title": "papers.title COLLATE NOCASE, papers.id",
    "citations": f"{CITED_SQL} DESC, tier DESC, score DESC, papers.year DESC, papers.id",
}


def filters(cq: CompiledQuery | None, options: SearchOptions) -> Statement:
    """The conditions on ``papers`` of the query's filters and of the options, ANDed."""
    where = list(cq.where) if cq else []
    params = list(cq.params) if cq else []
    year = options.year
    if isinstance(year, tuple):
        where.append("papers.year BETWEEN ? AND ?")
        params += [year[0], year[1]]
    elif year is not None:
        where.append("papers.year = ?")
        params.append(year)
    if options.venue:
        where.append("papers.venue LIKE ? ESCAPE '\\'")
        params.append(like(options.venue))
    if options.author:
        where.append(
            "papers.id IN (SELECT paper_id FROM authors "
            "WHERE ' ' || folded || ' ' LIKE ? ESCAPE '\\')"
        )
        params.append(like(f" {fold_words(options.author)} "))
    return " AND ".join(where), params


def _boost(phrases: Sequence[str], rowid: str = "docs_fts.rowid") -> Statement:
    """A factor > 1 when a phrase of the query stands in the title (+0.5) or abstract (+0.2),
    looked up in the small ``papers_fts`` rather than read from every matching paper."""
    parts, params = [], []
    for tokens in map(fts_tokens, phrases):
        if not tokens:
            continue
        quoted = '"' + " ".join(tokens) + '"'
        for column, weight in (("title", 0.5), ("abstract", 0.2)):
            parts.append(
                f"(CASE WHEN {rowid} IN (SELECT rowid FROM papers_fts "
                f"WHERE papers_fts MATCH ?) THEN {weight} ELSE 0 END)"
            )
            params.append(f"{column} : {quoted}")
    return ("(1 + " + " + ".join(parts) + ")" if parts else "1"), params


def strict(cq: CompiledQuery, low: int, high: int) -> Statement:
    """The papers matching the query language's FTS5 expression among rowids low..high."""
    factor, params = _boost(cq.phrases)
    sql = (
        f"SELECT rowid, -{BM25} * {factor} AS score, 1 AS tier, 1 AS complete FROM docs_fts "
        f"WHERE docs_fts MATCH ? AND {_RANGE}"
    )
    return sql, [*params, cq.match, low, high]


def quoted(text: str) -> str:
    """``text`` as one FTS5 string of its words (a phrase when there are several)."""
    return '"' + " ".join(fts_tokens(text)) + '"'


def best_match(
    terms: Sequence[Term],
    low: int,
    high: int,
    *,
    phrases: Sequence[str] = (),
    topical: bool = False,
) -> Statement:
    """The papers holding any of ``terms`` among rowids low..high, scored by the weighted
    sum of each term's bm25, boosted where one of ``phrases`` stands in the title or
    abstract. A typed term is scored on ``docs_fts`` (all the text) and, for its surface
    form, on ``spell_fts``; a term added by feedback on ``papers_fts`` (titles, abstracts,
    keywords, authors: where feedback found it, and a tenth of the postings to read).
    ``topical``: every term on ``papers_fts`` (the first ranking of feedback).

    Terms of one weight share one ``OR`` branch: FTS5's bm25 of ``"a" OR "b"`` is the bm25 of
    ``"a"`` plus that of ``"b"`` (one length normalisation per paper), so the sum is exact
    while each paper's bm25 is computed once per weight rather than once per term."""
    branches, params = [], []
    typed = [t for t in terms if t.original and not topical]
    added = [t for t in terms if not t.original or topical]
    for table, bm25, scale, group in (
        ("docs_fts", BM25, 1.0, _by_weight(typed)),
        ("spell_fts", "bm25(spell_fts)", SURFACE_WEIGHT, _by_weight(typed)),
        ("papers_fts", TOPICAL_BM25, 1.0, _by_weight(added)),
    ):
        for weight, texts in group.items():
            branches.append(
                f"SELECT rowid, ? * -{bm25} AS s FROM {table} WHERE {table} MATCH ? AND {_RANGE}"
            )
            params += [weight * scale, " OR ".join(quoted(t) for t in texts), low, high]
    union = " UNION ALL ".join(branches)
    factor, boost_params = _boost(phrases, "rowid")
    sql = (
        # LIMIT -1 keeps SQLite from flattening one branch into the aggregate, where bm25()
        # cannot run
        f"SELECT rowid, sum(s) * {factor} AS score, 0 AS tier, 0 AS complete "
        f"FROM ({union} LIMIT -1) GROUP BY rowid"
    )
    return sql, [*boost_params, *params]


def _by_weight(terms: Sequence[Term]) -> dict[float, list[str]]:
    groups: dict[float, list[str]] = {}
    for term in terms:
        groups.setdefault(term.weight, []).append(term.text)
    return groups


def every_word(terms: Sequence[Term]) -> str:
    """The FTS5 expression of papers holding every one of ``terms``."""
    return " AND ".join(quoted(t.text) for t in terms)


def unranked(low: int, high: int) -> Statement:
    """Every paper among rowids low..high, unscored (a query of filters only)."""
    sql = f"SELECT rowid, 0.0 AS score, 1 AS tier, 1 AS complete FROM papers WHERE {_RANGE}"
    return sql, [low, high]


def ranked(scored: Statement, where: Statement, sort: str, n: int, *, count: bool) -> Statement:
    """The ``n`` best rows of ``scored`` passing ``where``, in ``sort`` order, each with
    (when ``count``) the number of rows and of complete rows (holding every word) in all."""
    sql, params = scored
    condition, condition_params = where
    joined = (condition or sort != "relevance") and True
    counts = ", count(*) OVER (), sum(complete) OVER ()" if count else ""
    order = _ORDER[sort] if joined else "tier DESC, score DESC"
    source = f"({sql}) AS ranked"
    if joined:
        # LIMIT -1 keeps SQLite from flattening the FTS5 statement into the join, where it
        # may be run once per paper that passes the filters (a prefix: a second each time)
        source = f"({sql} LIMIT -1) AS ranked JOIN papers ON papers.rowid = ranked.rowid"
    clause = f" WHERE {condition}" if condition else ""
    return (
        f"SELECT ranked.rowid, score, tier{counts} FROM {source}{clause} ORDER BY {order} LIMIT ?",
        [*params, *condition_params, n],
    )


def any_count(terms: Sequence[Term], where: Statement) -> Statement:
    """The number of papers holding any of ``terms`` and passing ``where``."""
    match = " OR ".join(quoted(t.text) for t in terms)
    condition, params = where
    if not condition:
        return "SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", [match]
    return (
        "SELECT count(*) FROM docs_fts JOIN papers ON papers.rowid = docs_fts.rowid "
        f"WHERE docs_fts MATCH ? AND {condition}",
        [match, *params],
    )


def any_count_range(terms: Sequence[Term], low: int, high: int) -> Statement:
    """The number of papers among rowids low..high holding any of ``terms`` (``docs_fts``
    holds every field ``papers_fts`` and ``spell_fts`` hold)."""
    match = " OR ".join(quoted(t.text) for t in terms)
    return f"SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ? AND {_RANGE}", [match, low, high]


def strict_count(cq: CompiledQuery, low: int, high: int) -> Statement:
    """The number of papers matching an FTS5 expression among rowids low..high: for words
    without phrases or prefixes, cheaper than counting while ranking."""
    return (
        f"SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ? AND {_RANGE}",
        [cq.match, low, high],
    )


def details(rowids: Sequence[int]) -> str:
    """The fields shown for the hits."""
    listed = ", ".join(str(int(r)) for r in rowids)
    return (
        "SELECT rowid, id, title, authors, year, venue, abstract FROM papers "
        f"WHERE rowid IN ({listed})"
    )


def facets(scored: Statement, where: Statement) -> list[tuple[str, Statement]]:
    """Counts of the matching papers by year, venue and author, 20 of each."""
    sql, params = scored
    condition, condition_params = where
    clause = f" WHERE {condition}" if condition else ""
    matched = (
        f"SELECT papers.rowid FROM ({sql} LIMIT -1) AS ranked "
        "JOIN papers ON papers.rowid = ranked.rowid"
        f"{clause}"
    )
    all_params = [*params, *condition_params]
    return [
        (
            "year",
            (
                f"SELECT year, count(*) FROM papers WHERE rowid IN ({matched}) GROUP BY year "
                "ORDER BY 2 DESC, 1 LIMIT 20",
                all_params,
            ),
        ),
        (
            "venue",
            (
                f"SELECT venue, count(*) FROM papers WHERE rowid IN ({matched}) GROUP BY venue "
                "ORDER BY 2 DESC, 1 LIMIT 20",
                all_params,
            ),
        ),
        (
            "author",
            (
                "SELECT name, count(DISTINCT paper_id) FROM authors WHERE paper_id IN "
                f"(SELECT id FROM papers WHERE rowid IN ({matched})) GROUP BY folded "
                "ORDER BY 2 DESC, 1 LIMIT 20",
                all_params,
            ),
        ),
    ]


def document_frequency(word: str) -> Statement:
    """How many papers hold ``word`` (folded) in a title, abstract or keywords, from
    ``spell_vocab``: a lookup in a small index (``docs_vocab`` counts a word's every
    posting in the full text, 20-50 ms for a common word at 10k papers)."""
    return "SELECT doc FROM spell_vocab WHERE term = ?", [word]


def lacking(every: CompiledQuery) -> Statement:
    """The condition on ``papers`` of the papers not matching ``every``'s expression."""
    return (
        "papers.rowid NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)",
        [every.match],
    )


def paper_count() -> str:
    return "SELECT count(*) FROM papers"


def feedback_texts(rowids: Sequence[int]) -> str:
    """The title, abstract and keywords of the feedback papers."""
    listed = ", ".join(str(int(r)) for r in rowids)
    return (
        "SELECT rowid, coalesce(title, '') || ' ' || coalesce(abstract, '') || ' ' || "
        f"coalesce(keywords, '') FROM papers WHERE rowid IN ({listed})"
    )


def topical_fields() -> str:
    """A paper's title, abstract and keywords, by id."""
    return "SELECT title, abstract, keywords FROM papers WHERE id = ?"


def bibliography_starts(paper_ids: Sequence[str], titles: Sequence[str]) -> Statement:
    """The first page of each paper's bibliography (a section titled one of ``titles``)."""
    marks = ", ".join("?" * len(paper_ids))
    return (
        f"SELECT paper_id, min(page) FROM sections WHERE paper_id IN ({marks}) "
        f"AND lower(title) IN ({', '.join('?' * len(titles))}) GROUP BY paper_id",
        [*paper_ids, *titles],
    )


def page_texts(paper_ids: Sequence[str], holding: Sequence[str] = ()) -> Statement:
    """The pages of these papers (only those holding one of ``holding``, lower-case ASCII)."""
    marks = ", ".join("?" * len(paper_ids))
    sql = f"SELECT paper_id, page, text FROM pages WHERE paper_id IN ({marks})"
    if not holding:
        return sql, list(paper_ids)
    any_of = " OR ".join("instr(lower(text), ?)" for _ in holding)
    return f"{sql} AND ({any_of})", [*paper_ids, *holding]


def vocabulary() -> str:
    """Every word of titles, abstracts and keywords, with its number of papers."""
    return "SELECT term, doc FROM spell_vocab"


def words_starting(prefix: str, limit: int) -> Statement:
    """The ``limit`` most common words of titles, abstracts and keywords starting so."""
    return (
        "SELECT term FROM spell_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT ?",
        [prefix, prefix + "\U0010ffff", limit],
    )


def holds_word(word: str) -> Statement:
    """A row when some paper holds ``word`` anywhere (authors and full text included)."""
    return "SELECT 1 FROM docs_fts WHERE docs_fts MATCH ? LIMIT 1", [quoted(word)]


def hit_fields() -> str:
    """What a hit shows of a paper, by id."""
    return "SELECT title, authors, year, venue FROM papers WHERE id = ?"


def rowid_bounds() -> str:
    return "SELECT (SELECT min(rowid) FROM papers), (SELECT max(rowid) FROM papers)"
