"""A search, start to end: query text and options in, ``SearchResults`` out.

The text is parsed once (``parse``); the query language is compiled to FTS5/SQL
(``compile``), plain words and pasted texts are read best-match (``natural``); either goes
through the one ranking path (``rank``, with statements from ``sql``); then the hits' best
pages and snippets (``pages``), facets, and "did you mean" (``spelling``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlite_utils import Database

from ..errors import QueryError, QueryTooBroadError
from ..models import SORTS, PageHit, SearchOptions, SearchResults
from ..text import fold_accents
from . import natural, sql
from .compile import CompiledQuery, compile_query
from .hits import hit_from_row
from .pages import best_pages
from .parse import ParsedQuery, column_safe, parse
from .rank import BUDGET_S, Partitions, Ranking, Row, budget, top
from .spelling import fuzzy_terms, prefix_terms, suggest

__all__ = ["PAGED_HITS", "Frequencies", "Plan", "check_options", "plan", "run", "search"]

# SQLite integers are 64-bit: a limit or offset past this is refused before it overflows.
_MAX_INT = 10**12
_MAX_YEAR = 9999
# A plain query of at most this many words is also looked for as a phrase in titles and
# abstracts (its papers ranked up); a longer one is a question, not a name.
_PHRASE_WORDS = 6
# Below this many papers every word is in most of them: no word is left out as common.
_COMMON_MIN_PAPERS = 100
# Hits past this many get their abstract's snippet, not their best pages: a page of results
# is read by a person, a longer list by a program that wants the ranking.
PAGED_HITS = 100
_ALL = (-(1 << 62), 1 << 62)


def check_options(query: str, options: SearchOptions) -> None:
    """Raise ``QueryError`` for options no search can honour."""
    if options.sort not in SORTS:
        raise QueryError(
            query, f"unknown sort {options.sort!r}; expected one of {', '.join(SORTS)}"
        )
    for name in ("limit", "offset"):
        value = getattr(options, name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise QueryError(query, f"{name} must be a whole number, not {value!r}")
        if value < 0:
            raise QueryError(query, "limit and offset must not be negative")
        if value > _MAX_INT:
            raise QueryError(query, f"{name} {value} is too large")
    year = options.year
    years = year if isinstance(year, tuple) else () if year is None else (year,)
    if isinstance(year, tuple) and len(year) != 2:
        raise QueryError(query, "year must be one year or a (first, last) pair")
    for value in years:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > _MAX_YEAR:
            raise QueryError(query, f"year must be a year such as 2024, not {value!r}")
    for name in ("venue", "author"):
        value = getattr(options, name)
        if value is not None and not isinstance(value, str):
            raise QueryError(query, f"{name} must be text, not {value!r}")
        if value and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise QueryError(query, f"{name} holds a character that is not text")


@dataclass(frozen=True)
class Plan:
    """How one query is run: the ranking, the page query for snippets, and the explanation."""

    parsed: ParsedQuery
    ranking: Ranking
    page_match: str | None
    phrases: tuple[str, ...]
    terms: tuple[str, ...]
    explain: str
    reading: natural.Reading | None = None
    # a keyword query: ``first`` ranks the papers holding every word, ``rest`` the others
    first: Ranking | None = None
    rest: Ranking | None = None
    count_some: sql.Statement | None = None
    # a longer best-match query: the papers holding every word, counted apart
    count_every: Callable[[int, int], sql.Statement] | None = None


class Frequencies:
    """Document frequencies of words (in titles, abstracts and keywords), looked up once
    per search."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.n_docs = int(db.execute(sql.paper_count()).fetchone()[0])
        self.known: dict[str, int] = {}

    def prefetch(self, words: Sequence[str]) -> None:
        for word in {fold_accents(w) for unit in words for w in unit.split()} - set(self.known):
            stmt, params = sql.document_frequency(word)
            found = self.db.execute(stmt, params).fetchone()
            self.known[word] = int(found[0]) if found else 0

    def __call__(self, unit: str) -> int:
        words = unit.split()
        self.prefetch(words)
        return min(self.known[fold_accents(w)] for w in words) if words else 0


def plan(
    db: Database,
    parsed: ParsedQuery,
    options: SearchOptions,
    *,
    deadline: float = float("inf"),
) -> Plan:
    """The ranking of ``parsed`` under ``options``; its statements stop at ``deadline``."""
    the_plan = _plan(db, parsed, options)
    if deadline == float("inf"):
        return the_plan
    rankings = {
        name: replace(r, deadline=deadline)
        for name in ("ranking", "first", "rest")
        if (r := getattr(the_plan, name)) is not None
    }
    return replace(the_plan, **rankings)


def _plan(db: Database, parsed: ParsedQuery, options: SearchOptions) -> Plan:
    cq: CompiledQuery | None = None
    if parsed.tree is not None:
        cq = compile_query(
            parsed,
            expand_fuzzy=lambda w, d: fuzzy_terms(db, w, d),
            expand_prefix=lambda p: prefix_terms(db, p),
        )
    if parsed.reading == "query" and cq is not None:
        return _query_plan(parsed, cq, options)
    best = _best_match_plan(db, parsed, sql.filters(_filters_only(cq), options), options)
    assert best.reading is not None
    if parsed.reading != "plain" or len(best.reading.originals) > natural.KEYWORD_TERMS:
        return best
    return _keyword_plan(best, options)


def _query_plan(parsed: ParsedQuery, cq: CompiledQuery, options: SearchOptions) -> Plan:
    """The query language, exactly."""
    where = sql.filters(cq, options)
    if cq.match is None:
        ranking = Ranking(sql.unranked, where, options.sort)
    else:
        # Counting phrases reads every position list again, and prefixes merge the
        # postings of all their words again: those are counted while ranking.
        counter = None
        if not where[0] and not _has_phrase(cq.match):
            counter = _bind_count(cq)
        ranking = Ranking(_bind_strict(cq), where, options.sort, counter)
    return Plan(parsed, ranking, cq.page_match, cq.phrases, cq.terms, cq.explain())


def _best_match_plan(
    db: Database, parsed: ParsedQuery, where: sql.Statement, options: SearchOptions
) -> Plan:
    """Plain words or a pasted text, read best-match (with feedback when asked)."""
    frequencies = Frequencies(db)
    frequencies.prefetch(parsed.words)
    reading = natural.read_words(
        parsed.words,
        df=frequencies,
        n_docs=frequencies.n_docs,
        text=parsed.reading == "text",
    )
    reading = _without_common(reading, frequencies)
    if (
        options.expand
        and parsed.reading == "plain"
        and len(reading.originals) >= natural.FEEDBACK_MIN_TERMS
    ):
        reading = _feedback(db, reading, where, frequencies)
    originals = [t.text for t in reading.originals]
    page_match = column_safe(" OR ".join(f'"{t}"' for t in originals)) if originals else None
    phrases = tuple(t for t in originals if " " in t)
    explain = "\n".join(
        [f"query:      {parsed.text[:200]}", f"reading:    {parsed.reading} (best match)"]
        + [reading.explain()]
        + ([f"sql where:  {where[0]}  -- {where[1]!r}"] if where[0] else [])
    )
    every = CompiledQuery(parsed.text, sql.every_word(reading.originals), phrases=phrases)
    counter = None if where[0] else _bind_any_count(reading.terms)
    ranking = Ranking(_bind_best(reading.terms), where, options.sort, counter)
    return Plan(
        parsed,
        ranking,
        page_match,
        phrases,
        tuple(originals),
        explain,
        reading,
        count_every=None if where[0] else _bind_count(every),
    )


def _keyword_plan(best: Plan, options: SearchOptions) -> Plan:
    """A keyword query: the papers holding every word first, ranked as the query language
    ranks "a AND b" (with the whole query as a phrase boost), then the rest best-match."""
    assert best.reading is not None
    parsed, where = best.parsed, best.ranking.where
    phrases = best.phrases
    if 1 < len(parsed.words) <= _PHRASE_WORDS:
        phrases = (" ".join(parsed.words), *phrases)
    every = CompiledQuery(parsed.text, sql.every_word(best.reading.originals), phrases=phrases)
    cheap = not where[0] and not _has_phrase(every.match or "")
    first = Ranking(_bind_strict(every), where, options.sort, _bind_count(every) if cheap else None)
    lacking = sql.lacking(every)
    rest_where = (" AND ".join(c for c in (where[0], lacking[0]) if c), [*where[1], *lacking[1]])
    rest = Ranking(_bind_best(best.reading.terms), rest_where, options.sort)
    count_some = sql.any_count(best.reading.originals, where)
    return replace(
        best, phrases=phrases, first=first, rest=rest, count_some=count_some, count_every=None
    )


def _without_common(reading: natural.Reading, df: Frequencies) -> natural.Reading:
    """``reading`` without the words in more than ``COMMON_DF`` of the papers, unless only
    such words are left (as Lucene's common-terms query, a word in most papers says next to
    nothing about relevance, and costs its every posting)."""
    if len(reading.terms) < 2 or df.n_docs < _COMMON_MIN_PAPERS:
        return reading
    common = {t.text for t in reading.terms if df(t.text) > natural.COMMON_DF * df.n_docs}
    kept = tuple(t for t in reading.terms if t.text not in common)
    if not kept or not common:
        return reading
    total = sum(t.weight for t in kept)
    terms = tuple(replace(t, weight=t.weight / total) for t in kept)
    return replace(reading, terms=terms, common=tuple(sorted(common)))


def _has_phrase(match: str) -> bool:
    quoted = match.split('"')[1::2]
    return any(" " in part for part in quoted) or "*" in match or "NEAR(" in match


def _bind_strict(cq: CompiledQuery) -> Callable[[int, int], sql.Statement]:
    return lambda low, high: sql.strict(cq, low, high)


def _bind_count(cq: CompiledQuery) -> Callable[[int, int], sql.Statement]:
    return lambda low, high: sql.strict_count(cq, low, high)


def _bind_best(terms: Sequence[natural.Term]) -> Callable[[int, int], sql.Statement]:
    return lambda low, high: sql.best_match(terms, low, high)


def _bind_any_count(terms: Sequence[natural.Term]) -> Callable[[int, int], sql.Statement]:
    return lambda low, high: sql.any_count_range(terms, low, high)


def _bind_topical(terms: Sequence[natural.Term]) -> Callable[[int, int], sql.Statement]:
    return lambda low, high: sql.best_match(terms, low, high, topical=True)


def _filters_only(cq: CompiledQuery | None) -> CompiledQuery | None:
    """The SQL filters (``year:``, ``venue:``) of a plain query, without its words."""
    return cq if cq is not None and cq.where else None


def _feedback(
    db: Database, reading: natural.Reading, where: sql.Statement, df: Frequencies
) -> natural.Reading:
    first = Ranking(_bind_topical(reading.terms), where)
    _, _, rows = top(db, first, natural.FEEDBACK_DOCS, 0)
    if not rows:
        return reading
    texts = dict(db.execute(sql.feedback_texts([r[0] for r in rows])).fetchall())
    feedback = [(float(r[7]), str(texts.get(r[0], ""))) for r in rows]
    return natural.expand(reading, feedback, df=df, n_docs=df.n_docs, prefetch=df.prefetch)


def run(
    db: Database, the_plan: Plan, options: SearchOptions, partitions: Partitions | None = None
) -> SearchResults:
    """Rank, then the best pages, snippets, facets and suggestion of the page of hits."""
    total, tier1, rows = _ranked(db, the_plan, options, partitions)
    pages: dict[str, tuple[PageHit, ...]] = {}
    if the_plan.page_match:
        ids = [row[1] for row in rows[:PAGED_HITS]]
        pages = best_pages(db, ids, the_plan.page_match, phrases=the_plan.phrases)
    hits = tuple(hit_from_row(row, pages.get(row[1], ()), the_plan.page_match) for row in rows)
    facet_counts: dict[str, list[tuple[str, int]]] = {}
    if options.facets:
        scored = the_plan.ranking.scorer(-(1 << 62), 1 << 62)
        for name, (stmt, params) in sql.facets(scored, the_plan.ranking.where):
            facet_counts[name] = [
                (str(k) if k is not None else "(unknown)", int(c))
                for k, c in db.execute(stmt, params).fetchall()
            ]
    best_match = the_plan.reading is not None
    # a keyword query asks for papers with every word; a longer one for the best few
    found = tier1 if the_plan.first is not None else total
    suggestion = suggest(db, the_plan.parsed) if found < 3 else None
    explained = None
    if options.explain:
        stmt, params = sql.ranked(
            the_plan.ranking.scorer(-(1 << 62), 1 << 62),
            the_plan.ranking.where,
            options.sort,
            options.limit + options.offset,
            count=True,
        )
        explained = the_plan.explain + f"\nSQL: {stmt}\nparams: {params!r}"
    return SearchResults(
        query=the_plan.parsed.text,
        hits=hits,
        total=total,
        offset=options.offset,
        facets=facet_counts,
        suggestion=suggestion,
        explain=explained,
        reading=the_plan.parsed.reading,
        matched_all=tier1 if best_match else None,
    )


def _ranked(
    db: Database, the_plan: Plan, options: SearchOptions, partitions: Partitions | None
) -> tuple[int, int, list[Row]]:
    """The number of matches, of complete matches, and the rows of the page of hits."""
    limit, offset = options.limit, options.offset
    if the_plan.first is None or the_plan.rest is None or the_plan.count_some is None:
        total, every, rows = top(db, the_plan.ranking, limit, offset, partitions)
        if the_plan.count_every is not None:
            stmt, params = the_plan.count_every(*_ALL)
            every = int(db.execute(stmt, params).fetchone()[0])
        elif the_plan.reading is not None:
            every = 0
        return total, every, rows
    every, _, rows = top(db, the_plan.first, limit, offset, partitions)
    total = every
    if len(the_plan.terms) > 1:
        stmt, params = the_plan.count_some
        total = int(db.execute(stmt, params).fetchone()[0])
    if offset + limit > every and total > every:
        start = max(offset, every)
        _, _, more = top(db, the_plan.rest, offset + limit - start, start - every, partitions)
        rows += more
    return total, every, rows


def search(
    db: Database,
    query: str,
    options: SearchOptions | None = None,
    partitions: Partitions | None = None,
) -> SearchResults:
    """Ranked papers for ``query``; raises ``QueryError`` for a query or options that
    cannot be searched."""
    options = options or SearchOptions()
    check_options(query, options)
    parsed = parse(query)
    deadline = time.monotonic() + BUDGET_S
    try:
        with budget(db, deadline):
            the_plan = plan(db, parsed, options, deadline=deadline)
            return run(db, the_plan, options, partitions)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTooBroadError(query, BUDGET_S) from None
        raise
