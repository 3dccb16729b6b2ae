"""The archive's schema, as ``sqlite_utils.Migrations``.

Tables: ``papers``, ``authors``, ``pages`` (one row per PDF page), ``sections``, ``refs``,
``files`` (every source file seen, with its status) and ``runs`` (one row per ingest).

Full-text indexes (FTS5, porter + unicode61 without diacritics):

* ``papers_fts`` over the paper-level fields and ``pages_fts`` over page text, both created by
  sqlite-utils with triggers, so Datasette and ``sqlite-utils search`` offer full-text search
  on them out of the box (``pages_fts`` keeps word positions in a new archive, so phrases,
  which Datasette makes of every hyphenated word, work on pages; ``set_page_phrases(db,
  False)`` drops them, leaving which pages hold a word);
* ``spell_fts`` (unstemmed, with ``spell_vocab``) over titles, abstracts and keywords, for fuzzy
  terms and spelling suggestions;
* ``docs_fts``, the ranking index: one row per paper (title, abstract, keywords, authors,
  sections, body), external content over the ``docs`` view, maintained by the archive's writer.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from .citations import create_tables, relink_all
from .citeindex import create_index_tables, rebuild_index
from .citekeys import key_digest

__all__ = ["DOCS_COLUMNS", "TOKENIZE", "migrations", "page_phrases", "set_page_phrases"]

TOKENIZE = "porter unicode61 remove_diacritics 2"
DOCS_COLUMNS = ("title", "abstract", "keywords", "authors", "sections", "body")
FTS_HASHSIZE = 16 * 1024 * 1024

migrations = Migrations("proceedings")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("papers").create(
        {
            "id": str,
            "identity": str,
            "title": str,
            "abstract": str,
            "keywords": str,
            "authors": str,
            "year": int,
            "venue": str,
            "arxiv_id": str,
            "doi": str,
            "page_count": int,
            "sha256": str,
            "source_path": str,
            "extractor_version": str,
            "field_sources": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"title", "identity"},
    )
    db.table("papers").create_index(["identity"], unique=True)
    db.table("papers").create_index(["sha256"])
    db.table("papers").create_index(["year"])
    db.table("papers").create_index(["venue"])
    db.table("authors").create(
        {
            "paper_id": str,
            "position": int,
            "name": str,
            "folded": str,
            "affiliations": str,
            "email": str,
        },
        pk=("paper_id", "position"),
        foreign_keys=[("paper_id", "papers", "id")],
    )
    db.table("authors").create_index(["folded"])
    db.table("pages").create(
        {"paper_id": str, "page": int, "text": str},
        pk=("paper_id", "page"),
        foreign_keys=[("paper_id", "papers", "id")],
    )
    db.table("sections").create(
        {"paper_id": str, "position": int, "title": str, "page": int},
        pk=("paper_id", "position"),
        foreign_keys=[("paper_id", "papers", "id")],
    )
    db.table("refs").create(
        {"paper_id": str, "position": int, "text": str},
        pk=("paper_id", "position"),
        foreign_keys=[("paper_id", "papers", "id")],
    )
    db.table("runs").create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "added": int,
            "updated": int,
            "unchanged": int,
            "failed": int,
            "pages": int,
            "duration_s": float,
            "pages_per_s": float,
            "options": str,
            "pid": int,
        },
        pk="id",
    )
    db.table("files").create(
        {
            "path": str,
            "size": int,
            "mtime": float,
            "sha256": str,
            "status": str,
            "error_class": str,
            "error": str,
            "paper_id": str,
            "run_id": int,
            "extractor_version": str,
            "updated_at": str,
        },
        pk="path",
    )
    db.table("files").create_index(["sha256"])
    db.table("files").create_index(["status"])
    db.table("papers").enable_fts(
        ["title", "abstract", "keywords", "authors"], create_triggers=True, tokenize=TOKENIZE
    )
    db.table("pages").enable_fts(["text"], create_triggers=True, tokenize=TOKENIZE)
    # Page hits need which pages match and snippets, not positions: detail=column keeps the
    # page index about a third of the size (phrases are matched per paper, in docs_fts).
    db.execute("DROP TABLE pages_fts")
    db.execute(
        f"CREATE VIRTUAL TABLE [pages_fts] USING FTS5 ([text], tokenize='{TOKENIZE}', "
        "content=[pages], detail=column)"
    )
    db.execute(
        """
        CREATE VIEW docs AS
        SELECT papers.rowid AS rowid, papers.title, papers.abstract, papers.keywords,
               papers.authors,
               (SELECT group_concat(title, ' ') FROM
                  (SELECT title FROM sections WHERE paper_id = papers.id ORDER BY position)
               ) AS sections,
               (SELECT group_concat(text, char(10)) FROM
                  (SELECT text FROM pages WHERE paper_id = papers.id ORDER BY page)
               ) AS body
        FROM papers
        """
    )
    cols = ", ".join(DOCS_COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE docs_fts USING fts5({cols}, content='docs', "
        f"content_rowid='rowid', tokenize='{TOKENIZE}')"
    )
    db.execute("CREATE VIRTUAL TABLE docs_vocab USING fts5vocab(docs_fts, 'row')")
    # Fewer, larger segments while loading: less merging during ingest.
    for fts in ("docs_fts", "pages_fts"):
        db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {FTS_HASHSIZE})")
    # Unstemmed words of titles, abstracts and keywords: fuzzy expansion and "did you mean".
    db.execute(
        "CREATE VIRTUAL TABLE spell_fts USING fts5(title, abstract, keywords, content='papers', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for event, body in (
        (
            "ai",
            "INSERT INTO spell_fts(rowid, title, abstract, keywords) "
            "VALUES (new.rowid, new.title, new.abstract, new.keywords);",
        ),
        (
            "ad",
            "INSERT INTO spell_fts(spell_fts, rowid, title, abstract, keywords) "
            "VALUES ('delete', old.rowid, old.title, old.abstract, old.keywords);",
        ),
    ):
        kind = "INSERT" if event == "ai" else "DELETE"
        db.execute(f"CREATE TRIGGER papers_spell_{event} AFTER {kind} ON papers BEGIN {body} END")
    db.execute(
        "CREATE TRIGGER papers_spell_au AFTER UPDATE ON papers BEGIN "
        "INSERT INTO spell_fts(spell_fts, rowid, title, abstract, keywords) "
        "VALUES ('delete', old.rowid, old.title, old.abstract, old.keywords); "
        "INSERT INTO spell_fts(rowid, title, abstract, keywords) "
        "VALUES (new.rowid, new.title, new.abstract, new.keywords); END"
    )
    db.execute("CREATE VIRTUAL TABLE spell_vocab USING fts5vocab(spell_fts, 'row')")


@migrations()
def m002_pages_fts_detail_none(db: Database) -> None:
    """Search scores pages and cuts snippets in Python (``best_pages.py``); ``pages_fts`` only
    has to say which pages hold which words, for SQL and Datasette users: ``detail=none``
    keeps it a third of its ``detail=column`` size."""
    db.execute("DROP TABLE IF EXISTS pages_fts")
    db.execute(
        f"CREATE VIRTUAL TABLE [pages_fts] USING FTS5 ([text], tokenize='{TOKENIZE}', "
        "content=[pages], detail=none)"
    )
    db.execute(f"INSERT INTO pages_fts(pages_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE})")
    db.execute("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')")


@migrations()
def m003_code_url(db: Database) -> None:
    """Where a paper says its code is (an availability statement moved out of the abstract)."""
    db.table("papers").add_column("code_url", str)


@migrations()
def m004_citations(db: Database) -> None:
    """Parsed reference fields on ``refs``, the ``citations`` graph between archive papers,
    the match keys of each paper (``paper_keys``) and the citation counts (``cite_counts``).
    An archive that already holds papers gets its references parsed and linked here."""
    create_tables(db)
    relink_all(db)


@migrations()
def m005_biblio(db: Database) -> None:
    """Where each paper is published (volume, pages, publisher, ...), as a JSON object."""
    db.table("papers").add_column("biblio", str)


@migrations()
def m006_citation_blocking(db: Database) -> None:
    """The surname-word indexes the resolver finds its candidates through (``citeindex``)."""
    create_index_tables(db)
    rebuild_index(db)


@migrations()
def m007_key_digests(db: Database) -> None:
    """Title prefixes and reference keys as 8-byte digests (``citekeys.key_digest``): the
    same matches in a fraction of the space of ``refs`` and its indexes."""
    db.register_function(key_digest, deterministic=True, replace=True)
    for table, column in (("refs", "prefix"), ("refs", "ref_key"), ("paper_keys", "prefix")):
        # Keys written by this version's code (m004 on an older archive) are digests already.
        db.execute(
            f"UPDATE {table} SET {column} = key_digest({column}) WHERE typeof({column}) = 'text'"
        )


def apply(db: Database) -> None:
    """Bring the schema up to date; a new archive gets word positions in ``pages_fts``."""
    new = any(m.name == "m001_initial" for m in migrations.pending(db))
    migrations.apply(db)
    if new:
        set_page_phrases(db, True)


def page_phrases(db: Database) -> bool:
    """Whether ``pages_fts`` keeps word positions (``detail=full``), so that phrases, and
    hyphenated words, which Datasette quotes into phrases, can be searched on pages."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'pages_fts'").fetchone()
    return bool(row) and "detail=none" not in "".join(row[0].lower().split())


def set_page_phrases(db: Database, on: bool) -> bool:
    """Rebuild ``pages_fts`` from ``pages`` with positions (``on``, what a new archive gets)
    or without; ``False`` when it already is so. The triggers of ``m001`` keep it in sync
    either way. Without positions the archive takes about 1.86x its raw text instead of
    2.18x (``docs/benchmarks.md``), and phrases fail on pages. ``docs_fts`` keeps its own positions:
    under ``detail=column`` FTS5's ``bm25()`` re-tokenizes every matching row of the
    ``docs`` view (9 s instead of 52 ms for one common word at 10k papers)."""
    if page_phrases(db) == on:
        return False
    db.execute("DROP TABLE IF EXISTS pages_fts")
    detail = "" if on else ", detail=none"
    db.execute(
        f"CREATE VIRTUAL TABLE [pages_fts] USING FTS5 ([text], tokenize='{TOKENIZE}', "
        f"content=[pages]{detail})"
    )
    db.execute(f"INSERT INTO pages_fts(pages_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE})")
    db.execute("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')")
    return True
