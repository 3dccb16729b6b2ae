"""``Archive``: the one front door to a proceedings database.

In: an archive path, and the calls of cli.py or a library user (ingest, search, get, export...).
Out: the results as ``models`` values; every pipeline is reached through here.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from . import citations, graph
from .errors import ArchiveAccessError, ArchiveNotFoundError, PaperNotFoundError, ProceedingsError
from .extract import find_pdfs
from .ingest import IngestOptions, Progress, RunReport, ingest_lock, ingest_paths
from .ingest.locking import setup_lock
from .ingest.preview import extract_files
from .migrations import apply, migrations, set_page_phrases
from .models import (
    Citation,
    FileStatus,
    Paper,
    ResolvedReference,
    SearchOptions,
    SearchResults,
    Stats,
)
from .notebook import archive_html, archive_repr, papers_frame
from .search import Partitions, search, similar
from .storage import delete_paper, load_paper, optimize, save_paper, write_transaction
from .text import normalize_text

__all__ = ["Archive"]

PAGE_SIZE = 65536
MMAP_SIZE = 1 << 31
CACHE_KIB = 65536


class Archive:
    """A proceedings archive in one SQLite file (or in memory).

    >>> with Archive("proceedings.db") as archive:
    ...     archive.ingest(["papers/"])
    ...     for hit in archive.search("efficient reasoning", limit=5):
    ...         print(hit.title, hit.page)
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        create: bool = True,
        readonly: bool = False,
    ) -> None:
        """Open (or create) the archive at ``path``; ``None`` is in memory.

        A new or older archive is created or upgraded under the ingest lock, so that two
        processes opening a new archive at once do not race to create it.
        """
        self.path = None if path in (None, ":memory:") else Path(str(path))
        self.readonly = readonly and self.path is not None
        self.immutable = False
        if self.path is None:
            self.db = Database(memory=True)
        elif readonly:
            self.db, self.immutable = _open_readonly(self.path)
            self.db.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
        else:
            self.db = _open_for_writing(self.path, create=create)
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if self.path is None:
            self.db.execute("PRAGMA foreign_keys = ON")
            apply(self.db)
        self._partitions = None
        if self.path is not None and not self.immutable:
            pragmas = (f"mmap_size = {MMAP_SIZE}", f"cache_size = -{CACHE_KIB}")
            self._partitions = Partitions(self.path, pragmas=pragmas)

    def __repr__(self) -> str:
        return archive_repr(str(self.path or ":memory:"), self._count())

    def _repr_html_(self) -> str:
        try:
            stats: Stats | None = self.stats()
        except sqlite3.Error:
            stats = None
        return archive_html(str(self.path or ":memory:"), stats)

    def _count(self) -> int | None:
        try:
            return int(self.db.execute("SELECT count(*) FROM papers").fetchone()[0])
        except sqlite3.Error:
            return None

    def to_pandas(self, *, year: int | None = None, venue: str | None = None) -> Any:
        """Every paper as a row of a ``pandas.DataFrame`` (columns ``notebook.PAPER_COLUMNS``)."""
        return papers_frame(self.papers(year=year, venue=venue))

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._partitions is not None:
            self._partitions.close()
        self.db.close()

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        options: IngestOptions | None = None,
        progress: Progress | None = None,
        on_found: Callable[[int], None] | None = None,
        wait: bool = False,
        **fields: Any,
    ) -> RunReport:
        """Extract and store every PDF under ``paths``; unchanged files are skipped.

        ``options`` (or its fields as keyword arguments: ``workers``, ``timeout``,
        ``max_memory``, ``reextract``, ``retry_failed``, ``prune``, ``metadata``,
        ``auto_metadata``, ``extract``, ``cluster``, ``backend``; see ``IngestOptions``) say
        how.
        ``on_found`` hears the number of files found; ``progress`` hears each file's path and
        label (``added``, ``unchanged``, ``failed``...) as it is settled.
        Raises ``ArchiveBusyError`` while another ingest runs, unless ``wait``.
        """
        chosen = replace(options or IngestOptions(), **fields)
        with ingest_lock(self.path, wait=wait):
            return ingest_paths(self.db, list(paths), chosen, progress=progress, on_found=on_found)

    @staticmethod
    def extract(
        paths: Iterable[str | Path], *, options: IngestOptions | None = None
    ) -> Iterator[tuple[Path, Paper | None, str | None]]:
        """Extract the PDFs under ``paths`` without storing them, in ingest's worker pool (same
        timeout and memory cap): ``(path, paper, None)`` or ``(path, None, error)``, in order."""
        return extract_files(list(find_pdfs(paths)), options or IngestOptions())

    def add(self, paper: Paper) -> str:
        """Store a ``Paper`` built elsewhere; returns its id. The same paper again replaces it."""
        with write_transaction(self.db):
            paper_id, _ = save_paper(self.db, paper)
        return paper_id

    def add_all(self, papers: Iterable[Paper], *, batch: int = 200) -> list[str]:
        """Store many papers, ``batch`` to a transaction (much faster than ``add`` in a loop);
        an error rolls back the papers of its batch only. Call ``optimize`` afterwards."""
        ids: list[str] = []
        chunk: list[Paper] = []
        for paper in papers:
            chunk.append(paper)
            if len(chunk) >= batch:
                ids += self._save_batch(chunk)
                chunk = []
        return ids + self._save_batch(chunk)

    def _save_batch(self, papers: list[Paper]) -> list[str]:
        with write_transaction(self.db):
            return [save_paper(self.db, paper)[0] for paper in papers]

    def optimize(
        self, *, vacuum: bool = False, wait: bool = True, page_phrases: bool | None = None
    ) -> None:
        """Merge the full-text indexes into one segment each: worth it after a bulk load.
        ``vacuum=True`` then rewrites the file without the pages the merge freed (it needs
        as much free disk as the archive takes, and blocks writers while it runs).
        ``page_phrases=False`` first rebuilds the page index without word positions (the
        archive shrinks from about 2.19x to 1.86x its raw text, and Datasette and
        ``sqlite-utils search`` no longer find phrases or hyphenated words on pages);
        ``True`` brings them back (a new archive has them).
        It holds the ingest lock, so it waits for a running ingest to end (unless not
        ``wait``: then it raises ``ArchiveBusyError``) and an ingest waits for it."""
        with ingest_lock(self.path, wait=wait):
            with write_transaction(self.db):
                if page_phrases is not None:
                    set_page_phrases(self.db, page_phrases)
                optimize(self.db)
            if vacuum:
                self.db.execute("VACUUM")

    def publish(self, out: str | Path) -> int:
        """Write a snapshot of the archive to ``out`` (a new file) that opens read-only
        anywhere: checkpointed, copied with ``VACUUM INTO``, its indexes merged, compacted
        and in rollback-journal mode, so it needs no ``-wal`` or ``-shm`` file beside it.
        Returns its size in bytes."""
        target = Path(out)
        if target.exists():
            raise ArchiveAccessError(str(target), "the file exists; publish to a new path")
        if self.path is not None and target.resolve() == self.path.resolve():
            raise ArchiveAccessError(str(target), "cannot publish an archive onto itself")
        try:
            if not self.readonly:
                self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self.db.execute("VACUUM INTO ?", [str(target)])
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

    def delete(self, paper_id: str) -> None:
        with write_transaction(self.db):
            if not delete_paper(self.db, paper_id):
                raise PaperNotFoundError(paper_id)

    def get(self, paper_id: str, *, include_text: bool = True) -> Paper:
        rows = list(self.db.query("SELECT * FROM papers WHERE id = ?", [paper_id]))
        if not rows:
            raise PaperNotFoundError(paper_id, self.closest_ids(paper_id))
        return load_paper(self.db, rows[0], include_text=include_text)

    def ids(self, *, prefix: str = "", limit: int | None = None) -> list[str]:
        """Paper ids in order, those starting with ``prefix`` only."""
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = "SELECT id FROM papers WHERE id LIKE ? ESCAPE '\\' ORDER BY id"
        params: list[Any] = [like]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [r[0] for r in self.db.execute(sql, params)]

    def closest_ids(self, paper_id: str, n: int = 3) -> tuple[str, ...]:
        """The ids most like ``paper_id`` (a typo, or another year or suffix), best first."""
        ids = self.ids()
        close = difflib.get_close_matches(paper_id, ids, n=n, cutoff=0.6)
        surname = re.match(r"[^\W\d_]*", paper_id)
        if not close and surname and len(surname.group()) >= 2:
            # ids are surname + year + title word: the same first author
            close = [i for i in ids if re.match(re.escape(surname.group()) + r"\d", i)][:n]
        return tuple(close)

    def papers(
        self, *, year: int | None = None, venue: str | None = None, include_text: bool = False
    ) -> Iterator[Paper]:
        """Every paper, oldest first, optionally of one year or venue."""
        where, params = _filters(year=year, venue=venue)
        sql = f"SELECT * FROM papers {where} ORDER BY year, id"
        for row in list(self.db.query(sql, params)):
            yield load_paper(self.db, row, include_text=include_text)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        year: int | tuple[int, int] | None = None,
        venue: str | None = None,
        author: str | None = None,
        facets: bool = False,
        explain: bool = False,
        expand: bool = True,
        options: SearchOptions | None = None,
    ) -> SearchResults:
        """Ranked papers for ``query`` (see the README for the query language; plain words
        are read best-match, a pasted text as "more like this"). ``options`` replaces the
        keyword arguments when given; ``expand=False`` turns off pseudo-relevance feedback."""
        if options is None:
            options = SearchOptions(
                limit=limit,
                offset=offset,
                sort=sort,
                year=year,
                venue=venue,
                author=author,
                facets=facets,
                explain=explain,
                expand=expand,
            )
        if options.author:
            options = replace(options, author=normalize_text(options.author))
        return self._with_counts(search(self.db, normalize_text(query), options, self._partitions))

    def similar(self, paper_id: str, *, limit: int = 10) -> SearchResults:
        """Papers like ``paper_id``, each hit listing the terms they share."""
        self.get(paper_id, include_text=False)
        return self._with_counts(similar(self.db, paper_id, limit=limit))

    def failures(self, *, status: str | None = None) -> list[FileStatus]:
        """Files whose last ingest failed or that need OCR (``status`` picks one kind).

        ``paper_id`` is set when an older version of the file is still in the archive.
        """
        where, params = "status != 'ok'", []
        if status:
            where, params = "status = ?", [status]
        return [
            FileStatus(r["path"], r["status"], r["paper_id"], r["error_class"], r["error"])
            for r in self.db.query(f"SELECT * FROM files WHERE {where} ORDER BY path", params)
        ]

    def stats(self) -> Stats:
        def count(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        last = list(self.db.query("SELECT * FROM runs ORDER BY id DESC LIMIT 1"))
        return Stats(
            papers=count("SELECT count(*) FROM papers"),
            authors=count("SELECT count(DISTINCT folded) FROM authors"),
            pages=count("SELECT count(*) FROM pages"),
            files=count("SELECT count(*) FROM files"),
            failed_files=count("SELECT count(*) FROM files WHERE status != 'ok'"),
            years={
                str(r[0]): r[1]
                for r in self.db.execute(
                    "SELECT year, count(*) FROM papers GROUP BY year ORDER BY year"
                )
            },
            venues={
                str(r[0]): r[1]
                for r in self.db.execute(
                    "SELECT venue, count(*) FROM papers GROUP BY venue ORDER BY 2 DESC"
                )
            },
            last_run={k: v for k, v in last[0].items() if k != "options"} if last else None,
        )

    def runs(self) -> list[dict[str, Any]]:
        return [
            {**r, "options": json.loads(r["options"] or "{}")}
            for r in self.db.query("SELECT * FROM runs ORDER BY id")
        ]

    # The citation graph (citations.py resolves, graph.py reads).

    def references(self, paper_id: str) -> list[ResolvedReference]:
        """``paper_id``'s parsed references, each with the archive id it cites or ``None``."""
        self.get(paper_id, include_text=False)
        return graph.references(self.db, paper_id)

    def cited_by(self, paper_id: str) -> list[Citation]:
        """The references of archive papers that cite ``paper_id``."""
        self.get(paper_id, include_text=False)
        return graph.citations_of(self.db, paper_id)

    def citation_counts(self) -> dict[str, int]:
        """How many archive papers cite each paper (uncited papers are left out)."""
        return citations.citation_counts(self.db)

    def shared_references(
        self, paper_id: str, *, limit: int = 10
    ) -> list[tuple[str, int, list[str]]]:
        """Papers citing the same works as ``paper_id``: (id, number shared, shared titles)."""
        self.get(paper_id, include_text=False)
        return citations.shared_references(self.db, paper_id, limit)

    def citation_graph(self) -> tuple[list[tuple[str, str, int | None, int]], list[Citation]]:
        """Every paper as (id, title, year, times cited) and every citation link."""
        counts = self.citation_counts()
        nodes = [
            (r[0], r[1], r[2], counts.get(r[0], 0))
            for r in self.db.execute("SELECT id, title, year FROM papers ORDER BY id")
        ]
        return nodes, graph.edges(self.db)

    def _with_counts(self, results: SearchResults) -> SearchResults:
        ids = [h.id for h in results.hits]
        if not ids:
            return results
        marks = ", ".join("?" * len(ids))
        counts = dict(
            self.db.execute(f"SELECT paper_id, n FROM cite_counts WHERE paper_id IN ({marks})", ids)
        )
        hits = tuple(replace(h, cited_by=counts.get(h.id, 0)) for h in results.hits)
        return replace(results, hits=hits)


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


def _filters(*, year: int | None, venue: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if year is not None:
        clauses.append("year = ?")
        params.append(year)
    if venue:
        clauses.append("venue LIKE ?")
        params.append(f"%{venue}%")
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_for_writing(path: Path, *, create: bool) -> Database:
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
    return db


def _connect_readonly(path: Path, *, immutable: bool) -> Database:
    query = "immutable=1" if immutable else "mode=ro"
    db = Database(sqlite3.connect(f"file:{quote(str(path.resolve()))}?{query}", uri=True))
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def _open_readonly(path: Path) -> tuple[Database, bool]:
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
    return db, immutable
