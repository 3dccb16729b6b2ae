"""The values extraction and storage pass around: a paper, its authors, sections, pages and
references, and the links of the citation graph.

In: nothing (plain frozen dataclasses; ``repr`` and HTML come from ``notebook``). Out: ``Paper``,
``Author``, ``Section``, ``Page``, ``Reference``, ``ResolvedReference`` and ``Citation``
values, each with the JSON shape ``to_dict`` gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Author",
    "Citation",
    "Page",
    "Paper",
    "Reference",
    "ResolvedReference",
    "Section",
]


@dataclass(frozen=True)
class Author:
    """One author, in byline order."""

    name: str
    affiliations: tuple[str, ...] = ()
    email: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "affiliations": list(self.affiliations), "email": self.email}


@dataclass(frozen=True)
class Section:
    """A section heading and the 1-based PDF page it starts on."""

    title: str
    page: int

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "page": self.page}


@dataclass(frozen=True)
class Page:
    """The cleaned text of one PDF page (``number`` is 1-based)."""

    number: int
    text: str


@dataclass(frozen=True)
class Paper:
    """Everything known about one paper, independent of any storage."""

    title: str
    authors: tuple[Author, ...] = ()
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    pages: tuple[Page, ...] = ()
    sections: tuple[Section, ...] = ()
    references: tuple[str, ...] = ()
    arxiv_id: str | None = None
    doi: str | None = None
    source: str | None = None
    sha256: str | None = None
    page_count: int = 0
    id: str | None = None
    extractor_version: str | None = None
    field_sources: Mapping[str, str] = field(default_factory=dict)
    code_url: str | None = None
    cited_by: tuple[str, ...] = ()
    # Where it is published, for citations: volume, pages, publisher, series, url, pdf, editor
    # (editors joined by "; "), from a metadata sidecar or the PDF's notice.
    biblio: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The JSON shape of ``proc extract`` and ``proc show --format json``."""
        data: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "authors": [a.to_dict() for a in self.authors],
            "abstract": self.abstract,
            "keywords": list(self.keywords),
            "year": self.year,
            "venue": self.venue,
            "arxiv_id": self.arxiv_id,
            "doi": self.doi,
            "code_url": self.code_url,
            "pages": self.page_count or len(self.pages),
            "sections": [s.to_dict() for s in self.sections],
            "references": list(self.references),
            "sha256": self.sha256,
            "field_sources": dict(self.field_sources),
            "cited_by": list(self.cited_by),
        }
        if self.biblio:
            data["biblio"] = dict(self.biblio)
        if include_text:
            data["text"] = [{"page": p.number, "text": p.text} for p in self.pages]
        return data

    def __repr__(self) -> str:
        from ..notebook import paper_repr

        return paper_repr(self)

    def _repr_html_(self) -> str:
        from ..notebook import paper_html

        return paper_html(self)


@dataclass(frozen=True)
class Reference:
    """One bibliography entry parsed into fields; ``raw`` is the string as printed."""

    raw: str
    authors: tuple[str, ...] = ()
    title: str | None = None
    venue: str | None = None
    year: int | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "authors": list(self.authors),
            "title": self.title,
            "venue": self.venue,
            "year": self.year,
            "volume": self.volume,
            "pages": self.pages,
            "doi": self.doi,
            "arxiv_id": self.arxiv_id,
            "url": self.url,
        }


@dataclass(frozen=True)
class ResolvedReference:
    """A paper's parsed reference, its position in the list, and the archive paper it cites."""

    position: int
    reference: Reference
    cited_id: str | None = None
    score: float | None = None
    method: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.reference.to_dict()
        data.update(
            position=self.position, cited_id=self.cited_id, score=self.score, method=self.method
        )
        return data


@dataclass(frozen=True)
class Citation:
    """One link of the archive's citation graph: reference ``position`` of ``citing_id`` is
    ``cited_id``; ``method`` is "doi", "arxiv" or "title"."""

    citing_id: str
    cited_id: str
    position: int
    score: float
    method: str
    reference: str = ""
    citing_title: str = ""
    citing_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "citing_id": self.citing_id,
            "cited_id": self.cited_id,
            "position": self.position,
            "score": self.score,
            "method": self.method,
            "reference": self.reference,
            "citing_title": self.citing_title,
            "citing_year": self.citing_year,
        }
