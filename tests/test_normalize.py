"""Stored names and titles in one Unicode form, found however the query spells them."""

from __future__ import annotations

import unicodedata

import pytest
from tests.conftest import make_paper

from proceedings import Archive, Author
from proceedings.text import normalize_text

DOTLESS = "Lebedı\u0301ková"  # a dotless i with a combining acute, as a PMLR sidecar has it


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (DOTLESS, "Lebedíková"),
        ("Jarom\u0131\u0301r", "Jaromír"),
        ("Jose\u0301 Nu\u0301n\u0303ez", "José Núñez"),
        ("Işık Kaya", "Işık Kaya"),  # a dotless i without an accent is a letter of its own
        ("plain ascii", "plain ascii"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == unicodedata.normalize("NFC", expected)


@pytest.mark.parametrize(
    "query",
    [
        "author:Lebedikova",
        "author:Lebedíková",
        f"author:{DOTLESS}",
        "author:jaromir",
        "author:Jaromír",
        "Lebedikova",
        "title:Cadenze",
    ],
)
def test_names_and_titles_are_found_however_spelled(query: str) -> None:
    paper = make_paper(
        "Cadenze for Spiking Networks",
        authors=(Author(f"Jarom\u0131\u0301r {DOTLESS}"), Author("Ada Lovelace")),
    )
    with Archive() as archive:
        pid = archive.add(paper)
        stored = archive.get(pid)
        assert stored.authors[0].name == "Jaromír Lebedíková"
        assert [h.id for h in archive.search(query)] == [pid]
        assert [h.id for h in archive.search("spiking", author="Lebedíková")] == [pid]
