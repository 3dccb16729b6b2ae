"""What the ``proc`` command sets up around a command: the archive it opens, size, worker and
backend options, logging, SIGTERM, roots, the ingest progress bar, colour and echo.

In: command-line values, the group's ``--db`` and the process's signals. Out: an open
``Archive``, parsed sizes, configured loggers, a progress bar, and ``ProceedingsError``s for an
archive or roots that do not exist (the ``proc`` group turns them into messages). Output
formatting lives in ``formats``.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from .archive import Archive
from .errors import ArchiveNotFoundError, InputNotFoundError
from .extract.backends import BACKENDS
from .models import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

__all__ = [
    "DEFAULT_DB",
    "EXIT_FAILURES",
    "IngestProgress",
    "MemorySize",
    "backend_option",
    "check_roots",
    "emit",
    "ingest_progress",
    "open_archive",
    "setup_logging",
    "stop_on_sigterm",
    "use_color",
    "worker_limits",
]

DEFAULT_DB = "proceedings.db"
EXIT_FAILURES = 3
_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class MemorySize(click.ParamType[int]):
    """``2G``, ``512M``, ``1.5GB`` or a number of bytes; ``0`` means no cap."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", str(value), re.I)
        if not match:
            self.fail(f"{value!r} is not a size such as 2G or 512M", param, ctx)
        return int(float(match[1]) * _UNITS[match[2].upper()])


backend_option = click.option(
    "--backend",
    type=click.Choice(["auto", *BACKENDS]),
    default="auto",
    show_default=True,
    help="PDF reader: auto is pdfium when installed, else pypdf; pdfium needs "
    "pip install 'proceedings[fast]'.",
)


def setup_logging(log_file: str | None, *, verbose: bool = False) -> None:
    """Send the ``proceedings`` loggers to ``log_file`` (appending), with timestamps.

    Without a log file the records are dropped: the command prints its own summary.
    """
    logger = logging.getLogger("proceedings")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    for old in [h for h in logger.handlers if getattr(h, "proc_cli", False)]:
        logger.removeHandler(old)
        old.close()
    handler: logging.Handler = logging.NullHandler()
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    elif verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.proc_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def stop_on_sigterm() -> None:
    """Let ``SIGTERM`` (systemd stop, ``kill``) end the run like Ctrl-C: workers are stopped
    and the run is recorded as ``interrupted``."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def check_roots(paths: Sequence[str]) -> None:
    """Stop with a clear message when a path given to ``proc ingest`` does not exist."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputNotFoundError(missing)


@contextmanager
def open_archive(
    ctx: click.Context, *, create: bool = False, write: bool = False
) -> Iterator[Archive]:
    """The archive of the group's ``--db``: read-only unless ``create`` or ``write``; unless
    ``create``, it must exist."""
    path = ctx.obj["db"]
    if not create and not Path(path).exists():
        raise ArchiveNotFoundError(path)
    with Archive(path, readonly=not (create or write)) as archive:
        yield archive


def worker_limits(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--timeout`` and ``--max-memory``: the limits of each extraction worker."""
    timeout = click.option(
        "--timeout",
        default=DEFAULT_TIMEOUT,
        show_default=True,
        type=click.FloatRange(min=0, min_open=True),
        help="Seconds one PDF may take before its worker is killed.",
    )
    max_memory = click.option(
        "--max-memory",
        default="2G",
        show_default=True,
        type=MemorySize(),
        help="Address-space cap per worker (0: none).",
    )
    return timeout(max_memory(command))


class IngestProgress:
    """``Archive.ingest``'s ``on_found`` and ``progress`` callbacks, drawn as a bar."""

    def __init__(self, bar: ProgressBar[int]) -> None:
        self.bar = bar

    def found(self, files: int) -> None:
        self.bar.length = files

    def settled(self, path: str, label: str) -> None:
        self.bar.update(1)


@contextmanager
def ingest_progress(*, hidden: bool) -> Iterator[IngestProgress]:
    """A bar on stderr counting the files an ingest settles; hidden when asked or when stderr
    is not a terminal."""
    with click.progressbar(
        length=0,
        label="Ingesting",
        file=sys.stderr,
        hidden=hidden or not sys.stderr.isatty(),
        show_pos=True,
        show_eta=True,
    ) as bar:
        yield IngestProgress(bar)


def use_color() -> bool:
    """Bold for a terminal, unless ``NO_COLOR`` is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(text: str) -> None:
    """Print ``text``; nothing at all (not a blank line) when it is empty."""
    if text:
        click.echo(text)
