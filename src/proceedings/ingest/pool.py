"""One interface over the two ways to extract: local worker processes or a Dask cluster.

In: the ingest options (cluster, workers, timeout, memory cap, extractor or backend). Out: an
``ExtractionPool`` (``WorkerPool`` or ``DaskPool``) that takes files by ``submit`` and gives
``Outcome``s back from ``collect``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol, TypeAlias

from ..extract import extractor_for
from ..models import DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, IngestOptions
from .workers import Extractor, Outcome, WorkerPool, default_workers

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "SCHEDULER_ENV",
    "ClusterTarget",
    "ExtractionPool",
    "chosen_extractor",
    "make_pool",
    "resolve_cluster",
]

SCHEDULER_ENV = "PROC_DASK_SCHEDULER"
LOCAL = "local"
ClusterTarget: TypeAlias = "str | Client | None"


class ExtractionPool(Protocol):
    """What an ingest run needs from a pool: ``WorkerPool`` and ``DaskPool`` both fit."""

    restarts: int
    worker_maxrss_kb: int

    @property
    def size(self) -> int: ...

    @property
    def idle(self) -> int: ...

    @property
    def busy(self) -> int: ...

    def submit(self, task_id: int, source: str, path: str) -> None: ...

    def collect(self, timeout: float | None = None) -> list[Outcome]: ...

    def close(self, *, kill: bool = False) -> None: ...


def resolve_cluster(cluster: ClusterTarget) -> ClusterTarget:
    """``None`` means ``$PROC_DASK_SCHEDULER``; ``""`` or ``"local"`` means this machine."""
    if cluster is None:
        cluster = os.environ.get(SCHEDULER_ENV, "").strip()
    if isinstance(cluster, str) and cluster.strip().lower() in ("", LOCAL):
        return None
    return cluster


def chosen_extractor(options: IngestOptions) -> Extractor:
    """What the workers run: ``options.extract``, else the extractor of ``options.backend``
    (resolved here, so a worker does not depend on its environment to pick it)."""
    return options.extract or extractor_for(options.backend)


def make_pool(
    *,
    cluster: ClusterTarget = None,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory: int = DEFAULT_MAX_MEMORY,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    extract: Extractor | None = None,
) -> ExtractionPool:
    """A local ``WorkerPool`` of ``workers`` processes, or a ``DaskPool`` on ``cluster``.

    ``cluster`` is a scheduler address (``tcp://host:8786``), a ``distributed.Client``, or
    ``None`` for ``$PROC_DASK_SCHEDULER`` (unset: local). On a cluster, ``workers`` is ignored:
    the cluster's thread count sets the parallelism.
    """
    target = resolve_cluster(cluster)
    if target is None:
        size = workers or default_workers()
        return WorkerPool(
            size,
            timeout_s=timeout,
            max_memory=max_memory,
            max_file_size=max_file_size,
            extract=extract,
        )
    from .cluster import DaskPool

    return DaskPool(
        target,
        timeout_s=timeout,
        max_memory=max_memory,
        max_file_size=max_file_size,
        extract=extract,
    )
