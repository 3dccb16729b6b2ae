"""Operations that used to fight each other (issue 13, items 7-9): optimize against an ingest,
a read-then-write against another writer, two ingests on a new archive, and a killed run's
record in ``runs``."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive, ArchiveBusyError
from proceedings.cli import cli
from proceedings.ingest.locking import ingest_lock
from proceedings.storage import write_transaction
from test_ingest_workers import write_pdf

PROC = [sys.executable, "-c", "from proceedings.cli import cli; cli()"]
TESTS = Path(__file__).parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for n in range(4):
        write_pdf(pdfs / f"p{n}.pdf", f"A Paper On Concurrent Archives Number {n}")
    return pdfs


def hold_lock(db: Path, seconds: float) -> threading.Thread:
    held = threading.Event()

    def hold() -> None:
        with ingest_lock(db):
            held.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    return thread


def test_a_read_then_write_waits_for_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO runs (started_at, status) VALUES ('x', 'done')")
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        with write_transaction(archive.db):
            seen = archive.db.execute("SELECT count(*) FROM runs").fetchone()[0]
            archive.db.execute("INSERT INTO runs (started_at, status) VALUES ('y', 'done')")
        other.close()
        assert seen == 1
        assert archive.db.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


@pytest.mark.slow
def test_optimize_waits_for_an_ingest(tmp_path: Path, folder: Path, runner: CliRunner) -> None:
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.ingest([folder])
    thread = hold_lock(db, 0.6)
    started = time.monotonic()
    result = runner.invoke(cli, ["--db", str(db), "optimize", "--vacuum"])
    thread.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.4


def test_an_ingest_meets_a_running_optimize_as_a_busy_archive(tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.ingest([folder])
        with ingest_lock(db), pytest.raises(ArchiveBusyError):
            archive.optimize(wait=False)


@pytest.mark.slow  # five more trials in test_kill_trials.py
def test_two_ingests_at_once_on_a_new_archive(tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "a.db"
    cmd = [*PROC, "--db", str(db), "ingest", "--workers", "1", str(folder)]
    waiting = [subprocess.Popen([*cmd, "--wait"], stderr=subprocess.PIPE, text=True)]
    waiting.append(subprocess.Popen([*cmd, "--wait"], stderr=subprocess.PIPE, text=True))
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in waiting]
    assert [code for code, _ in results] == [0, 0], results
    assert not any("locked" in err or "Traceback" in err for _, err in results), results
    with Archive(db, readonly=True) as archive:
        assert archive.stats().papers == 4
        assert sorted(r["added"] for r in archive.runs()) == [0, 4]


SLOW_INGEST = """
import sys
sys.path.insert(0, {tests!r})
from proceedings import Archive
from test_cluster import slow_extract
with Archive({db!r}) as archive:
    archive.ingest([{folder!r}], workers=1, extract=slow_extract)
"""


@pytest.mark.slow
def test_a_killed_run_keeps_the_progress_it_recorded(tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "a.db"
    for n in range(4, 12):
        write_pdf(folder / f"p{n}.pdf", f"A Paper On Concurrent Archives Number {n}")
    script = SLOW_INGEST.format(tests=str(TESTS), db=str(db), folder=str(folder))
    child = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists() and _papers(db) >= 3:
            break
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    with Archive(db) as archive:
        stored = _papers(db)
        (killed,) = archive.runs()
        assert killed["status"] == "running" and 3 <= killed["added"] == stored
        assert killed["duration_s"] > 0
        time.sleep(1.1)
        archive.ingest([folder])
        killed, rerun = archive.runs()
    assert killed["status"] == "interrupted" and killed["added"] == stored
    ended = datetime.fromisoformat(killed["finished_at"])
    assert ended < datetime.fromisoformat(rerun["started_at"])
    assert rerun["added"] == 12 - stored
    json.dumps(killed)  # the row stays plain JSON for ``proc runs --format json``


def _papers(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(con.execute("SELECT count(*) FROM papers").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        con.close()
