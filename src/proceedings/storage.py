"""Papers to rows and back: the archive's one write path for a paper.

In: a ``Paper`` (or a paper id). Out: its rows in ``papers``, ``authors``, ``sections``,
``pages`` and the full-text tables; ``load_paper`` turns the rows back into a ``Paper``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from .citations import citing_ids, link_paper, unlink_paper
from .citeindex import unindex_refs
from .citekeys import REF_COLUMNS, ref_rows
from .migrations import DOCS_COLUMNS
from .models import Author, Page, Paper, Section
from .sqlrows import insert_rows, upsert
from .text import TITLE_STOPWORDS, normalize_text
from .text import fold_words as fold

__all__ = [
    "delete_paper",
    "fold",
    "identity_of",
    "load_paper",
    "normalized",
    "now",
    "optimize",
    "save_paper",
    "write_transaction",
]

_DOCS = ", ".join(DOCS_COLUMNS)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock at once (``BEGIN IMMEDIATE``), so that a
    read-then-write waits out the busy timeout instead of failing with "database is locked";
    inside another transaction it is a savepoint, as ``Database.atomic`` makes it."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _surname(paper: Paper) -> str:
    """The first author's last name, hyphenated parts kept together (Núñez-García)."""
    if not paper.authors:
        return ""
    names = paper.authors[0].name.split()
    return fold(names[-1]).replace(" ", "") if names else ""


def identity_of(paper: Paper) -> str:
    """Two PDFs are the same paper when their folded title and first author's surname agree.

    A paper without a usable title falls back to the hash of its bytes.
    """
    title = fold(paper.title)
    if len(title) < 8:
        return "sha256:" + (paper.sha256 or hashlib.sha256(paper.text.encode()).hexdigest())
    key = f"{title}|{_surname(paper)}"
    return "t:" + hashlib.sha256(key.encode()).hexdigest()[:24]


def _slug(paper: Paper) -> str:
    words = [w for w in fold(paper.title).split() if w not in TITLE_STOPWORDS and not w.isdigit()]
    surname = _surname(paper) or "anon"
    year = f"{paper.year % 100:02d}" if paper.year else ""
    return f"{surname}{year}{words[0] if words else 'paper'}"[:40]


def _new_id(db: Database, paper: Paper) -> str:
    base = _slug(paper)
    candidate, n = base, 0
    while db.execute("SELECT 1 FROM papers WHERE id = ?", [candidate]).fetchone():
        n += 1
        candidate = base + chr(ord("a") + n) if n < 26 else f"{base}{n}"
    return candidate


def _delete_children(db: Database, paper_id: str, rowid: int) -> None:
    db.execute(
        f"INSERT INTO docs_fts(docs_fts, rowid, {_DOCS}) SELECT 'delete', rowid, {_DOCS} "
        "FROM docs WHERE rowid = ?",
        [rowid],
    )
    unindex_refs(db, paper_id)
    for table in ("authors", "pages", "sections", "refs"):
        db.execute(f"DELETE FROM {table} WHERE paper_id = ?", [paper_id])


def normalized(paper: Paper) -> Paper:
    """``paper`` with its title, abstract, keywords, venue and author names and affiliations
    in ``normalize_text`` form (NFC, accents on dotless i repaired)."""
    n = normalize_text
    return replace(
        paper,
        title=n(paper.title),
        abstract=n(paper.abstract),
        keywords=tuple(n(k) for k in paper.keywords),
        venue=n(paper.venue) if paper.venue else paper.venue,
        authors=tuple(
            Author(n(a.name), tuple(n(x) for x in a.affiliations), a.email) for a in paper.authors
        ),
    )


def save_paper(db: Database, paper: Paper, *, paper_id: str | None = None) -> tuple[str, bool]:
    """Store ``paper`` (the caller holds the transaction); returns (id, replaced_existing)."""
    paper = normalized(paper)
    identity = identity_of(paper)
    row = db.execute(
        "SELECT id, rowid, created_at FROM papers WHERE identity = ? OR id = ?",
        [identity, paper_id or paper.id or ""],
    ).fetchone()
    created = now()
    if row:
        paper_id, rowid, created = row
        _delete_children(db, paper_id, rowid)
    else:
        paper_id = paper_id or paper.id or _new_id(db, paper)
    record: dict[str, Any] = {
        "id": paper_id,
        "identity": identity,
        "title": paper.title,
        "abstract": paper.abstract,
        "keywords": "; ".join(paper.keywords),
        "authors": ", ".join(a.name for a in paper.authors),
        "year": paper.year,
        "venue": paper.venue,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "code_url": paper.code_url,
        "page_count": paper.page_count or len(paper.pages),
        "sha256": paper.sha256,
        "source_path": paper.source,
        "extractor_version": paper.extractor_version,
        "field_sources": json.dumps(dict(paper.field_sources)),
        "biblio": json.dumps(dict(paper.biblio), ensure_ascii=False) if paper.biblio else None,
        "created_at": created,
        "updated_at": now(),
    }
    upsert(db, "papers", record, "id")
    insert_rows(
        db,
        "authors",
        ("paper_id", "position", "name", "folded", "affiliations", "email"),
        (
            (
                paper_id,
                i,
                a.name,
                fold(a.name),
                json.dumps(list(a.affiliations), ensure_ascii=False),
                a.email,
            )
            for i, a in enumerate(paper.authors)
        ),
    )
    pages = ((paper_id, p.number, p.text) for p in paper.pages)
    insert_rows(db, "pages", ("paper_id", "page", "text"), pages)
    insert_rows(
        db,
        "sections",
        ("paper_id", "position", "title", "page"),
        ((paper_id, i, s.title, s.page) for i, s in enumerate(paper.sections)),
    )
    insert_rows(db, "refs", REF_COLUMNS, ref_rows(paper_id, paper.references))
    db.execute(
        f"INSERT INTO docs_fts(rowid, {_DOCS}) SELECT rowid, {_DOCS} FROM docs "
        "WHERE rowid = (SELECT rowid FROM papers WHERE id = ?)",
        [paper_id],
    )
    link_paper(db, paper_id)
    return paper_id, bool(row)


def delete_paper(db: Database, paper_id: str) -> bool:
    row = db.execute("SELECT rowid FROM papers WHERE id = ?", [paper_id]).fetchone()
    if not row:
        return False
    unlink_paper(db, paper_id)
    _delete_children(db, paper_id, row[0])
    db.execute("DELETE FROM papers WHERE id = ?", [paper_id])
    db.execute("UPDATE files SET paper_id = NULL WHERE paper_id = ?", [paper_id])
    return True


def optimize(db: Database) -> None:
    """Merge each full-text index into a single segment and refresh the planner's statistics."""
    for fts in ("docs_fts", "pages_fts", "papers_fts", "spell_fts"):
        db.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    db.execute("ANALYZE")


def load_paper(db: Database, row: Mapping[str, Any], *, include_text: bool = True) -> Paper:
    pid = row["id"]
    authors = tuple(
        Author(r["name"], tuple(json.loads(r["affiliations"] or "[]")), r["email"])
        for r in db.query(
            "SELECT name, affiliations, email FROM authors WHERE paper_id = ? ORDER BY position",
            [pid],
        )
    )
    pages: tuple[Page, ...] = ()
    if include_text:
        pages = tuple(
            Page(r["page"], r["text"])
            for r in db.query(
                "SELECT page, text FROM pages WHERE paper_id = ? ORDER BY page", [pid]
            )
        )
    sections = tuple(
        Section(r["title"], r["page"])
        for r in db.query(
            "SELECT title, page FROM sections WHERE paper_id = ? ORDER BY position", [pid]
        )
    )
    refs = tuple(
        r["text"]
        for r in db.query("SELECT text FROM refs WHERE paper_id = ? ORDER BY position", [pid])
    )
    return Paper(
        id=pid,
        title=row["title"],
        authors=authors,
        abstract=row["abstract"] or "",
        keywords=tuple(k for k in (row["keywords"] or "").split("; ") if k),
        year=row["year"],
        venue=row["venue"],
        pages=pages,
        sections=sections,
        references=refs,
        arxiv_id=row["arxiv_id"],
        doi=row["doi"],
        code_url=row["code_url"],
        source=row["source_path"],
        sha256=row["sha256"],
        page_count=row["page_count"] or 0,
        extractor_version=row["extractor_version"],
        field_sources=json.loads(row["field_sources"] or "{}"),
        cited_by=citing_ids(db, pid),
        biblio=json.loads(row.get("biblio") or "{}"),
    )
