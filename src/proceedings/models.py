"""Frozen value types shared by extraction, storage and search."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, overload

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "READINGS",
    "SORTS",
    "Author",
    "Citation",
    "FileState",
    "FileStatus",
    "Hit",
    "IngestOptions",
    "IngestReport",
    "Page",
    "PageHit",
    "Paper",
    "Reference",
    "ResolvedReference",
    "RunReport",
    "RunStatus",
    "SearchOptions",
    "SearchResults",
    "Section",
    "Stats",
]


SORTS = ("relevance", "year", "title", "citations")
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


DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY = 2 << 30
DEFAULT_MAX_FILE_SIZE = 200 << 20


class FileState(StrEnum):
    """``files.status``: the last ingest of a file stored its paper, failed, or found no text."""

    OK = "ok"
    FAILED = "failed"
    NEEDS_OCR = "needs_ocr"


class RunStatus(StrEnum):
    """``runs.status``: how an ingest run ended (``running`` while it runs)."""

    RUNNING = "running"
    DONE = "done"
    DONE_WITH_FAILURES = "done_with_failures"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


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
    cited_by: int = 0
    # for a similar paper: the works both papers cite (bibliographic coupling)
    shared_references: tuple[str, ...] = ()

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
            "cited_by": self.cited_by,
        }
        if self.terms:
            data["terms"] = list(self.terms)
        if self.shared_references:
            data["shared_references"] = list(self.shared_references)
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


@dataclass(frozen=True)
class RunReport(IngestReport):
    """An ``IngestReport`` with what the nightly job also needs to know."""

    status: RunStatus = RunStatus.DONE
    duplicates: int = 0
    needs_ocr: int = 0
    known_failures: int = 0
    interrupted_runs: tuple[int, ...] = ()
    workers: int = 0
    worker_restarts: int = 0
    worker_maxrss_kb: int = 0
    metadata: tuple[str, ...] = field(default_factory=tuple)
    # PDFs each metadata source matched in this run, by source (as in ``metadata``).
    metadata_matched: Mapping[str, int] = field(default_factory=dict)

    @property
    def files_seen(self) -> int:
        counted = self.added + self.updated + self.unchanged + self.duplicates
        return counted + self.failed + self.known_failures

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["failures"] = [
            {"path": f.path, "status": f.status, "error_class": f.error_class, "error": f.error}
            for f in self.failures
        ]
        data.update(
            status=self.status,
            duplicates=self.duplicates,
            needs_ocr=self.needs_ocr,
            known_failures=self.known_failures,
            interrupted_runs=list(self.interrupted_runs),
            workers=self.workers,
            worker_restarts=self.worker_restarts,
            worker_maxrss_kb=self.worker_maxrss_kb,
            metadata=list(self.metadata),
            metadata_matched=dict(self.metadata_matched),
        )
        return data


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
class IngestOptions:
    """How an ingest run treats its files; ``Archive.ingest`` takes one (or its fields).

    ``workers`` processes (default: one per core) extract the PDFs, each killed after
    ``timeout`` seconds on one file or when it needs more than ``max_memory`` bytes (0: no
    cap). A file over ``max_file_size`` bytes is recorded as failed, unread (0: no limit). A
    link to a file outside the folders given is not followed unless ``follow_symlinks``.
    ``metadata`` files (and, with ``auto_metadata``, those beside the PDFs) override
    extracted fields. ``extract`` replaces the extractor (a module-level function taking
    ``(data, *, source)``, so that worker processes can import it; default:
    ``proceedings.extract.extract_bytes``). ``backend`` is the PDF reader: ``auto`` (pdfium
    when installed, else pypdf; ``$PROCEEDINGS_BACKEND`` overrides), ``pypdf`` or ``pdfium``
    (needs ``proceedings[fast]``); the files' extractor version records it, so another backend
    re-extracts. ``cluster`` is a ``tcp://`` Dask scheduler
    address or a ``distributed.Client`` (default: ``$PROC_DASK_SCHEDULER``, else local).
    """

    reextract: bool = False
    retry_failed: bool = False
    prune: bool = False
    workers: int | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_memory: int = DEFAULT_MAX_MEMORY
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    follow_symlinks: bool = False
    metadata: Sequence[str | Path] = ()
    auto_metadata: bool = True
    extract: Callable[..., Paper] | None = None
    cluster: Any = None
    backend: str = "auto"


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
