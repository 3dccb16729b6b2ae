"""Connections to an archive's SQLite file, and its published snapshot.

In: an archive path (or none, for an archive in memory) and how it is to be used. Out: a
``sqlite_utils.Database`` with the archive's pragmas set: for writing, the archive created or
upgraded first under the setup lock; read-only (``mode=ro``, or ``immutable=1`` on read-only
storage); and ``publish_snapshot``'s compact read-only copy. Errors are ``ArchiveNotFoundError``,
``ArchiveAccessError`` or ``ProceedingsError``, naming the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from .errors import ArchiveAccessError, ArchiveNotFoundError, ProceedingsError
from .ingest.locking import setup_lock
from .migrations import apply, migrations
from .storage import optimize, write_transaction

__all__ = [
    "CACHE_KIB",
    "MMAP_SIZE",
    "PAGE_SIZE",
    "open_for_writing",
    "open_in_memory",
    "open_readonly",
    "publish_snapshot",
]

PAGE_SIZE = 65536
MMAP_SIZE = 1 << 31
CACHE_KIB = 65536


def open_in_memory() -> Database:
    """A new, empty archive in memory."""
    db = Database(memory=True)
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    db.execute("PRAGMA foreign_keys = ON")
    apply(db)
    return db


def open_for_writing(path: Path, *, create: bool) -> Database:
    """A writing connection, the archive created or upgraded first if it needs it."""
    if not path.exists():
        if not create:
            raise ArchiveNotFoundError(str(path))
        if not os.access(path.parent, os.W_OK):
            raise ArchiveAccessError(str(path), "its folder cannot be written")
    elif not _writable(path):
        raise ArchiveAccessError(
            str(path), "the file or its folder is read-only; it can only be read"
        )
    try:
        db = Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        if _needs_setup(db):
            with setup_lock(path, needed=lambda: _needs_setup(db)):
                _set_up(db)
        else:
            _set_up(db)
    except (sqlite3.Error, OSError) as exc:
        raise ArchiveAccessError(str(path), str(exc)) from exc
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def open_readonly(path: Path) -> tuple[Database, bool]:
    """A read-only connection (``mode=ro``): it never writes, and it still sees a running
    ingest's commits (WAL). On read-only storage, where SQLite cannot make the WAL's shared
    memory file, it opens the file as ``immutable=1``; returns whether it did."""
    if not path.exists():
        raise ArchiveNotFoundError(str(path))
    immutable = False
    try:
        db = _connect_readonly(path, immutable=False)
        try:
            pending = migrations.pending(db)
        except sqlite3.OperationalError:
            db.close()
            wal = path.with_name(path.name + "-wal")
            if _writable(path) or (wal.exists() and wal.stat().st_size):
                raise
            db, immutable = _connect_readonly(path, immutable=True), True
            pending = migrations.pending(db)
    except sqlite3.DatabaseError as exc:
        raise ProceedingsError(f"cannot read archive {path}: {exc}") from exc
    if pending:
        raise ProceedingsError(
            f"{path} is not a proceedings archive of this version; open it once for writing "
            "(e.g. proc ingest) to create or upgrade it"
        )
    db.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db, immutable


def publish_snapshot(db: Database, source: Path | None, out: str | Path, *, readonly: bool) -> int:
    """Write a snapshot of ``db`` (the archive at ``source``) to ``out``, a new file:
    checkpointed unless ``readonly``, copied with ``VACUUM INTO``, its indexes merged,
    compacted and in rollback-journal mode. Returns its size in bytes."""
    target = Path(out)
    if target.exists():
        raise ArchiveAccessError(str(target), "the file exists; publish to a new path")
    if source is not None and target.resolve() == source.resolve():
        raise ArchiveAccessError(str(target), "cannot publish an archive onto itself")
    try:
        if not readonly:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        db.execute("VACUUM INTO ?", [str(target)])
        copy = Database(target)
        try:
            with write_transaction(copy):
                optimize(copy)
            copy.execute("VACUUM")
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise ArchiveAccessError(str(target), str(exc)) from exc
    return target.stat().st_size


def _needs_setup(db: Database) -> bool:
    """Whether the archive is new, not in WAL mode yet, or of an older schema."""
    if db.execute("PRAGMA page_count").fetchone()[0] == 0 or db.journal_mode != "wal":
        return True
    return bool(migrations.pending(db))


def _set_up(db: Database) -> None:
    """Pragmas for a writing connection; on a new archive, its page size, WAL and schema."""
    if db.execute("PRAGMA page_count").fetchone()[0] == 0:
        # Page texts of 3-5 KB leave ~15% of 4 or 16 KB pages unused, 3.5% of 64 KB ones.
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    if db.journal_mode != "wal":
        db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
    db.execute("PRAGMA foreign_keys = ON")
    apply(db)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect_readonly(path: Path, *, immutable: bool) -> Database:
    query = "immutable=1" if immutable else "mode=ro"
    db = Database(sqlite3.connect(f"file:{quote(str(path.resolve()))}?{query}", uri=True))
    db.execute("PRAGMA busy_timeout = 10000")
    return db
