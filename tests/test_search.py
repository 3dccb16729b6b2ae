"""Search over the demo corpus: expected top papers, pages, snippets, facets and suggestions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive, QueryError
from proceedings.cli import cli

REASONING = {
    "park26pruning",
    "nunez26earlyexit",
    "berg26speculative",
    "yilmaz26budget",
    "choi26distill",
}


def stems(archive: Archive, ids: list[str]) -> list[str]:
    return [Path(archive.get(i, include_text=False).source or "").stem for i in ids]


# query -> the fixture (file stem) that must rank first
TOP = [
    ("efficient reasoning", "park26pruning"),
    ("speculative decoding", "berg26speculative"),
    ("early exit", "nunez26earlyexit"),
    ("chain-of-thought pruning", "park26pruning"),
    ("test-time compute budget", "yilmaz26budget"),
    ("reasoning distillation student", "choi26distill"),
    ("LoRA vision transformer", "ostergaard26lora"),
    ("visual prompt tuning", "delacruz26prompt"),
    ("semantic segmentation depth", "lee26dense"),
    ("mixture-of-adapters", "schmidt26adapters"),
    ("masked autoencoder", "wang26selfsup"),
    ("V-trace policy lag", "kim26actorlearner"),
    ("offline reinforcement learning", "vanleeuwen26offline"),
    ("world model imagination", "hoffmann26worldmodel"),
    ("multi-agent credit assignment", "santos26multiagent"),
    ("prioritized replay buffer", "jung26replay"),
    ("oversquashing", "muller26graph"),
    ("diffusion sampling", "marchand26diffusion"),
    ("edge of stability", "novak26optim"),
    ("hidden confounding", "garcia26causal"),
    ("demographic parity", "okonkwo26fairness"),
    ("federated client drift", "lindqvist26federated"),
    ("irregularly sampled time series", "tanaka26timeseries"),
    ("Bayesian optimization", "wroblewska26bayesopt"),
    ("protein design", "silva26protein"),
    ("GPT-4", "park26pruning"),
    ("self-supervised", "wang26selfsup"),
    ("title:diffusion", "marchand26diffusion"),
    ('title:"world model"', "hoffmann26worldmodel"),
    ('author:"van der Berg"', "berg26speculative"),
    ("author:park title:pruning", "park26pruning"),
    ("abstract:oversquashing", "muller26graph"),
    ('keyword:"federated learning"', "lindqvist26federated"),
    ('body:"replay buffer"', "jung26replay"),
    ('"client drift"', "lindqvist26federated"),
    ("oversquash*", "muller26graph"),
    ("speculativ* decoding", "berg26speculative"),
    ("difusion~ title:diffusion", "marchand26diffusion"),
    ("reinforcment~2 offline", "vanleeuwen26offline"),
    ("(diffusion OR protein) design", "silva26protein"),
    ("year:2026 protein", "silva26protein"),
    ("year:>=2026 federated", "lindqvist26federated"),
    ("venue:ICML protein", "silva26protein"),
    ("graph neural network oversquashing curvature", "muller26graph"),
    ("speculative decoding -title:early", "berg26speculative"),
]


@pytest.mark.parametrize(("query", "expected"), TOP)
def test_top_hit(demo: Archive, query: str, expected: str) -> None:
    results = demo.search(query, limit=3)
    assert results.total >= 1, query
    assert stems(demo, [h.id for h in results])[0] == expected


@pytest.mark.parametrize(
    "query",
    ["protein -diffusion", "year:2020..2025 protein", "venue:neurips protein", "zzqxv"],
)
def test_no_hits(demo: Archive, query: str) -> None:
    results = demo.search(query)
    assert results.total == 0
    assert len(results) == 0


def test_efficient_reasoning_ranks_the_reasoning_papers_first(demo: Archive) -> None:
    results = demo.search("efficient reasoning", limit=5)
    assert set(stems(demo, [h.id for h in results])) == REASONING
    for hit in results:
        assert hit.page is not None and hit.page >= 1
        assert "**" in hit.snippet
        assert hit.pages[0].page == hit.page
    assert [h.score for h in results] == sorted((h.score for h in results), reverse=True)


def test_best_page_is_where_the_words_stand(demo: Archive) -> None:
    hit = demo.search('body:"edge of stability"', limit=1)[0]
    page_text = demo.get(hit.id).pages[(hit.page or 0) - 1].text.lower()
    assert "stability" in page_text


@pytest.mark.parametrize(
    "query",
    [
        "chain-of-thought",
        "GPT-4",
        "state-of-the-art",
        "what's",
        '"',
        'a "b',
        "C++ (",
        "x AND",
        "NEAR",
        "foo:bar",
        "title:",
        "(((",
        "-",
        "*",
        "year:20x",
        "\x00\x1f",
        "ünïcödé",
    ],
)
def test_punctuated_queries_never_raise_fts_errors(demo: Archive, query: str) -> None:
    try:
        results = demo.search(query)
    except QueryError as exc:
        assert exc.query == query
        assert "fts5" not in str(exc).lower()
    else:
        assert results.total >= 0


def test_paging_and_total(demo: Archive) -> None:
    everything = demo.search("learning", limit=100)
    first = demo.search("learning", limit=5)
    second = demo.search("learning", limit=5, offset=5)
    assert first.total == second.total == everything.total > 10
    assert [h.id for h in first] + [h.id for h in second] == [h.id for h in everything][:10]


def test_sorts(demo: Archive) -> None:
    titles = [h.title for h in demo.search("learning", sort="title", limit=50)]
    assert titles == sorted(titles, key=str.casefold)
    years = [h.year or 0 for h in demo.search("learning", sort="year", limit=50)]
    assert years == sorted(years, reverse=True)


def test_filters_as_keywords(demo: Archive) -> None:
    assert demo.search("reasoning", year=2019).total == 0
    everything = demo.search("reasoning", limit=100)
    in_range = demo.search("reasoning", year=(2025, 2026), limit=100)
    assert in_range.total == sum(1 for h in everything if h.year in (2025, 2026)) > 0
    by_author = demo.search("reasoning", author="Schönfeld")
    assert all(any("Sch" in a for a in h.authors) for h in by_author)


def test_author_without_diacritics_and_by_surname(demo: Archive) -> None:
    with_marks = {h.id for h in demo.search("author:Schönfeld")}
    without = {h.id for h in demo.search("author:schonfeld")}
    assert with_marks == without and len(without) >= 2


def test_facets(demo: Archive) -> None:
    results = demo.search("reinforcement learning", facets=True)
    assert dict(results.facets["year"]).get("2026", 0) >= 1
    assert sum(n for _, n in results.facets["year"]) == results.total
    assert results.facets["author"]


def test_did_you_mean(demo: Archive) -> None:
    results = demo.search("reinforcment lerning")
    assert results.matched_all == 0
    assert results.suggestion == "reinforcement learning"
    assert demo.search("reinforcement learning").suggestion is None


def test_explain_shows_the_fts5_query(demo: Archive) -> None:
    explained = demo.search('title:"world model" -offline', explain=True).explain or ""
    assert 'title : "world model"' in explained
    assert "SELECT" in explained


def test_similar_papers_share_terms(demo: Archive) -> None:
    seed = next(h.id for h in demo.search("speculative decoding", limit=1))
    similar = demo.similar(seed, limit=5)
    assert seed not in [h.id for h in similar]
    assert similar[0].terms
    assert set(stems(demo, [h.id for h in similar])) & (REASONING - {"berg26speculative"})


@pytest.mark.parametrize("query", ["speculative decoding", "protein design", "world model"])
def test_similar_total_counts_every_related_paper(demo: Archive, query: str) -> None:
    seed = next(h.id for h in demo.search(query, limit=1))
    every = demo.similar(seed, limit=100)
    assert len(every) < 100
    for limit in (1, 3):
        results = demo.similar(seed, limit=limit)
        assert len(results) == limit
        assert results.total == len(every) == every.total


def test_hyphenated_words_of_an_abstract_are_found_as_phrases(
    demo: Archive, fixture_pdfs: list[Path]
) -> None:
    """Every hyphenated compound of a paper's abstract (as written) finds the paper with an
    ``abstract:"..."`` phrase: a line-end hyphen joined wrongly ("chainof-thought") does not."""
    misses, checked = [], 0
    for pdf in fixture_pdfs:
        expected = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        for compound in sorted(
            set(re.findall(r"(?<![\w.])[^\W\d_]+(?:-[^\W\d_]+)+", expected["abstract"]))
        ):
            checked += 1
            titles = [h.title for h in demo.search(f'abstract:"{compound}"', limit=50)]
            if expected["title"] not in titles:
                misses.append((pdf.stem, compound))
    assert checked >= 10
    assert not misses


def test_results_to_dicts_and_html(demo: Archive) -> None:
    results = demo.search("protein design")
    rows = results.to_dicts()
    assert rows[0]["title"] == results[0].title
    assert "<mark>" in results._repr_html_()


def test_cli_search_matches_library(runner: CliRunner, demo_db: Path, demo: Archive) -> None:
    out = runner.invoke(
        cli,
        ["--db", str(demo_db), "search", "efficient reasoning", "--limit", "5", "--format", "json"],
    )
    assert out.exit_code == 0, out.output
    cli_ids = [h["id"] for h in json.loads(out.output)["hits"]]
    assert cli_ids == [h.id for h in demo.search("efficient reasoning", limit=5)]


def test_cli_query_error_exits_2(runner: CliRunner, demo_db: Path) -> None:
    out = runner.invoke(cli, ["--db", str(demo_db), "search", "year:abc"])
    assert out.exit_code == 2
    assert "position 5" in out.output


def test_cli_bibtex_of_a_search(runner: CliRunner, demo_db: Path) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    out = runner.invoke(cli, ["--db", str(demo_db), "search", "reasoning", "--format", "bibtex"])
    assert out.exit_code == 0
    library = bibtexparser.parse_string(out.output)
    assert len(library.entries) >= 5 and not library.failed_blocks
