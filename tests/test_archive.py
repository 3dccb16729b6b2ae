from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from tests.conftest import make_paper

from proceedings import Archive, ArchiveNotFoundError, PaperNotFoundError, ProceedingsError
from proceedings.migrations import migrations
from proceedings.storage import fold, identity_of


def test_add_get_round_trip(small: Archive) -> None:
    paper = next(p for p in small.papers() if p.title.startswith("Efficient"))
    got = small.get(paper.id or "")
    assert got.title == "Efficient Reasoning with Adaptive Chain-of-Thought"
    assert [a.name for a in got.authors] == ["Ji-woo Park", "Zoë Lefèvre"]
    assert got.authors[0].affiliations == ("KAIST",)
    assert got.authors[0].email == "jwpark@kaist.ac.kr"
    assert [p.number for p in got.pages] == [1, 2]
    assert got.sections[1].title == "Experiments"
    assert got.references == ("A. Author. A paper. In ICML, 2025.",)
    assert got.keywords == ("testing",)


def test_ids_are_stable_slugs(small: Archive) -> None:
    ids = sorted(p.id or "" for p in small.papers())
    assert ids == ["park24graph", "park25low", "park26efficient", "park26scalable"]


def test_same_paper_again_replaces_it(small: Archive) -> None:
    before = small.stats().papers
    pid = small.add(
        make_paper("Graph Neural Networks for Molecules", body="revised text", year=2024)
    )
    assert pid == "park24graph"
    assert small.stats().papers == before
    assert "revised text" in small.get(pid).text


def test_slug_collision_gets_a_suffix() -> None:
    with Archive() as archive:
        a = archive.add(make_paper("Graph Neural Networks for Molecules"))
        b = archive.add(make_paper("Graph Attention for Proteins"))
        assert (a, b) == ("park26graph", "park26graphb")


def test_delete_and_unknown_id(small: Archive) -> None:
    small.delete("park24graph")
    with pytest.raises(PaperNotFoundError, match="park24graph"):
        small.get("park24graph")
    with pytest.raises(PaperNotFoundError):
        small.delete("park24graph")
    integrity = small.db.execute("INSERT INTO docs_fts(docs_fts) VALUES('integrity-check')")
    assert integrity is not None


def test_stats(small: Archive) -> None:
    stats = small.stats()
    assert (stats.papers, stats.authors, stats.pages) == (4, 2, 8)
    assert stats.years == {"2024": 1, "2025": 1, "2026": 2}


def test_missing_archive_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFoundError, match=r"nothing\.db"):
        Archive(tmp_path / "nothing.db", create=False)


def test_file_archive_uses_wal(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        assert archive.db.journal_mode == "wal"


def test_fold_and_identity() -> None:
    assert fold("Schölkopf, Łukasz Wróbel") == "scholkopf lukasz wrobel"
    a = make_paper("Efficient  Reasoning!")
    b = make_paper("efficient reasoning", abstract="other")
    assert identity_of(a) == identity_of(b)


def test_readonly_archive_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        archive.add(make_paper("Graph Neural Networks for Molecules"))
    published = tmp_path / "published.db"
    with Archive(path) as archive:
        archive.db.execute(f"VACUUM INTO '{published}'")
    published.chmod(0o444)
    before = published.read_bytes()
    with Archive(published, readonly=True) as reader:
        assert reader.search("molecules").total == 1
        assert reader.get("park26graph").title == "Graph Neural Networks for Molecules"
    assert published.read_bytes() == before
    assert not (tmp_path / "published.db-wal").exists()


def test_readonly_rejects_what_is_not_an_archive(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ProceedingsError, match="cannot read archive"):
        Archive(other, readonly=True)
    with pytest.raises(ArchiveNotFoundError):
        Archive(tmp_path / "none.db", readonly=True)


def test_bulk_load_then_optimize_and_vacuum_keeps_search(tmp_path: Path) -> None:
    path = tmp_path / "bulk.db"
    with Archive(path) as archive:
        archive.add_all(
            make_paper(f"Paper {i} on {topic}", body=f"{topic} appears in the body.")
            for i, topic in enumerate(["reasoning", "diffusion", "kernels"] * 10)
        )
        archive.optimize(vacuum=True)
        freelist = archive.db.execute("PRAGMA freelist_count").fetchone()[0]
        results = archive.search("diffusion")
        pages = archive.db.execute(
            "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'diffusion'"
        ).fetchone()[0]
    assert freelist == 0
    assert results.total == 10 and all(h.page for h in results)
    assert pages == 20  # page 1 and page 2 of each paper hold the word


def test_code_url_is_stored_and_shown(tmp_path: Path) -> None:
    url = "https://github.com/example/prune"
    with Archive(tmp_path / "a.db") as archive:
        pid = archive.add(make_paper("Pruning Chains of Thought", code_url=url))
        paper = archive.get(pid)
    assert paper.code_url == url
    assert paper.to_dict()["code_url"] == url


def test_an_archive_of_the_first_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m002_pages_fts_detail_none")
    db["papers"].insert({"id": "old24paper", "identity": "old paper|smith", "title": "Old Paper"})
    db["pages"].insert({"paper_id": "old24paper", "page": 1, "text": "Koopman operators here."})
    db.conn.close()
    with Archive(path) as archive:
        schema = archive.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'pages_fts'"
        ).fetchone()[0]
        hits = archive.db.execute(
            "SELECT rowid FROM pages_fts WHERE pages_fts MATCH 'koopman'"
        ).fetchall()
        archive.db["pages"].insert({"paper_id": "old24paper", "page": 2, "text": "More koopman."})
        after = archive.db.execute(
            "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'koopman'"
        ).fetchone()[0]
        assert archive.get("old24paper").code_url is None
    assert "detail=none" in schema
    assert len(hits) == 1 and after == 2


def test_page_phrases_are_on_in_a_new_archive_and_a_choice_that_keeps_every_row(
    tmp_path: Path,
) -> None:
    """A new archive's page index keeps word positions, so phrases match on pages;
    ``optimize(page_phrases=False)`` drops them and ``True`` brings them back, keeping every
    row and search result either way."""
    path = tmp_path / "phrases.db"
    bodies = ("Optimal transport with GPT-4.", "The transport is optimal.", "Nothing here.")
    with Archive(path) as archive:
        for i, body in enumerate(bodies):
            archive.add(make_paper(f"Upgrade paper {i}", body=body))
    tables = ("papers", "authors", "pages", "sections", "refs")
    phrases = {'"optimal transport"': ("optimal", "transport"), '"gpt 4"': ("gpt", "4")}
    holding = [
        f"Upgrade paper {i}" for i, b in enumerate(bodies) if "optimal transport" in b.lower()
    ]

    def assert_phrases_match(db: Database) -> None:
        pages = db.execute("SELECT rowid, text FROM pages").fetchall()
        for query, words in phrases.items():
            found = db.execute("SELECT rowid FROM pages_fts WHERE pages_fts MATCH ?", [query])
            pattern = re.compile(r"\b" + r"\W+".join(words) + r"\b", re.IGNORECASE)
            expected = {rowid for rowid, text in pages if pattern.search(text)}
            assert {r[0] for r in found} == expected and expected

    with Archive(path) as archive:
        db = archive.db
        before = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        assert_phrases_match(db)
        archive.optimize(page_phrases=False)
        with pytest.raises(sqlite3.OperationalError, match="phrase"):
            db.execute("SELECT rowid FROM pages_fts WHERE pages_fts MATCH '\"gpt 4\"'").fetchall()
        assert db.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'gpt'").fetchone()
        assert [h.title for h in archive.search('"optimal transport"').hits] == holding
        without = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        archive.optimize(page_phrases=True)
        assert_phrases_match(db)
        assert [h.title for h in archive.search('"optimal transport"').hits] == holding
        after = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    assert before == without == after


def test_proc_optimize_page_phrases(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from proceedings.cli import cli
    from proceedings.migrations import page_phrases

    path = tmp_path / "a.db"
    with Archive(path) as archive:
        archive.add(make_paper("A paper on GPT-4", body="GPT-4 and optimal transport."))
    runner = CliRunner()
    assert page_phrases(Database(path)) is True
    for flag, on in (("--no-page-phrases", False), ("--page-phrases", True)):
        result = runner.invoke(cli, ["--db", str(path), "optimize", flag])
        assert result.exit_code == 0, result.output
        assert page_phrases(Database(path)) is on
