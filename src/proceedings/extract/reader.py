"""Open PDF bytes with pypdf and turn each page's text runs into positioned lines.

pypdf's ``visitor_text`` reports each run of text with the text and current transformation
matrices in force where the run starts; ``tm x cm`` gives its page position and size.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

from ..errors import EncryptedPdfError, ExtractionError
from .chars import clean_text, small_caps

try:
    from .walker import WalkCache, walk_text
except ImportError:  # pypdf internals moved: extract_text does the same, only slower
    walk_text = None  # type: ignore[assignment]

__all__ = ["Document", "Line", "Span", "open_pdf", "read_page", "text_width"]

logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")
_BOLD = re.compile(r"bold|medi|semibold|black|heavy|demi|cmbx|cmb\d|sfbx|-bd|\bbx", re.I)
_ITALIC = re.compile(r"ital|oblique|cmti|cmmi|sfti|-it\b", re.I)
_MONO = re.compile(r"mono|nimbusmon|courier|cmtt|cmitt|cmsltt|txtt|inconsolata|consola|menlo", re.I)


@functools.cache
def _monospaced(font: str) -> bool:
    return bool(_MONO.search(font))


_NARROW = set("iljtfrI.,;:'!|()[]` ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """An estimate of the printed width of ``text`` in a Times-like font."""
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.28
        elif ch in _WIDE:
            units += 0.85
        elif ch.isupper():
            units += 0.68
        elif ch.isdigit():
            units += 0.5
        else:
            units += 0.47
    return units * size


@dataclass(slots=True)
class Span:
    """A run of text in one font, as pypdf reports it."""

    text: str
    x: float
    y: float
    size: float
    font: str
    broke: bool = False
    caps: bool = False

    @property
    def bold(self) -> bool:
        return bool(_BOLD.search(self.font))

    @property
    def italic(self) -> bool:
        return bool(_ITALIC.search(self.font))

    @property
    def end(self) -> float:
        if _monospaced(self.font):
            return self.x + 0.6 * self.size * len(self.text)
        return self.x + text_width(self.text, self.size)


@dataclass(slots=True)
class Line:
    """Spans that share a baseline, in content-stream order."""

    spans: list[Span]
    page: int
    y: float = 0.0
    size: float = 0.0
    text: str = ""

    def finish(self) -> Line:
        weights: dict[float, int] = {}
        for s in self.spans:
            n = len(s.text.strip())
            if n:
                key = round(s.size, 1)
                weights[key] = weights.get(key, 0) + n
        self.size = max(weights, key=lambda k: (weights[k], k)) if weights else 0.0
        main = [s for s in self.spans if s.size >= self.size * 0.9 and s.text.strip()]
        self.y = main[0].y if main else self.spans[0].y
        self.text = clean_text(join_spans(self.spans))
        return self

    @property
    def x0(self) -> float:
        return min(s.x for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s.end for s in self.spans)

    @property
    def bold(self) -> bool:
        chars = [(s.bold, len(s.text.strip())) for s in self.spans]
        total = sum(n for _, n in chars)
        return total > 0 and sum(n for b, n in chars if b) >= 0.8 * total

    @property
    def caps(self) -> bool:
        """Whether the line is set in (faked) small capitals."""
        return any(s.caps for s in self.spans)

    @property
    def font(self) -> str:
        best = max(self.spans, key=lambda s: len(s.text.strip()))
        return best.font


def join_spans(spans: list[Span]) -> str:
    out: list[str] = []
    prev: Span | None = None
    for s in spans:
        if prev is not None and out and s.text and not s.text[0].isspace():
            last = out[-1]
            gap = s.x - prev.end
            if last and not last[-1].isspace() and prev.broke and gap > 0.15 * prev.size:
                out.append(" ")
        out.append(s.text)
        prev = s
    return re.sub(r"\s+", " ", "".join(out)).strip()


@dataclass(slots=True)
class Document:
    """A decrypted pypdf reader and the source name used in error messages."""

    reader: PdfReader
    source: str
    page_count: int
    metadata: dict[str, str] = field(default_factory=dict)
    walk_cache: Any = None
    first_stream: Any = None


def fail(source: str, exc: BaseException) -> ExtractionError:
    """The ``ExtractionError`` that explains an unexpected failure while parsing."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, RecursionError):
        return ExtractionError(source, "damaged PDF: its objects nest too deeply to parse")
    if isinstance(exc, MemoryError):
        return ExtractionError(source, "damaged PDF: too large to parse in memory")
    if isinstance(exc, LimitReachedError) or "limit reached" in text.lower():
        return ExtractionError(
            source, f"unsafe PDF: a stream inflates beyond the safety limit ({text})"
        )
    return ExtractionError(source, f"truncated or damaged PDF ({text})")


def open_pdf(data: bytes, source: str) -> Document:
    """A readable document, or the ``ExtractionError`` that says why not."""
    if not data:
        raise ExtractionError(source, "empty file (0 bytes)")
    head = data[:1024].lstrip()
    if b"%PDF-" not in data[:1024]:
        kind = "HTML" if head[:15].lower().startswith((b"<!doctype", b"<html")) else ""
        what = f"not a PDF (looks like {kind})" if kind else "not a PDF (no %PDF- header)"
        raise ExtractionError(source, what)
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


def _mult(m: list[float], n: list[float]) -> tuple[float, ...]:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


@dataclass(slots=True)
class PageText:
    """The lines of one page in content-stream order, plus rotated text (margin stamps)."""

    number: int
    lines: list[Line]
    rotated: list[str]
    width: float
    height: float


def _collect(page: PageObject, doc: Document, index: int) -> tuple[list[Span], list[str]]:
    spans: list[Span] = []
    rotated: list[str] = []

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
            m = _mult(list(tm), list(cm))
            fsize = float(size or 0)
        except (TypeError, ValueError, IndexError):
            return
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
        if abs(m[1]) > abs(m[0]) + 1e-6 or m[0] < 0:
            rotated.append(text.replace("\n", " "))
            return
        name = ""
        if isinstance(font, dict):
            base = font.get("/BaseFont")
            name = _SUBSET.sub("", str(base)) if base is not None else ""
        clean = clean_text(text.replace("\n", " "))
        if broke:
            clean = clean.rstrip()
        spans.append(Span(clean, m[4], m[5], abs(fsize * scale), name, broke))

    if walk_text is None:
        page.extract_text(visitor_text=visit)
    else:
        if doc.walk_cache is None:
            doc.walk_cache = WalkCache()
        stream = walk_text(page, visit, doc.walk_cache)
        if index == 0:
            doc.first_stream = stream
    return spans, rotated


def _group(spans: list[Span], number: int) -> list[Line]:
    lines: list[Line] = []
    cur: list[Span] = []
    base_y = 0.0
    base_size = 0.0
    for s in spans:
        if cur:
            tol = 0.55 * max(base_size, min(s.size, base_size * 1.5), 1.0)
            prev = cur[-1]
            back = s.x < prev.x - 2.0
            far = s.x - prev.end > max(2.5 * base_size, 0.15 * (prev.end - prev.x))
            far = far and s.size >= 0.85 * base_size
            if abs(s.y - base_y) <= tol and not back and not far:
                cur.append(s)
                if s.size > base_size * 1.1 and s.text.strip():
                    base_y, base_size = s.y, s.size
                continue
            lines.append(_line(cur, number))
        cur = [s]
        base_y, base_size = s.y, s.size
    if cur:
        lines.append(_line(cur, number))
    return [ln for ln in lines if ln.text]


def _line(spans: list[Span], number: int) -> Line:
    if len(spans) > 1 and max(s.size for s in spans) > 1.1 * min(s.size for s in spans):
        texts = small_caps(
            [s.text for s in spans],
            [s.size for s in spans],
            [s.font for s in spans],
            [s.y for s in spans],
        )
        for s, t in zip(spans, texts, strict=True):
            if t != s.text:
                s.text, s.caps = t, True
    return Line(spans, number).finish()


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
    return PageText(index + 1, _group(spans, index + 1), rotated, width, height)
