"""Reading order of two-column pages."""

from __future__ import annotations

import io

import pytest

from proceedings.extract import extract_bytes
from proceedings.extract.columns import column_order
from proceedings.extract.glyphs import Span
from proceedings.extract.lines import Line


def _line(text: str, x: float, y: float) -> Line:
    return Line([Span(text, x, y, 10.0, "Times-Roman")], 1).finish()


def test_interleaved_columns_are_read_left_column_first() -> None:
    lines = [_line("A full width title line that spans the whole page width", 72, 740)]
    for i in range(10):
        y = 700 - 12 * i
        lines.append(_line(f"left column text line {i}", 72, y))
        lines.append(_line(f"right column text line {i}", 320, y))
    ordered = column_order(lines, 612)
    texts = [ln.text for ln in ordered]
    assert texts[0].startswith("A full width")
    assert texts[1:11] == [f"left column text line {i}" for i in range(10)]
    assert texts[11:] == [f"right column text line {i}" for i in range(10)]


def test_stream_order_by_column_is_kept() -> None:
    left = [_line(f"left column text line {i}", 72, 700 - 12 * i) for i in range(10)]
    right = [_line(f"right column text line {i}", 320, 700 - 12 * i) for i in range(10)]
    lines = right + left
    assert column_order(lines, 612) == lines


def test_interleaved_two_column_pdf_reads_in_column_order() -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792))
    c.setFont("Times-Bold", 16)
    c.drawString(150, 740, "Interleaved Columns in a Word Processor")
    c.setFont("Times-Roman", 10)
    for i in range(30):
        y = 700 - 14 * i
        c.drawString(72, y, f"Left column sentence number {i} goes here.")
        c.drawString(320, y, f"Right column sentence number {i} goes here.")
    c.save()
    paper = extract_bytes(buf.getvalue(), source="interleaved.pdf")
    text = paper.pages[0].text
    assert text.index("Left column sentence number 29") < text.index(
        "Right column sentence number 0"
    )
    assert paper.title == "Interleaved Columns in a Word Processor"
