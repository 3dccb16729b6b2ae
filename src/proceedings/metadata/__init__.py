"""Metadata beside the PDFs (PMLR checkouts, BibTeX, CSV, JSON) that overrides extracted fields.

In: metadata files and folders. Out: a ``MetadataIndex`` that ``apply``s their fields to an
extracted ``Paper``. ``bibtex`` and ``yaml`` are the small readers behind it.
"""

from __future__ import annotations

from .sidecars import FIELDS, MetadataIndex, Record, find_sidecars

__all__ = ["FIELDS", "MetadataIndex", "Record", "find_sidecars"]
