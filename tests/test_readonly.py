"""Read-only archives (issue 13, items 16-17): an archive on read-only storage can be searched,
every write to it is a clean error naming the file, and ``proc publish`` writes a copy that
opens read-only anywhere."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import make_paper

from proceedings import Archive, ProceedingsError
from proceedings.cli import cli
from proceedings.errors import ArchiveAccessError


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` seen through a read-only bind mount (as root), or made unwritable."""
    if os.geteuid() != 0:
        for path in [*folder.iterdir(), folder]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield folder
        finally:
            for path in [folder, *folder.iterdir()]:
                path.chmod(0o755 if path.is_dir() else 0o644)
        return
    view = Path(tempfile.mkdtemp())
    mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot make a read-only mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)
        view.rmdir()


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    with Archive(folder / "a.db") as archive:
        for n in range(3):
            archive.add(make_paper(f"Read Only Archives Study Number {n}", body="immutable"))
    return folder


def checkpointed_copy(src: Path, dst: Path) -> None:
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copy(src, dst)


def test_a_wal_archive_copied_to_read_only_storage_can_be_read(
    tmp_path: Path, archive_dir: Path, runner: CliRunner
) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    checkpointed_copy(archive_dir / "a.db", copy / "a.db")
    with read_only(copy) as view:
        db = str(view / "a.db")
        for args in (["search", "immutable"], ["stats"], ["export", "--format", "json"]):
            result = runner.invoke(cli, ["--db", db, *args])
            assert result.exit_code == 0, (args, result.output)
        with Archive(view / "a.db", readonly=True) as archive:
            assert archive.immutable and archive.search("immutable").total == 3
            paper_id = next(archive.papers()).id
        assert runner.invoke(cli, ["--db", db, "show", paper_id]).exit_code == 0
        for args in (["optimize"], ["optimize", "--vacuum"], ["ingest", str(tmp_path)]):
            result = runner.invoke(cli, ["--db", db, *args])
            assert result.exit_code == 1, (args, result.output)
            assert f"cannot use archive {db}" in result.output
            assert not isinstance(result.exception, sqlite3.Error | OSError)
        with pytest.raises(ArchiveAccessError, match="read-only"):
            Archive(view / "a.db")


def test_publish_writes_a_copy_that_opens_read_only_anywhere(
    tmp_path: Path, archive_dir: Path, runner: CliRunner
) -> None:
    out = tmp_path / "public" / "proceedings.db"
    out.parent.mkdir()
    result = runner.invoke(cli, ["--db", str(archive_dir / "a.db"), "publish", str(out)])
    assert result.exit_code == 0, result.output
    assert "Published" in result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["proceedings.db"]
    con = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with read_only(out.parent) as view:
        with Archive(view / out.name, readonly=True) as archive:
            assert archive.search("immutable").total == 3
        searched = runner.invoke(cli, ["--db", str(view / out.name), "search", "immutable"])
        assert searched.exit_code == 0 and "Read Only Archives Study" in searched.output
    again = runner.invoke(cli, ["--db", str(archive_dir / "a.db"), "publish", str(out)])
    assert again.exit_code == 1 and "the file exists" in again.output


def test_a_file_that_is_not_a_database_is_a_clean_error(tmp_path: Path, runner: CliRunner) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"definitely not sqlite" * 200)
    for args in (["ingest", str(tmp_path)], ["optimize"], ["stats"]):
        result = runner.invoke(cli, ["--db", str(bad), *args])
        assert result.exit_code == 1, (args, result.output)
        assert str(bad) in result.output and "Traceback" not in result.output
    with pytest.raises(ProceedingsError, match=r"bad\.db"):
        Archive(bad)
