"""One exception root, ``ProceedingsError``; subclasses carry what went wrong as attributes."""

from __future__ import annotations

__all__ = [
    "ArchiveBusyError",
    "ArchiveNotFoundError",
    "EncryptedPdfError",
    "ExtractionError",
    "MetadataError",
    "NeedsOcrError",
    "PaperNotFoundError",
    "ProceedingsError",
    "QueryError",
]


class ProceedingsError(Exception):
    """Root of every error this package raises on purpose."""


class ArchiveNotFoundError(ProceedingsError):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"no archive at {path} (create one with: proc ingest PDF_DIR)")


class ArchiveBusyError(ProceedingsError):
    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        msg = f"another ingest is running on {path}; try again later or pass --wait"
        super().__init__(msg + (f" ({detail})" if detail else ""))


class PaperNotFoundError(ProceedingsError):
    """No paper has ``paper_id``; ``suggestions`` are the closest ids the archive has."""

    def __init__(self, paper_id: str, suggestions: tuple[str, ...] = ()) -> None:
        self.paper_id = paper_id
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no paper with id {paper_id!r}{hint}")


class QueryError(ProceedingsError):
    """A query that cannot be understood; ``position`` is a 0-based offset into ``query``."""

    def __init__(self, query: str, message: str, position: int | None = None) -> None:
        self.query = query
        self.position = position
        self.reason = message
        where = f" at position {position}" if position is not None else ""
        super().__init__(f"cannot parse query {query!r}{where}: {message}")


class QueryTooBroadError(QueryError):
    """A query that would take longer than the search budget (``seconds``) to answer."""

    def __init__(self, query: str, seconds: float) -> None:
        super().__init__(
            query,
            f"too broad: it needs more than the {seconds:g} s a search may take; "
            "use longer prefixes, fewer OR terms or fewer words",
        )
        self.seconds = seconds


class ExtractionError(ProceedingsError):
    """A PDF that could not be turned into a paper."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class EncryptedPdfError(ExtractionError):
    pass


class NeedsOcrError(ExtractionError):
    """The PDF has pages but no text layer."""


class MetadataError(ProceedingsError):
    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
