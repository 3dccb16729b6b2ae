"""One ingest per archive at a time: an ``flock`` on ``<archive>.lock`` beside the database.

In: the archive's path. Out: a context that holds the lock, or ``ArchiveBusyError``. The same
lock serialises creating or upgrading an archive (``setup_lock``), so two processes that open a
new archive at once do not race to create it. The file holds the holder's pid (and ``setup``
while it sets up).

The kernel drops an ``flock`` when its holder dies, even by ``kill -9``, so a crashed ingest
never leaves the archive locked. Readers (``proc search``) never take this lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ArchiveBusyError

__all__ = ["ingest_lock", "lock_path", "setup_lock"]

SETUP = "setup"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _read(path: Path) -> list[str]:
    try:
        return path.read_text().split()
    except OSError:
        return []


def _holder(path: Path) -> str:
    words = _read(path)
    return f"held by pid {words[0]}" if words else ""


def _take(fd: int, label: str) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}{label}\n".encode(), 0)


def _release(fd: int) -> None:
    os.ftruncate(fd, 0)
    fcntl.flock(fd, fcntl.LOCK_UN)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def _locked(
    db_path: Path, label: str, poll_s: float, busy: Callable[[Path], bool]
) -> Iterator[None]:
    """Hold the lock file's ``flock``, with this pid and ``label`` written in it. While another
    process holds it, ``busy(path)`` says whether to keep waiting (True) or to go on without
    the lock (False), or raises ``ArchiveBusyError``."""
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        locked = True
        while locked and not _try_lock(fd):
            locked = busy(path)
            if locked:
                time.sleep(poll_s)
        if locked:
            _take(fd, label)
        try:
            yield
        finally:
            if locked:
                _release(fd)
    finally:
        os.close(fd)


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
    deadline = None if timeout_s is None else time.monotonic() + timeout_s

    def busy(path: Path) -> bool:
        if not wait or (deadline is not None and time.monotonic() >= deadline):
            raise ArchiveBusyError(str(db_path), _holder(path))
        return True

    with _locked(db_path, "", poll_s, busy):
        yield


@contextmanager
def setup_lock(
    db_path: Path,
    *,
    needed: Callable[[], bool],
    poll_s: float = 0.05,
    timeout_s: float = 60.0,
) -> Iterator[None]:
    """Hold the lock while creating or upgrading the archive at ``db_path``.

    While another process holds it to set up the same archive, wait; once ``needed()`` says the
    work is done, go on without the lock. While an ingest holds it (it set the archive up
    before it began), go on without it too. After ``timeout_s`` raise ``ArchiveBusyError``.
    """
    deadline = time.monotonic() + timeout_s

    def busy(path: Path) -> bool:
        words = _read(path)
        if not needed() or (words and words[1:] != [SETUP]):
            return False
        if time.monotonic() >= deadline:
            raise ArchiveBusyError(str(db_path), _holder(path))
        return True

    with _locked(db_path, f" {SETUP}", poll_s, busy):
        yield
