"""Frozen value types shared by extraction, storage and search."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

__all__ = [
    "READINGS",
    "SORTS",
    "Author",
    "FileStatus",
    "Hit",
    "IngestReport",
    "Page",
    "PageHit",
    "Paper",
    "SearchOptions",
    "SearchResults",
    "Section",
    "Stats",
]


SORTS = ("relevance", "year", "title")
# How a query was read: the query language, plain words best-match, or a pasted text.
READINGS = ("query", "plain", "text")


@dataclass(frozen=True)
class SearchOptions:
    """What ``Archive.search`` is asked besides the query text.

    ``expand`` adds terms from the best papers (pseudo-relevance feedback) to a plain query of
    three or more significant words; ``year`` is one year or an inclusive range.
    """

    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    year: int | tuple[int, int] | None = None
    venue: str | None = None
    author: str | None = None
    facets: bool = False
    explain: bool = False
    expand: bool = True


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
        }
        if self.biblio:
            data["biblio"] = dict(self.biblio)
        if include_text:
            data["text"] = [{"page": p.number, "text": p.text} for p in self.pages]
        return data

    def __repr__(self) -> str:
        from .notebook import paper_repr

        return paper_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import paper_html

        return paper_html(self)


@dataclass(frozen=True)
class PageHit:
    """A page of a paper where the query matched, with a highlighted snippet."""

    page: int
    snippet: str
    score: float = 0.0


@dataclass(frozen=True)
class Hit:
    """One search result: one paper, with its best pages."""

    id: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    score: float
    page: int | None
    snippet: str
    pages: tuple[PageHit, ...] = ()
    terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "score": round(self.score, 4),
            "page": self.page,
            "snippet": self.snippet,
            "pages": [{"page": p.page, "snippet": p.snippet} for p in self.pages],
        }
        if self.terms:
            data["terms"] = list(self.terms)
        return data


@dataclass(frozen=True)
class SearchResults(Sequence[Hit]):
    """Hits for one query page, with the total count, facets and a spelling suggestion."""

    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    offset: int = 0
    facets: Mapping[str, Sequence[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    explain: str | None = None
    reading: str = "query"
    matched_all: int | None = None

    @property
    def summary(self) -> str:
        """How many papers match, and in which reading: "23 papers match every word, 412
        match some" for a plain query."""
        if self.reading == "query" or self.matched_all is None:
            return f"{self.total} {_papers(self.total)} match"
        if self.reading == "text":
            return f"{self.total} {_papers(self.total)} share terms with the text"
        some = self.total - self.matched_all
        return f"{self.matched_all} {_papers(self.matched_all)} match every word, {some} match some"

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Hit]: ...
    def __getitem__(self, index: int | slice) -> Hit | Sequence[Hit]:
        return self.hits[index]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [h.to_dict() for h in self.hits]

    def to_pandas(self) -> Any:
        """One row per hit; ``snippet`` is plain text, ``snippet_marked`` has ``**`` marks."""
        from .notebook import hits_frame

        return hits_frame(self)

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(h.id)}</td><td>{escape(h.title)}</td>"
            f"<td>{escape(', '.join(h.authors))}</td><td>{h.year or ''}</td>"
            f"<td>{h.page or ''}</td><td>{_mark(h.snippet)}</td></tr>"
            for h in self.hits
        )
        head = "".join(
            f"<th>{c}</th>" for c in ("id", "title", "authors", "year", "page", "snippet")
        )
        note = f"<p>{escape(self.summary)}: {escape(self.query)!s}</p>"
        return f"{note}<table><tr>{head}</tr>{rows}</table>"


def _papers(n: int) -> str:
    return "paper" if n == 1 else "papers"


def _mark(snippet: str) -> str:
    from html import escape

    parts = escape(snippet).split("**")
    return "".join(f"<mark>{p}</mark>" if i % 2 else p for i, p in enumerate(parts))


@dataclass(frozen=True)
class FileStatus:
    """What the archive knows about one source file."""

    path: str
    status: str
    paper_id: str | None = None
    error_class: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ingest run."""

    run_id: int | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    pages: int = 0
    duration_s: float = 0.0
    failures: tuple[FileStatus, ...] = ()
    missing: tuple[str, ...] = ()
    pruned: int = 0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.duration_s if self.duration_s > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "pages": self.pages,
            "duration_s": round(self.duration_s, 3),
            "pages_per_s": round(self.pages_per_s, 1),
            "failures": [
                {"path": f.path, "error_class": f.error_class, "error": f.error}
                for f in self.failures
            ],
            "missing": list(self.missing),
            "pruned": self.pruned,
        }


@dataclass(frozen=True)
class Stats:
    """Counts that describe an archive."""

    papers: int
    authors: int
    pages: int
    files: int
    failed_files: int
    years: Mapping[str, int] = field(default_factory=dict)
    venues: Mapping[str, int] = field(default_factory=dict)
    last_run: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "papers": self.papers,
            "authors": self.authors,
            "pages": self.pages,
            "files": self.files,
            "failed_files": self.failed_files,
            "years": dict(self.years),
            "venues": dict(self.venues),
            "last_run": dict(self.last_run) if self.last_run else None,
        }

    def __repr__(self) -> str:
        from .notebook import stats_repr

        return stats_repr(self)

    def _repr_html_(self) -> str:
        from .notebook import stats_html

        return stats_html(self)
