"""Files that are not what they say (issue 13, items 1-4 and 10): a FIFO, a link to a device,
links out of the folder, a file over the size limit, a folder and a dangling link named like
PDFs. Each is one clear failure, nothing hangs or reads without limit, the good papers go in,
and an entry that fails the same way again is not retried."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive
from proceedings.cli import cli
from proceedings.extract.backends import pdfium_installed
from test_ingest_workers import write_pdf

PROC = [sys.executable, "-c", "from proceedings.cli import cli; cli()"]


def proc(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``proc`` in a child process, so that a hang fails the test instead of stalling it."""
    return subprocess.run(
        [*PROC, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def failures(db: Path) -> dict[str, tuple[str, str]]:
    with Archive(db, readonly=True) as archive:
        return {Path(f.path).name: (f.error_class or "", f.error or "") for f in archive.failures()}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for n in range(2):
        write_pdf(folder / f"good{n}.pdf", f"A Perfectly Good Paper Number {n}")
    write_pdf(outside / "private.pdf", "A Private Paper Outside The Folder")
    os.mkfifo(folder / "fifo.pdf")
    (folder / "zero.pdf").symlink_to("/dev/zero")
    (folder / "private.pdf").symlink_to(outside / "private.pdf")
    (folder / "inside.pdf").symlink_to(folder / "good0.pdf")
    (folder / "dangling.pdf").symlink_to(folder / "later" / "arrived.pdf")
    (folder / "folder.pdf").mkdir()
    with open(folder / "huge.pdf", "wb") as fh:
        fh.truncate(3 << 20)  # sparse: 3 MB on paper, nothing on disk
    return folder


@pytest.mark.slow
def test_hostile_entries_fail_cleanly_and_are_not_retried(tmp_path: Path, hostile: Path) -> None:
    db = tmp_path / "a.db"
    args = ["--db", str(db), "ingest", "--timeout", "20", "--max-file-size", "1M"]
    first = proc(*args, "--json", str(hostile))
    assert first.returncode == 3, first.stderr
    assert "Traceback" not in first.stderr
    report = json.loads(first.stdout)
    assert report["added"] == 2 and report["duplicates"] == 1  # inside.pdf is good0.pdf
    seen = failures(db)
    assert seen["fifo.pdf"] == ("NotARegularFileError", "not a regular file (a FIFO)")
    assert seen["zero.pdf"][0] == "SymlinkNotFollowedError"
    assert seen["private.pdf"][0] == "SymlinkNotFollowedError"
    assert "--follow-symlinks" in seen["private.pdf"][1]
    assert seen["huge.pdf"] == (
        "FileTooLargeError",
        "file too large (3 MB; the limit is 1 MB, see --max-file-size)",
    )
    assert seen["folder.pdf"] == ("IsADirectoryError", "cannot read file: Is a directory")
    assert seen["dangling.pdf"][0] == "FileNotFoundError"
    with Archive(db, readonly=True) as archive:
        titles = {p.title for p in archive.papers()}
    assert not any("Private" in t for t in titles)

    rerun = proc(*args, "--json", str(hostile))
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["known_failures"] == len(seen)

    (hostile / "later").mkdir()
    write_pdf(hostile / "later" / "arrived.pdf", "A Paper That Arrived Late")
    fixed = proc(*args, "--json", str(hostile))  # the dangling link resolves now: retried
    assert fixed.returncode == 0, fixed.stderr
    assert json.loads(fixed.stdout)["added"] == 1
    assert "dangling.pdf" not in failures(db)


def test_follow_symlinks_reads_outside_links_but_never_a_device(
    tmp_path: Path, hostile: Path, runner: CliRunner
) -> None:
    db = tmp_path / "a.db"
    args = ["--db", str(db), "ingest", "--follow-symlinks", "--max-file-size", "1M"]
    result = runner.invoke(cli, [*args, str(hostile)])
    assert result.exit_code == 3, result.output
    seen = failures(db)
    assert seen["zero.pdf"] == ("NotARegularFileError", "not a regular file (a character device)")
    assert "private.pdf" not in seen
    with Archive(db, readonly=True) as archive:
        assert any("Private" in p.title for p in archive.papers())


@pytest.mark.slow
def test_a_file_given_by_name_is_checked_too(tmp_path: Path, runner: CliRunner) -> None:
    fifo = tmp_path / "named.pdf"
    os.mkfifo(fifo)
    good = write_pdf(tmp_path / "good.pdf", "A Good Paper Given By Name")
    result = proc("--db", str(tmp_path / "a.db"), "ingest", str(fifo), str(good), timeout=60)
    assert result.returncode == 3, result.stderr
    assert "not a regular file (a FIFO)" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["pypdf", *(["pdfium"] if pdfium_installed() else [])])
def test_a_pdf_bigger_than_the_worker_memory_fails_alone(tmp_path: Path, backend: str) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    write_pdf(folder / "good.pdf", "A Good Paper Beside A Giant")
    with open(folder / "giant.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(300 << 20)
    db = tmp_path / "a.db"
    args = ["--db", str(db), "ingest", "--max-memory", "250M", "--max-file-size", "1G"]
    args += ["--backend", backend]
    result = proc(*args, str(folder), timeout=300)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    seen = failures(db)
    assert set(seen) == {"giant.pdf"}
    assert seen["giant.pdf"][0] in ("WorkerMemoryError", "WorkerCrashError", "ExtractionError")
    default = proc("--db", str(tmp_path / "b.db"), "ingest", str(folder), timeout=300)
    assert default.returncode == 3
    assert failures(tmp_path / "b.db")["giant.pdf"][0] == "FileTooLargeError"
