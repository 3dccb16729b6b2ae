"""The pdfium reader (``pip install "proceedings[fast]"``): PDF bytes to pages of lines.

In: PDF bytes and the name of their source. Out: a ``PdfiumDocument`` with the same face as
the pypdf reader's ``Document``: page count, /Info metadata, each page's ``PageText``,
whether a page draws images, and the ``GapCells`` of a page's wide gaps. Failures are
``ExtractionError``s naming the source.

pdfium reports a page as text objects (one per text-showing operator), each with its
matrix, font and font size; a text page maps their glyphs to Unicode and adds the spaces
that gaps imply. Consecutive objects in one font, size and baseline become one ``Span``, as
pypdf's walk reports them, so that the layout model downstream sees the same runs.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EncryptedPdfError, ExtractionError
from . import pdfium_calls as calls
from .char_fixes import SPACING_ACCENTS, clean_text
from .glyphs import Span
from .lines import GapCells, PageText, group_lines
from .pypdf_reader import check_pdf_bytes, fail

__all__ = ["PdfiumDocument", "open_pdfium"]

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")
_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_MAX_FORM_DEPTH = 8
# In a page's text pdfium marks a hyphen at a line end with U+FFFE or U+0002 (told apart
# from a glyph without Unicode, also U+0002, by ``is_hyphen``); U+FFFD has no Unicode.
_PDFIUM_CHARS = str.maketrans(
    {"\ufffe": "-", "\x02": None, "\ufffd": None, "\x00": None, "\r": " ", "\n": " "}
)

Matrix = tuple[float, float, float, float, float, float]
Glyph = tuple[str, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention, as ``tm x cm``)."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


@dataclass(slots=True)
class _Run:
    """One text object: its text, origin, size, font and right edge on the page."""

    text: str
    x: float
    y: float
    size: float
    font: str
    right: float
    tf: float
    key: int


@dataclass
class _PageWalk:
    """The text objects of one page, flattened through forms, in content-stream order.

    ``chars`` holds each object's text, read glyph by glyph from the text page (with the
    spaces pdfium adds after it), and ``boxes`` the glyphs' left and right edges when wide
    gaps are wanted.
    """

    textpage: int
    chars: dict[int, list[str]]
    fonts: dict[int, str]
    boxes: dict[int, list[tuple[str, float, float]]] = field(default_factory=dict)
    runs: list[_Run] = field(default_factory=list)
    rotated: list[str] = field(default_factory=list)
    images: bool = False
    gaps: list[GapCells] = field(default_factory=list)

    def walk(self, parent: int, count: int, outer: Matrix, depth: int) -> None:
        matrix = calls.FS_MATRIX()
        get = calls.page_object if depth == 0 else calls.form_object
        for k in range(count):
            obj = get(parent, k)
            if not obj:
                continue
            kind = calls.object_type(obj)
            if kind == _TEXT:
                self.text(obj, matrix, outer)
            elif kind == _IMAGE:
                self.images = True
            elif kind == _FORM and depth < _MAX_FORM_DEPTH:
                if not calls.object_matrix(obj, matrix):
                    continue
                inner = _mult((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                n = calls.count_form_objects(obj)
                if n > 0:
                    self.walk(obj, n, inner, depth + 1)

    def text(self, obj: int, matrix: Any, outer: Matrix) -> None:
        if not calls.object_matrix(obj, matrix):
            return
        m = _mult((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        text = "".join(self.chars.get(obj) or self.own_text(obj)).translate(_PDFIUM_CHARS)
        if not text:
            return
        if abs(m[1]) > abs(m[0]) + 1e-6 or m[0] < 0:
            self.rotated.append(text)
            return
        size = ctypes.c_float()
        calls.text_font_size(obj, size)
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        calls.object_bounds(obj, left, bottom, right, top)
        edge = right.value
        if outer is not _IDENTITY:
            edge = _mult((1.0, 0.0, 0.0, 1.0, right.value, bottom.value), outer)[4]
        font = self.font(obj)
        run = _Run(text, m[4], m[5], abs(size.value * scale), font, edge, size.value, obj)
        self.runs.append(run)

    def own_text(self, obj: int) -> str:
        """The text of an object whose glyphs the text page did not list (as a big
        delimiter of a formula), asked of pdfium for this object alone."""
        n = calls.text_of_object(obj, self.textpage, None, 0)
        if n <= 2:
            return ""
        buf = (ctypes.c_ushort * (n // 2))()
        calls.text_of_object(obj, self.textpage, buf, n)
        return ctypes.string_at(buf, n - 2).decode("utf-16-le", "replace").replace("\x02", "-")

    def font(self, obj: int) -> str:
        handle = calls.text_font(obj) or 0
        name = self.fonts.get(handle)
        if name is None:
            n = calls.font_base_name(handle, None, 0) if handle else 0
            buf = ctypes.create_string_buffer(max(n, 1))
            if n:
                calls.font_base_name(handle, buf, n)
            name = _SUBSET.sub("", buf.value.decode("latin-1"))
            self.fonts[handle] = name
        return name


def _glyphs(textpage: int, boxes: bool) -> tuple[dict[int, list[str]], dict[int, list[Glyph]]]:
    """Each text object's characters, in the text page's order; with ``boxes``, also its
    glyphs with their left and right edges."""
    n = calls.count_chars(textpage)
    buf = (ctypes.c_ushort * (n + 1))()
    got = calls.page_text(textpage, 0, n, buf) if n > 0 else 0
    text = ctypes.string_at(buf, 2 * max(got - 1, 0)).decode("utf-16-le", "replace")
    if len(text) != n:  # characters beyond the BMP: one code point per index instead
        codes = [calls.unicode_of_char(textpage, i) for i in range(n)]
        text = "".join(chr(c) if 0 < c < 0x110000 else "\ufffd" for c in codes)
    chars: dict[int, list[str]] = {}
    glyphs: dict[int, list[Glyph]] = {}
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    owner = 0
    space = False
    for i, ch in enumerate(text):
        if ch == "\x02":  # a line-end hyphen, or a glyph without Unicode
            ch = "-" if calls.is_hyphen(textpage, i) else ""
        obj = calls.text_object_of_char(textpage, i)
        if not obj:  # a space, line break or line-end hyphen that pdfium added or moved
            if ch in ("-", "\ufffe") and owner:
                chars[owner].append(ch)
            space = space or ch == " "
            continue
        if space and obj == owner:  # a word space inside one object (a TJ's kerning)
            chars[obj].append(" ")
        space = False
        owner = obj
        chars.setdefault(obj, []).append(ch)
        if boxes and ch.strip():
            calls.char_box(textpage, i, left, right, bottom, top)
            glyphs.setdefault(obj, []).append(
                (ch.translate(_PDFIUM_CHARS), left.value, right.value)
            )
    return chars, glyphs


class _SpanBuilder:
    """Spans being built from runs: each span's raw text, right edge and ``Tf`` size."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.raw: list[str] = []
        self.ends: list[float] = []
        self.tfs: list[float] = []

    def space(self, broke: bool) -> None:
        """A run of spaces: the last span breaks the line, or ends with a space."""
        if not self.spans:
            return
        if broke:
            self.spans[-1].broke = True
        elif not self.raw[-1].endswith(" "):
            self.raw[-1] += " "

    def merge(self, r: _Run, broke: bool) -> bool:
        """Whether ``r`` continues the last span: same font and ``Tf``, baseline, no gap."""
        if not self.spans:
            return False
        prev = self.spans[-1]
        gap = r.x - self.ends[-1]
        same = prev.font == r.font and abs(self.tfs[-1] - r.tf) < 0.01
        near = abs(prev.y - r.y) < 0.05 * r.size
        if not (same and near and not prev.broke and -0.5 * r.size < gap < 0.1 * r.size):
            return False
        self.raw[-1] += r.text
        prev.broke = broke
        self.ends[-1] = max(self.ends[-1], r.right)
        prev.width = max(self.ends[-1] - prev.x, 0.0)
        return True

    def start(self, r: _Run, broke: bool) -> None:
        """A new span for ``r``; pypdf reports a space where a run starts a word space or
        more after the last one."""
        if self.spans:
            prev = self.spans[-1]
            wide = r.x - self.ends[-1] > 0.15 * max(r.size, prev.size)
            if wide and not prev.broke and not self.raw[-1][-1:].isspace():
                self.raw[-1] += "" if r.text[:1].isspace() else " "
        width = max(r.right - r.x, 0.0)
        self.spans.append(Span("", r.x, r.y, r.size, r.font, broke, width=width))
        self.raw.append(r.text)
        self.ends.append(r.right)
        self.tfs.append(r.tf)

    def finish(self) -> list[Span]:
        for span, text in zip(self.spans, self.raw, strict=True):
            clean = clean_text(text)
            span.text = clean.rstrip() if span.broke else clean
        return self.spans


def _spans(runs: list[_Run]) -> list[Span]:
    """Runs merged into pypdf-like spans: one font and size, one baseline, no wide gap.

    A TeX accent drawn on its own just above the baseline joins its letters' span, so that
    ``char_fixes`` can compose it; each span's text is cleaned once, when it is complete.
    """
    out = _SpanBuilder()
    accent = ""
    for i, r in enumerate(runs):
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if r.text.strip() in SPACING_ACCENTS and nxt is not None and abs(nxt.y - r.y) < r.size:
            accent += r.text.strip()
            continue
        if accent:
            r = _Run(accent + r.text, r.x, r.y, r.size, r.font, r.right, r.tf, r.key)
            accent = ""
        broke = nxt is None or abs(nxt.y - r.y) > 0.5 * max(r.size, nxt.size, 1.0)
        broke = broke or (nxt is not None and nxt.x < r.x - 2)
        if not r.text.strip():
            out.space(broke)
        elif not out.merge(r, broke):
            out.start(r, broke)
    return out.finish()


def _gap_cells(runs: list[_Run], glyphs: dict[int, list[Glyph]]) -> list[GapCells]:
    """Per baseline, the text cut where two glyphs stand over 1.2 font sizes apart.

    Glyph by glyph, in content-stream order: one text object (a ``TJ``) may itself hold the
    wide gaps of a table-like author block.
    """
    out: list[GapCells] = []
    line: list[_Run] = []

    def flush() -> None:
        parts: list[str] = []
        starts: list[float] = []
        ends: list[float] = []
        for r in line:
            for ch, left, right in glyphs.get(r.key, ()):
                if parts and left - ends[-1] <= 1.2 * r.size:
                    parts[-1] += ch
                    ends[-1] = max(ends[-1], right)
                else:
                    parts.append(ch)
                    starts.append(left)
                    ends.append(right)
        texts = [clean_text(p).strip() for p in parts]
        if len(texts) > 1 and all(texts):
            x0 = starts[0]
            out.append(GapCells(line[0].y, texts, [a - x0 for a in starts], [b - x0 for b in ends]))

    for r in runs:
        if line and (abs(r.y - line[0].y) > 0.5 * line[0].size or r.x < line[-1].x - r.size):
            flush()
            line = []
        if r.text.strip():
            line.append(r)
    if line:
        flush()
    return out


class PdfiumDocument:
    """An open pdfium document and the source name used in error messages."""

    def __init__(self, pdf: pdfium.PdfDocument, source: str, metadata: dict[str, str]) -> None:
        self.pdf = pdf
        self.source = source
        self.page_count = len(pdf)
        self.metadata = metadata
        self.fonts: dict[int, str] = {}
        self.walks: dict[int, _PageWalk] = {}

    def _walk(self, index: int) -> tuple[_PageWalk, float, float]:
        page = pdfium_c.FPDF_LoadPage(self.pdf.raw, index)
        if not page:
            raise ExtractionError(self.source, f"damaged PDF: page {index + 1} cannot be read")
        textpage = pdfium_c.FPDFText_LoadPage(page)
        try:
            edges = [ctypes.c_float() for _ in range(4)]
            if pdfium_c.FPDFPage_GetMediaBox(page, *edges):
                left, bottom, right, top = (e.value for e in edges)
                width, height = abs(right - left), abs(top - bottom)
            else:
                width = pdfium_c.FPDF_GetPageWidthF(page)
                height = pdfium_c.FPDF_GetPageHeightF(page)
            handle = ctypes.cast(textpage, ctypes.c_void_p).value or 0
            chars, glyphs = _glyphs(handle, index == 0) if handle else ({}, {})
            walk = _PageWalk(handle, chars, self.fonts)
            page_handle = ctypes.cast(page, ctypes.c_void_p).value or 0
            walk.walk(page_handle, calls.count_page_objects(page_handle), _IDENTITY, 0)
            if index == 0:
                walk.gaps = _gap_cells(walk.runs, glyphs)
        finally:
            if textpage:
                pdfium_c.FPDFText_ClosePage(textpage)
            pdfium_c.FPDF_ClosePage(page)
        return walk, width, height

    def page(self, index: int) -> PageText:
        """Lines of page ``index`` (0-based)."""
        try:
            walk, width, height = self._walk(index)
        except ExtractionError:
            raise
        except Exception as exc:
            raise fail(self.source, exc) from exc
        if index == 0:
            self.walks[0] = walk
        spans = _spans(walk.runs)
        return PageText(index + 1, group_lines(spans, index + 1), walk.rotated, width, height)

    def images(self, index: int) -> bool:
        """Whether page ``index`` draws any image (directly or inside a form)."""
        try:
            walk = self.walks.get(index) or self._walk(index)[0]
        except Exception:  # a page we cannot inspect has no images we could OCR either
            return False
        return walk.images

    def gap_cells(self, index: int) -> list[GapCells]:
        """Per baseline of page ``index``, the text cut at wide gaps."""
        try:
            walk = self.walks.get(index) or self._walk(index)[0]
        except Exception:  # an optional refinement: any failure just means no cells
            return []
        return walk.gaps

    def close(self) -> None:
        self.walks.clear()
        self.pdf.close()


def open_pdfium(data: bytes, source: str) -> PdfiumDocument:
    """A readable document, or the ``ExtractionError`` that says why not."""
    check_pdf_bytes(data, source)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower() or "security" in text.lower():
            raise EncryptedPdfError(source, "encrypted with a password; cannot open it") from exc
        raise ExtractionError(source, f"truncated or damaged PDF ({text})") from exc
    except Exception as exc:
        raise fail(source, exc) from exc
    meta: dict[str, str] = {}
    try:
        for key in ("Title", "Author", "Subject", "Keywords"):
            val = pdf.get_metadata_value(key)
            if isinstance(val, str) and val.strip():
                meta[key.lower()] = val.strip()
    except Exception:  # metadata is optional; a broken /Info must not sink the paper
        meta = {}
    doc = PdfiumDocument(pdf, source, meta)
    if doc.page_count == 0:
        doc.close()
        raise ExtractionError(source, "damaged PDF: it has no pages")
    return doc
