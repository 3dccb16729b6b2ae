"""The zoo of bad inputs: each gets a clear error in ``files``, the good papers all go in."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import proceedings.ingest.plan as plan
from conftest import FIXTURES
from proceedings import Archive
from proceedings.cli import cli
from proceedings.extract.backends import pdfium_installed
from test_ingest_workers import write_pdf

BAD = FIXTURES / "bad"
BACKENDS = ["pypdf", *(["pdfium"] if pdfium_installed() else [])]
# Files the fixture notes expect to fail but that the extractor currently accepts.
LENIENT = {"deep_nesting.pdf"}


def zoo() -> dict[str, dict[str, str]]:
    if not (BAD / "expected.json").is_file():
        pytest.skip("fixtures/bad/expected.json not generated yet")
    expected: dict[str, dict[str, str]] = json.loads((BAD / "expected.json").read_text())
    return expected


def statuses(db: Path) -> dict[str, tuple[str, str | None, str | None]]:
    with Archive(db) as archive:
        rows = archive.db.execute("SELECT path, status, error_class, error FROM files").fetchall()
    return {os.path.basename(r[0]): (r[1], r[2], r[3]) for r in rows}


# Quick members of the zoo for the default suite; the whole zoo runs with -m slow.
QUICK = {"encrypted_user.pdf", "encrypted_owner_only.pdf", "scan_no_text.pdf", "page_loop.pdf"}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "which", ["quick", pytest.param("all", marks=pytest.mark.slow)], ids=["quick", "all"]
)
def test_the_fixture_zoo_beside_good_papers(
    tmp_path: Path, runner: CliRunner, which: str, backend: str
) -> None:
    expected = {k: v for k, v in zoo().items() if which == "all" or k in QUICK}
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in expected:
        shutil.copy(BAD / name, folder / name)
    good = [
        write_pdf(folder / f"good{n}.pdf", f"A Perfectly Good Paper Number {n}") for n in range(3)
    ]
    db = tmp_path / "a.db"
    args = ["--db", str(db), "ingest", "--timeout", "60", "--backend", backend, str(folder)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 3, result.output
    seen = statuses(db)
    assert all(seen[g.name][0] == "ok" for g in good)
    for name, info in expected.items():
        status, error_class, error = seen[name]
        if info["expect"] == "ok":
            assert status in ("ok", "needs_ocr"), (name, error)
        elif info["expect"] == "needs_ocr":
            assert (status, error_class) == ("needs_ocr", "NeedsOcrError"), name
        elif name not in LENIENT:
            assert status == "failed" and error_class and error, (name, status)
    listed = runner.invoke(cli, ["--db", str(db), "failures"]).output
    for name, (status, _, error) in seen.items():
        if status != "ok":
            assert name in listed and str(error) in listed


def test_small_bad_files_made_at_test_time(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    write_pdf(folder / "good.pdf", "A Perfectly Good Paper Among Bad Ones")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.pdf").write_text("just some notes, not a PDF\n")
    (folder / "page.pdf").write_text("<!DOCTYPE html><html><body>404</body></html>")
    (folder / "cut.pdf").write_bytes((folder / "good.pdf").read_bytes()[:300])
    (folder / "folder.pdf").mkdir()
    odd = os.fsencode(folder) + b"/caf\xe9-latin1.pdf"
    with open(odd, "wb") as fh:
        fh.write(b"%PDF-1.4\n% not really\n")
    db = tmp_path / "a.db"
    result = runner.invoke(cli, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 3, result.output
    seen = statuses(db)
    assert seen.pop("good.pdf")[0] == "ok"
    assert seen.keys() == {
        "empty.pdf",
        "notes.pdf",
        "page.pdf",
        "cut.pdf",
        "folder.pdf",
        "caf\\xe9-latin1.pdf",
    }
    for name, (status, error_class, error) in seen.items():
        assert status == "failed" and error_class and error, name
    assert seen["folder.pdf"][1] == "IsADirectoryError"
    assert "cannot read file" in (seen["folder.pdf"][2] or "")
    listed = runner.invoke(cli, ["--db", str(db), "failures"])
    assert listed.exit_code == 0 and "caf\\xe9-latin1.pdf" in listed.output


def test_unreadable_and_vanishing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for n in range(3):
        write_pdf(folder / f"p{n}.pdf", f"Paper Number {n} About Robust Ingest")
    real_read = plan.digest_file

    def flaky_read(path: Path, *, max_size: int) -> tuple[str, int]:
        if path.name == "p0.pdf":
            raise PermissionError(13, "Permission denied", str(path))
        if path.name == "p1.pdf":
            path.unlink()
        return real_read(path, max_size=max_size)

    monkeypatch.setattr(plan, "digest_file", flaky_read)
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([folder])
        assert report.added == 1 and report.failed == 2
        errors = {Path(f.path).name: (f.error_class, f.error) for f in report.failures}
        assert errors["p0.pdf"] == ("PermissionError", "cannot read file: Permission denied")
        assert errors["p1.pdf"] == (
            "FileNotFoundError",
            "cannot read file: No such file or directory",
        )
        monkeypatch.setattr(plan, "digest_file", real_read)
        later = archive.ingest([folder])
        assert later.missing == (str(folder / "p1.pdf"),)
        assert later.added == 1 and later.known_failures == 0
