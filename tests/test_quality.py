"""Text that is not text, and too much text (issue 13, items 5-6): a garbled text layer is
recorded as ``needs_ocr`` with its reason; page and paper text are capped, with a warning."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import proceedings.ingest.quality as quality
from proceedings import Archive, Page, Paper
from test_ingest_workers import write_pdf

MATH = (
    "Let x ∈ ℝ^n be a vector with ‖x‖₂ ≤ 1 and let f(x) = ∑_i α_i φ_i(x). Then for every "
    "ε > 0 the bound ∫ |f − g| dμ ≤ ε holds with probability 1 − δ, where δ = exp(−nε²/2). "
)


WORDS = ["Banach", "Hilbert", "Sobolev", "metric", "normed", "compact", "Polish", "Hausdorff"]


def paper_of(text: str) -> Paper:
    return Paper(title="T", pages=(Page(1, text),))


@pytest.mark.parametrize(
    ("text", "garbled"),
    [
        ("£" * 3000, "neither letters"),
        ("⊣⊣⊣ ⊣⊣ ⊣⊣⊣⊣ " * 300, "neither letters"),
        ("ÃÂ Ã ÂÃ ÃÂÃ " * 300, "distinct words"),
        (" ".join(f"{MATH} Lemma {n} on {w} spaces." for n, w in enumerate(WORDS * 3)), None),
        ("Too short to judge: ££££", None),
    ],
)
def test_garbled_text_is_recognised(text: str, garbled: str | None) -> None:
    reason = quality.garbled_reason(paper_of(text))
    assert (reason is None) if garbled is None else (garbled in (reason or ""))


def test_no_real_paper_looks_garbled(demo: Archive) -> None:
    papers = [demo.get(p.id or "") for p in demo.papers()]
    assert papers and all(p.text for p in papers)
    assert [p.id for p in papers if quality.garbled_reason(p)] == []


def garbled_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("Helvetica", 11)
    for line in range(40):
        c.drawString(72, 750 - 15 * line, "£¤¥¦§¨©ª«¬®¯°±²³" * 4)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def test_a_garbled_pdf_needs_ocr_and_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    garbled_pdf(folder / "garbage.pdf")
    write_pdf(folder / "good.pdf", "A Paper Whose Text Is Real Text")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([folder])
        (failure,) = archive.failures()
    assert report.added == 1 and report.needs_ocr == 1
    assert (Path(failure.path).name, failure.status) == ("garbage.pdf", "needs_ocr")
    assert "garbled" in (failure.error or "")


def test_page_and_paper_text_are_capped_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quality, "MAX_PAGE_CHARS", 40)
    monkeypatch.setattr(quality, "MAX_PAPER_CHARS", 30)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    write_pdf(folder / "long.pdf", "A Paper With Rather Long Pages Of Text", pages=4)
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([folder])
        (paper,) = [archive.get(p.id or "") for p in archive.papers()]
        row = archive.db.execute("SELECT status, error FROM files").fetchone()
        assert archive.failures() == []
    assert report.added == 1
    assert all(len(p.text) <= 40 for p in paper.pages)
    assert sum(len(p.text) for p in paper.pages) <= 30
    assert row[0] == "ok" and row[1].startswith("text capped: page(s) 1 cut to 40 characters")
    assert row[1].endswith("the text after the first 30 characters dropped")
