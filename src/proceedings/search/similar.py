"""Papers like a paper: its title, keywords and abstract as a "more like this" query.

In: a paper id. Out: ``SearchResults`` whose hits list the terms they share with it. The
paper's words go through the same best-match reading as a pasted text (``natural``), a title
word counting three times and a keyword twice, and the same ranking path (``rank``).
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from ..models import Hit, SearchOptions, SearchResults
from ..text import fold_accents, stem
from . import natural, sql
from .engine import Frequencies, Plan, run
from .parse import ParsedQuery, fts_tokens
from .rank import Ranking

__all__ = ["similar"]

_WORD = re.compile(r"[^\W\d_]{3,}")


def similar(db: Database, paper_id: str, *, limit: int = 10) -> SearchResults:
    """Papers sharing the most distinctive words of ``paper_id``'s title, keywords and
    abstract; each hit's ``terms`` are the words they share."""
    row = db.execute(sql.topical_fields(), [paper_id]).fetchone()
    query = f"similar:{paper_id}"
    if row is None:
        return SearchResults(query=query)
    title, abstract, keywords = (str(v or "") for v in row)
    words = [*fts_tokens(title) * 3, *fts_tokens(keywords) * 2, *fts_tokens(abstract)]
    parsed = ParsedQuery(query, "text", words=tuple(words))
    frequencies = Frequencies(db)
    frequencies.prefetch(words)
    reading = natural.read_words(words, df=frequencies, n_docs=frequencies.n_docs, text=True)
    if not reading.terms:
        return SearchResults(query=query)
    ranking = Ranking(
        lambda low, high: sql.best_match(reading.terms, low, high),
        ("papers.id != ?", [paper_id]),
    )
    the_plan = Plan(parsed, ranking, None, (), tuple(t.text for t in reading.terms), "")
    results = run(db, the_plan, SearchOptions(limit=limit))
    terms = [t.text for t in sorted(reading.terms, key=lambda t: -t.weight)]
    hits = []
    for hit in results:
        fields = " ".join(
            str(v or "") for v in db.execute(sql.topical_fields(), [hit.id]).fetchone()
        )
        stems = {stem(w) for w in _WORD.findall(fold_accents(fields))}
        shared = tuple(t for t in terms if stem(t) in stems)[:12]
        hits.append(_with_terms(hit, shared))
    return SearchResults(query=query, hits=tuple(hits), total=results.total, reading="text")


def _with_terms(hit: Hit, shared: tuple[str, ...]) -> Hit:
    return Hit(
        id=hit.id,
        title=hit.title,
        authors=hit.authors,
        year=hit.year,
        venue=hit.venue,
        score=hit.score,
        page=None,
        snippet=", ".join(shared),
        terms=shared,
    )
