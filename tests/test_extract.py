"""Golden tests: extraction of the demo fixtures against their expected JSON, and bad inputs."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from proceedings.errors import EncryptedPdfError, ExtractionError, NeedsOcrError
from proceedings.extract import extract_bytes, extract_pdf, extractor_version
from proceedings.extract.backends import pdfium_installed
from proceedings.models import Paper

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
BAD = FIXTURES / "bad"
SHARED = ROOT.parent / "shared"

GOLDEN = sorted(p for p in FIXTURES.glob("*.json") if p.with_suffix(".pdf").exists())
# Unnumbered back matter that extraction reports but the fixtures' section lists leave out.
BACK_MATTER = {"references", "bibliography", "acknowledgments", "acknowledgements", "appendix"}


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b), autojunk=False).ratio()


# Every installed backend must give the fixtures' expected fields.
BACKENDS = ["pypdf", *(["pdfium"] if pdfium_installed() else [])]


@cache
def _extracted(name: str, backend: str = "pypdf") -> Paper:
    return extract_pdf(FIXTURES / f"{name}.pdf", backend=backend)


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


pytestmark = pytest.mark.skipif(not GOLDEN, reason="fixtures/ has no generated papers")


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
@pytest.mark.parametrize("backend", BACKENDS)
def test_header_fields_match_expected(path: Path, backend: str) -> None:
    exp = _expected(path)
    paper = _extracted(path.stem, backend)
    assert _norm(paper.title) == _norm(exp["title"])
    assert _ratio(paper.abstract, exp["abstract"]) >= 0.97, paper.abstract
    assert paper.year == exp["year"]
    assert paper.keywords == tuple(exp["keywords"])
    assert paper.arxiv_id == exp["arxiv_id"]
    assert paper.doi == exp["doi"]
    assert paper.venue is not None
    # A review copy or preprint prints the conference without its ordinal.
    assert paper.venue == exp["venue"] or (len(paper.venue) > 20 and paper.venue in exp["venue"]), (
        paper.venue
    )


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
@pytest.mark.parametrize("backend", BACKENDS)
def test_authors_match_expected(path: Path, backend: str) -> None:
    exp = _expected(path)
    paper = _extracted(path.stem, backend)
    assert [a.name for a in paper.authors] == [a["name"] for a in exp["authors"]]
    for got, want in zip(paper.authors, exp["authors"], strict=True):
        assert list(got.affiliations) == want["affiliations"], got.name
        assert got.email == want["email"], got.name


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
@pytest.mark.parametrize("backend", BACKENDS)
def test_sections_and_references_match_expected(path: Path, backend: str) -> None:
    exp = _expected(path)
    paper = _extracted(path.stem, backend)
    numbered = [(s.title, s.page) for s in paper.sections if s.title.lower() not in BACK_MATTER]
    assert numbered == [(s["title"], s["page"]) for s in exp["sections"]]
    refs = list(paper.references)
    assert len(refs) == len(exp["references"])
    close = sum(_ratio(a, b) >= 0.97 for a, b in zip(refs, exp["references"], strict=True))
    assert close >= len(refs) - 1, refs


@pytest.mark.parametrize("path", GOLDEN[:3], ids=[p.stem for p in GOLDEN[:3]])
@pytest.mark.parametrize("backend", BACKENDS)
def test_page_text_is_clean(path: Path, backend: str) -> None:
    paper = _extracted(path.stem, backend)
    assert paper.page_count == len(paper.pages) >= 1
    assert [p.number for p in paper.pages] == list(range(1, paper.page_count + 1))
    text = paper.text
    assert not re.search("[\ufb00-\ufb06]", text), "ligatures left in the text"
    assert not re.search("[\ud800-\udfff\x00-\x08\x0b-\x1f]", text)
    assert unicodedata.normalize("NFC", text) == text
    assert paper.extractor_version == extractor_version(backend)
    assert paper.sha256 and len(paper.sha256) == 64


def test_review_copy_has_no_line_numbers() -> None:
    paper = _extracted("wang26selfsup") if (FIXTURES / "wang26selfsup.pdf").exists() else None
    if paper is None:
        pytest.skip("review-copy fixture missing")
    numbers = [
        ln for p in paper.pages for ln in p.text.splitlines() if re.fullmatch(r"\d{1,4}", ln)
    ]
    assert not numbers
    assert all(not re.search(r"\d{3}$", s.title) for s in paper.sections)


def test_extract_bytes_works_without_a_file() -> None:
    first = GOLDEN[0].with_suffix(".pdf")
    paper = extract_bytes(first.read_bytes(), source="worker://job/1")
    assert paper.source == "worker://job/1"
    assert paper.title == _extracted(GOLDEN[0].stem).title
    header = extract_bytes(first.read_bytes(), source="x.pdf", full_text=False)
    assert header.title == paper.title and len(header.pages) == 1


# --- bad inputs -------------------------------------------------------------------------

BAD_EXPECTED: dict[str, dict[str, str]] = (
    json.loads((BAD / "expected.json").read_text()) if (BAD / "expected.json").exists() else {}
)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(BAD_EXPECTED), ids=sorted(BAD_EXPECTED))
def test_bad_input_gives_clear_outcome(name: str, backend: str) -> None:
    spec = BAD_EXPECTED[name]
    path = BAD / name
    if spec["expect"] == "ok":
        paper = extract_pdf(path, backend=backend)
        assert paper.page_count >= 1
        return
    expected_type = NeedsOcrError if spec["expect"] == "needs_ocr" else ExtractionError
    with pytest.raises(expected_type) as info:
        extract_pdf(path, backend=backend)
    message = str(info.value)
    assert str(path) in message
    assert len(message) > len(str(path)) + 8
    if spec["kind"] == "encrypted":
        assert isinstance(info.value, EncryptedPdfError)
        assert "encrypted" in message
    if spec["kind"] == "empty":
        assert "empty" in message
    if spec["kind"] in ("not_pdf", "html"):
        assert "not a PDF" in message
    if spec["expect"] == "needs_ocr":
        assert "needs OCR" in message


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"hello world", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged"),
        (b"%PDF-1.4\n" + b"[" * 5000, "damaged"),
    ],
)
def test_garbage_bytes_raise_extraction_error(data: bytes, needle: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_bytes(data, source="mem.pdf")
    assert "mem.pdf" in str(info.value) and needle in str(info.value)


# --- the shared development corpus --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
def test_shared_corpus_titles_and_first_authors() -> None:
    ok = total = 0
    for corpus in sorted((SHARED / "corpus").iterdir()):
        truth = corpus / "truth.jsonl"
        if not truth.exists():
            continue
        for line in truth.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            paper = extract_pdf(corpus / "pdfs" / f"{rec['id']}.pdf", full_text=False)
            total += 1
            first = rec["authors"][0]["family"].split()[-1].lower()
            good_title = _ratio(paper.title.lower(), rec["title"].lower()) >= 0.95
            ok += good_title and bool(paper.authors) and first in paper.authors[0].name.lower()
    assert total and ok / total >= 0.9
