"""proceedings: a conference's accepted-paper PDFs as a searchable SQLite archive.

Names are imported on first use (PEP 562), so that an extraction worker, which imports
``proceedings.ingest.workers``, does not pay for the archive, search and sqlite-utils.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    ArchiveBusyError,
    ArchiveNotFoundError,
    BackendError,
    EncryptedPdfError,
    ExtractionError,
    MetadataError,
    NeedsOcrError,
    PaperNotFoundError,
    ProceedingsError,
    QueryError,
)
from .lazy import lazy_getattr

if TYPE_CHECKING:
    from .archive import Archive
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

_LAZY = {
    "Archive": ".archive",
    "EXTRACTOR_VERSION": ".extract",
    "extract_bytes": ".extract",
    "extract_pdf": ".extract",
    "parse_reference": ".extract.references",
    **dict.fromkeys(
        (
            "Author",
            "FileStatus",
            "Hit",
            "IngestReport",
            "Page",
            "PageHit",
            "Paper",
            "Reference",
            "ResolvedReference",
            "SearchResults",
            "Section",
            "Stats",
        ),
        ".models",
    ),
}

__all__ = [
    "EXTRACTOR_VERSION",
    "Archive",
    "ArchiveBusyError",
    "ArchiveNotFoundError",
    "Author",
    "BackendError",
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


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
