"""``Archive``: the one front door to a proceedings database."""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from .cluster import ClusterTarget
from .errors import ArchiveNotFoundError, PaperNotFoundError, ProceedingsError
from .ingest import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, RunReport, ingest_paths
from .ingest_db import discover, file_key, missing_files, prune_files
from .locking import ingest_lock
from .migrations import apply, migrations
from .models import FileStatus, Paper, SearchOptions, SearchResults, Stats
from .notebook import archive_html, archive_repr, papers_frame
from .search import Partitions, search, similar
from .store import delete_paper, load_paper, optimize, save_paper
from .text import normalize_text
from .workers import DEFAULT_EXTRACT

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
        self, path: str | Path | None = None, *, create: bool = True, readonly: bool = False
    ) -> None:
        self.path = None if path in (None, ":memory:") else Path(str(path))
        self.readonly = readonly and self.path is not None
        if self.path is None:
            self.db = Database(memory=True)
        elif readonly:
            self.db = _open_readonly(self.path)
            self.db.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
        else:
            if not create and not self.path.exists():
                raise ArchiveNotFoundError(str(self.path))
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            self.db = Database(self.path)
            self.db.execute("PRAGMA busy_timeout = 10000")
            if fresh:
                # Page texts of 3-5 KB leave ~15% of 4 or 16 KB pages unused, 3.5% of 64 KB ones.
                self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            if self.db.journal_mode != "wal":
                self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if not self.readonly:
            self.db.execute("PRAGMA foreign_keys = ON")
            apply(self.db)
        self._partitions = None
        if self.path is not None:
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
        reextract: bool = False,
        progress: Callable[[str, str], None] | None = None,
        wait: bool = False,
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory: int = DEFAULT_MAX_MEMORY,
        retry_failed: bool = False,
        prune: bool = False,
        metadata: Sequence[str | Path] = (),
        auto_metadata: bool = True,
        extract: str = DEFAULT_EXTRACT,
        cluster: ClusterTarget = None,
    ) -> RunReport:
        """Extract and store every PDF under ``paths``; unchanged files are skipped.

        PDFs are extracted by ``workers`` processes (default: one per core), each killed after
        ``timeout`` seconds on one file or when it needs more than ``max_memory`` bytes.
        ``metadata`` files (and, with ``auto_metadata``, those beside the PDFs) override
        extracted fields. ``extract`` names the extraction function as ``module:function``.
        ``cluster`` (a ``tcp://`` scheduler address or a ``distributed.Client``; default: the
        environment variable ``PROC_DASK_SCHEDULER``) sends extraction to a Dask cluster.
        Raises ``ArchiveBusyError`` while another ingest runs, unless ``wait``.
        """
        with ingest_lock(self.path, wait=wait):
            return ingest_paths(
                self.db,
                list(paths),
                reextract=reextract,
                progress=progress,
                workers=workers,
                timeout=timeout,
                max_memory=max_memory,
                retry_failed=retry_failed,
                prune=prune,
                metadata=metadata,
                auto_metadata=auto_metadata,
                extract=extract,
                cluster=cluster,
            )

    def prune(self, paths: Iterable[str | Path]) -> tuple[list[str], int]:
        """Forget stored files under ``paths`` that no longer exist; returns them and the
        number of papers deleted (a paper stays while another file still holds it)."""
        roots = list(paths)
        with ingest_lock(self.path):
            present = {file_key(p) for p in discover(roots)}
            missing = missing_files(self.db, roots, present)
            return missing, prune_files(self.db, missing)

    def add(self, paper: Paper) -> str:
        """Store a ``Paper`` built elsewhere; returns its id. The same paper again replaces it."""
        with self.db.atomic():
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
        with self.db.atomic():
            return [save_paper(self.db, paper)[0] for paper in papers]

    def optimize(self, *, vacuum: bool = False) -> None:
        """Merge the full-text indexes into one segment each: worth it after a bulk load.
        ``vacuum=True`` then rewrites the file without the pages the merge freed (it needs
        as much free disk as the archive takes, and blocks writers while it runs)."""
        with self.db.atomic():
            optimize(self.db)
        if vacuum:
            self.db.execute("VACUUM")

    def delete(self, paper_id: str) -> None:
        with self.db.atomic():
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
        return search(self.db, normalize_text(query), options, self._partitions)

    def similar(self, paper_id: str, *, limit: int = 10) -> SearchResults:
        """Papers like ``paper_id``, each hit listing the terms they share."""
        self.get(paper_id, include_text=False)
        return similar(self.db, paper_id, limit=limit)

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


def _open_readonly(path: Path) -> Database:
    """A read-only connection (``mode=ro``): it never writes, so it can read a published copy
    on read-only storage, and it still sees a running ingest's commits (WAL)."""
    if not path.exists():
        raise ArchiveNotFoundError(str(path))
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        db = Database(sqlite3.connect(uri, uri=True))
        db.execute("PRAGMA busy_timeout = 10000")
        pending = migrations.pending(db)
    except sqlite3.DatabaseError as exc:
        raise ProceedingsError(f"cannot read archive {path}: {exc}") from exc
    if pending:
        raise ProceedingsError(
            f"{path} is not a proceedings archive of this version; open it once for writing "
            "(e.g. proc ingest) to create or upgrade it"
        )
    return db
