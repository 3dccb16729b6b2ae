"""Kill trials (issue 13): ten ``kill -9``s at random moments of an ingest and three during
``optimize --vacuum``, then a rerun; optimize run against an ingest; two ingests started at once
on new archives. After each: ``integrity_check``, the FTS5 ``integrity-check`` with ``rank=1``
on every full-text table, no duplicate paper or file, and in the end every paper present."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import good_fixtures

PROC = [sys.executable, "-c", "from proceedings.cli import cli; cli()"]

pytestmark = pytest.mark.slow


def corpus(tmp_path: Path) -> Path:
    pdfs = good_fixtures()
    if len(pdfs) < 8:
        pytest.skip("needs fixtures/*.pdf")
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in pdfs:
        shutil.copy(pdf, folder / pdf.name)
    return folder


def check(db: Path) -> int:
    """Every check of the archive's soundness; returns the number of papers."""
    con = sqlite3.connect(db, timeout=30)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%' AND lower(sql) LIKE '%using fts5%' "
                "AND lower(sql) NOT LIKE '%fts5vocab%'"
            )
        ]
        assert {"docs_fts", "pages_fts", "papers_fts", "spell_fts"} <= set(tables)
        for fts in tables:
            con.execute(f"INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)")
        dupes = con.execute(
            "SELECT identity FROM papers GROUP BY identity HAVING count(*) > 1"
        ).fetchall()
        assert dupes == []
        assert con.execute("SELECT count(*) - count(DISTINCT path) FROM files").fetchone()[0] == 0
        orphans = con.execute(
            "SELECT count(*) FROM files WHERE status = 'ok' AND paper_id NOT IN "
            "(SELECT id FROM papers)"
        ).fetchone()[0]
        assert orphans == 0
        return int(con.execute("SELECT count(*) FROM papers").fetchone()[0])
    finally:
        con.close()


def holder(db: Path) -> str:
    try:
        return db.with_name(db.name + ".lock").read_text().strip()
    except OSError:
        return ""


def test_random_kills_during_ingest_and_optimize_then_rerun(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    total = len(list(folder.glob("*.pdf")))
    db = tmp_path / "a.db"
    ingest = [*PROC, "--db", str(db), "ingest", "--workers", "2", "--json", str(folder)]
    rng = random.Random(11)
    kills = []
    for _ in range(10):
        child = subprocess.Popen(ingest, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 4.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills.append(check(db) if db.exists() else 0)
    subprocess.run(ingest, capture_output=True, timeout=600, check=True)
    optimize = [*PROC, "--db", str(db), "optimize", "--vacuum"]
    for _ in range(3):
        child = subprocess.Popen(optimize, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not holder(db) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert check(db) == total
    rerun = subprocess.run(ingest, capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert check(db) == total
    print(f"papers after each ingest kill: {kills}; after the rerun {total}/{total}")


def test_optimize_against_an_ingest(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    db = tmp_path / "a.db"
    ingest = [*PROC, "--db", str(db), "ingest", "--workers", "2", str(folder)]
    subprocess.run([*ingest[:-1], str(next(folder.glob("*.pdf")))], check=True, timeout=300)
    running = subprocess.Popen(ingest, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    optimized = subprocess.run(
        [*PROC, "--db", str(db), "optimize", "--vacuum"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    err = running.communicate(timeout=600)[1]
    assert running.returncode == 0, err
    assert optimized.returncode == 0, optimized.stderr
    assert "locked" not in err + optimized.stderr
    assert check(db) == len(list(folder.glob("*.pdf")))


@pytest.mark.parametrize("trial", range(5))
def test_two_ingests_at_once_on_a_new_archive(tmp_path: Path, trial: int) -> None:
    folder = corpus(tmp_path)
    db = tmp_path / "a.db"
    cmd = [*PROC, "--db", str(db), "ingest", "--json", "--workers", "1", str(folder)]
    flags = [["--wait"], ["--wait"]] if trial % 2 else [["--wait"], []]
    children = [
        subprocess.Popen([*cmd, *f], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for f in flags
    ]
    results = [(c.wait(timeout=600), *c.communicate()) for c in children]
    for (code, _, err), extra in zip(results, flags, strict=True):
        assert "locked" not in err and "Traceback" not in err, err
        if extra:
            assert code == 0, err
        else:
            assert code == 0 or (code == 1 and "another ingest is running" in err), err
    assert check(db) == len(list(folder.glob("*.pdf")))
    added = sum(json.loads(out)["added"] for code, out, _ in results if code == 0)
    assert added == len(list(folder.glob("*.pdf")))
