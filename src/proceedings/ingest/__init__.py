"""Ingest: PDF files in, papers and their file and run records in the archive.

The steps, each in its own module: ``files`` finds the files, ``plan`` decides what each needs,
``pool`` extracts them (``workers`` on this machine or ``cluster`` on Dask), ``records`` writes
papers and files, ``runs`` writes the run, ``pipeline`` drives one run, and ``locking`` keeps
one ingest per archive at a time.
"""

from __future__ import annotations

from ..models import IngestOptions, RunReport
from .files import file_key, find_files
from .locking import ingest_lock
from .pipeline import Progress, ingest_paths
from .records import missing_files, prune_files

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
