"""The reader-neutral failures of opening a PDF: bytes that are no PDF, and what an
unexpected exception while parsing means.

In: PDF bytes, or an exception raised while parsing them, and the source's name. Out: the
``ExtractionError`` naming the source. No PDF library is imported here, so that a reader
(pdfium's) does not pull in another (pypdf) to report its failures.
"""

from __future__ import annotations

from ..errors import ExtractionError

__all__ = ["check_pdf_bytes", "fail"]


def _is_limit(exc: BaseException) -> bool:
    """Whether ``exc`` is pypdf's ``LimitReachedError`` (a stream past its safety limit)."""
    return any(cls.__name__ == "LimitReachedError" for cls in type(exc).__mro__)


def fail(source: str, exc: BaseException) -> ExtractionError:
    """The ``ExtractionError`` that explains an unexpected failure while parsing."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, RecursionError):
        return ExtractionError(source, "damaged PDF: its objects nest too deeply to parse")
    if isinstance(exc, MemoryError):
        return ExtractionError(source, "damaged PDF: too large to parse in memory")
    if _is_limit(exc) or "limit reached" in text.lower():
        return ExtractionError(
            source, f"unsafe PDF: a stream inflates beyond the safety limit ({text})"
        )
    return ExtractionError(source, f"truncated or damaged PDF ({text})")


def check_pdf_bytes(data: bytes, source: str) -> None:
    """Raise the ``ExtractionError`` for bytes that are empty or plainly not a PDF."""
    if not data:
        raise ExtractionError(source, "empty file (0 bytes)")
    head = data[:1024].lstrip()
    if b"%PDF-" not in data[:1024]:
        kind = "HTML" if head[:15].lower().startswith((b"<!doctype", b"<html")) else ""
        what = f"not a PDF (looks like {kind})" if kind else "not a PDF (no %PDF- header)"
        raise ExtractionError(source, what)
