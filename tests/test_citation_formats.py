"""CSL-JSON, RIS and BibTeX records carry what the sources know, and real parsers read them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from proceedings import Author, Paper, SearchResults
from proceedings.citation_formats import csl_item, csl_json, ris, split_name
from proceedings.cli import cli
from proceedings.extract.notice import find_biblio
from proceedings.formats import bibtex_entry, format_hits, format_papers
from proceedings.metadata.sidecars import MetadataIndex

BIBLIO = {
    "volume": "206",
    "pages": "10690–10702",
    "publisher": "PMLR",
    "series": "Proceedings of Machine Learning Research",
    "url": "https://proceedings.mlr.press/v206/alaa23a.html",
    "pdf": "https://proceedings.mlr.press/v206/alaa23a/alaa23a.pdf",
    "editor": "Francisco Ruiz; Jennifer Dy; Jan-Willem van de Meent",
}
PAPER = Paper(
    title="Conformalized Unconditional Quantile Regression",
    authors=(Author("Ahmed M. Alaa"), Author("Zeshan Hussain"), Author("José Núñez-García")),
    abstract="We develop a predictive inference procedure.",
    keywords=("conformal prediction", "quantile regression"),
    year=2023,
    venue="Proceedings of the 26th International Conference on AI and Statistics",
    doi="10.1000/xyz_1",
    id="alaa23conformalized",
    biblio=BIBLIO,
)
PMLR_CONFIG = """booktitle: Proceedings of the Test Conference
volume: '999'
year: '2026'
series: Proceedings of Machine Learning Research
publisher: PMLR
url: https://proceedings.mlr.press
baseurl: "/v999"
editor:
- given: Grace
  family: Hopper
- given: Jan-Willem
  family: Meent
  prefix: van de
"""
PMLR_POST = """---
title: The Right Title
id: lovelace26a
page: 101-112
pdf: https://proceedings.mlr.press/v999/lovelace26a/lovelace26a.pdf
author:
- given: Ada
  family: Lovelace
---
"""


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("Ahmed M. Alaa", "Ahmed M.", "Alaa"),
        ("Jan-Willem van de Meent", "Jan-Willem", "van de Meent"),
        ("Plato", "", "Plato"),
    ],
)
def test_split_name(name: str, given: str, family: str) -> None:
    assert split_name(name) == (given, family)


def test_csl_items_render_with_citeproc() -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(csl_json([PAPER, Paper(title="Bare", id="bare26")]))
    assert items[0]["volume"] == "206" and items[0]["page"] == "10690-10702"
    assert items[0]["author"][1] == {"family": "Hussain", "given": "Zeshan"}
    assert items[0]["editor"][2] == {"family": "van de Meent", "given": "Jan-Willem"}
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
    for item in items:
        bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bib.bibliography()]
    assert len(rendered) == 2
    text = next(r for r in rendered if "Conformalized" in r)
    assert "10690–10702" in text and "Alaa" in text and "F. Ruiz" in text


def test_ris_parses_back_with_rispy() -> None:
    rispy = pytest.importorskip("rispy")
    (record, bare) = rispy.loads(ris([PAPER, Paper(title="Bare", id="bare26")]))
    assert record["type_of_reference"] == "CPAPER"
    assert record["title"] == PAPER.title
    assert record["authors"] == ["Alaa, Ahmed M.", "Hussain, Zeshan", "Núñez-García, José"]
    assert record["secondary_authors"][2] == "van de Meent, Jan-Willem"
    assert (record["volume"], record["start_page"], record["end_page"]) == ("206", "10690", "10702")
    assert record["year"] == "2023" and record["publisher"] == "PMLR"
    assert record["secondary_title"] == PAPER.venue
    assert record["tertiary_title"] == BIBLIO["series"]
    assert record["urls"] == [BIBLIO["url"]] and record["doi"] == PAPER.doi
    assert record["file_attachments1"] == BIBLIO["pdf"]
    assert record["keywords"] == list(PAPER.keywords)
    assert bare["title"] == "Bare" and "volume" not in bare


def test_bibtex_carries_publication_fields() -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    library = bibtexparser.parse_string(bibtex_entry(PAPER))
    assert not library.failed_blocks
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["volume"] == "206" and fields["pages"] == "10690--10702"
    assert fields["publisher"] == "PMLR" and fields["series"] == BIBLIO["series"]
    assert fields["url"] == BIBLIO["url"] and fields["pdf"] == BIBLIO["pdf"]
    assert fields["editor"] == "Francisco Ruiz and Jennifer Dy and Jan-Willem van de Meent"


def _write_checkout(root: Path) -> Path:
    posts = root / "pmlr" / "_posts"
    posts.mkdir(parents=True)
    (root / "pmlr" / "_config.yml").write_text(PMLR_CONFIG)
    (posts / "2026-01-01-lovelace26a.md").write_text(PMLR_POST)
    return root / "pmlr"


def test_pmlr_sidecar_supplies_publication_fields(tmp_path: Path) -> None:
    index = MetadataIndex.load([_write_checkout(tmp_path)], [], auto=False)
    extracted = Paper(title="Wrong", biblio={"volume": "1", "pages": "1–12"})
    merged = index.apply(extracted, "pdfs/lovelace26a.pdf")
    assert merged.biblio == {
        "volume": "999",
        "pages": "101–112",
        "publisher": "PMLR",
        "series": "Proceedings of Machine Learning Research",
        "url": "https://proceedings.mlr.press/v999/lovelace26a.html",
        "pdf": "https://proceedings.mlr.press/v999/lovelace26a/lovelace26a.pdf",
        "editor": "Grace Hopper; Jan-Willem van de Meent",
    }
    assert merged.field_sources["biblio"] == "pmlr"


def test_bibtex_sidecar_supplies_publication_fields(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@inproceedings{lovelace26a, title={The Right Title}, author={Ada Lovelace},"
        " volume={12}, pages={3--14}, publisher={ACM}, editor={Grace Hopper and Alan Turing}}"
    )
    merged = MetadataIndex.load([bib], [], auto=False).apply(Paper(title="x"), "lovelace26a.pdf")
    assert merged.biblio == {
        "volume": "12",
        "pages": "3–14",
        "publisher": "ACM",
        "editor": "Grace Hopper; Alan Turing",
    }


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        (
            ["Proceedings of Machine Learning Research vol 242:1202–1213, 2024"],
            {"volume": "242", "pages": "1202–1213", "publisher": "PMLR"},
        ),
        (
            ["Statistics (AISTATS) 2023, Valencia, Spain. PMLR:", "Volume 206. Copyright 2023"],
            {"volume": "206", "publisher": "PMLR"},
        ),
        (["JMLR: W&CP volume 28. Copyright 2013"], {"volume": "28", "publisher": "JMLR"}),
        (["Accepted to the 43rd International Conference on Machine Learning"], {}),
    ],
)
def test_notice_states_volume_and_pages(blocks: list[str], expected: dict[str, str]) -> None:
    found = find_biblio(blocks)
    assert {k: found[k] for k in expected if k in found} == expected
    assert bool(found) == bool(expected)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")
def test_real_pmlr_records_have_volume_and_pages() -> None:
    for volume in sorted((SHARED / "corpus").iterdir()):
        index = MetadataIndex.load([volume / "pmlr"], [], auto=False)
        for pdf in sorted((volume / "pdfs").glob("*.pdf"))[:5]:
            item = csl_item(index.apply(Paper(title="x", id=pdf.stem), str(pdf)))
            assert item["volume"].isdigit() and "-" in item["page"], item
            assert item["URL"].startswith("https://") and item["publisher"] == "PMLR"


EMPTY = SearchResults(query="nothing")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("jsonl", ""), ("bibtex", ""), ("ris", ""), ("csl-json", "[]")],
)
def test_empty_results_print_nothing_or_an_empty_list(fmt: str, expected: str) -> None:
    assert format_hits(EMPTY, fmt) == expected
    assert format_papers([], fmt) == expected


def test_empty_csv_prints_its_header_row() -> None:
    hits = list(csv.reader(io.StringIO(format_hits(EMPTY, "csv"))))
    assert hits == [["id", "title", "authors", "year", "venue", "score", "page", "snippet"]]
    papers = list(csv.reader(io.StringIO(format_papers([], "csv"))))
    assert len(papers) == 1 and papers[0][:2] == ["id", "title"]
    assert json.loads(format_papers([], "json")) == []


@pytest.mark.parametrize("fmt", ["jsonl", "bibtex", "ris"])
def test_cli_prints_no_blank_line_for_no_matches(
    demo_db: Path, runner: CliRunner, fmt: str
) -> None:
    result = runner.invoke(
        cli, ["--db", str(demo_db), "search", "zzzqqqxnotaword", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""


@pytest.mark.parametrize("fmt", ["csl-json", "ris"])
def test_cli_search_show_export_offer_citation_formats(
    demo_db: Path, runner: CliRunner, fmt: str
) -> None:
    db = ["--db", str(demo_db)]
    found = runner.invoke(cli, [*db, "search", "reasoning", "--limit", "2", "--format", fmt])
    assert found.exit_code == 0, found.output
    exported = runner.invoke(cli, [*db, "export", "--format", fmt])
    assert exported.exit_code == 0, exported.output
    first = json.loads(runner.invoke(cli, [*db, "search", "reasoning", "--format", "json"]).output)
    shown = runner.invoke(cli, [*db, "show", first["hits"][0]["id"], "--format", fmt])
    assert shown.exit_code == 0 and first["hits"][0]["id"] in shown.output
    if fmt == "csl-json":
        assert len(json.loads(found.output)) == 2
    else:
        assert found.output.count("ER  - ") == 2
        assert exported.output.count("TY  - CPAPER") == exported.output.count("ER  - ") > 2
