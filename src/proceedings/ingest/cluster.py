"""Extraction on a Dask cluster: ``DaskPool`` is a ``WorkerPool`` whose workers are far away.

In: ``(task id, source name, file path)`` per ``submit``; the file is read here, with the size
limit, and its bytes travel to the cluster. Out: ``Outcome``s from ``collect``,
or ``ClusterError`` when the cluster itself fails.

The ingest process stays the archive's only writer. It sends each PDF's bytes to the cluster as
the argument of one task (so the scheduler can hand the task to another worker if the first one
dies) and commits the ``Outcome`` that comes back. On a Dask worker, each task borrows a one-slot
``WorkerPool``: the extraction runs in a long-lived child process with the memory cap, and the
child is killed at the per-file deadline, so a hung PDF never holds a Dask thread for longer
than the timeout. Dask is an optional extra; this module imports it only when a pool is built.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import logging
import os
import queue
import tempfile
import threading
import time
import uuid
from concurrent.futures import CancelledError
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import (
    ClusterError,
    ClusterTimeoutError,
    DaskNotInstalledError,
    ExtractionError,
    ExtractionTimeoutError,
    WorkerCrashError,
    WorkerLostError,
    WorkerMemoryError,
)
from ..models import DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, FileState
from .files import read_file
from .workers import Extractor, Outcome, WorkerPool

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["INSTALL_HINT", "DaskPool", "release_slots", "run_task"]

INSTALL_HINT = str(DaskNotInstalledError())
_RESTARTING = frozenset(
    e.__name__ for e in (ExtractionTimeoutError, WorkerMemoryError, WorkerCrashError)
)
log = logging.getLogger(__name__)


def _distributed() -> ModuleType:
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise DaskNotInstalledError() from exc


class DaskPool:
    """Extraction tasks on a Dask cluster, with up to ``tasks_per_thread`` per worker thread.

    A file whose task cannot finish (its Dask workers keep dying, or the cluster gives no answer
    within ``backstop_s``) becomes a failed ``Outcome``; losing the scheduler, or having no
    workers for ``worker_wait_s``, raises ``ClusterError`` instead, so those files are retried
    by the next run rather than recorded as failed.
    """

    def __init__(
        self,
        cluster: str | Client,
        *,
        timeout_s: float = DEFAULT_TIMEOUT,
        max_memory: int = DEFAULT_MAX_MEMORY,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        extract: Extractor | None = None,
        tasks_per_thread: int = 2,
        connect_timeout_s: float = 30.0,
        worker_wait_s: float = 120.0,
        backstop_s: float | None = None,
    ) -> None:
        distributed = _distributed()
        self.timeout_s = timeout_s
        self.max_memory = max_memory
        self.max_file_size = max_file_size
        self.extract = extract
        self.tasks_per_thread = max(1, tasks_per_thread)
        self.worker_wait_s = worker_wait_s
        self.backstop_s = backstop_s if backstop_s is not None else 4 * timeout_s + 60
        self.restarts = 0
        self.worker_maxrss_kb = 0
        self._killed_worker: type[Exception] = distributed.KilledWorker
        if isinstance(cluster, str):
            self.address = cluster
            try:
                self.client: Any = distributed.Client(
                    cluster, timeout=connect_timeout_s, set_as_default=False
                )
            except (OSError, TimeoutError) as exc:
                raise ClusterError(
                    f"cannot connect to the Dask scheduler at {cluster}: {exc}"
                ) from exc
            self._owns_client = True
        else:
            self.client = cluster
            self.address = str(self.client.scheduler.address)
            self._owns_client = False
        self._run = uuid.uuid4().hex[:12]
        self._futures: dict[int, Any] = {}
        self._deadlines: dict[int, float] = {}
        self._done: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._unread: list[Outcome] = []
        self._workers: dict[str, int] = {}
        self._checked_at = 0.0
        self._workerless_since: float | None = None
        try:
            self._start()
        except BaseException:
            self.close(kill=True)
            raise

    def __repr__(self) -> str:
        return f"<DaskPool {self.address}: {self.size} threads, {self.busy} busy>"

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def _start(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=self.worker_wait_s)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"no Dask worker joined the scheduler at {self.address} "
                f"within {self.worker_wait_s:g} s"
            ) from exc
        mine = importlib.metadata.version("proceedings")
        found = self.client.run(importlib.metadata.version, "proceedings", on_error="return")
        missing = sorted(a for a, v in found.items() if isinstance(v, BaseException))
        if missing:
            raise ClusterError(
                f"proceedings is not installed on Dask worker(s) {', '.join(missing)}; "
                "install the same version as here on every worker"
            )
        other = sorted(f"{a} ({v})" for a, v in found.items() if v != mine)
        if other:
            raise ClusterError(
                f"Dask worker(s) {', '.join(other)} run another version of proceedings "
                f"than this machine ({mine})"
            )
        self._refresh(force=True)

    @property
    def size(self) -> int:
        """Threads on the cluster's workers, as last seen."""
        return sum(self._workers.values())

    @property
    def idle(self) -> int:
        self._refresh()
        return max(0, max(1, self.size) * self.tasks_per_thread - len(self._futures))

    @property
    def busy(self) -> int:
        return len(self._futures) + len(self._unread)

    def _refresh(self, *, force: bool = False) -> None:
        """Re-read the workers every few seconds; count the ones that left as restarts."""
        now = time.monotonic()
        if not force and now - self._checked_at < 2.0:
            return
        self._check_connected()
        current = {str(a): int(n) for a, n in self.client.nthreads().items()}
        gone = set(self._workers) - set(current)
        if gone:
            log.warning("Dask worker(s) left the cluster: %s", ", ".join(sorted(gone)))
            self.restarts += len(gone)
        self._workers = current
        self._checked_at = now
        if current:
            self._workerless_since = None
        elif self._workerless_since is None:
            self._workerless_since = now
        elif now - self._workerless_since > self.worker_wait_s:
            raise ClusterError(
                f"the Dask cluster at {self.address} has had no workers "
                f"for {self.worker_wait_s:g} s"
            )

    def _check_connected(self) -> None:
        if self.client.status not in ("running", "connecting", "newly-created"):
            raise ClusterError(
                f"lost the Dask scheduler at {self.address} (client {self.client.status})"
            )

    def submit(self, task_id: int, source: str, path: str) -> None:
        """Read the file at ``path`` and send its bytes to the cluster as one task."""
        import dask

        self._check_connected()
        try:
            data = read_file(Path(path), max_size=self.max_file_size)
        except (OSError, ExtractionError) as exc:
            self._unread.append(Outcome.unreadable(task_id, exc))
            return
        threshold = max(10 << 20, 2 * len(data))
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": threshold}):
            future = self.client.submit(
                run_task,
                task_id,
                source,
                data,
                self.extract,
                self.timeout_s,
                self.max_memory,
                key=f"proceedings-extract-{self._run}-{task_id}",
                pure=False,
            )
        self._futures[task_id] = future
        self._deadlines[task_id] = time.monotonic() + self.backstop_s
        future.add_done_callback(lambda _: self._done.put(task_id))

    def collect(self, timeout: float | None = None) -> list[Outcome]:
        """Wait up to ``timeout`` s for a task to end; return every task that ended."""
        unread, self._unread = self._unread, []
        if not self._futures:
            return unread
        self._refresh()
        soonest = min(self._deadlines.values()) - time.monotonic()
        limit = max(0.0, soonest if timeout is None else min(timeout, soonest))
        ended: list[int] = []
        with contextlib.suppress(queue.Empty):
            ended.append(self._done.get(timeout=limit))
        while True:
            try:
                ended.append(self._done.get_nowait())
            except queue.Empty:
                break
        outcomes = unread + [self._finish(t) for t in ended if t in self._futures]
        now = time.monotonic()
        for task_id, deadline in list(self._deadlines.items()):
            if now >= deadline:
                self._forget(task_id).cancel()
                reason = f"no answer from the Dask cluster within {self.backstop_s:g} s"
                outcomes.append(Outcome.of_error(task_id, ClusterTimeoutError("", reason)))
        return outcomes

    def _forget(self, task_id: int) -> Any:
        del self._deadlines[task_id]
        return self._futures.pop(task_id)

    def _finish(self, task_id: int) -> Outcome:
        future = self._forget(task_id)
        try:
            outcome: Outcome = future.result(timeout=self.backstop_s)
        except CancelledError as exc:
            detail = (str(exc) or "cancelled").splitlines()[0]
            raise ClusterError(f"lost the Dask scheduler at {self.address}: {detail}") from exc
        except TimeoutError:
            reason = f"its result was lost and not recomputed within {self.backstop_s:g} s"
            return Outcome.of_error(task_id, ClusterTimeoutError("", reason))
        except Exception as exc:
            if isinstance(exc, self._killed_worker):
                reason = f"Dask workers kept dying while extracting it: {exc}"[:500]
                return Outcome.of_error(task_id, WorkerLostError("", reason))
            reason = f"task failed on the Dask cluster: {exc}"[:500]
            return Outcome(task_id, None, FileState.FAILED, type(exc).__name__, reason)
        self.worker_maxrss_kb = max(self.worker_maxrss_kb, outcome.worker_maxrss_kb)
        if outcome.error_class in _RESTARTING:
            self.restarts += 1
        return outcome

    def close(self, *, kill: bool = False) -> None:
        """Cancel what is left; stop the idle extraction processes on the workers."""
        futures = list(self._futures.values())
        self._futures.clear()
        self._deadlines.clear()
        try:
            if self.client.status == "running":
                if futures:
                    self.client.cancel(futures, force=kill)
                self.client.run(release_slots, on_error="ignore")
        except Exception as exc:  # the cluster may already be gone; closing must not fail
            log.warning("could not tidy up the Dask workers: %s", exc)
        finally:
            if self._owns_client:
                self.client.close()


_slots: dict[tuple[Extractor | None, float, int], list[WorkerPool]] = {}
_slots_lock = threading.Lock()


def run_task(
    task_id: int,
    source: str,
    data: bytes,
    extract: Extractor | None,
    timeout_s: float,
    max_memory: int,
) -> Outcome:
    """The Dask task: extract one PDF in a child process of this worker, within the deadline.

    The child reads PDFs by path, so the bytes go to a temporary file on this machine first.
    """
    key = (extract, timeout_s, max_memory)
    with _slots_lock:
        free = _slots.setdefault(key, [])
        slot = free.pop() if free else None
    if slot is None:
        slot = WorkerPool(
            1, timeout_s=timeout_s, max_memory=max_memory, max_file_size=0, extract=extract
        )
    fd, temp = tempfile.mkstemp(suffix=".pdf", prefix="proceedings-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        slot.submit(task_id, source, temp)
        outcomes: list[Outcome] = []
        while not outcomes:
            outcomes = slot.collect(timeout=None)
    except BaseException:
        slot.close(kill=True)
        raise
    finally:
        os.unlink(temp)
    with _slots_lock:
        _slots.setdefault(key, []).append(slot)
    return outcomes[0]


def release_slots() -> int:
    """Stop this Dask worker's idle extraction processes; return how many."""
    with _slots_lock:
        idle = [slot for free in _slots.values() for slot in free]
        _slots.clear()
    for slot in idle:
        slot.close()
    return len(idle)
