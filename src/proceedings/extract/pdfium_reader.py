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
from itertools import compress, repeat
from operator import ne

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EncryptedPdfError, ExtractionError
from . import pdfium_calls as calls
from .glyphs import mult_matrix
from .inflate_guard import check_inflation
from .lines import GapCells, PageText, group_lines
from .pdf_failures import check_pdf_bytes, fail
from .pdfium_runs import Glyph, Run, gap_cells_of, spans_of

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

Matrix = tuple[float, ...]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
    runs: list[Run] = field(default_factory=list)
    rotated: list[str] = field(default_factory=list)
    images: bool = False
    gaps: list[GapCells] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matrix = calls.FS_MATRIX()
        self.matrix_p = ctypes.pointer(self.matrix)
        self.floats = [ctypes.c_float() for _ in range(5)]  # size, left, bottom, right, top
        self.float_ps = [ctypes.pointer(f) for f in self.floats]

    def walk(self, parent: int, count: int, outer: Matrix, depth: int) -> None:
        if depth == 0:
            page_p = ctypes.c_void_p(parent)
            objects = list(map(calls.page_object_raw, repeat(page_p), range(count)))
        else:
            objects = [calls.form_object(parent, k) for k in range(count)]
        get_type = calls.object_type_raw
        void_p = ctypes.c_void_p
        for obj in objects:
            if not obj:
                continue
            obj_p = void_p(obj)
            kind = get_type(obj_p)
            if kind == _TEXT:
                self.text(obj, obj_p, outer)
            elif kind == _IMAGE:
                self.images = True
            elif kind == _FORM and depth < _MAX_FORM_DEPTH:
                matrix = self.matrix
                if not calls.object_matrix_raw(obj_p, self.matrix_p):
                    continue
                inner = mult_matrix(
                    (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer
                )
                n = calls.count_form_objects(obj)
                if n > 0:
                    self.walk(obj, n, inner, depth + 1)

    def text(self, obj: int, obj_p: ctypes.c_void_p, outer: Matrix) -> None:
        matrix = self.matrix
        if not calls.object_matrix_raw(obj_p, self.matrix_p):
            return
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        n0, n1, n2, n3, n4, n5 = outer  # mult_matrix, inlined: this runs for every object
        m0 = a * n0 + b * n2
        m1 = a * n1 + b * n3
        m2 = c * n0 + d * n2
        m3 = c * n1 + d * n3
        text = "".join(self.chars.get(obj) or self.own_text(obj)).translate(_PDFIUM_CHARS)
        if not text:
            return
        if abs(m1) > abs(m0) + 1e-6 or m0 < 0:
            self.rotated.append(text)
            return
        size, left, bottom, right, top = self.floats
        size_p, left_p, bottom_p, right_p, top_p = self.float_ps
        if not calls.text_font_size_raw(obj_p, size_p):  # pdfium writes nothing on failure
            size.value = 0.0
        if not calls.object_bounds_raw(obj_p, left_p, bottom_p, right_p, top_p):
            left.value = bottom.value = right.value = top.value = 0.0
        edge = right.value
        if outer is not _IDENTITY:
            edge = mult_matrix((1.0, 0.0, 0.0, 1.0, edge, bottom.value), outer)[4]
        handle = calls.text_font_raw(obj_p)
        font = self.fonts.get(handle)
        if font is None:
            font = self.font(handle)
        tf = size.value
        scale = (m2**2 + m3**2) ** 0.5
        x = e * n0 + f * n2 + n4
        y = e * n1 + f * n3 + n5
        self.runs.append(Run(text, x, y, abs(tf * scale), font, edge, tf, obj))

    def own_text(self, obj: int) -> str:
        """The text of an object whose glyphs the text page did not list (as a big
        delimiter of a formula), asked of pdfium for this object alone."""
        n = calls.text_of_object(obj, self.textpage, None, 0)
        if n <= 2:
            return ""
        buf = (ctypes.c_ushort * (n // 2))()
        calls.text_of_object(obj, self.textpage, buf, n)
        return ctypes.string_at(buf, n - 2).decode("utf-16-le", "replace").replace("\x02", "-")

    def font(self, handle: int) -> str:
        """The base name of font ``handle`` (without a subset prefix), looked up once."""
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
        codes = map(calls.unicode_of_char_raw, repeat(ctypes.c_void_p(textpage)), range(n))
        text = "".join(chr(c) if 0 < c < 0x110000 else "\ufffd" for c in codes)
    if not boxes:
        return _chars_by_run(textpage, text), {}
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


def _chars_by_run(textpage: int, text: str) -> dict[int, list[str]]:
    """``_glyphs``'s characters without boxes, a run of characters of one owner at a time.

    A character without an object (one pdfium added) gives its owner only a hyphen, and a
    space between two runs of one object gives it a word space.
    """
    if not text:
        return {}
    owners = list(
        map(calls.text_object_of_char_raw, repeat(ctypes.c_void_p(textpage)), range(len(text)))
    )
    cuts = list(compress(range(1, len(owners)), map(ne, owners[1:], owners)))
    chars: dict[int, list[str]] = {}
    owner = 0
    space = False
    for start, end in zip([0, *cuts], [*cuts, len(owners)], strict=True):
        run = text[start:end]
        if "\x02" in run:  # a line-end hyphen, or a glyph without Unicode
            run = "".join(
                ("-" if calls.is_hyphen(textpage, start + k) else "") if ch == "\x02" else ch
                for k, ch in enumerate(run)
            )
        obj = owners[start]
        if not obj:
            if owner:
                hyphens = [ch for ch in run if ch in ("-", "\ufffe")]
                if hyphens:
                    chars[owner] += hyphens
            space = space or " " in run
            continue
        own = chars.setdefault(obj, [])
        if space and obj == owner:
            own.append(" ")
        space = False
        owner = obj
        own.append(run)
    return chars


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
                walk.gaps = gap_cells_of(walk.runs, glyphs)
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
        spans = spans_of(walk.runs)
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
    check_inflation(data, source)
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
