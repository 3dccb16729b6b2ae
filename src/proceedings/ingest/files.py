"""Finding the files an ingest looks at, and the key each is stored under.

In: the paths given to ``proc ingest`` (files or folders). Out: each candidate file once, in a
stable order, and ``file_key``, its ``files.path``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["file_key", "find_files"]


def file_key(path: str | Path) -> str:
    """The ``files.path`` of a file: absolute, and valid UTF-8 even for undecodable names."""
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and every entry named ``*.pdf`` below a directory, in a stable order.

    Unlike ``extract.find_pdfs`` this keeps entries that are not regular files (a folder named
    ``x.pdf``, a dangling link) so that they are reported instead of silently ignored.
    """
    seen: set[str] = set()
    for raw in paths:
        root = Path(raw)
        found = (
            sorted(
                (p for p in root.rglob("*") if p.suffix.lower() == ".pdf"),
                key=lambda p: os.fsencode(p),
            )
            if root.is_dir()
            else [root]
        )
        for p in found:
            key = file_key(p)
            if key not in seen:
                seen.add(key)
                yield p
