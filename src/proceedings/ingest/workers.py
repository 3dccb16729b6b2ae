"""A small pool of extraction processes that can kill and replace one hung or bloated worker.

In: ``(task id, source name, file path)`` per ``submit``; the worker reads the file itself,
with the size limit, so no PDF travels through a pipe. Out: one ``Outcome`` per task from
``collect`` (a ``Paper``, or a status with the error's class name and reason).

Each worker is a long-lived ``python -c`` child with a pipe each way; it extracts with
``proceedings.extract.extract_bytes`` (or the ``Extractor`` the pool was given, sent to it
pickled by reference) and sends back an ``Outcome``. The parent enforces a
per-file deadline by killing the worker (and starting a fresh one); the worker caps its own
address space with ``RLIMIT_AS`` so a decompression bomb raises ``MemoryError`` in the worker
instead of taking the machine down.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Protocol, cast

from ..errors import (
    ExtractionError,
    ExtractionTimeoutError,
    NeedsOcrError,
    WorkerCrashError,
    WorkerMemoryError,
)
from ..extract import extract_bytes
from ..models import DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, FileState, Paper
from .files import describe_problem, format_bytes, read_file

__all__ = [
    "Extractor",
    "Outcome",
    "WorkerPool",
    "default_workers",
    "peak_rss_kb",
    "worker_main",
]

_BOOT = "from proceedings.ingest.workers import worker_main; worker_main()"
_READY = "ready"
BOOT_S = 60.0  # how long a new worker may take to start, before its first file's timeout
_PR_SET_PDEATHSIG = 1
log = logging.getLogger(__name__)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Extractor(Protocol):
    """A PDF's bytes to a ``Paper``, like ``proceedings.extract.extract_bytes``.

    Another extractor (a test's, say) must be a module-level function, so that a worker
    process can import it by name when it unpickles it.
    """

    def __call__(self, data: bytes, *, source: str) -> Paper: ...


@dataclass(frozen=True)
class Outcome:
    """What became of one task: a paper, or a status with the error's class name and reason."""

    task_id: int
    paper: Paper | None
    status: str = FileState.OK
    error_class: str | None = None
    reason: str | None = None
    cpu_s: float = 0.0
    worker_maxrss_kb: int = 0

    @classmethod
    def of_error(cls, task_id: int, error: ExtractionError, cpu_s: float = 0.0) -> Outcome:
        """The failed (or ``needs_ocr``) outcome that ``error`` stands for."""
        status = FileState.NEEDS_OCR if isinstance(error, NeedsOcrError) else FileState.FAILED
        return cls(task_id, None, status, type(error).__name__, error.reason, cpu_s)

    @classmethod
    def unreadable(cls, task_id: int, error: OSError | ExtractionError) -> Outcome:
        """The failed outcome of a file that could not be read."""
        if isinstance(error, ExtractionError):
            return cls.of_error(task_id, error)
        return cls(task_id, None, FileState.FAILED, *describe_problem(error))


def peak_rss_kb() -> int:
    """This process's peak resident memory; unlike ``ru_maxrss`` it is not inherited on exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this worker when the ingest process dies (even by ``kill -9``)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


def _extract_one(
    extract: Extractor, task_id: int, source: str, path: str, max_size: int, cap: int
) -> Outcome:
    start = time.process_time()

    def failed(cls: str, reason: str) -> Outcome:
        return Outcome(task_id, None, FileState.FAILED, cls, reason, time.process_time() - start)

    try:
        try:
            data = read_file(Path(path), max_size=max_size)
        except (OSError, ExtractionError) as exc:
            return Outcome.unreadable(task_id, exc)
        paper = extract(data, source=source)
    except MemoryError:
        error = WorkerMemoryError(source, f"worker exceeded memory cap of {format_bytes(cap)}")
        return Outcome.of_error(task_id, error, time.process_time() - start)
    except ExtractionError as exc:
        return Outcome.of_error(task_id, exc, time.process_time() - start)
    except RecursionError:
        return failed("RecursionError", "PDF objects nested too deeply to parse")
    except Exception as exc:
        return failed(type(exc).__name__, f"extractor crashed: {exc}"[:500])
    return Outcome(task_id, paper, cpu_s=time.process_time() - start)


def worker_main() -> None:
    """The body of one worker process: ``python -c ...`` with its pipes and limits in argv.

    With a trailing ``custom`` argument the first message on the pipe is the ``Extractor``.
    """
    read_fd, write_fd, max_memory, parent_pid = (int(a) for a in sys.argv[1:5])
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    inbox = Connection(read_fd, writable=False)
    conn = Connection(write_fd, readable=False)
    extract: Extractor = extract_bytes
    if sys.argv[5:6] == ["custom"]:
        extract = inbox.recv()
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    conn.send(_READY)
    while True:
        try:
            message = inbox.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, source, path, max_size = message
        outcome = _extract_one(extract, task_id, source, path, max_size, max_memory)
        del message
        outcome = replace(outcome, worker_maxrss_kb=peak_rss_kb())
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return
        except MemoryError:
            error = WorkerMemoryError(source, "result too large to return")
            conn.send(Outcome.of_error(task_id, error))
        except Exception as exc:
            reason = f"cannot return the extracted paper: {exc}"[:500]
            conn.send(Outcome(task_id, None, FileState.FAILED, type(exc).__name__, reason))
        if outcome.error_class == WorkerMemoryError.__name__:
            return  # the heap may be fragmented or half-built: let the parent start a fresh one


class _Worker:
    def __init__(self, extract: Extractor | None, max_memory: int) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        args: list[object] = [to_child_r, from_child_w, max_memory, os.getpid()]
        if extract is not None:
            args.append("custom")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, *map(str, args)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.outbox = Connection(to_child_w, readable=False)
        self.conn = Connection(from_child_r, writable=False)
        self.task: int | None = None
        self.source = ""
        self.deadline = 0.0
        self.booted = False
        if extract is not None:
            with contextlib.suppress(OSError):  # a worker that died at once fails its first task
                self.outbox.send(extract)

    def stop(self, *, kill: bool) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.outbox.send(None)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.outbox.close()
        self.conn.close()


class WorkerPool:
    """``size`` extraction processes; ``submit`` to an idle one, ``collect`` finished outcomes."""

    def __init__(
        self,
        size: int,
        *,
        timeout_s: float = DEFAULT_TIMEOUT,
        max_memory: int = DEFAULT_MAX_MEMORY,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        extract: Extractor | None = None,
    ) -> None:
        self.size = max(1, size)
        self.timeout_s = timeout_s
        self.max_memory = max_memory
        self.max_file_size = max_file_size
        self.extract = extract
        self.restarts = 0
        self.worker_maxrss_kb = 0
        self._workers: list[_Worker] = []

    def _start(self) -> _Worker:
        return _Worker(self.extract, self.max_memory)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def close(self, *, kill: bool = False) -> None:
        for worker in self._workers:
            worker.stop(kill=kill or worker.task is not None)
        self._workers = []

    @property
    def idle(self) -> int:
        """Workers free for a task, counting those not started yet (started on demand)."""
        return self.size - self.busy

    @property
    def busy(self) -> int:
        return sum(1 for w in self._workers if w.task is not None)

    def submit(self, task_id: int, source: str, path: str) -> None:
        """Hand the file at ``path`` (named ``source`` in the result) to an idle worker."""
        index = next((i for i, w in enumerate(self._workers) if w.task is None), None)
        if index is None:
            self._workers.append(self._start())
            index = len(self._workers) - 1
        for attempt in range(2):
            worker = self._workers[index]
            try:
                worker.outbox.send((task_id, source, path, self.max_file_size))
                break
            except OSError:
                if attempt:
                    raise
                self._replace(index)
        worker = self._workers[index]
        worker.task = task_id
        worker.source = source
        worker.deadline = time.monotonic() + self.timeout_s + (0 if worker.booted else BOOT_S)

    def _replace(self, index: int) -> None:
        self._workers[index].stop(kill=True)
        self._workers[index] = self._start()
        self.restarts += 1

    def collect(self, timeout: float | None = None) -> list[Outcome]:
        """Wait up to ``timeout`` s for busy workers; return what finished, failed or timed out."""
        busy = [w for w in self._workers if w.task is not None]
        if not busy:
            return []
        soonest = min(w.deadline for w in busy) - time.monotonic()
        limit = max(0.0, soonest if timeout is None else min(timeout, soonest))
        ready = wait([w.conn for w in busy], timeout=limit)
        outcomes: list[Outcome] = []
        for index, worker in enumerate(list(self._workers)):
            task = worker.task
            if task is None:
                continue
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                    if message == _READY:
                        # The per-file timeout counts from here: a slow start is not the file's.
                        worker.booted = True
                        worker.deadline = time.monotonic() + self.timeout_s
                        if not worker.conn.poll():
                            continue
                        message = worker.conn.recv()
                    outcome = cast(Outcome, message)
                except (EOFError, OSError):
                    outcome = self._crashed(index, task)
                else:
                    worker.task = None
                    self.worker_maxrss_kb = max(self.worker_maxrss_kb, outcome.worker_maxrss_kb)
                    if outcome.error_class == WorkerMemoryError.__name__:
                        self._replace(index)
                outcomes.append(outcome)
            elif time.monotonic() >= worker.deadline:
                log.warning(
                    "task %s timed out after %g s; restarting its worker", task, self.timeout_s
                )
                self._replace(index)
                reason = f"timed out after {self.timeout_s:g} s"
                error = ExtractionTimeoutError(worker.source, reason)
                outcomes.append(Outcome.of_error(task, error))
        return outcomes

    def _crashed(self, index: int, task: int) -> Outcome:
        source = self._workers[index].source
        process = self._workers[index].process
        try:
            code: int | None = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self._replace(index)
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        else:
            how = f"exited with code {code}"
        reason = f"worker {how} (memory cap {format_bytes(self.max_memory)})"
        return Outcome.of_error(task, WorkerCrashError(source, reason))
