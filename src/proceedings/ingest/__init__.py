"""Ingest: PDF files in, papers and their file and run records in the archive.

The steps, each in its own module: ``files`` finds the files, ``plan`` decides what each needs,
``pool`` extracts them (``workers`` on this machine or ``cluster`` on Dask), ``records`` writes
papers and files, ``runs`` writes the run, ``pipeline`` drives one run, and ``locking`` keeps
one ingest per archive at a time. The names below are imported on first use, so that a worker
process (``workers``) does not import the writing side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_getattr

if TYPE_CHECKING:
    from ..models import IngestOptions, RunReport
    from .files import file_key, find_files
    from .locking import ingest_lock
    from .pipeline import Progress, ingest_paths
    from .records import missing_files, prune_files

_LAZY = {
    "IngestOptions": "..models",
    "RunReport": "..models",
    "file_key": ".files",
    "find_files": ".files",
    "ingest_lock": ".locking",
    "Progress": ".pipeline",
    "ingest_paths": ".pipeline",
    "missing_files": ".records",
    "prune_files": ".records",
}

__all__ = [
    "IngestOptions",
    "Progress",
    "RunReport",
    "file_key",
    "find_files",
    "ingest_lock",
    "ingest_paths",
    "missing_files",
    "prune_files",
]


__getattr__ = lazy_getattr(__name__, _LAZY, globals())
