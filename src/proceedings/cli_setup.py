"""What the ``proc`` command sets up around a command: size and backend options, logging,
SIGTERM, roots.

In: command-line values and the process's signals. Out: parsed sizes, configured loggers, and
clear errors for roots that do not exist. (Output formatting lives in ``formats``.)
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import click

from .extract.backends import BACKENDS

__all__ = [
    "EXIT_FAILURES",
    "MemorySize",
    "backend_option",
    "check_roots",
    "setup_logging",
    "stop_on_sigterm",
]

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
        raise click.ClickException(f"no such file or folder: {', '.join(missing)}")
