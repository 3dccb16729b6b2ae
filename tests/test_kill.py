"""``kill -9`` a real ``proc ingest`` mid-run: no partial paper, no duplicate, the rerun resumes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, SHARED
from proceedings.ingest.locking import ingest_lock

PROC = str(Path(sys.executable).with_name("proc"))


def source_pdfs(limit: int, *, real: bool) -> list[Path]:
    corpus = sorted((SHARED / "corpus").glob("*/pdfs/*.pdf")) if SHARED.is_dir() else []
    if real and not corpus:
        pytest.skip("needs the real corpus in ../shared/corpus")
    pdfs = corpus if real else sorted(FIXTURES.glob("*.pdf"))
    if len(pdfs) < 4:
        pytest.skip("needs ../shared/corpus or fixtures/*.pdf")
    return pdfs[:limit]


def check_consistent(db: Path) -> dict[str, int]:
    """Open the archive afresh and check every stored paper is whole and indexed."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = con.execute(
            "SELECT p.id, p.page_count, (SELECT count(*) FROM pages g WHERE g.paper_id = p.id) "
            "FROM papers p WHERE p.page_count != "
            "(SELECT count(*) FROM pages g WHERE g.paper_id = p.id)"
        ).fetchall()
        assert partial == []
        dangling = con.execute(
            "SELECT path FROM files WHERE status = 'ok' AND paper_id NOT IN (SELECT id FROM papers)"
        ).fetchall()
        assert dangling == []
        unfiled = con.execute(
            "SELECT id FROM papers WHERE id NOT IN (SELECT paper_id FROM files WHERE paper_id "
            "IS NOT NULL)"
        ).fetchall()
        assert unfiled == []
        for fts in ("docs_fts", "pages_fts", "papers_fts"):
            con.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
        indexed = con.execute("SELECT count(*) FROM docs_fts").fetchone()[0]
        papers = con.execute("SELECT count(*) FROM papers").fetchone()[0]
        assert indexed == papers
        files = con.execute("SELECT count(*) FROM files").fetchone()[0]
        return {"papers": papers, "files": files}
    finally:
        con.close()


def committed(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM papers").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def workers_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"proceedings.ingest.workers" in cmd and f"\0{pid}\0".encode() in cmd:
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def kill_and_rerun(tmp_path: Path, count: int, kills: int, *, real: bool) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in source_pdfs(count, real=real):
        shutil.copy(pdf, folder / pdf.name)
    n = len(list(folder.iterdir()))
    db = tmp_path / "a.db"
    cmd = [PROC, "--db", str(db), "ingest", "--workers", "2", "--json", str(folder)]
    for round_ in range(kills):
        before = committed(db)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while committed(db) < before + 2 and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        workers = workers_of(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(0.3)
        assert [w for w in workers if alive(w)] == [], "workers outlived the ingest"
        state = check_consistent(db)
        print(f"kill {round_ + 1}: {state['papers']} of {n} papers committed and whole")
        assert state["papers"] < n, "the run finished before the kill"
        with ingest_lock(db):
            pass
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    print(
        f"rerun: {summary['added']} added, {summary['unchanged']} unchanged, "
        f"{summary['failed']} failed, interrupted runs {summary['interrupted_runs']}"
    )
    assert summary["interrupted_runs"] == [kills], "the last killed run is marked on rerun"
    state = check_consistent(db)
    assert state == {"papers": n, "files": n}, state
    con = sqlite3.connect(db)
    statuses = con.execute("SELECT status, count(*) FROM files GROUP BY status").fetchall()
    assert statuses == [("ok", n)]
    runs = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY id")]
    assert runs == ["interrupted"] * kills + ["done"]
    con.close()


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun(tmp_path: Path) -> None:
    kill_and_rerun(tmp_path, count=12, kills=1, real=False)


@pytest.mark.slow
def test_kill_9_repeatedly_on_a_larger_corpus(tmp_path: Path) -> None:
    kill_and_rerun(tmp_path, count=60, kills=4, real=True)


@pytest.mark.slow
def test_search_works_while_an_ingest_runs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from proceedings.cli import cli

    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in source_pdfs(8, real=False):
        shutil.copy(pdf, folder / pdf.name)
    db = tmp_path / "a.db"
    cmd = [PROC, "--db", str(db), "ingest", "--workers", "2", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    searches, slowest = 0, 0.0
    try:
        while committed(db) < 1:
            time.sleep(0.02)
        while proc.poll() is None:
            started = time.monotonic()
            result = CliRunner().invoke(
                cli, ["--db", str(db), "search", "learning", "--limit", "3"]
            )
            slowest = max(slowest, time.monotonic() - started)
            assert result.exit_code == 0, result.output
            searches += 1
    finally:
        proc.wait(timeout=120)
    print(f"{searches} searches during the ingest, slowest {slowest:.2f} s")
    assert proc.returncode == 0 and searches >= 1 and slowest < 2.0


@pytest.mark.slow
def test_sigterm_stops_the_run_and_records_it_interrupted(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in source_pdfs(12, real=False):
        shutil.copy(pdf, folder / pdf.name)
    db = tmp_path / "a.db"
    cmd = [PROC, "--db", str(db), "ingest", "--workers", "2", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while committed(db) < 1 and proc.poll() is None:
        time.sleep(0.02)
    workers = workers_of(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) != 0
    assert [w for w in workers if alive(w)] == []
    check_consistent(db)
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT status FROM runs")] == ["interrupted"]
    con.close()
