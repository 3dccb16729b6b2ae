"""The PDF backends and the reader face they share.

In: a backend name (``"pypdf"``, ``"pdfium"`` or ``"auto"``) and PDF bytes. Out: an open
``Reader`` (page count, metadata, pages of lines, images, wide gaps) and the extractor
version that records which backend read a paper.

``pypdf`` is always installed. ``pdfium`` needs ``pip install "proceedings[fast]"``
(pypdfium2). ``auto`` is ``AUTO_BACKEND`` (pdfium) when it is installed, else ``pypdf``;
the environment variable ``PROCEEDINGS_BACKEND`` overrides what ``auto`` picks (a value that
names no backend is ignored with a warning). An ingest resolves its backend once, in the
calling process, and hands its workers that backend's extractor.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
from typing import Protocol

from ..errors import BackendError, BackendNotInstalledError, ExtractionError
from .lines import GapCells, PageText

__all__ = [
    "AUTO_BACKEND",
    "BACKENDS",
    "VERSION",
    "Reader",
    "extractor_version",
    "open_reader",
    "pdfium_installed",
    "require_backend",
    "resolve_backend",
]

log = logging.getLogger(__name__)

VERSION = "0.3.2"
BACKENDS = ("pypdf", "pdfium")
# What ``auto`` prefers when installed: pdfium matches pypdf within 0.5 points on every field
# of the dev corpora at about 4x the pages per CPU-second (see docs/benchmarks.md).
AUTO_BACKEND = "pdfium"


class Reader(Protocol):
    """An open PDF, as the pipeline reads it."""

    source: str
    page_count: int
    metadata: dict[str, str]

    def page(self, index: int) -> PageText: ...

    def images(self, index: int) -> bool: ...

    def gap_cells(self, index: int) -> list[GapCells]: ...

    def close(self) -> None: ...


@functools.cache
def pdfium_installed() -> bool:
    """Whether pypdfium2 can be imported."""
    return importlib.util.find_spec("pypdfium2") is not None


def resolve_backend(backend: str = "auto") -> str:
    """The backend that ``backend`` names; ``ValueError`` for an unknown name."""
    if backend == "auto":
        backend = os.environ.get("PROCEEDINGS_BACKEND", "").strip().lower() or AUTO_BACKEND
        if backend not in BACKENDS:
            log.warning(
                "PROCEEDINGS_BACKEND=%s is not a PDF backend; using %s", backend, AUTO_BACKEND
            )
            backend = AUTO_BACKEND
        if backend == "pdfium" and not pdfium_installed():
            backend = "pypdf"
    if backend not in BACKENDS:
        raise BackendError(backend)
    return backend


def require_backend(backend: str = "auto") -> str:
    """``resolve_backend``, and ``BackendNotInstalledError`` when the one named is missing."""
    name = resolve_backend(backend)
    if name == "pdfium" and not pdfium_installed():
        raise BackendNotInstalledError(name, "pypdfium2", "fast")
    return name


def extractor_version(backend: str = "auto") -> str:
    """The extractor version of papers read by ``backend``: pypdf's is the bare version."""
    name = resolve_backend(backend)
    return VERSION if name == "pypdf" else f"{VERSION}+{name}"


def open_reader(data: bytes, source: str, backend: str) -> Reader:
    """``data`` opened with the (resolved) ``backend``."""
    if backend == "pdfium":
        if not pdfium_installed():
            raise ExtractionError(
                source, str(BackendNotInstalledError(backend, "pypdfium2", "fast"))
            )
        from .pdfium_reader import open_pdfium

        return open_pdfium(data, source)
    from .pypdf_reader import open_pdf

    return open_pdf(data, source)
