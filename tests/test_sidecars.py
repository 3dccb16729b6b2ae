"""Metadata beside the PDFs: the YAML and BibTeX readers, matching, and field sources."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from proceedings import Archive, MetadataError
from proceedings.cli import cli
from proceedings.metadata import MetadataIndex, find_sidecars
from proceedings.metadata.bibtex import latex_to_text, parse_bibtex, split_authors
from proceedings.metadata.yaml import parse_yaml, split_front_matter
from proceedings.models import Author, Paper
from test_ingest_workers import write_pdf

POST = """---
title: 'Conformal Prediction: the ''Hard'' Way'
abstract: We develop a predictive inference procedure that combines conformal prediction
  (CP) with quantile regression. It operates by fitting a model: really.
section: Regular Papers
id: alaa23a
start: &1 2023-04-25
dates:
- *1
- 2023-04-26
tex_title: "Conformal \\\\emph{Prediction} \\u00e9"
description: |
  Line one
    indented two

  after a blank
folded: >-
  folded
  text
author:
- given: Ahmed M.
  family: Alaa
- given: Jan-Willem
  prefix: van de
  family: Meent
empty:
extras: []
map: {a: 1, b: two}
issued:
  date-parts:
  - 2023
  - 4
pdf: https://proceedings.mlr.press/v206/alaa23a/alaa23a.pdf  # a comment
---
# body
"""


def test_front_matter_subset() -> None:
    data = parse_yaml(split_front_matter(POST) or "")
    assert data["title"] == "Conformal Prediction: the 'Hard' Way"
    assert data["abstract"].endswith("It operates by fitting a model: really.")
    assert "\n" not in data["abstract"]
    assert data["dates"] == ["2023-04-25", "2023-04-26"]
    assert data["tex_title"] == "Conformal \\emph{Prediction} é"
    assert data["description"] == "Line one\n  indented two\n\nafter a blank\n"
    assert data["folded"] == "folded text"
    assert data["author"][1] == {"given": "Jan-Willem", "prefix": "van de", "family": "Meent"}
    assert data["empty"] is None and data["extras"] == [] and data["map"] == {"a": "1", "b": "two"}
    assert data["issued"] == {"date-parts": ["2023", "4"]}
    assert data["pdf"].endswith("alaa23a.pdf")
    with pytest.raises(ValueError, match="line 2"):
        parse_yaml("a: 1\nnot a mapping line\n")
    with pytest.raises(ValueError, match="unterminated"):
        parse_yaml("a: 'open\nb: 2\n")


BIB = r"""
@string{aistats = "Proceedings of AISTATS"}
@comment{ignored {entirely}}
@InProceedings{alaa23a,
  title = {Conformalized {U}nconditional Quantile Regression},
  author = {Alaa, Ahmed M. and M{\"u}ller, J{\"o}rg and Sontag, David and others},
  booktitle = aistats # " 2023",
  year = 2023,
  abstract = "An abstract with {braces} and a \% sign.",
  doi = {10.1000/xyz},
}
@article{broken, title = {never closed
"""


def test_bibtex_reader() -> None:
    entries, errors = parse_bibtex(BIB)
    (entry,) = entries
    assert entry["ID"] == "alaa23a" and entry["ENTRYTYPE"] == "inproceedings"
    assert latex_to_text(entry["title"]) == "Conformalized Unconditional Quantile Regression"
    assert split_authors(entry["author"]) == ["Ahmed M. Alaa", "Jörg Müller", "David Sontag"]
    assert entry["booktitle"] == "Proceedings of AISTATS 2023"
    assert latex_to_text(entry["abstract"]) == "An abstract with braces and a % sign."
    assert errors == ["line 12: skipped @article: unbalanced braces"]
    assert latex_to_text(r"Erd\H{o}s and \v{S}koda, {\ss} \c{c}") == "Erdős and Škoda, ß ç"


def paper(title: str = "Extracted Title From The PDF", **kw: object) -> Paper:
    fields: dict[str, object] = {
        "authors": (Author("A. Alaa", ("UC Berkeley",)), Author("D. Sontag", ("MIT",))),
        "abstract": "extracted abstract",
        "year": 2022,
    }
    fields.update(kw)
    return Paper(title=title, **fields)  # type: ignore[arg-type]


def test_tables_match_by_file_name_and_earlier_sources_win(tmp_path: Path) -> None:
    (tmp_path / "meta.csv").write_text(
        "file,title,authors,year,keywords\n"
        "a.pdf,Title From CSV,Ahmed Alaa; David Sontag,2023,conformal; quantiles\n"
    )
    (tmp_path / "meta.json").write_text(
        json.dumps({"a.pdf": {"title": "Title From JSON", "abstract": "JSON abstract", "doi": "x"}})
    )
    index = MetadataIndex.load([tmp_path / "meta.csv", tmp_path / "meta.json"], [], auto=False)
    merged = index.apply(paper(), "/any/where/a.pdf")
    assert merged.title == "Title From CSV" and merged.abstract == "JSON abstract"
    assert merged.keywords == ("conformal", "quantiles") and merged.year == 2023
    assert merged.authors[0] == Author("Ahmed Alaa", ("UC Berkeley",))
    assert dict(merged.field_sources) == {
        "title": "csv",
        "authors": "csv",
        "abstract": "json",
        "keywords": "csv",
        "year": "csv",
        "doi": "json",
    }
    untouched = index.apply(paper(), "/elsewhere/b.pdf")
    assert untouched.title == "Extracted Title From The PDF"
    assert dict(untouched.field_sources) == {
        "title": "pdf",
        "authors": "pdf",
        "abstract": "pdf",
        "year": "pdf",
    }


def test_bibtex_matches_by_key_or_title(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIB)
    index = MetadataIndex.load([tmp_path / "refs.bib"], [], auto=False)
    by_key = index.apply(paper(), "/x/alaa23a.pdf")
    by_title = index.apply(paper("Conformalized unconditional quantile regression"), "/x/y.pdf")
    for merged in (by_key, by_title):
        assert merged.venue == "Proceedings of AISTATS 2023"
        assert merged.field_sources["venue"] == "bibtex"
        assert merged.doi == "10.1000/xyz"


def test_bad_metadata_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "meta.json"
    bad.write_text("{not json")
    with pytest.raises(MetadataError) as info:
        MetadataIndex.load([bad], [], auto=False)
    assert info.value.path == str(bad)
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with pytest.raises(MetadataError, match="not a metadata file"):
        MetadataIndex.load([other], [], auto=False)


def test_ingest_uses_a_pmlr_checkout_beside_the_pdfs(tmp_path: Path, runner: CliRunner) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    write_pdf(pdfs / "lovelace26a.pdf", "An Extracted Title That Is Wrong")
    posts = tmp_path / "pmlr" / "_posts"
    posts.mkdir(parents=True)
    (tmp_path / "pmlr" / "_config.yml").write_text(
        "booktitle: Proceedings of the Test Conference\nyear: '2026'\n"
    )
    (posts / "2026-01-01-lovelace26a.md").write_text(
        "---\ntitle: The Right Title\nid: lovelace26a\nabstract: The right abstract.\n"
        "author:\n- given: Ada\n  family: Lovelace\n---\n"
    )
    assert find_sidecars([pdfs]) == [tmp_path / "pmlr"]
    db = str(tmp_path / "a.db")
    result = runner.invoke(cli, ["--db", db, "ingest", "--json", str(pdfs)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["metadata"] == [f"pmlr:{tmp_path / 'pmlr'}"]
    with Archive(db) as archive:
        (stored,) = list(archive.papers())
    assert (stored.title, stored.abstract, stored.year) == (
        "The Right Title",
        "The right abstract.",
        2026,
    )
    assert stored.venue == "Proceedings of the Test Conference"
    assert stored.field_sources["title"] == "pmlr" and stored.field_sources["venue"] == "pmlr"
    shown = runner.invoke(cli, ["--db", db, "show", stored.id or ""])
    assert "pmlr" in shown.output
    post = posts / "2026-01-01-lovelace26a.md"
    post.write_text(post.read_text().replace("The Right Title", "The Corrected Title"))
    again = json.loads(runner.invoke(cli, ["--db", db, "ingest", "--json", str(pdfs)]).output)
    assert (again["updated"], again["unchanged"], again["pages"]) == (1, 0, 0)
    with Archive(db) as archive:
        (fixed,) = list(archive.papers(include_text=True))
    assert fixed.title == "The Corrected Title" and fixed.id == stored.id
    assert fixed.pages and fixed.abstract == "The right abstract."
    quiet = json.loads(runner.invoke(cli, ["--db", db, "ingest", "--json", str(pdfs)]).output)
    assert (quiet["updated"], quiet["unchanged"]) == (0, 1)
    plain = runner.invoke(
        cli, ["--db", db, "ingest", "--reextract", "--no-auto-metadata", str(pdfs)]
    )
    assert plain.exit_code == 0
    with Archive(db) as archive:
        (stored,) = list(archive.papers())
    assert stored.title != "The Right Title"


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")
def test_real_pmlr_checkouts_parse_and_match_their_pdfs(tmp_path: Path) -> None:
    for volume in sorted((SHARED / "corpus").iterdir()):
        truth = {
            r["id"]: r
            for r in map(json.loads, (volume / "truth.jsonl").read_text().splitlines())
            if r
        }
        index = MetadataIndex.load([volume / "pmlr"], [], auto=False)
        pdfs = sorted((volume / "pdfs").glob("*.pdf"))
        assert pdfs
        for pdf in pdfs:
            merged = index.apply(paper(), str(pdf))
            expected = truth[pdf.stem]
            assert merged.title == expected["title"]
            assert merged.year == expected["year"]
            assert merged.field_sources["title"] == "pmlr"
            assert [a.name.split()[-1] for a in merged.authors] == [
                a["family"].split()[-1] for a in expected["authors"]
            ]
        copy = tmp_path / volume.name
        shutil.copytree(volume / "pmlr", copy)
        assert find_sidecars([copy / "_posts"]) == [copy]
