"""Frozen value types shared by extraction, storage and search, all importable from here.

In: nothing. Out: the paper values (``papers``: ``Paper``, ``Author``, ``Reference``,
``Citation``...), the search options and results (``results``: ``SearchOptions``,
``SearchResults``, ``Hit``...), and the ingest options, file states and reports (``runs``:
``IngestOptions``, ``RunReport``, ``Stats``...).
"""

from __future__ import annotations

from .papers import Author, Citation, Page, Paper, Reference, ResolvedReference, Section
from .results import READINGS, SORTS, Hit, PageHit, SearchOptions, SearchResults
from .runs import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    FileState,
    FileStatus,
    IngestOptions,
    IngestReport,
    RunReport,
    RunStatus,
    Stats,
)

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
