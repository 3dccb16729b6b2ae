"""Incremental ingest, identity of copies and revisions, pruning, retries, locking, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive, ArchiveBusyError
from proceedings.cli import cli
from proceedings.ingest.locking import ingest_lock
from test_ingest_workers import write_pdf

TITLES = (
    "Sparse Attention for Long Documents",
    "Robust Policy Gradients under Delay",
    "Calibrated Uncertainty for Graph Networks",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for n, title in enumerate(TITLES):
        write_pdf(pdfs / f"p{n}.pdf", title)
    return pdfs


def paper_count(archive: Archive) -> int:
    return int(archive.db.execute("SELECT count(*) FROM papers").fetchone()[0])


def test_second_run_skips_everything_without_starting_workers(folder: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        first = archive.ingest([folder], workers=2)
        assert (first.added, first.failed, first.status) == (3, 0, "done")
        again = archive.ingest([folder])
        assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
        os.utime(folder / "p0.pdf", (1, 1))
        touched = archive.ingest([folder])
        assert (touched.unchanged, touched.updated, touched.pages) == (3, 0, 0)
        row = archive.db.execute("SELECT mtime FROM files WHERE path LIKE '%p0.pdf'").fetchone()
        assert row[0] == 1
        assert paper_count(archive) == 3
        runs = archive.runs()
        assert [r["status"] for r in runs] == ["done"] * 3
        assert runs[0]["added"] == 3 and runs[0]["pages"] == 6 and runs[0]["pages_per_s"] > 0


@pytest.mark.slow
def test_new_extractor_version_or_reextract_extracts_again(folder: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([folder])
        archive.db.execute("UPDATE files SET extractor_version = 'old' WHERE path LIKE '%p1.pdf'")
        report = archive.ingest([folder])
        assert (report.updated, report.unchanged) == (1, 2)
        forced = archive.ingest([folder], reextract=True)
        assert forced.updated == 3
        assert paper_count(archive) == 3


def test_a_copy_under_another_name_is_the_same_paper(folder: Path, tmp_path: Path) -> None:
    shutil.copy(folder / "p0.pdf", folder / "copy-of-p0.pdf")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([folder])
        assert (report.added, report.duplicates) == (3, 1)
        ids = dict(archive.db.execute("SELECT path, paper_id FROM files").fetchall())
        assert ids[str(folder / "copy-of-p0.pdf")] == ids[str(folder / "p0.pdf")]
        shutil.copy(folder / "p1.pdf", folder / "later-copy.pdf")
        later = archive.ingest([folder])
        assert (later.added, later.duplicates, later.unchanged) == (0, 1, 4)
        assert paper_count(archive) == 3


def test_a_file_overwritten_with_another_papers_bytes_drops_its_old_paper(
    folder: Path, tmp_path: Path
) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([folder])
        shutil.copy(folder / "p1.pdf", folder / "p0.pdf")
        report = archive.ingest([folder])
        assert report.duplicates == 1
        assert paper_count(archive) == 2
        assert TITLES[0] not in {p.title for p in archive.papers()}


@pytest.mark.slow
def test_a_revised_pdf_replaces_the_paper_and_the_newest_file_wins(
    folder: Path, tmp_path: Path
) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([folder])
        revised = write_pdf(
            folder / "p0-camera-ready.pdf",
            TITLES[0],
            body="Camera ready: sparse attention revised.",
        )
        os.utime(folder / "p0.pdf", (1000, 1000))
        report = archive.ingest([folder])
        assert (report.updated, report.added) == (1, 0)
        assert paper_count(archive) == 3
        (pid,) = archive.db.execute(
            "SELECT paper_id FROM files WHERE path = ?", [str(revised)]
        ).fetchone()
        assert "Camera ready" in archive.get(pid).text
        archive.ingest([folder], reextract=True)
        assert "Camera ready" in archive.get(pid).text, "the older p0.pdf must not win"
        assert paper_count(archive) == 3


def test_missing_files_are_reported_and_pruned_only_when_asked(
    folder: Path, tmp_path: Path, runner: CliRunner
) -> None:
    db = str(tmp_path / "a.db")
    assert runner.invoke(cli, ["--db", db, "ingest", str(folder)]).exit_code == 0
    (folder / "p2.pdf").unlink()
    result = runner.invoke(cli, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 0
    assert "1 stored file(s) no longer exist: kept (remove their papers with --prune)" in (
        result.output
    )
    with Archive(db) as archive:
        assert paper_count(archive) == 3
    result = runner.invoke(cli, ["--db", db, "ingest", "--prune", "--json", str(folder)])
    data = json.loads(result.output)
    assert data["missing"] == [str(folder / "p2.pdf")] and data["pruned"] == 1
    with Archive(db) as archive:
        assert paper_count(archive) == 2
        assert archive.ingest([folder]).missing == ()


@pytest.mark.slow
def test_failed_files_are_not_retried_each_night_unless_asked(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    with Archive(tmp_path / "a.db") as archive:
        first = archive.ingest([folder])
        assert first.failed == 1 and first.status == "done_with_failures"
        again = archive.ingest([folder])
        assert (again.failed, again.known_failures, again.status) == (0, 1, "done")
        retried = archive.ingest([folder], retry_failed=True)
        assert retried.failed == 1
        (failure,) = archive.failures()
        assert failure.path.endswith("broken.pdf") and failure.error


@pytest.mark.slow
def test_a_changed_file_that_now_fails_keeps_the_old_paper(folder: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([folder])
        (folder / "p1.pdf").write_bytes(b"<html>404 not found</html>")
        report = archive.ingest([folder])
        assert report.failed == 1
        (failure,) = archive.failures()
        assert failure.paper_id is not None
        assert archive.get(failure.paper_id).title == TITLES[1]
        assert paper_count(archive) == 3


def test_a_second_ingest_is_refused(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Archive(db) as archive, ingest_lock(db), pytest.raises(ArchiveBusyError, match="--wait"):
        archive.ingest([folder])


def test_busy_archive_cli_message_and_exit_code(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with ingest_lock(db):
        result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 1
    assert "another ingest is running" in result.output and "--wait" in result.output


@pytest.mark.slow
def test_wait_blocks_until_the_other_ingest_ends(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    held = threading.Event()

    def hold() -> None:
        with ingest_lock(db):
            held.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    started = time.monotonic()
    with Archive(db) as archive:
        report = archive.ingest([folder], wait=True)
    thread.join()
    assert report.added == 3 and time.monotonic() - started >= 0.3


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted(
    folder: Path, tmp_path: Path
) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.db.table("runs").insert({"started_at": "x", "status": "running", "pid": 999999})
        report = archive.ingest([folder])
        assert report.interrupted_runs == (1,)
        assert [r["status"] for r in archive.runs()] == ["interrupted", "done"]


def test_cli_exit_codes_json_and_reports(folder: Path, tmp_path: Path, runner: CliRunner) -> None:
    db = str(tmp_path / "a.db")
    log = tmp_path / "ingest.log"
    ok = runner.invoke(cli, ["--db", db, "ingest", "--json", "--log-file", str(log), str(folder)])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["added"] == 3 and data["status"] == "done" and data["workers"] >= 1
    assert "run 1 done" in log.read_text()
    (folder / "bad.pdf").write_bytes(b"not a pdf at all")
    bad = runner.invoke(cli, ["--db", db, "ingest", str(folder)])
    assert bad.exit_code == 3
    assert "bad.pdf" in bad.output and "1 failed" in bad.output
    failures = runner.invoke(cli, ["--db", db, "failures"])
    assert "bad.pdf" in failures.output and "1 file(s) not in the archive" in failures.output
    as_json = json.loads(runner.invoke(cli, ["--db", db, "failures", "--format", "json"]).output)
    assert as_json[0]["status"] == "failed" and as_json[0]["error_class"]
    runs = runner.invoke(cli, ["--db", db, "runs"])
    assert "done_with_failures" in runs.output
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = runner.invoke(cli, ["--db", db, "ingest", str(empty)])
    assert nothing.exit_code == 1 and "no PDF files found" in nothing.output
    gone = runner.invoke(cli, ["--db", db, "ingest", str(tmp_path / "nowhere")])
    assert gone.exit_code == 1 and "no such file or folder" in gone.output
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    broken = runner.invoke(cli, ["--db", str(garbage), "ingest", str(folder)])
    assert broken.exit_code == 1 and "garbage.db" in broken.output


def test_max_memory_option_parses_sizes(folder: Path, tmp_path: Path, runner: CliRunner) -> None:
    db = str(tmp_path / "a.db")
    result = runner.invoke(cli, ["--db", db, "ingest", "--max-memory", "lots", str(folder)])
    assert result.exit_code == 2 and "not a size" in result.output
    result = runner.invoke(
        cli, ["--db", db, "ingest", "--json", "--max-memory", "1.5G", "--workers", "1", str(folder)]
    )
    assert result.exit_code == 0
    with Archive(db) as archive:
        options = archive.runs()[-1]["options"]
    assert options["max_memory"] == 3 << 29 and options["workers"] == 1
