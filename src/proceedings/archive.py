"""``Archive``: the one front door to a proceedings database.

In: an archive path, and the calls of cli.py or a library user (ingest, search, get, export...).
Out: the results as ``models`` values; every pipeline is reached through here. ``connection``
opens the file (and publishes it), ``catalog`` answers the counts and listings, ``notebook``
draws the reprs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from . import catalog, citations, graph
from .connection import (
    CACHE_KIB,
    MMAP_SIZE,
    open_for_writing,
    open_in_memory,
    open_readonly,
    publish_snapshot,
)
from .errors import PaperNotFoundError
from .extract import find_pdfs
from .ingest import IngestOptions, Progress, RunReport, ingest_lock, ingest_paths
from .ingest.preview import extract_files
from .migrations import set_page_phrases
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
            self.db = open_in_memory()
        elif readonly:
            self.db, self.immutable = open_readonly(self.path)
        else:
            self.db = open_for_writing(self.path, create=create)
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
        archive shrinks from about 2.18x to 1.86x its raw text, and Datasette and
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
        return publish_snapshot(self.db, self.path, out, readonly=self.readonly)

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
        return catalog.paper_ids(self.db, prefix=prefix, limit=limit)

    def closest_ids(self, paper_id: str, n: int = 3) -> tuple[str, ...]:
        """The ids most like ``paper_id`` (a typo, or another year or suffix), best first."""
        return catalog.closest_ids(self.ids(), paper_id, n)

    def papers(
        self, *, year: int | None = None, venue: str | None = None, include_text: bool = False
    ) -> Iterator[Paper]:
        """Every paper, oldest first, optionally of one year or venue."""
        for row in catalog.paper_rows(self.db, year=year, venue=venue):
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
        results = search(self.db, normalize_text(query), options, self._partitions)
        return catalog.with_cite_counts(self.db, results)

    def similar(self, paper_id: str, *, limit: int = 10) -> SearchResults:
        """Papers like ``paper_id``, each hit listing the terms they share."""
        self.get(paper_id, include_text=False)
        return catalog.with_cite_counts(self.db, similar(self.db, paper_id, limit=limit))

    def failures(self, *, status: str | None = None) -> list[FileStatus]:
        """Files whose last ingest failed or that need OCR (``status`` picks one kind).

        ``paper_id`` is set when an older version of the file is still in the archive.
        """
        return catalog.failed_files(self.db, status=status)

    def stats(self) -> Stats:
        return catalog.stats(self.db)

    def runs(self) -> list[dict[str, Any]]:
        return catalog.run_rows(self.db)

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
        return catalog.graph_nodes(self.db, self.citation_counts()), graph.edges(self.db)
