"""One ingest per archive at a time: an ``flock`` on ``<archive>.lock`` beside the database.

In: the archive's path. Out: a context that holds the lock, or ``ArchiveBusyError``.

The kernel drops an ``flock`` when its holder dies, even by ``kill -9``, so a crashed ingest
never leaves the archive locked. Readers (``proc search``) never take this lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ArchiveBusyError

__all__ = ["ingest_lock", "lock_path"]


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _holder(path: Path) -> str:
    try:
        text = path.read_text().strip()
    except OSError:
        return ""
    return f"held by pid {text}" if text else ""


@contextmanager
def ingest_lock(
    db_path: Path | None, *, wait: bool = False, poll_s: float = 0.5, timeout_s: float | None = None
) -> Iterator[None]:
    """Hold the archive's ingest lock; raise ``ArchiveBusyError`` unless ``wait``.

    With ``wait`` the lock is polled until it is free (or ``timeout_s`` has passed).
    An in-memory archive (``db_path`` None) needs no lock.
    """
    if db_path is None:
        yield
        return
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() >= deadline):
                    raise ArchiveBusyError(str(db_path), _holder(path)) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
