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
import operator
import re
from dataclasses import dataclass, field
from itertools import compress, pairwise, repeat
from math import sqrt

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

    ``chars`` holds each object's text, read from the text page (with the spaces pdfium
    adds inside it).
    """

    textpage: int
    chars: dict[int, str]
    fonts: dict[int, str]
    runs: list[Run] = field(default_factory=list)
    rotated: list[str] = field(default_factory=list)
    images: bool = False
    gaps: list[GapCells] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matrix = calls.FS_MATRIX()
        self.matrix_p = ctypes.pointer(self.matrix)

    def walk(self, parent: int, count: int, outer: Matrix, depth: int) -> None:
        if depth == 0:
            page_p = ctypes.c_void_p(parent)
            objects = list(map(calls.page_object_raw, repeat(page_p), range(count)))
        else:
            objects = [calls.form_object(parent, k) or 0 for k in range(count)]
        kinds = list(map(calls.object_type_at, objects))  # unknown (0) for a null handle
        self.images = self.images or _IMAGE in kinds
        if _FORM not in kinds or depth >= _MAX_FORM_DEPTH:
            self.texts(
                [obj for obj, kind in zip(objects, kinds, strict=True) if kind == _TEXT], outer
            )
            return
        shown: list[int] = []  # the text objects before the next form
        for obj, kind in zip(objects, kinds, strict=True):
            if kind == _TEXT:
                shown.append(obj)
            elif kind == _FORM:
                self.texts(shown, outer)
                shown = []
                matrix = self.matrix
                if not calls.object_matrix_raw(ctypes.c_void_p(obj), self.matrix_p):
                    continue
                inner = mult_matrix(
                    (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer
                )
                n = calls.count_form_objects(obj)
                if n > 0:
                    self.walk(obj, n, inner, depth + 1)
        self.texts(shown, outer)

    def texts(self, objects: list[int], outer: Matrix) -> None:
        """The runs of text ``objects`` (in order), and the texts of those rotated; pdfium
        is asked for every object's matrix, size, bounds and font at once."""
        count = len(objects)
        if not count:
            return
        floats = (ctypes.c_float * (11 * count))()  # matrix (6), bounds (4), font size
        base = ctypes.addressof(floats)
        mat, box, tfs = base, base + 24 * count, base + 40 * count
        ok = list(map(calls.object_matrix_at, objects, range(mat, box, 24)))
        # fresh zeroed buffers: where pdfium fails it writes nothing, so a size or box is 0
        list(map(calls.text_font_size_at, objects, range(tfs, tfs + 4 * count, 4)))
        edges = [range(box + 4 * k, tfs, 16) for k in range(4)]
        list(map(calls.object_bounds_at, objects, *edges))
        fonts = list(map(calls.text_font_at, objects))
        values = floats[:]
        chars = self.chars
        names = self.fonts
        n0, n1, n2, n3, n4, n5 = outer
        identity = outer is _IDENTITY
        runs, rotated = self.runs.append, self.rotated.append
        six = iter(values[: 6 * count])
        for obj, good, (a, b, c, d, e, f), bottom, right, tf, handle in zip(
            objects,
            ok,
            zip(six, six, six, six, six, six, strict=True),
            values[6 * count + 1 : 10 * count : 4],
            values[6 * count + 2 : 10 * count : 4],
            values[10 * count :],
            fonts,
            strict=True,
        ):
            if not good:
                continue
            m0 = a * n0 + b * n2  # mult_matrix, inlined: this runs for every object
            m1 = a * n1 + b * n3
            text = chars.get(obj)
            if text is None:
                text = self.own_text(obj).translate(_PDFIUM_CHARS)
            if not text:
                continue
            if abs(m1) > abs(m0) + 1e-6 or m0 < 0:
                rotated(text)
                continue
            m2 = c * n0 + d * n2
            m3 = c * n1 + d * n3
            edge = right
            if not identity:
                edge = mult_matrix((1.0, 0.0, 0.0, 1.0, edge, bottom), outer)[4]
            font = names.get(handle)
            if font is None:
                font = self.font(handle)
            scale = sqrt(m2 * m2 + m3 * m3)  # both correctly rounded: as (m2**2 + m3**2) ** 0.5
            x = e * n0 + f * n2 + n4
            y = e * n1 + f * n3 + n5
            runs((text, x, y, abs(tf * scale), font, edge, tf, obj))

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


def _glyphs(textpage: int, boxes: bool) -> tuple[dict[int, str], dict[int, list[Glyph]]]:
    """Each text object's characters, in the text page's order; with ``boxes``, also its
    glyphs with their left and right edges."""
    n = calls.count_chars(textpage)
    buf = (ctypes.c_ushort * (n + 1))()
    got = calls.page_text(textpage, 0, n, buf) if n > 0 else 0
    text = ctypes.string_at(buf, 2 * max(got - 1, 0)).decode("utf-16-le", "replace")
    if len(text) != n:  # characters beyond the BMP: one code point per index instead
        codes = list(map(calls.unicode_of_char_raw, repeat(ctypes.c_void_p(textpage)), range(n)))
        if max(codes, default=0) < 0x110000:  # U+FFFD for a character without Unicode (0)
            text = "".join(map(chr, codes)).replace("\x00", "\ufffd")
        else:
            text = "".join(chr(c) if 0 < c < 0x110000 else "\ufffd" for c in codes)
    chars, owners = _chars_by_run(textpage, text)
    return chars, (_boxes(textpage, text, owners) if boxes else {})


def _boxes(textpage: int, text: str, owners: list[int]) -> dict[int, list[Glyph]]:
    """Each text object's visible glyphs with their left and right edges (a U+0002 is a
    hyphen where pdfium calls it one, else nothing)."""
    chars = list(text)
    if "\x02" in text:
        for i in compress(range(len(text)), map(operator.eq, text, repeat("\x02"))):
            chars[i] = "-" if calls.is_hyphen(textpage, i) else ""
    visible = map(operator.and_, map(bool, owners), map(bool, map(str.strip, chars)))
    picked = list(compress(range(len(text)), visible))
    count = len(picked)
    if not count:
        return {}
    edges = (ctypes.c_double * (4 * count))()  # left, right, bottom, top
    base = ctypes.addressof(edges)
    where = [range(base + 8 * k, base + 32 * count, 32) for k in range(4)]
    list(map(calls.char_box_at, repeat(textpage), picked, *where))
    values = edges[:]
    shown = map(str.translate, map(chars.__getitem__, picked), repeat(_PDFIUM_CHARS))
    glyphs = list(zip(shown, values[0::4], values[1::4], strict=True))
    objects = list(map(owners.__getitem__, picked))
    cuts = [0, *compress(range(1, count), map(operator.ne, objects[1:], objects)), count]
    out: dict[int, list[Glyph]] = {}
    for start, end in pairwise(cuts):
        out.setdefault(objects[start], []).extend(glyphs[start:end])
    return out


def _chars_by_run(textpage: int, text: str) -> tuple[dict[int, str], list[int]]:
    """Each text object's text (in ``_PDFIUM_CHARS`` form), read a run of characters of one
    owner at a time, and each character's owner (0 for a character pdfium added).

    A character without an object (one pdfium added) gives its owner only a hyphen, and a
    space between two runs of one object gives it a word space.
    """
    if not text:
        return {}, []
    n = len(text)
    owners = list(map(calls.text_object_of_char_raw, repeat(ctypes.c_void_p(textpage)), range(n)))
    starts = [0, *compress(range(1, n), map(operator.ne, owners[1:], owners))]
    pieces = list(map(text.__getitem__, map(slice, starts, [*starts[1:], n])))
    if "\x02" in text:  # a line-end hyphen, or a glyph without Unicode
        pieces = [
            _hyphens(textpage, start, run) if "\x02" in run else run
            for start, run in zip(starts, pieces, strict=True)
        ]
    objects = list(map(owners.__getitem__, starts))
    added = "".join(compress(pieces, map(operator.not_, objects)))
    shown = list(compress(objects, objects))
    if len(set(shown)) == len(shown) and "-" not in added and "\ufffe" not in added:
        # the usual page: each object one run, and pdfium added only spaces and breaks
        texts = map(str.translate, compress(pieces, objects), repeat(_PDFIUM_CHARS))
        return dict(zip(shown, texts, strict=True)), owners
    chars: dict[int, list[str]] = {}
    owner = 0
    space = False
    for obj, run in zip(objects, pieces, strict=True):
        if not obj:
            if owner and ("-" in run or "\ufffe" in run):
                chars[owner] += [ch for ch in run if ch in ("-", "\ufffe")]
            space = space or " " in run
            continue
        own = chars.get(obj)
        if own is None:
            chars[obj] = [run]
        else:
            if space and obj == owner:
                own.append(" ")
            own.append(run)
        space = False
        owner = obj
    return {obj: "".join(parts).translate(_PDFIUM_CHARS) for obj, parts in chars.items()}, owners


def _hyphens(textpage: int, start: int, run: str) -> str:
    """``run`` (from character ``start`` on) with each U+0002 a hyphen where pdfium calls it
    one, else nothing."""
    return "".join(
        ("-" if calls.is_hyphen(textpage, start + k) else "") if ch == "\x02" else ch
        for k, ch in enumerate(run)
    )


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
