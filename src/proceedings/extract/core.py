"""PDF bytes to ``Paper``: reading, cleaning and assembling every field."""

from __future__ import annotations

import hashlib
import re

from ..errors import ExtractionError, NeedsOcrError
from ..models import Page, Paper
from .clean import dehyphenate, drop_line_numbers, strip_running, vocabulary
from .gaps import wide_gap_cells
from .header import parse_header
from .layout import column_order
from .notice import find_biblio
from .reader import (
    Document,
    Line,
    PageText,
    has_images,
    open_pdf,
    read_page,
)
from .structure import body_size, find_references, find_sections
from .venue import date_year, find_arxiv_id, find_doi, find_venue

__all__ = ["EXTRACTOR_VERSION", "build_paper"]

EXTRACTOR_VERSION = "0.3.1"
MAX_PAGES = 1000


def _read_all(doc: Document, count: int) -> tuple[list[PageText], list[str]]:
    """Cleaned pages, and the edge lines of pages 1-2 before running heads were removed."""
    pages = [read_page(doc, i) for i in range(min(count, MAX_PAGES))]
    chars = sum(len(ln.text) for p in pages for ln in p.lines)
    if chars < 50 * len(pages) and any(has_images(doc, i) for i in range(min(count, 5))):
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


def build_paper(data: bytes, source: str, *, full_text: bool = True) -> Paper:
    """Everything about one paper; ``full_text=False`` reads the first page only."""
    doc = open_pdf(data, source)
    count = doc.page_count if full_text else 1
    pages, edges = _read_all(doc, count)
    all_lines = [ln for p in pages for ln in p.lines]
    vocab = vocabulary(ln.text for ln in all_lines)
    body = body_size(all_lines)
    first = pages[0]
    header = parse_header(first, wide_gap_cells(doc, 0), vocab, doc.metadata)
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
        extractor_version=EXTRACTOR_VERSION,
        code_url=header.code_url,
        biblio=find_biblio([*venue_lines, *edges]),
    )


def safe_build(data: bytes, source: str, *, full_text: bool = True) -> Paper:
    """``build_paper`` with every unexpected failure turned into an ``ExtractionError``."""
    try:
        return build_paper(data, source, full_text=full_text)
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError(source, "damaged PDF: object structure nests too deeply") from exc
    except MemoryError as exc:
        raise ExtractionError(source, "damaged PDF: too large to parse") from exc
    except Exception as exc:
        raise ExtractionError(source, f"damaged PDF ({type(exc).__name__}: {exc})") from exc
