"""Wide horizontal gaps in a page's lines, from pypdf's layout-mode text runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import clean_text
from .reader import Document, text_width

__all__ = ["GapCells", "wide_gap_cells"]


@dataclass(slots=True)
class GapCells:
    """Parts of one baseline's text separated by wide gaps, with offsets from its start."""

    y: float
    parts: list[str]
    starts: list[float]
    ends: list[float]


def wide_gap_cells(doc: Document, index: int) -> list[GapCells]:
    """Per baseline, the text cut at wide horizontal gaps (table-like author blocks).

    Uses pypdf's layout-mode text runs, which pad gaps with spaces in proportion to their
    width; an empty list when they are unavailable.
    """
    try:
        from pypdf._text_extraction import _layout_mode
        from pypdf.generic import ContentStream

        page = doc.reader.pages[index]
        contents = page.get("/Contents")
        if contents is None:
            return []
        fonts = page._layout_mode_fonts()
        stream = doc.first_stream if index == 0 else None
        if stream is None:
            stream = ContentStream(contents.get_object(), doc.reader, "bytes")
        ops = iter(stream.operations)
        groups = _layout_mode.text_show_operations(ops, fonts, True, None)
    except Exception:  # an optional refinement: any failure just means no cells
        return []
    out: list[GapCells] = []
    for g in groups:
        text = str(g["text"])
        width = float(g["displaced_tx"]) - float(g["tx"])
        if not text.strip() or width <= 0:
            continue
        scale = width / len(text)
        wide = max(2, int(1.6 * float(g["font_height"]) / scale) if scale > 0 else 3)
        spans = [m.span() for m in re.finditer(rf"\S+(?:\s{{1,{wide - 1}}}\S+)*", text)]
        height = float(g["font_height"])
        if any((b - a) * scale < 0.5 * text_width(text[a:b], height) for a, b in spans):
            continue
        if len(spans) > 1:
            out.append(
                GapCells(
                    float(g["ty"]),
                    [clean_text(text[a:b]) for a, b in spans],
                    [a * scale for a, _ in spans],
                    [b * scale for _, b in spans],
                )
            )
    return out
