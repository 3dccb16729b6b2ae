"""pypdf's plain-mode text walk with a visitor, minus the work our visitor never needs.

``PageObject.extract_text(visitor_text=...)`` reports the same non-empty runs, in the same
order and with the same matrices, fonts and sizes, as ``walk_text``; but it pays for three
things that do not change them:

* with any visitor, it parses every content stream, even figures without a text-showing
  operator (``Tj``, ``TJ``, ``'``, ``"``, ``Do``), which can only report empty runs;
* it decodes each font (encoding, ``/ToUnicode`` map) again for every page and form;
* a content stream parsed for page 1 is parsed again for layout mode;
* pypdf's content-stream parser reads byte by byte in Python, and builds objects for the
  operands of operators (paths, colours) that text extraction ignores.

``walk_text`` drives pypdf's own ``TextExtraction`` state machine over the same operators
in the same order; it skips text-free streams, keeps decoded fonts and the operations of
forms in a per-document cache, and reads operations with ``content_tokens`` (pypdf's
parser where that declines). With ``keep_stream`` (page 1) pypdf parses the page stream
and ``walk_text`` returns it for layout mode to reuse. If pypdf's internals cannot be
imported, ``pypdf_reader`` falls back to ``extract_text``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pypdf import PageObject
from pypdf._configuration import get_configuration
from pypdf._page import _get_font_resources, _get_page_resources
from pypdf._text_extraction import _get_content_stream_for_text
from pypdf._text_extraction._text_extractor import TextExtraction
from pypdf._utils import _TraversalState
from pypdf.generic import ArrayObject, ContentStream, FloatObject, NameObject, NumberObject
from pypdf.generic._font import Font

from .content_tokens import text_operations

__all__ = ["WalkCache", "walk_text"]

Visitor = Callable[[Any, Any, Any, Any, Any], None]
ORIENTATIONS = (0, 90, 180, 270)
SPACE_WIDTH = 200.0


class WalkCache:
    """Per document: decoded fonts by the identity of their reader-cached font dictionary,
    and the text operations of forms (``None``: no text) by the identity of the form.

    The dictionary or form is kept alive alongside its entry so that its id is not reused.
    """

    def __init__(self) -> None:
        self.fonts: dict[int, tuple[Any, Font]] = {}
        self.forms: dict[int, tuple[Any, list[tuple[Any, bytes]] | None]] = {}


def _operations(content: ContentStream) -> list[tuple[Any, bytes]]:
    ops = text_operations(content.get_data())
    return content.operations if ops is None else ops


def _fonts(resources: Any, cache: WalkCache) -> tuple[dict[str, Any], dict[str, Font]]:
    font_resources: dict[str, Any] = {}
    fonts: dict[str, Font] = {}
    names = _get_font_resources(resources)
    if not names:
        return font_resources, fonts
    for name in names:
        try:
            obj: Any = names[name].get_object()
            font_resources[name] = obj
            hit = cache.fonts.get(id(obj))
            if hit is not None and hit[0] is obj:
                fonts[name] = hit[1]
                continue
            font = Font.from_font_resource(obj)
            if font.character_widths.get(font.space_char, 0) == 0:
                font.space_width = SPACE_WIDTH
            fonts[name] = font
            cache.fonts[id(obj)] = (obj, font)
        except (AttributeError, TypeError):
            pass
    return font_resources, fonts


class _Walk:
    """One page's walk: the page, its visitor, the font cache and form recursion state."""

    def __init__(
        self, page: PageObject, visitor: Visitor, cache: WalkCache, keep_stream: bool
    ) -> None:
        self.page = page
        self.keep_stream = keep_stream
        self.visitor = visitor
        self.cache = cache
        self.known_ids: set[int] = set()
        self.state = _TraversalState()
        self.page_stream: ContentStream | None = None

    def run(self, obj: Any, content_key: str | None) -> str:
        resources = _get_page_resources(obj)
        if not resources:
            return ""
        font_resources, fonts = _fonts(resources, self.cache)
        operations = self._operations(obj, content_key)
        if operations is None:
            return ""
        visit = self.visitor
        ex = TextExtraction()
        ex.initialize_extraction(ORIENTATIONS, visit, font_resources, fonts)
        for operands, operator in operations:
            if operator == b"'":
                ex.process_operation(b"T*", [])
                ex.process_operation(b"Tj", operands)
            elif operator == b'"' and len(operands) >= 3:
                ex.process_operation(b"Tw", [operands[0]])
                ex.process_operation(b"Tc", [operands[1]])
                ex.process_operation(b"T*", [])
                ex.process_operation(b"Tj", operands[2:])
            elif operator == b"TJ":
                confirm = ex._space_width * 0.95
                if operands and isinstance(operands[0], ArrayObject):
                    for op in operands[0]:
                        if isinstance(op, (str, bytes)) and not isinstance(op, NameObject):
                            ex.process_operation(b"Tj", [op])
                        if isinstance(op, (int, float, NumberObject, FloatObject)):
                            ex.process_tj_offset(float(op), confirm)
            elif operator == b"TD" and len(operands) >= 2:
                if isinstance(operands[1], (int, float)):
                    ex.process_operation(b"TL", [-operands[1]])
                ex.process_operation(b"Td", operands)
            elif operator == b"Do" and operands:
                self._form(ex, resources, operands)
            else:
                ex.process_operation(operator, operands)
        ex.output += ex.text
        if ex.text != "":
            visit(ex.text, ex.memo_cm, ex.memo_tm, ex.font_resource, ex.font_size)
        return str(ex.output)

    def _operations(self, obj: Any, content_key: str | None) -> list[tuple[Any, bytes]] | None:
        """The operations of the page (``content_key``) or form ``obj``; ``None``: no text."""
        if content_key is None:
            hit = self.cache.forms.get(id(obj))
            if hit is not None and hit[0] is obj:
                return hit[1]
        content = _get_content_stream_for_text(obj, self.page.pdf, content_key, has_visitor=False)
        if content_key is not None:
            if content is None:
                return None
            if self.keep_stream:
                self.page_stream = content
                return content.operations
            return _operations(content)
        ops = None if content is None else _operations(content)
        self.cache.forms[id(obj)] = (obj, ops)
        return ops

    def _form(self, ex: TextExtraction, resources: Any, operands: Any) -> None:
        visit = self.visitor
        ex.output += ex.text
        visit(ex.text, ex.memo_cm, ex.memo_tm, ex.font_resource, ex.font_size)
        try:
            if ex.output[-1] != "\n":
                ex.output += "\n"
                visit("\n", ex.memo_cm, ex.memo_tm, ex.font_resource, ex.font_size)
        except IndexError:
            pass
        try:
            text = self._xform(resources, operands)
            if text is not None:
                ex.output += text
        except MemoryError:
            raise
        except Exception:  # as pypdf does: a broken form loses its text, not the page
            pass
        finally:
            ex.text = ""
            ex.memo_cm = ex.cm_matrix.copy()
            ex.memo_tm = ex.tm_matrix.copy()

    def _xform(self, resources: Any, operands: Any) -> str | None:
        xform = resources["/XObject"][operands[0]]
        if xform["/Subtype"] == NameObject("/Image"):
            return None
        xform_id = id(xform)
        if xform_id in self.known_ids:
            return ""
        limit = get_configuration().xform_maximum_invocations_per_extraction
        if self.state.entry_count >= limit:
            self.state.has_logged = True
            return ""
        self.state.entry_count += 1
        self.known_ids.add(xform_id)
        try:
            return self.run(xform, None)
        finally:
            self.known_ids.discard(xform_id)


def walk_text(
    page: PageObject, visitor: Visitor, cache: WalkCache, *, keep_stream: bool = False
) -> ContentStream | None:
    """Report the page's text runs to ``visitor``; with ``keep_stream``, the page's content
    stream as pypdf parsed it, if any."""
    walk = _Walk(page, visitor, cache, keep_stream)
    walk.run(page, "/Contents")
    return walk.page_stream
