"""What a search is asked and what it answers: ``SearchOptions`` in, ``SearchResults`` (a
sequence of ``Hit``, each with its best ``PageHit``s) out.

In: nothing (plain frozen dataclasses; HTML and pandas frames come from ``notebook``). Out: the
option and result values ``search/`` builds and ``Archive.search`` returns, with ``to_dict``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

__all__ = ["READINGS", "SORTS", "Hit", "PageHit", "SearchOptions", "SearchResults"]


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
        from ..notebook import hits_frame

        return hits_frame(self)

    def _repr_html_(self) -> str:
        from ..notebook import hits_html

        return hits_html(self)


def _papers(n: int) -> str:
    return "paper" if n == 1 else "papers"
