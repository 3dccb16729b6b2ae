"""PDF to ``Paper``: no SQLite here.

``extract_pdf(path)`` and ``extract_bytes(data, source=...)`` return a ``Paper`` or raise an
``ExtractionError`` subclass naming the file.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from pypdf import PdfReader

from ..errors import ExtractionError
from ..models import Page, Paper

__all__ = ["EXTRACTOR_VERSION", "extract_bytes", "extract_paths", "extract_pdf", "find_pdfs"]

EXTRACTOR_VERSION = "0.0.1"

logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(path: str | Path) -> Paper:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ExtractionError(str(p), f"cannot read file: {exc.strerror or exc}") from exc
    return extract_bytes(data, source=str(p))


def extract_bytes(data: bytes, *, source: str) -> Paper:
    if not data:
        raise ExtractionError(source, "empty file (0 bytes)")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = tuple(Page(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages))
    except Exception as exc:
        raise ExtractionError(source, f"not a readable PDF: {exc}") from exc
    first = pages[0].text.strip().splitlines() if pages else []
    return Paper(
        title=first[0] if first else Path(source).stem,
        pages=pages,
        page_count=len(pages),
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        extractor_version=EXTRACTOR_VERSION,
    )


def find_pdfs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and every ``*.pdf`` below a directory, in a stable order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix.lower() == ".pdf" and f.is_file())
        else:
            yield p


def extract_paths(
    paths: Iterable[str | Path],
) -> Iterator[tuple[Path, Paper | None, ExtractionError | None]]:
    """Extract every PDF under ``paths``, yielding a paper or the error for each file."""
    for path in find_pdfs(paths):
        try:
            yield path, extract_pdf(path), None
        except ExtractionError as exc:
            yield path, None, exc
