"""One exception root, ``ProceedingsError``; subclasses carry what went wrong as attributes."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ArchiveAccessError",
    "ArchiveBusyError",
    "ArchiveNotFoundError",
    "BackendError",
    "BackendNotInstalledError",
    "ClusterError",
    "ClusterTimeoutError",
    "DaskNotInstalledError",
    "EncryptedPdfError",
    "ExtractionError",
    "ExtractionTimeoutError",
    "FileTooLargeError",
    "FixturesNotFoundError",
    "InputNotFoundError",
    "MetadataError",
    "NeedsOcrError",
    "NoPdfsFoundError",
    "NotARegularFileError",
    "PaperNotFoundError",
    "ProceedingsError",
    "QueryError",
    "SymlinkNotFollowedError",
    "WorkerCrashError",
    "WorkerError",
    "WorkerLostError",
    "WorkerMemoryError",
]


class ProceedingsError(Exception):
    """Root of every error this package raises on purpose."""


class ArchiveNotFoundError(ProceedingsError):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"no archive at {path} (create one with: proc ingest PDF_DIR)")


class ArchiveAccessError(ProceedingsError):
    """The archive file cannot be opened or used as asked (read-only storage, not a database,
    a disk error); ``reason`` says what SQLite or the system said."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot use archive {path}: {reason}")


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


class InputNotFoundError(ProceedingsError):
    """Files or folders given to read that do not exist; ``paths`` names them."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = tuple(paths)
        super().__init__(f"no such file or folder: {', '.join(self.paths)}")


class NoPdfsFoundError(ProceedingsError):
    """No PDF file under the files or folders given (``paths``)."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = tuple(paths)
        super().__init__(f"no PDF files found in {', '.join(self.paths)}")


class FixturesNotFoundError(ProceedingsError):
    """``proc demo`` found no demo corpus; ``searched`` are the folders it looked in."""

    def __init__(self, searched: Sequence[str]) -> None:
        self.searched = tuple(searched)
        super().__init__("no fixtures/ folder found; pass --fixtures DIR")


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


class NotARegularFileError(ExtractionError):
    """A FIFO, socket or device named like a PDF: never opened for reading."""


class FileTooLargeError(ExtractionError):
    """A file over the size limit (``--max-file-size``); it is not read."""


class SymlinkNotFollowedError(ExtractionError):
    """A symbolic link to somewhere outside the folders given; see ``--follow-symlinks``."""


class MetadataError(ProceedingsError):
    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class WorkerError(ExtractionError):
    """A file whose extraction ended its worker; the pool records it and starts a new one.

    Pools report these as a failed ``Outcome`` (the class name and ``reason``), not by raising.
    """


class ExtractionTimeoutError(WorkerError):
    """The worker took longer than the per-file timeout and was killed."""


class WorkerMemoryError(WorkerError):
    """The worker hit its address-space cap (``MemoryError``) on this file."""


class WorkerCrashError(WorkerError):
    """The worker process died (a signal or an exit) while extracting this file."""


class WorkerLostError(WorkerError):
    """Dask workers kept dying while extracting this file."""


class ClusterTimeoutError(WorkerError):
    """The Dask cluster gave no answer for this file in time."""


class ClusterError(ProceedingsError):
    """The Dask cluster cannot be reached or used; the run stops and nothing is recorded failed."""


class DaskNotInstalledError(ClusterError):
    def __init__(self) -> None:
        super().__init__('Dask is not installed: pip install "proceedings[cluster]"')


class BackendError(ProceedingsError, ValueError):
    """A PDF backend name that names no backend (also a ``ValueError``)."""

    def __init__(self, backend: str, message: str = "") -> None:
        self.backend = backend
        super().__init__(
            message or f"unknown PDF backend {backend!r}; choose from auto, pypdf, pdfium"
        )


class BackendNotInstalledError(BackendError):
    """A PDF backend that was asked for by name but is not installed."""

    def __init__(self, backend: str, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            backend,
            f"the {backend} PDF backend needs {package}: pip install 'proceedings[{extra}]'",
        )
