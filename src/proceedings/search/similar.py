"""Papers like a paper: its title, keywords and abstract as a "more like this" query, and the
works it cites.

In: a paper id. Out: ``SearchResults`` whose hits list the terms and the references they
share with it. The paper's words go through the same best-match reading as a pasted text
(``natural``), a title word counting three times and a keyword twice, and the same ranking
path (``rank``); papers citing the same works (bibliographic coupling,
``citations.shared_references``) join them, each source's scores scaled to its best and
added.
"""

from __future__ import annotations

import json
import re

from sqlite_utils import Database

from ..citations import shared_references
from ..models import Hit, SearchOptions, SearchResults
from ..text import fold_accents, stem
from . import natural, sql
from .engine import Frequencies, Plan, run
from .hits import hit_of
from .parse import ParsedQuery, fts_tokens
from .rank import Ranking, top

__all__ = ["similar"]

_WORD = re.compile(r"[^\W\d_]{3,}")
_ALL_ROWS = -1  # SQLite's LIMIT -1: no limit


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
    results = run(db, the_plan, SearchOptions(limit=limit * 2))
    every_coupled = shared_references(db, paper_id, _ALL_ROWS)
    coupled = {other: (n, tuple(titles)) for other, n, titles in every_coupled[: limit * 2]}
    text_best = max((h.score for h in results), default=0.0) or 1.0
    ref_best = max((n for n, _ in coupled.values()), default=0) or 1
    scored: dict[str, float] = {h.id: h.score / text_best for h in results}
    for other, (n, _) in coupled.items():
        scored[other] = scored.get(other, 0.0) + n / ref_best
    ranked = sorted(scored, key=lambda pid: (-scored[pid], pid))[:limit]
    by_id = {h.id: h for h in results}
    terms = [_shown(t.text) for t in sorted(reading.terms, key=lambda t: -t.weight)]
    hits = []
    for pid in ranked:
        hit = by_id.get(pid) or _bare_hit(db, pid)
        if hit is None:
            continue
        fields = " ".join(str(v or "") for v in db.execute(sql.topical_fields(), [pid]).fetchone())
        stems = {stem(w) for w in _WORD.findall(fold_accents(fields))}
        shared = tuple(t for t in terms if stem(t) in stems)[:12]
        references = coupled.get(pid, (0, ()))[1][:5]
        hits.append(_with_terms(hit, shared, references, scored[pid]))
    total = results.total + _coupled_only(db, ranking, {c[0] for c in every_coupled} - set(by_id))
    return SearchResults(query=query, hits=tuple(hits), total=total, reading="text")


def _coupled_only(db: Database, ranking: Ranking, ids: set[str]) -> int:
    """How many of ``ids`` (papers citing the same works, outside the best text hits) share
    no word with the source: they add to the text matches' count."""
    if not ids:
        return 0
    where, params = ranking.where
    among = Ranking(
        ranking.scorer,
        (
            f"{where} AND papers.id IN (SELECT value FROM json_each(?))",
            [*params, json.dumps(sorted(ids))],
        ),
    )
    matched, _, _ = top(db, among, 0, 0)
    return len(ids) - matched


def _shown(word: str) -> str:
    """A title's "Models" as "models"; acronyms ("LoRA", "GPT") as written."""
    return word if sum(c.isupper() for c in word) > 1 else word.lower()


def _bare_hit(db: Database, paper_id: str) -> Hit | None:
    row = db.execute(sql.hit_fields(), [paper_id]).fetchone()
    if row is None:
        return None
    title, authors, year, venue = row
    return hit_of(paper_id, title, authors, year, venue)


def _with_terms(
    hit: Hit, shared: tuple[str, ...], references: tuple[str, ...], score: float
) -> Hit:
    reason = ", ".join(shared)
    if references:
        reason += ("; " if reason else "") + "both cite: " + "; ".join(references)
    return Hit(
        id=hit.id,
        title=hit.title,
        authors=hit.authors,
        year=hit.year,
        venue=hit.venue,
        score=score,
        page=None,
        snippet=reason,
        terms=shared,
        shared_references=references,
    )
