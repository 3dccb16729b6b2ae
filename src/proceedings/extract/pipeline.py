"""PDF bytes to ``Paper``: reading, cleaning and assembling every field.

In: the bytes of one PDF and the name of their source. Out: a ``Paper``, or an
``ExtractionError`` naming the source (``safe_build`` turns any other failure into one).
"""

from __future__ import annotations

import hashlib
import re

from ..errors import ExtractionError, NeedsOcrError
from ..models import Page, Paper
from .backends import Reader, extractor_version, open_reader, resolve_backend
from .columns import column_order
from .header import parse_header
from .hyphenation import dehyphenate, vocabulary
from .lines import Line, PageText
from .margins import drop_line_numbers, strip_running
from .notice import find_biblio
from .structure import body_size, find_references, find_sections
from .venue import date_year, find_arxiv_id, find_doi, find_venue

__all__ = ["EXTRACTOR_VERSION", "build_paper"]

# The version of what ``auto`` reads with in this process; ``extractor_version(backend)``
# gives any backend's.
EXTRACTOR_VERSION = extractor_version("auto")
MAX_PAGES = 1000


def _read_all(doc: Reader, count: int) -> tuple[list[PageText], list[str]]:
    """Cleaned pages, and the edge lines of pages 1-2 before running heads were removed."""
    pages = [doc.page(i) for i in range(min(count, MAX_PAGES))]
    chars = sum(len(ln.text) for p in pages for ln in p.lines)
    if chars < 50 * len(pages) and any(doc.images(i) for i in range(min(count, 5))):
        raise NeedsOcrError(doc.source, "no text layer (scanned?); needs OCR")
    for p in pages:
        p.lines = drop_line_numbers(p.lines)
    edges: list[str] = []
    for p in pages[:2]:
        ordered = sorted(p.lines, key=lambda ln: -ln.y)
        edges += [ln.text for ln in ordered[:3] + ordered[-4:]]
    if len(pages) >= 3:
        kept = strip_running([p.lines for p in pages], [p.height for p in pages])
        for p, lines in zip(pages, kept, strict=True):
            p.lines = lines
    for p in pages:
        p.lines = column_order(p.lines, p.width)
    return pages, edges


def _venue_lines(header_lines: list[str], footnotes: list[str]) -> list[str]:
    return [*header_lines, " ".join(footnotes), *footnotes]


def _page_text(lines: list[Line], vocab: set[str]) -> str:
    texts = dehyphenate([ln.text for ln in lines], vocab)
    return "\n".join(texts)


def build_paper(
    data: bytes, source: str, *, full_text: bool = True, backend: str = "auto"
) -> Paper:
    """Everything about one paper; ``full_text=False`` reads the first page only."""
    name = resolve_backend(backend)
    doc = open_reader(data, source, name)
    try:
        return _assemble(doc, data, source, full_text=full_text, backend=name)
    finally:
        doc.close()


def _assemble(doc: Reader, data: bytes, source: str, *, full_text: bool, backend: str) -> Paper:
    """The ``Paper`` of an open document."""
    count = doc.page_count if full_text else 1
    pages, edges = _read_all(doc, count)
    all_lines = [ln for p in pages for ln in p.lines]
    vocab = vocabulary(ln.text for ln in all_lines)
    body = body_size(all_lines)
    first = pages[0]
    header = parse_header(
        first,
        doc.gap_cells(0),
        vocab,
        doc.metadata,
        next_page=pages[1] if len(pages) > 1 else None,
        next_gap_cells=lambda: doc.gap_cells(1),
    )
    venue_lines = _venue_lines(header.header_lines, header.footnotes)
    venue, year = find_venue(venue_lines, edges)
    page1 = [ln.text for ln in first.lines]
    arxiv_id = find_arxiv_id(first.rotated + page1)
    doi = find_doi(first.rotated + [t for t in page1 if re.search(r"doi", t, re.I)])
    if year is None and arxiv_id and re.match(r"\d{4}\.", arxiv_id):
        year = 2000 + int(arxiv_id[:2])
    if year is None:
        year = date_year(header.header_lines)
    header_ids = {id(ln) for ln in first.lines if ln.text in set(header.header_lines)}
    sections = find_sections([p.lines for p in pages], body, header_ids)
    references = find_references([p.lines for p in pages], body, vocab)
    title = header.title or (doc.metadata.get("title", "") if full_text else "")
    return Paper(
        title=title,
        authors=tuple(header.authors),
        abstract=header.abstract,
        keywords=tuple(header.keywords),
        year=year,
        venue=venue,
        pages=tuple(Page(p.number, _page_text(p.lines, vocab)) for p in pages),
        sections=tuple(sections),
        references=tuple(references),
        arxiv_id=arxiv_id,
        doi=doi,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=doc.page_count,
        extractor_version=extractor_version(backend),
        code_url=header.code_url,
        biblio=find_biblio([*venue_lines, *edges]),
    )


def safe_build(data: bytes, source: str, *, full_text: bool = True, backend: str = "auto") -> Paper:
    """``build_paper`` with every unexpected failure turned into an ``ExtractionError``.

    ``backend`` must already be a known name (``resolve_backend`` raises ``ValueError``).
    """
    try:
        return build_paper(data, source, full_text=full_text, backend=backend)
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError(source, "damaged PDF: object structure nests too deeply") from exc
    except MemoryError as exc:
        raise ExtractionError(source, "damaged PDF: too large to parse") from exc
    except Exception as exc:
        raise ExtractionError(source, f"damaged PDF ({type(exc).__name__}: {exc})") from exc
