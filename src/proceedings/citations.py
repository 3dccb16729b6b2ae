"""The archive's own citation graph: parsed references resolved to the papers of the archive.

In: a paper just saved (its ``refs`` rows hold the raw strings and the fields that
``parse_reference`` found), or a paper about to be deleted. Out: rows of ``citations``
(citing id, reference position, cited id, match score, method) and ``cite_counts``.

A reference resolves by DOI or arXiv id when both sides have one, else by fuzzy title
(rapidfuzz, on folded text, the paper's title also looked for inside the raw string) with the
first author's surname and a year no more than one apart. When two papers match a reference
the better wins; when they tie, the reference stays unresolved. Linking is incremental: saving
paper B resolves B's references against the archive and re-resolves the references of other
papers that could point to B; deleting B re-resolves those that pointed to it.

For search: ``citation_counts(db)``, ``COUNTS_SQL`` (a ``paper_id, n`` relation to join) and
``shared_references(db, paper_id, limit)`` (bibliographic coupling).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlite_utils import Database

from .citeindex import (
    RefTerms,
    candidate_keys,
    citing_rows,
    create_index_tables,
    index_paper,
    index_refs,
    rebuild_index,
    ref_terms,
    unindex_paper,
)
from .citekeys import REF_COLUMNS, match_text, ref_rows, save_paper_keys

__all__ = [
    "COUNTS_SQL",
    "Match",
    "citation_counts",
    "citing_ids",
    "create_tables",
    "link_paper",
    "relink_all",
    "resolve",
    "shared_references",
    "unlink_paper",
]

COUNTS_SQL = "SELECT paper_id, n FROM cite_counts"
TITLE_MIN = 0.90
TITLE_ALONE = 0.97
PREFILTER = 80
_PARSED_COLUMNS = REF_COLUMNS[REF_COLUMNS.index("authors") :]  # what a parse fills in


@dataclass(frozen=True)
class Match:
    """Where one reference points: the cited paper, how sure, and by what."""

    cited_id: str
    score: float
    method: str


def create_tables(db: Database) -> None:
    refs = db.table("refs")
    for column in _PARSED_COLUMNS:
        if column not in refs.columns_dict:
            refs.add_column(column, int if column == "year" else str)
    for column in ("surname", "prefix", "doi", "arxiv_id", "ref_key"):
        refs.create_index([column], if_not_exists=True)
    db.table("citations").create(
        {"citing_id": str, "position": int, "cited_id": str, "score": float, "method": str},
        pk=("citing_id", "position"),
        if_not_exists=True,
    )
    db.table("citations").create_index(["cited_id"], if_not_exists=True)
    db.table("paper_keys").create(
        {
            "paper_id": str,
            "surname": str,
            "year": int,
            "title": str,
            "prefix": str,
            "doi": str,
            "arxiv": str,
        },
        pk="paper_id",
        if_not_exists=True,
    )
    for column in ("surname", "prefix", "doi", "arxiv"):
        db.table("paper_keys").create_index([column], if_not_exists=True)
    db.table("cite_counts").create({"paper_id": str, "n": int}, pk="paper_id", if_not_exists=True)
    create_index_tables(db)


def _score(ref: dict[str, Any], key: dict[str, Any], raw_words: set[str], raw: str) -> Match | None:
    """How well the reference ``ref`` (a ``refs`` row) fits the paper ``key``, if at all."""
    title = key["title"] or ""
    same_title = not ref["title"] or fuzz.ratio(match_text(ref["title"]), title) >= 60
    if ref["doi"] and ref["doi"] == key["doi"] and same_title:
        return Match(key["paper_id"], 1.0, "doi")
    if ref["arxiv_id"] and ref["arxiv_id"] == key["arxiv"] and same_title:
        return Match(key["paper_id"], 1.0, "arxiv")
    if len(title) < 12:
        return None
    if ref["year"] and key["year"] and abs(ref["year"] - key["year"]) > 1:
        return None
    sim = fuzz.ratio(match_text(ref["title"]), title) / 100
    inside = fuzz.partial_ratio(title, raw) / 100 if len(title) >= 20 else 0.0
    sim = max(sim, inside)
    author = bool(key["surname"]) and (
        key["surname"] == ref["surname"] or key["surname"] in raw_words
    )
    if not (sim >= TITLE_MIN and author) and not (sim >= TITLE_ALONE and len(title) >= 30):
        return None
    year = bool(ref["year"] and ref["year"] == key["year"])
    return Match(key["paper_id"], round(0.8 * sim + 0.1 * author + 0.1 * year, 4), "title")


def resolve(db: Database, ref: dict[str, Any], terms: RefTerms | None = None) -> Match | None:
    """The archive paper a ``refs`` row cites: the best match, none when the best two tie.
    ``terms`` is the row's ``ref_terms`` when the caller has it."""
    if terms is None:
        terms = ref_terms(ref["surname"], ref["text"])
    raw = terms.raw
    raw_words = set(raw.split())
    keys = candidate_keys(db, ref, terms)
    matches = sorted(
        (m for key in keys if (m := _score(ref, key, raw_words, raw)) is not None),
        key=lambda m: -m.score,
    )
    if not matches or (len(matches) > 1 and matches[1].score >= matches[0].score):
        return None
    return matches[0]


def _store(db: Database, ref: dict[str, Any], match: Match | None) -> set[str]:
    """Write the link of one reference; the cited ids whose counts change."""
    old = db.execute(
        "SELECT cited_id FROM citations WHERE citing_id = ? AND position = ?",
        [ref["paper_id"], ref["position"]],
    ).fetchone()
    if old is not None and match is not None and old[0] == match.cited_id:
        return set()
    db.execute(
        "DELETE FROM citations WHERE citing_id = ? AND position = ?",
        [ref["paper_id"], ref["position"]],
    )
    changed = {old[0]} if old else set()
    if match is not None:
        db.execute(
            "INSERT INTO citations (citing_id, position, cited_id, score, method) "
            "VALUES (?, ?, ?, ?, ?)",
            [ref["paper_id"], ref["position"], match.cited_id, match.score, match.method],
        )
        changed.add(match.cited_id)
    return changed


def _recount(db: Database, ids: Iterable[str]) -> None:
    for paper_id in set(ids):
        n = db.execute(
            "SELECT count(DISTINCT citing_id) FROM citations WHERE cited_id = ?", [paper_id]
        ).fetchone()[0]
        if n:
            db.execute(
                "INSERT OR REPLACE INTO cite_counts (paper_id, n) VALUES (?, ?)", [paper_id, n]
            )
        else:
            db.execute("DELETE FROM cite_counts WHERE paper_id = ?", [paper_id])


def _citing_candidates(db: Database, paper_id: str) -> list[dict[str, Any]]:
    """Other papers' references that could cite ``paper_id`` (``citeindex.citing_rows``).
    Those found only by surname words must hold something like its title and a year no more
    than one apart, so that a common surname does not send references back to the resolver."""
    key = _paper_key(db, paper_id)
    if key is None:
        return []
    by_id, by_words = citing_rows(db, key)
    title, year = key["title"] or "", key["year"]
    return by_id + [
        row
        for row in by_words
        if (row["year"] is None or year is None or abs(row["year"] - year) <= 1)
        and fuzz.partial_ratio(title, match_text(row["text"])) >= PREFILTER
    ]


def _paper_key(db: Database, paper_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM paper_keys WHERE paper_id = ?", [paper_id]))
    return rows[0] if rows else None


def link_paper(db: Database, paper_id: str) -> None:
    """Resolve the references of a paper just saved, and those of others that may cite it."""
    save_paper_keys(db, paper_id)
    key = _paper_key(db, paper_id)
    if key is not None:
        index_paper(db, paper_id, key["surname"], key["title"])
    refs = {
        ref.pop("rowid"): ref
        for ref in db.query("SELECT rowid, * FROM refs WHERE paper_id = ?", [paper_id])
    }
    terms = {rowid: ref_terms(ref["surname"], ref["text"]) for rowid, ref in refs.items()}
    index_refs(db, paper_id, terms)
    changed = {
        r[0] for r in db.execute("SELECT cited_id FROM citations WHERE citing_id = ?", [paper_id])
    }
    db.execute("DELETE FROM citations WHERE citing_id = ?", [paper_id])
    found = [
        (ref["position"], match)
        for rowid, ref in refs.items()
        if (match := resolve(db, ref, terms[rowid])) is not None
    ]
    db.conn.executemany(
        "INSERT INTO citations (citing_id, position, cited_id, score, method) "
        "VALUES (?, ?, ?, ?, ?)",
        [(paper_id, position, m.cited_id, m.score, m.method) for position, m in found],
    )
    changed |= {m.cited_id for _, m in found}
    pointing = {
        (r[0], r[1])
        for r in db.execute(
            "SELECT citing_id, position FROM citations WHERE cited_id = ?", [paper_id]
        )
    }
    for ref in _citing_candidates(db, paper_id):
        pointing.discard((ref["paper_id"], ref["position"]))
        changed |= _store(db, ref, resolve(db, ref))
    changed |= _relink(db, pointing)
    _recount(db, changed | {paper_id})


def _relink(db: Database, refs: Iterable[tuple[str, int]]) -> set[str]:
    changed: set[str] = set()
    for citing_id, position in refs:
        rows = list(
            db.query(
                "SELECT * FROM refs WHERE paper_id = ? AND position = ?", [citing_id, position]
            )
        )
        if rows:
            changed |= _store(db, rows[0], resolve(db, rows[0]))
    return changed


def unlink_paper(db: Database, paper_id: str) -> None:
    """Before ``paper_id`` is deleted: drop its links and re-resolve the references to it."""
    pointing = [
        (r[0], r[1])
        for r in db.execute(
            "SELECT citing_id, position FROM citations WHERE cited_id = ?", [paper_id]
        )
    ]
    changed = {
        r[0] for r in db.execute("SELECT cited_id FROM citations WHERE citing_id = ?", [paper_id])
    }
    db.execute("DELETE FROM citations WHERE citing_id = ? OR cited_id = ?", [paper_id, paper_id])
    db.execute("DELETE FROM paper_keys WHERE paper_id = ?", [paper_id])
    unindex_paper(db, paper_id)
    db.execute("DELETE FROM cite_counts WHERE paper_id = ?", [paper_id])
    changed |= _relink(db, pointing)
    changed.discard(paper_id)
    _recount(db, changed)


def relink_all(db: Database) -> None:
    """Parse every stored reference and rebuild the whole graph (an upgraded archive)."""
    for row in list(db.query("SELECT paper_id, position, text FROM refs")):
        parsed = dict(zip(REF_COLUMNS, ref_rows(row["paper_id"], [row["text"]])[0], strict=True))
        parsed.pop("position")
        parsed.pop("text")
        db.table("refs").update((row["paper_id"], row["position"]), parsed)
    paper_ids = [r[0] for r in db.execute("SELECT id FROM papers")]
    for paper_id in paper_ids:
        save_paper_keys(db, paper_id)
    create_index_tables(db)
    rebuild_index(db)
    db.execute("DELETE FROM citations")
    for ref in list(db.query("SELECT * FROM refs")):
        _store(db, ref, resolve(db, ref))
    db.execute("DELETE FROM cite_counts")
    db.execute(
        "INSERT INTO cite_counts (paper_id, n) SELECT cited_id, count(DISTINCT citing_id) "
        "FROM citations GROUP BY cited_id"
    )


def citation_counts(db: Database) -> dict[str, int]:
    """How many archive papers cite each paper (papers nobody cites are left out)."""
    return dict(db.execute(COUNTS_SQL).fetchall())


def shared_references(
    db: Database, paper_id: str, limit: int = 10
) -> list[tuple[str, int, list[str]]]:
    """Papers that cite the same works as ``paper_id`` (bibliographic coupling), most first:
    ``(other_id, n_shared, shared titles)``. Works match by their folded title's first words
    (or DOI/arXiv id), inside or outside the archive."""
    rows = db.execute(
        "SELECT o.paper_id, count(DISTINCT m.ref_key) AS n, "
        "group_concat(DISTINCT hex(m.ref_key)) "
        "FROM refs m JOIN refs o ON o.ref_key = m.ref_key AND o.paper_id != m.paper_id "
        "WHERE m.paper_id = ? AND m.ref_key IS NOT NULL GROUP BY o.paper_id "
        "ORDER BY n DESC, o.paper_id LIMIT ?",
        [paper_id, limit],
    ).fetchall()
    titles = {
        r[0]: r[1]
        for r in db.execute(
            "SELECT hex(ref_key), coalesce(title, text) FROM refs WHERE paper_id = ?",
            [paper_id],
        )
    }
    return [(other, n, [titles.get(k, k) for k in keys.split(",")]) for other, n, keys in rows]


def citing_ids(db: Database, paper_id: str) -> tuple[str, ...]:
    """The archive papers that cite ``paper_id``, by id."""
    return tuple(
        r[0]
        for r in db.execute(
            "SELECT DISTINCT citing_id FROM citations WHERE cited_id = ? ORDER BY citing_id",
            [paper_id],
        )
    )
