"""Blocking for the citation resolver: the few papers a reference may cite, the few references
that may cite a paper, found through indexes rather than by scoring everything that shares a
surname.

In: a ``refs`` row (its raw text, first author's surname, title prefix, DOI, arXiv id) or a
paper id (its ``paper_keys`` row). Out: candidate ``paper_keys`` rows for ``resolve``, and
candidate ``refs`` rows for re-resolution when a paper arrives.

Keys: the DOI, arXiv id and first three title words (indexed columns of ``paper_keys`` and
``refs``), and "surname pairs": the first author's folded surname joined to each pair of
neighbouring content words of a paper's title (table ``paper_words``; a one-word title gives
the surname and that word) or of a reference's raw string (``ref_words``, a contentless FTS5
index whose rowid is the ``refs`` rowid). A reference and a paper are candidates when they
share an identifier, the prefix (with years no more than one apart), or the surname and two
pairs (one when the title has only one): a title the resolver finds inside the raw string
brings its pairs along. Each lookup reads short posting lists, so linking a paper costs about
the same in an archive of 1,000 papers and of 50,000, where the surname alone matched every
paper (or reference) by a Wang.
Tokens derive from stored columns only (``refs.surname``, ``refs.text``), so a delete from the
contentless index recomputes exactly what was added; a change to the token rules needs
``rebuild_index`` in a migration.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from typing import Any, NamedTuple

from sqlite_utils import Database

from .citekeys import match_words
from .text import STOPWORDS

__all__ = [
    "RefTerms",
    "candidate_keys",
    "citing_rows",
    "create_index_tables",
    "index_paper",
    "index_refs",
    "rebuild_index",
    "ref_terms",
    "unindex_paper",
    "unindex_refs",
    "words",
]


_HYPHEN = re.compile(r"(\w)[-‐]\s+(?=[a-z])")  # "imper-\nfect": a word broken at a line end


def create_index_tables(db: Database) -> None:
    db.table("paper_words").create(
        {"token": str, "paper_id": str, "n": int}, pk=("token", "paper_id"), if_not_exists=True
    )
    db.table("paper_words").create_index(["paper_id"], if_not_exists=True)
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS ref_words USING fts5(tokens, content='', "
        "detail=none, columnsize=0, tokenize=\"ascii tokenchars '_'\")"
    )


def _content(tokens: Iterable[str]) -> list[str]:
    return [w for w in tokens if len(w) >= 3 and w not in STOPWORDS and not w.isdigit()]


def words(text: str | None) -> list[str]:
    """The content words of ``text`` in order, as the matcher folds them (three letters or
    more, no stopwords, no numbers)."""
    return _content(match_words(text))


class RefTerms(NamedTuple):
    """What the resolver and the index read off a reference's raw string, computed once:
    the string as ``match_text`` folds it, its surname pairs and its surname with each content
    word (both sorted; empty without a surname)."""

    raw: str
    pairs: list[str]
    singles: list[str]


def ref_terms(surname: str | None, text: str | None) -> RefTerms:
    tokens = match_words(text)
    raw = " ".join(tokens)
    if not surname:
        return RefTerms(raw, [], [])
    content = _content(tokens)
    unbroken = _HYPHEN.sub(r"\1", text) if text and ("-" in text or "‐" in text) else text
    seq = content if unbroken == text else words(unbroken)
    pairs = sorted({f"{surname}_{a}_{b}" for a, b in pairwise(seq)})
    return RefTerms(raw, pairs, sorted({f"{surname}_{w}" for w in content}))


def _pairs(surname: str | None, text: str | None) -> set[str]:
    """ "smith_sparse_attention", "smith_attention_long", ...: the surname with each pair of
    neighbouring content words."""
    seq = words(_HYPHEN.sub(r"\1", text or ""))
    return {f"{surname}_{a}_{b}" for a, b in pairwise(seq)} if surname else set()


def _paper_tokens(surname: str | None, title: str | None) -> set[str]:
    """A title's pairs; for a one-word title, the surname with that word."""
    seq = words(title)
    if not surname or not seq:
        return set()
    return _pairs(surname, title) if len(seq) > 1 else {f"{surname}_{seq[0]}"}


def index_paper(db: Database, paper_id: str, surname: str | None, title: str | None) -> None:
    """Replace the surname words of ``paper_id`` (its ``paper_keys`` surname and title)."""
    unindex_paper(db, paper_id)
    tokens = _paper_tokens(surname, title)
    db.conn.executemany(
        "INSERT OR IGNORE INTO paper_words (token, paper_id, n) VALUES (?, ?, ?)",
        [(t, paper_id, len(tokens)) for t in sorted(tokens)],
    )


def unindex_paper(db: Database, paper_id: str) -> None:
    db.execute("DELETE FROM paper_words WHERE paper_id = ?", [paper_id])


def _ref_tokens(db: Database, paper_id: str) -> list[tuple[int, str]]:
    rows = db.execute(
        "SELECT rowid, surname, text FROM refs WHERE paper_id = ? AND surname IS NOT NULL",
        [paper_id],
    )
    return [
        (rowid, " ".join(pairs))
        for rowid, surname, text in rows
        if (pairs := ref_terms(surname, text).pairs)
    ]


def index_refs(db: Database, paper_id: str, terms: dict[int, RefTerms] | None = None) -> None:
    """Add the surname words of the references of ``paper_id`` (rows just inserted);
    ``terms`` holds their ``ref_terms`` by rowid when the caller has them."""
    if terms is None:
        rows = _ref_tokens(db, paper_id)
    else:
        rows = [(rowid, " ".join(t.pairs)) for rowid, t in terms.items() if t.pairs]
    db.conn.executemany("INSERT INTO ref_words (rowid, tokens) VALUES (?, ?)", rows)


def unindex_refs(db: Database, paper_id: str) -> None:
    """Before the ``refs`` rows of ``paper_id`` are deleted: take them out of ``ref_words``."""
    db.conn.executemany(
        "INSERT INTO ref_words (ref_words, rowid, tokens) VALUES ('delete', ?, ?)",
        _ref_tokens(db, paper_id),
    )


def rebuild_index(db: Database) -> None:
    """Fill both indexes from ``paper_keys`` and ``refs`` (an upgraded or relinked archive)."""
    db.execute("DELETE FROM paper_words")
    db.execute("INSERT INTO ref_words (ref_words) VALUES ('delete-all')")
    keys = db.execute("SELECT paper_id, surname, title FROM paper_keys").fetchall()
    for paper_id, surname, title in keys:
        index_paper(db, paper_id, surname, title)
    for (paper_id,) in db.execute("SELECT DISTINCT paper_id FROM refs").fetchall():
        index_refs(db, paper_id)


def _in_chunks(db: Database, sql: str, values: list[Any], *args: Any) -> list[Any]:
    """Rows of ``sql`` (one ``{}`` for a list of marks) over ``values`` 500 at a time."""
    rows: list[Any] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        rows += db.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *args]).fetchall()
    return rows


def _any_word_of(db: Database, surname: str) -> bool:
    """Whether ``paper_words`` holds a token of ``surname`` (one that starts "surname_"): a
    reference's tokens all do, so without one none of them can match."""
    return (
        db.execute(
            "SELECT 1 FROM paper_words WHERE token >= ? AND token < ? LIMIT 1",
            [surname + "_", surname + "`"],  # "`" follows "_"
        ).fetchone()
        is not None
    )


def candidate_keys(
    db: Database, ref: dict[str, Any], terms: RefTerms | None = None
) -> list[dict[str, Any]]:
    """The ``paper_keys`` rows a ``refs`` row may cite: same identifier, same title prefix, or
    the same first author with two neighbouring title words (or a one-word title) in the raw
    string. ``terms`` is the row's ``ref_terms`` when the caller has it."""
    if terms is None:
        terms = ref_terms(ref["surname"], ref["text"])
    tokens = terms.pairs + terms.singles
    ids: set[str] = set()
    if tokens and _any_word_of(db, ref["surname"]):
        ids = {
            r[0]
            for r in _in_chunks(
                db,
                "SELECT paper_id FROM paper_words WHERE token IN ({}) GROUP BY paper_id "
                "HAVING count(*) >= min(2, max(n))",
                tokens,
            )
        }
    found: dict[str, dict[str, Any]] = {}
    if any(ref[k] is not None for k in ("doi", "arxiv_id", "prefix")):  # else nothing is equal
        found = {
            row["paper_id"]: row
            for row in db.query(
                "SELECT * FROM paper_keys WHERE doi = :doi OR arxiv = :arxiv OR (prefix = :prefix "
                "AND (year IS NULL OR :year IS NULL OR abs(year - :year) <= 1))",
                {
                    "doi": ref["doi"],
                    "arxiv": ref["arxiv_id"],
                    "prefix": ref["prefix"],
                    "year": ref["year"],
                },
            )
        }
    missing = sorted(ids - set(found))
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(f"SELECT * FROM paper_keys WHERE paper_id IN ({marks})", chunk):
            found[row["paper_id"]] = row
    found.pop(ref["paper_id"], None)
    return list(found.values())


def citing_rows(
    db: Database, key: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Other papers' ``refs`` rows that may cite the paper of ``key`` (a ``paper_keys`` row):
    (those sharing an identifier or the title prefix, those sharing surname words only)."""
    by_id = list(
        db.query(
            "SELECT * FROM refs WHERE paper_id != :id AND (doi = :doi OR arxiv_id = :arxiv "
            "OR (prefix = :prefix AND (year IS NULL OR :year IS NULL OR abs(year - :year) <= 1)))",
            {
                "id": key["paper_id"],
                "doi": key["doi"],
                "arxiv": key["arxiv"],
                "prefix": key["prefix"],
                "year": key["year"],
            },
        )
    )
    tokens = sorted(_paper_tokens(key["surname"], key["title"]))
    hits: Counter[int] = Counter()
    if len(tokens) == 1 and tokens[0].count("_") == 1:  # a one-word title: no pairs to look up
        hits.update(
            r[0] for r in db.execute("SELECT rowid FROM refs WHERE surname = ?", [key["surname"]])
        )
    for token in tokens:
        hits.update(r[0] for r in db.execute("SELECT rowid FROM ref_words(?)", [f'"{token}"']))
    need = min(2, len(tokens))
    rowids = {rowid for rowid, n in hits.items() if n >= need}
    seen = {(r["paper_id"], r["position"]) for r in by_id}
    found = sorted(rowids)
    by_words = []
    for start in range(0, len(found), 500):
        chunk = found[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"SELECT * FROM refs WHERE rowid IN ({marks}) AND paper_id != ? AND surname = ?",
            [*chunk, key["paper_id"], key["surname"]],
        ):
            if (row["paper_id"], row["position"]) not in seen:
                by_words.append(row)
    return by_id, by_words
