"""proceedings: a conference's accepted-paper PDFs as a searchable SQLite archive."""

from __future__ import annotations

from .archive import Archive
from .errors import (
    ArchiveBusyError,
    ArchiveNotFoundError,
    EncryptedPdfError,
    ExtractionError,
    MetadataError,
    NeedsOcrError,
    PaperNotFoundError,
    ProceedingsError,
    QueryError,
)
from .extract import EXTRACTOR_VERSION, extract_bytes, extract_pdf
from .extract.references import parse_reference
from .models import (
    Author,
    FileStatus,
    Hit,
    IngestReport,
    Page,
    PageHit,
    Paper,
    Reference,
    ResolvedReference,
    SearchResults,
    Section,
    Stats,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "Archive",
    "ArchiveBusyError",
    "ArchiveNotFoundError",
    "Author",
    "EncryptedPdfError",
    "ExtractionError",
    "FileStatus",
    "Hit",
    "IngestReport",
    "MetadataError",
    "NeedsOcrError",
    "Page",
    "PageHit",
    "Paper",
    "PaperNotFoundError",
    "ProceedingsError",
    "QueryError",
    "Reference",
    "ResolvedReference",
    "SearchResults",
    "Section",
    "Stats",
    "__version__",
    "extract_bytes",
    "extract_pdf",
    "parse_reference",
]

__version__ = "0.1.0"
