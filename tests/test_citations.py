"""The citation graph: resolution, incremental links, deletes and re-ingests, ties, CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from proceedings import Archive, Author, Paper
from proceedings.citations import citation_counts, shared_references
from proceedings.cli import cli


def paper(title: str, first: str, year: int, refs: tuple[str, ...] = (), **kw: str) -> Paper:
    return Paper(
        title=title, authors=(Author(first), Author("Second Author")), year=year, references=refs,
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


SPARSE = paper("Sparse attention for long documents", "Maria Lopez", 2024)
ROUTING = paper("Token routing in mixture of experts models", "Kenji Sato", 2025)
CITES = (
    "Lopez, M. and Author, S. (2024). Sparse attention for long documents. In ICML.",
    '[2] K. Sato and S. Author, "Token routing in mixture of experts models," in Proc. '
    "NeurIPS, 2025, pp. 1–9.",
    "Vaswani, A. and Shazeer, N. Attention is all you need. In NeurIPS, 2017.",
)
CITING = paper("A survey of efficient transformers", "Ada Novak", 2026, CITES)


def links(archive: Archive) -> set[tuple[str, int, str]]:
    return {
        (r[0], r[1], r[2])
        for r in archive.db.execute("SELECT citing_id, position, cited_id FROM citations")
    }


def test_references_resolve_to_papers_already_there() -> None:
    with Archive() as archive:
        sparse, routing = archive.add(SPARSE), archive.add(ROUTING)
        citing = archive.add(CITING)
        refs = archive.references(citing)
        assert [r.cited_id for r in refs] == [sparse, routing, None]
        assert refs[0].reference.title == "Sparse attention for long documents"
        assert refs[1].method == "title" and refs[1].score and refs[1].score > 0.9
        assert archive.citation_counts() == {sparse: 1, routing: 1}
        assert [c.citing_id for c in archive.cited_by(sparse)] == [citing]
        assert archive.get(sparse).cited_by == (citing,)


def test_a_paper_ingested_after_its_citing_paper_gets_linked() -> None:
    with Archive() as first, Archive() as later:
        for p in (SPARSE, ROUTING, CITING):
            first.add(p)
        for p in (CITING, ROUTING, SPARSE):
            later.add(p)
        assert links(first) == links(later) and len(links(later)) == 2
        assert first.citation_counts() == later.citation_counts()


def test_delete_and_reingest_update_links() -> None:
    with Archive() as archive:
        sparse = archive.add(SPARSE)
        citing = archive.add(CITING)
        assert archive.citation_counts() == {sparse: 1}
        archive.delete(sparse)
        assert links(archive) == set() and archive.citation_counts() == {}
        assert archive.references(citing)[0].cited_id is None
        sparse = archive.add(SPARSE)
        assert links(archive) == {(citing, 0, sparse)}
        # The citing paper comes again with a reference list that no longer cites it.
        archive.add(paper(CITING.title, "Ada Novak", 2026, CITES[1:]))
        assert links(archive) == set() and archive.citation_counts() == {}
        archive.delete(citing)
        assert archive.cited_by(sparse) == []


def test_a_reference_matching_two_papers_goes_to_the_better_one() -> None:
    workshop = paper("Budgeted decoding for long reasoning traces", "Soo Ahn", 2025)
    full = paper("Budgeted decoding for long reasoning traces at scale", "Soo Ahn", 2026)
    refs = (
        "Ahn, S. and Author, S. Budgeted decoding for long reasoning traces. Workshop, 2025.",
        "Ahn, S. and Author, S. Budgeted decoding for long reasoning traces at scale. 2026.",
    )
    with Archive() as archive:
        citing = archive.add(paper("Verifier cascades", "Felix Brandt", 2026, refs))
        short, long = archive.add(workshop), archive.add(full)
        assert [r.cited_id for r in archive.references(citing)] == [short, long]


def test_a_reference_that_ties_between_two_papers_stays_unresolved() -> None:
    ref = ("Budgeted decoding for long reasoning traces. In ICML Workshops, 2025.",)
    with Archive() as archive:
        citing = archive.add(paper("Verifier cascades", "Felix Brandt", 2026, ref))
        one = archive.add(paper("Budgeted decoding for long reasoning traces", "Soo Ahn", 2025))
        assert archive.references(citing)[0].cited_id == one
        # Another paper of the same title and year, by other authors: nothing tells them apart.
        archive.add(paper("Budgeted Decoding for Long Reasoning Traces", "Bo Kim", 2025))
        assert archive.references(citing)[0].cited_id is None
        assert archive.citation_counts() == {}


@pytest.mark.parametrize(
    ("ref", "method"),
    [
        ("X. Other. Some other words entirely. doi:10.5555/abc.123, 2024.", "doi"),
        ("X. Other. Some other words entirely. arXiv:2401.00001v3, 2024.", "arxiv"),
    ],
)
def test_identifier_matches_need_a_compatible_title(ref: str, method: str) -> None:
    target = paper("Some other words entirely", "Yan Other", 2024, doi="10.5555/ABC.123",
                   arxiv_id="2401.00001v1")  # fmt: skip
    decoy = paper("An unrelated paper printing that id", "Zed Decoy", 2024,
                  doi="10.5555/abc.123", arxiv_id="2401.00001")  # fmt: skip
    with Archive() as archive:
        good, _ = archive.add(target), archive.add(decoy)
        citing = archive.add(paper("Citing paper", "Ann Cite", 2025, (ref,)))
        [resolved] = archive.references(citing)
        assert (resolved.cited_id, resolved.method) == (good, method)


def test_near_titles_by_other_authors_and_years_do_not_link() -> None:
    near = ("Haddad, O. (2019). Sparse attention for long videos. CVPR.",
            "Lopez, M. (2015). Sparse attention for long documents. Old Journal.")  # fmt: skip
    with Archive() as archive:
        archive.add(SPARSE)
        citing = archive.add(paper("Citing paper", "Ann Cite", 2025, near))
        assert [r.cited_id for r in archive.references(citing)] == [None, None]


# The title is printed where the parser takes it for the venue (after a journal name), so
# only the first author and the title words inside the raw string can find the paper.
MISPLACED = ("Ahn, S., 2025, Journal of Decoding, Budgeted decoding for long reasoning traces, "
             "Vol. 3, pp. 1-9.")  # fmt: skip
BUDGET = paper("Budgeted decoding for long reasoning traces", "Soo Ahn", 2025)
ONE_WORD = paper("Backpropagation", "Soo Ahn", 2025)


@pytest.mark.parametrize("cited_first", [True, False])
def test_titles_found_inside_the_raw_string_link_in_either_order(cited_first: bool) -> None:
    citing = paper("Verifier cascades", "Felix Brandt", 2026, (MISPLACED,))
    with Archive() as archive:
        if cited_first:
            cited, citing_id = archive.add(BUDGET), archive.add(citing)
        else:
            citing_id, cited = archive.add(citing), archive.add(BUDGET)
        assert archive.references(citing_id)[0].reference.title != BUDGET.title
        assert links(archive) == {(citing_id, 0, cited)}


def test_candidates_come_from_the_index_and_follow_deletes() -> None:
    from proceedings.citeindex import candidate_keys, citing_rows

    with Archive() as archive:
        cited = archive.add(BUDGET)
        archive.add(paper("Unrelated work on graphs", "Soo Ahn", 2025))  # same surname
        citing = archive.add(paper("Verifier cascades", "Felix Brandt", 2026, (MISPLACED,)))
        [ref] = archive.db.query("SELECT * FROM refs WHERE paper_id = ?", [citing])
        assert [k["paper_id"] for k in candidate_keys(archive.db, ref)] == [cited]
        key = next(archive.db.query("SELECT * FROM paper_keys WHERE paper_id = ?", [cited]))
        by_id, by_words = citing_rows(archive.db, key)
        assert (by_id, [r["paper_id"] for r in by_words]) == ([], [citing])
        archive.delete(citing)
        assert citing_rows(archive.db, key) == ([], [])
        assert archive.db.execute("SELECT count(*) FROM paper_words").fetchone()[0] > 0
        archive.delete(cited)
        assert candidate_keys(archive.db, ref) == []


def test_a_one_word_title_links_in_either_order() -> None:
    ref = ('S. Ahn, "Backpropagation," in Proc. ICML, 2025, pp. 1-9.',)
    with Archive() as first, Archive() as later:
        cited = first.add(ONE_WORD)
        citing = first.add(paper("Verifier cascades", "Felix Brandt", 2026, ref))
        later.add(paper("Verifier cascades", "Felix Brandt", 2026, ref))
        later.add(ONE_WORD)
        assert links(first) == links(later) == {(citing, 0, cited)}


def test_shared_references_and_counts_for_search() -> None:
    with Archive() as archive:
        archive.add(SPARSE)
        a = archive.add(CITING)
        b = archive.add(paper("Another survey", "Bo Li", 2026, CITES[::-1]))
        archive.add(paper("Unrelated", "Cy Ng", 2026, ("Knuth, D. The art of programming. 1968.",)))
        [(other, n, titles)] = shared_references(archive.db, a, 5)
        assert (other, n) == (b, 3) and "Attention is all you need" in titles
        assert citation_counts(archive.db) == archive.citation_counts()


def test_an_archive_of_the_previous_schema_is_upgraded_and_linked(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Archive(path) as archive:
        sparse, citing = archive.add(SPARSE), archive.add(CITING)
        db = archive.db
        for table in ("citations", "paper_keys", "cite_counts"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_citations'")
        for column in ("title", "surname", "prefix", "ref_key"):
            db.execute(f"UPDATE refs SET {column} = NULL")
    with Archive(path) as archive:
        assert links(archive) == {(citing, 0, sparse)}


def test_cli_refs_cited_by_show_and_graph_export(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db) as archive:
        sparse, _ = archive.add(SPARSE), archive.add(ROUTING)
        citing = archive.add(CITING)
    run = CliRunner().invoke
    out = run(cli, ["--db", db, "refs", citing])
    assert out.exit_code == 0 and f"[1] -> {sparse} Lopez" in out.output
    assert "[3] Vaswani" in out.output
    out = run(cli, ["--db", db, "cited-by", sparse])
    assert out.exit_code == 0 and citing in out.output and "Sparse attention" in out.output
    assert "cited by 1 paper in this archive" in run(cli, ["--db", db, "show", sparse]).output
    assert "cited by 0 papers in this archive" in run(cli, ["--db", db, "show", citing]).output
    data = json.loads(run(cli, ["--db", db, "refs", citing, "--format", "json"]).output)
    assert [r["cited_id"] for r in data][:2] == [sparse, archive_id(db, ROUTING.title)]
    rows = list(csv.DictReader(io.StringIO(run(cli, ["--db", db, "export", "--format",
                                                     "csv-edges"]).output)))  # fmt: skip
    assert {(r["source"], r["target"]) for r in rows} == {
        (citing, sparse), (citing, archive_id(db, ROUTING.title))}  # fmt: skip
    xml = run(cli, ["--db", db, "export", "--format", "graphml"]).output
    graph = ET.fromstring(xml)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graph.findall(".//g:node", ns)) == 3 and len(graph.findall(".//g:edge", ns)) == 2
    missing = run(cli, ["--db", db, "refs", "nope"])
    assert missing.exit_code == 1 and "nope" in missing.output and "Traceback" not in missing.output


def archive_id(db: str, title: str) -> str:
    with Archive(db) as archive:
        return str(
            archive.db.execute("SELECT id FROM papers WHERE title = ?", [title]).fetchone()[0]
        )


@pytest.mark.skipif(not (FIXTURES / "citations" / "links.json").exists(), reason="no fixtures")
def test_fixture_links_are_found(demo_db: Path, tmp_path: Path) -> None:
    """The citing demo papers ingested into the demo archive: every known link, nothing else."""
    known = json.loads((FIXTURES / "citations" / "links.json").read_text())
    shutil.copy(demo_db, tmp_path / "f.db")
    with Archive(tmp_path / "f.db") as archive:
        archive.ingest([FIXTURES / "citations"], workers=2)
        rows = archive.db.execute("SELECT id, source_path FROM papers")
        stem = {Path(r[1]).stem: r[0] for r in rows}
        want = {
            (stem[citing], ref["position"], stem[ref["cited"]])
            for citing, refs in known.items()
            for ref in refs
            if ref["cited"]
        }
        assert links(archive) == want


def test_text_match_keys_of_an_older_archive_become_digests_that_match_the_same(
    tmp_path: Path,
) -> None:
    from proceedings.citekeys import key_digest, prefix_key

    path = tmp_path / "old.db"
    with Archive(path) as archive:
        sparse, citing = archive.add(SPARSE), archive.add(CITING)
        other = archive.add(paper("Another survey", "Bo Li", 2026, CITES[::-1]))
        before = (links(archive), shared_references(archive.db, citing, 5))
        db = archive.db
        assert {r[0] for r in db.execute("SELECT DISTINCT typeof(ref_key) FROM refs")} <= {
            "blob",
            "null",
        }
        # What m006's code stored: the words themselves.
        db.execute("UPDATE refs SET ref_key = 't:shared work ' || position, prefix = NULL")
        db.execute(
            "UPDATE paper_keys SET prefix = 'sparse attention for' WHERE paper_id = ?", [sparse]
        )
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_key_digests'")
    with Archive(path) as archive:
        db = archive.db
        kinds = {r[0] for r in db.execute("SELECT DISTINCT typeof(ref_key) FROM refs")}
        shared = shared_references(db, citing, 5)
        stored = db.execute("SELECT prefix FROM paper_keys WHERE paper_id = ?", [sparse]).fetchone()
        assert links(archive) == before[0]
    assert kinds == {"blob"} and stored[0] == prefix_key(SPARSE.title)
    assert shared[0][:2] == (other, len(CITES)) and before[1][0][0] == other
    assert key_digest("t:shared work 0") != key_digest("t:shared work 1")
