from __future__ import annotations

import csv
import io
import json

import pytest

from proceedings import Author, Hit, PageHit, Paper, SearchResults
from proceedings.formats import bibtex_entry, format_hits, format_paper, format_papers

HIT = Hit(
    id="lee26fast",
    title="Fast & Frugal Reasoning",
    authors=("Min-jae Lee", "José Núñez-García"),
    year=2026,
    venue="ICML",
    score=12.5,
    page=3,
    snippet="we make **reasoning** cheap",
    pages=(PageHit(3, "we make **reasoning** cheap", 4.0),),
)
RESULTS = SearchResults(query="reasoning", hits=(HIT,), total=1)
PAPER = Paper(
    title="Fast & Frugal Reasoning: 100% {Braces} and $math_x$",
    authors=(Author("Min-jae Lee"), Author("José Núñez-García")),
    abstract="An abstract with ~tilde and ^caret and back\\slash.",
    year=2026,
    venue="Proceedings of the 43rd International Conference on Machine Learning",
    doi="10.1000/xyz_1",
    arxiv_id="2602.01234",
    id="lee26fast",
)


def test_json_hits_shape() -> None:
    data = json.loads(format_hits(RESULTS, "json"))
    assert data["total"] == 1
    assert data["hits"][0]["authors"] == ["Min-jae Lee", "José Núñez-García"]
    assert data["hits"][0]["page"] == 3


def test_csv_hits_quote_commas() -> None:
    rows = list(csv.DictReader(io.StringIO(format_hits(RESULTS, "csv"))))
    assert rows[0]["authors"] == "Min-jae Lee; José Núñez-García"
    assert rows[0]["title"] == "Fast & Frugal Reasoning"


def test_table_marks_snippet_only_with_color() -> None:
    plain = format_hits(RESULTS, "table", color=False)
    assert "**reasoning**" in plain
    assert "p. 3" in plain
    colored = format_hits(RESULTS, "table", color=True)
    assert "\x1b[1m" in colored


def test_html_repr_uses_mark() -> None:
    html = RESULTS._repr_html_()
    assert "<mark>reasoning</mark>" in html
    assert "Fast &amp; Frugal" in html


def test_bibtex_escapes_and_parses() -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    text = bibtex_entry(PAPER)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.key == "lee26fast"
    assert entry.entry_type == "inproceedings"
    assert entry.fields_dict["author"].value == "Min-jae Lee and José Núñez-García"
    assert entry.fields_dict["year"].value == "2026"
    assert r"100\%" in entry.fields_dict["title"].value


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "bibtex", "text"])
def test_every_paper_format_names_the_paper(fmt: str) -> None:
    assert "Frugal" in format_paper(PAPER, fmt)
    assert "Frugal" in format_papers([PAPER], fmt)
