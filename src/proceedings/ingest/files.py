"""Finding the files an ingest looks at, checking what each really is, and reading it safely.

In: the paths given to ``proc ingest`` (files or folders). Out: each candidate file once, in a
stable order; ``file_key``, its ``files.path``; ``check_file``, which refuses FIFOs, devices,
links out of the folders and files over the size limit before anything opens them; and
``digest_file``/``read_file``, which read a regular file with that limit.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import (
    ExtractionError,
    FileTooLargeError,
    NotARegularFileError,
    SymlinkNotFollowedError,
)

__all__ = [
    "check_file",
    "describe_problem",
    "digest_file",
    "file_key",
    "find_files",
    "format_bytes",
    "read_file",
]

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_key(path: str | Path) -> str:
    """The ``files.path`` of a file: absolute, and valid UTF-8 even for undecodable names."""
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


def format_bytes(n: int) -> str:
    """``n`` bytes as people write it: ``512 MB``, ``2 GB``."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} B"


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and every entry named ``*.pdf`` below a directory, in a stable order.

    Unlike ``extract.find_pdfs`` this keeps entries that are not regular files (a folder named
    ``x.pdf``, a dangling link) so that they are reported instead of silently ignored. Linked
    folders are not descended into.
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


def _inside(target: str, roots: Sequence[str]) -> bool:
    return any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def check_file(
    path: Path, *, roots: Sequence[str], follow_symlinks: bool, max_size: int
) -> os.stat_result:
    """The ``stat`` of ``path`` if it is a regular file that may be read, else an error.

    ``roots`` are the real paths of the folders and files given; a link whose target lies
    outside them raises ``SymlinkNotFollowedError`` unless ``follow_symlinks``. Raises
    ``OSError`` (a dangling link, a folder), ``NotARegularFileError`` or ``FileTooLargeError``.
    ``max_size`` 0 means no limit.
    """
    if path.is_symlink() and not follow_symlinks:
        target = os.path.realpath(path)
        if not _inside(target, roots):
            reason = f"symbolic link to {target}, outside the folders given: not followed"
            raise SymlinkNotFollowedError(str(path), reason + " (see --follow-symlinks)")
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    _check_stat(path, st, max_size)
    return st


def _check_stat(path: Path, st: os.stat_result, max_size: int) -> None:
    for test, kind in _KINDS:
        if test(st.st_mode):
            raise NotARegularFileError(str(path), f"not a regular file ({kind})")
    if max_size and st.st_size > max_size:
        raise FileTooLargeError(str(path), _too_large(st.st_size, max_size))


def _too_large(size: int, limit: int) -> str:
    return (
        f"file too large ({format_bytes(size)}; the limit is {format_bytes(limit)}, "
        "see --max-file-size)"
    )


def describe_problem(exc: OSError | ExtractionError) -> tuple[str, str]:
    """The error class and reason recorded for a file that cannot be read."""
    if isinstance(exc, ExtractionError):
        return type(exc).__name__, exc.reason
    return type(exc).__name__, f"cannot read file: {exc.strerror or exc}"


def _chunks(path: Path, max_size: int) -> Iterator[bytes]:
    """The bytes of ``path`` in chunks; never blocks on a FIFO, never reads past the limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        _check_stat(path, st, max_size)
        total = 0
        while chunk := os.read(fd, _CHUNK):
            total += len(chunk)
            if max_size and total > max_size:
                raise FileTooLargeError(str(path), _too_large(total, max_size))
            yield chunk
    finally:
        os.close(fd)


def digest_file(path: Path, *, max_size: int) -> tuple[str, int]:
    """The sha256 and size of ``path``, read in chunks (the bytes are not kept)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(path, max_size):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def read_file(path: Path, *, max_size: int) -> bytes:
    """The bytes of ``path``, with the checks of ``check_file``'s regular-file test."""
    return b"".join(_chunks(path, max_size))
