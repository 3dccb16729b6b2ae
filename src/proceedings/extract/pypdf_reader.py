"""The pypdf reader: PDF bytes to a ``Document``, and a page to its lines.

In: PDF bytes and the name of their source. Out: a ``Document`` (decrypted reader, page
count, /Info metadata), each page's ``PageText``, whether a page draws images, and the
first page's ``GapCells`` from pypdf's layout mode. Failures are ``ExtractionError``s.

pypdf's ``visitor_text`` reports each run of text with the text and current transformation
matrices in force where the run starts; ``tm x cm`` gives its page position and size.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from ..errors import EncryptedPdfError, ExtractionError
from .char_fixes import clean_text
from .glyphs import Span, mult_matrix, text_width
from .lines import GapCells, PageText, group_lines
from .pdf_failures import check_pdf_bytes, fail

try:
    from .content_stream import WalkCache, walk_text
except ImportError:  # pypdf internals moved: extract_text does the same, only slower
    walk_text = None  # type: ignore[assignment]

__all__ = [
    "Document",
    "has_images",
    "open_pdf",
    "read_page",
    "wide_gap_cells",
]

logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")


@dataclass(slots=True)
class Document:
    """A decrypted pypdf reader and the source name used in error messages."""

    reader: PdfReader
    source: str
    page_count: int
    metadata: dict[str, str] = field(default_factory=dict)
    walk_cache: Any = None
    first_stream: Any = None

    def page(self, index: int) -> PageText:
        """Lines of page ``index`` (0-based)."""
        return read_page(self, index)

    def images(self, index: int) -> bool:
        """Whether page ``index`` draws any image."""
        return has_images(self, index)

    def gap_cells(self, index: int) -> list[GapCells]:
        """Per baseline of page ``index``, the text cut at wide gaps."""
        return wide_gap_cells(self, index)

    def close(self) -> None:
        self.walk_cache = self.first_stream = None


def open_pdf(data: bytes, source: str) -> Document:
    """A readable document, or the ``ExtractionError`` that says why not."""
    check_pdf_bytes(data, source)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (PyPdfError, NotImplementedError, ValueError, KeyError) as exc:
                raise EncryptedPdfError(
                    source, f"encrypted PDF that cannot be opened ({exc})"
                ) from exc
            if not ok:
                raise EncryptedPdfError(source, "encrypted with a password; cannot open it")
        count = len(reader.pages)
        meta: dict[str, str] = {}
        try:
            info = reader.metadata
            if info:
                for key in ("/Title", "/Author", "/Subject", "/Keywords"):
                    val = info.get(key)
                    if isinstance(val, str) and val.strip():
                        meta[key[1:].lower()] = val.strip()
        except Exception:  # metadata is optional; a broken /Info must not sink the paper
            meta = {}
    except ExtractionError:
        raise
    except FileNotDecryptedError as exc:
        raise EncryptedPdfError(source, "encrypted with a password; cannot open it") from exc
    except Exception as exc:
        raise fail(source, exc) from exc
    if count == 0:
        raise ExtractionError(source, "damaged PDF: it has no pages")
    return Document(reader, source, count, meta)


def _collect(page: PageObject, doc: Document, index: int) -> tuple[list[Span], list[str]]:
    spans: list[Span] = []
    rotated: list[str] = []
    names: dict[int, str] = {}  # base font names by font dictionary: they outlive the walk

    def visit(text: Any, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not isinstance(text, str) or not text:
            return
        broke = text.endswith("\n")
        if not text.strip():
            if spans:
                if broke:
                    spans[-1].broke = True
                elif not spans[-1].text.endswith(" "):
                    spans[-1].text += " "
            return
        try:
            m = mult_matrix(tm, cm)
            fsize = float(size or 0)
        except (TypeError, ValueError, IndexError):
            return
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
        if abs(m[1]) > abs(m[0]) + 1e-6 or m[0] < 0:
            rotated.append(text.replace("\n", " "))
            return
        name = names.get(id(font))
        if name is None:
            name = ""
            if isinstance(font, dict):
                base = font.get("/BaseFont")
                name = _SUBSET.sub("", str(base)) if base is not None else ""
            names[id(font)] = name
        clean = clean_text(text.replace("\n", " "))
        if broke:
            clean = clean.rstrip()
        spans.append(Span(clean, m[4], m[5], abs(fsize * scale), name, broke))

    if walk_text is None:
        page.extract_text(visitor_text=visit)
    else:
        if doc.walk_cache is None:
            doc.walk_cache = WalkCache()
        stream = walk_text(page, visit, doc.walk_cache, keep_stream=index == 0)
        if index == 0:
            doc.first_stream = stream
    return spans, rotated


def has_images(doc: Document, index: int) -> bool:
    """Whether page ``index`` draws any image (directly or inside a form)."""
    try:
        page = doc.reader.pages[index]
        return _has_images(page.get("/Resources"), 0)
    except Exception:  # a page we cannot inspect has no images we could OCR either
        return False


def _has_images(resources: Any, depth: int) -> bool:
    if depth > 4 or resources is None:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        obj = ref.get_object()
        subtype = obj.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _has_images(obj.get("/Resources"), depth + 1):
            return True
    return False


def read_page(doc: Document, index: int) -> PageText:
    """Lines of page ``index`` (0-based); damaged pages raise ``ExtractionError``."""
    try:
        page = doc.reader.pages[index]
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        spans, rotated = _collect(page, doc, index)
    except ExtractionError:
        raise
    except Exception as exc:
        raise fail(doc.source, exc) from exc
    return PageText(index + 1, group_lines(spans, index + 1), rotated, width, height)


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
