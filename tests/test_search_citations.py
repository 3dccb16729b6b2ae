"""The citation graph in search: ``cited:`` filters, ``--sort citations``, similar papers by
shared references."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive, QueryError
from proceedings.cli import cli

CITATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "citations"


@pytest.fixture(scope="module")
def graph_db(tmp_path_factory: pytest.TempPathFactory, fixture_pdfs: list[Path]) -> Path:
    if not any(CITATIONS.glob("*.pdf")):
        pytest.skip("fixtures/citations has no PDFs")
    path = tmp_path_factory.mktemp("graph") / "graph.db"
    with Archive(path) as archive:
        archive.ingest([*fixture_pdfs, *sorted(CITATIONS.glob("*.pdf"))])
    return path


@pytest.fixture
def graph(graph_db: Path) -> Archive:
    return Archive(graph_db, readonly=True)


def counts(archive: Archive) -> dict[str, int]:
    return archive.citation_counts()


@pytest.mark.parametrize(
    ("query", "test"),
    [
        ("cited:>=1", lambda n: n >= 1),
        ("cited:>=2", lambda n: n >= 2),
        ("cited:0", lambda n: n == 0),
        ("cited:1..2", lambda n: 1 <= n <= 2),
        ("cited:<2", lambda n: n < 2),
    ],
)
def test_cited_filters_match_the_counts(graph: Archive, query: str, test: object) -> None:
    known = counts(graph)
    results = graph.search(query, limit=200)
    assert results.total > 0
    assert all(test(known.get(h.id, 0)) for h in results)  # type: ignore[operator]
    expected = sum(1 for p in graph.papers() if test(known.get(p.id, 0)))  # type: ignore[operator]
    assert results.total == expected


def test_cited_combines_with_words(graph: Archive) -> None:
    results = graph.search("reasoning cited:>=2")
    assert results.total >= 1
    assert all(h.cited_by >= 2 for h in results)


@pytest.mark.parametrize("query", ["cited:abc", "cited:", "cited:>=x"])
def test_bad_cited_filters_are_query_errors(graph: Archive, query: str) -> None:
    with pytest.raises(QueryError, match=r"citing papers|expected"):
        graph.search(query)


def test_sort_by_citations(graph: Archive) -> None:
    results = graph.search("reasoning", sort="citations", limit=20)
    cited = [h.cited_by for h in results]
    assert cited == sorted(cited, reverse=True)
    assert cited[0] >= 1


def test_similar_lists_shared_references(graph: Archive) -> None:
    hits = graph.similar("park26prune", limit=5)
    assert any(h.shared_references for h in hits)
    coupled = next(h for h in hits if h.shared_references)
    assert "both cite:" in coupled.snippet
    assert coupled.to_dict()["shared_references"]


def test_cli_sort_citations(graph_db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(graph_db), "search", "reasoning", "--sort", "citations", "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
