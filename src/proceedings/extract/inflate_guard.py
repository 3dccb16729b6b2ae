"""A bound on what the streams of a PDF inflate to, checked before pdfium reads it.

In: the bytes of one PDF and the name of their source. Out: nothing, or an
``ExtractionError`` for a stream that inflates beyond ``LIMIT`` bytes (a decompression
bomb). pypdf enforces such a limit itself while it decodes; pdfium inflates whatever a page
asks for, so the pdfium reader calls ``check_inflation`` first.

Only Flate layers are counted (``/FlateDecode`` alone or chained), and image streams are
skipped: text extraction never decodes an image (a photo may rightly inflate to 80 MB). A
single layer inflates at
most about 1032 times, so a stream whose direct ``/Length`` cannot reach the limit is not
inflated here; every other Flate stream is inflated with its output capped at the limit, in
C (``zlib``), and dropped at once. Streams this scan cannot read (encrypted, damaged, other
filters) are left to the reader.
"""

from __future__ import annotations

import re
import zlib

from ..errors import ExtractionError

__all__ = ["LIMIT", "check_inflation"]

LIMIT = 75_000_000  # as pypdf's ZLIB_MAX_OUTPUT_LENGTH
_MAX_RATIO = 1032  # the most one Flate layer can inflate
_STREAM = re.compile(rb">>\s*stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+\d+\s+R)?")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_DICT_WINDOW = 4096


def _inflated_size(layer: bytes | memoryview, limit: int) -> int:
    """The size ``layer`` inflates to, or ``limit + 1`` when it would pass ``limit``."""
    try:
        return len(zlib.decompressobj().decompress(layer, limit + 1))
    except zlib.error:
        return 0


def _too_big(data: memoryview, start: int, layers: int, length: int | None) -> bool:
    """Whether the Flate stream at ``start`` (``layers`` Flate filters deep) passes ``LIMIT``."""
    if layers == 1 and length is not None and length * _MAX_RATIO <= LIMIT:
        return False
    end = start + length if length is not None else len(data)
    current: bytes | memoryview = data[start:end]
    for layer in range(layers):
        if layer == layers - 1:
            return _inflated_size(current, LIMIT) > LIMIT
        try:
            current = zlib.decompressobj().decompress(current, LIMIT + 1)
        except zlib.error:
            return False
        if len(current) > LIMIT:
            return True
    return False


def check_inflation(data: bytes, source: str) -> None:
    """Raise an ``ExtractionError`` naming ``source`` if a stream inflates past ``LIMIT``."""
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - _DICT_WINDOW) : match.start()]
        obj = head.rfind(b"obj")
        head = head[obj:] if obj >= 0 else head
        found = _FILTER.search(head)
        if found is None or _IMAGE.search(head):
            continue
        layers = len(_FLATE.findall(found[1]))
        if not layers:
            continue
        size = _LENGTH.search(head)
        length = int(size[1]) if size and not size[2] else None
        if _too_big(view, match.end(), layers, length):
            raise ExtractionError(
                source, f"unsafe PDF: a stream inflates beyond the safety limit of {LIMIT:,} bytes"
            )
