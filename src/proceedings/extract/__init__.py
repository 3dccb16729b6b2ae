"""PDF to ``Paper``: no SQLite here.

``extract_pdf(path)`` and ``extract_bytes(data, source=...)`` return a ``Paper`` or raise an
``ExtractionError`` subclass naming the file.

The modules, in the order a PDF flows through them:

* ``pipeline``: bytes to ``Paper``, calling the steps below in turn;
* ``backends``: which reader opens the bytes, and the extractor version it records;
* ``pypdf_reader``: the PDF reader (open, decrypt, metadata, pages, images, wide gaps),
  walking content streams with ``content_stream``; ``pdfium_reader``: the same from
  pdfium's text objects (optional, ``proceedings[fast]``), with ``pdfium_calls`` (its C
  functions), ``pdfium_runs`` (objects to spans and wide gaps) and ``inflate_guard`` (no
  stream may inflate past a limit: pdfium has none of its own); ``pdf_failures``: the
  errors of bytes that are no PDF and of a parser's unexpected exceptions, for both;
* ``glyphs``: positioned text runs (``Span``); ``char_fixes``: ligatures, TeX accents,
  surrogates and faked small capitals in their text;
* ``lines``: runs grouped into ``Line``s and a page's ``PageText``;
* ``margins``: review line numbers, running heads and page numbers dropped;
  ``columns``: reading order of interleaved two-column pages;
* ``hyphenation``: words and addresses cut at line ends rejoined;
* ``header``: title, abstract and keywords from page 1, with ``byline_cells`` (pieces of the
  byline rows), ``byline`` (authors, affiliations, e-mails) and ``names`` (what a personal
  name, an affiliation and an e-mail look like);
* ``venue``: venue, year, arXiv id and DOI; ``structure``: section headings and the
  reference list; ``references`` and ``refnames``: one reference entry to its fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import ExtractionError
from ..models import Paper
from .backends import BACKENDS, extractor_version, require_backend, resolve_backend
from .pipeline import EXTRACTOR_VERSION, safe_build

__all__ = [
    "BACKENDS",
    "EXTRACTOR_VERSION",
    "extract_bytes",
    "extract_pdf",
    "extract_with_pdfium",
    "extract_with_pypdf",
    "extractor_for",
    "extractor_version",
    "find_pdfs",
    "require_backend",
    "resolve_backend",
]


def extract_pdf(path: str | Path, *, full_text: bool = True, backend: str = "auto") -> Paper:
    """The paper in the PDF at ``path``."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ExtractionError(str(p), f"cannot read file: {exc.strerror or exc}") from exc
    return extract_bytes(data, source=str(p), full_text=full_text, backend=backend)


def extract_bytes(
    data: bytes, *, source: str, full_text: bool = True, backend: str = "auto"
) -> Paper:
    """The paper in ``data``; ``source`` names it in the result and in errors.

    ``full_text=False`` reads only the first page (header fields, no full text).
    ``backend`` is ``"pypdf"``, ``"pdfium"`` (needs ``proceedings[fast]``) or ``"auto"``;
    an unknown name raises ``ValueError``.
    """
    name = resolve_backend(backend)
    return safe_build(data, source, full_text=full_text, backend=name)


def find_pdfs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and every ``*.pdf`` below a directory, in a stable order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix.lower() == ".pdf" and f.is_file())
        else:
            yield p


def extract_with_pypdf(data: bytes, *, source: str) -> Paper:
    """``extract_bytes`` with the pypdf backend, for worker processes to import by name."""
    return extract_bytes(data, source=source, backend="pypdf")


def extract_with_pdfium(data: bytes, *, source: str) -> Paper:
    """``extract_bytes`` with the pdfium backend, for worker processes to import by name."""
    return extract_bytes(data, source=source, backend="pdfium")


def extractor_for(backend: str) -> Callable[..., Paper]:
    """The extractor an ingest's workers run for ``backend`` (``auto`` resolved here, in the
    calling process). ``BackendError`` (a ``ValueError``) for an unknown name."""
    name = resolve_backend(backend)
    return extract_with_pdfium if name == "pdfium" else extract_with_pypdf
