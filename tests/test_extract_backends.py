"""Both PDF backends: choosing one, the version it records, and the bad-file zoo through the
worker pool (timeout and memory cap) with pdfium."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive
from proceedings.cli import cli
from proceedings.errors import BackendError, BackendNotInstalledError, ExtractionError
from proceedings.extract import (
    BACKENDS,
    EXTRACTOR_VERSION,
    backends,
    extract_bytes,
    extract_with_pdfium,
    extract_with_pypdf,
    extractor_for,
    extractor_version,
    inflate_guard,
    require_backend,
    resolve_backend,
)
from proceedings.extract.backends import AUTO_BACKEND, pdfium_installed
from proceedings.ingest.workers import Outcome, WorkerPool
from test_ingest_workers import write_pdf

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "fixtures" / "bad"
GOOD = sorted((ROOT / "fixtures").glob("*.pdf"))
needs_pdfium = pytest.mark.skipif(not pdfium_installed(), reason="pypdfium2 is not installed")


def test_versions_record_the_backend() -> None:
    versions = {b: extractor_version(b) for b in BACKENDS}
    assert len(set(versions.values())) == len(BACKENDS)
    assert EXTRACTOR_VERSION == extractor_version("auto") == versions[resolve_backend("auto")]


def test_environment_steers_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCEEDINGS_BACKEND", "pypdf")
    assert resolve_backend("auto") == "pypdf"
    monkeypatch.setenv("PROCEEDINGS_BACKEND", "pdfium")
    assert resolve_backend("auto") == ("pdfium" if pdfium_installed() else "pypdf")
    monkeypatch.setenv("PROCEEDINGS_BACKEND", "pymupdf")
    assert resolve_backend("auto") in BACKENDS


def test_extractor_for_each_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    assert extractor_for("pypdf") is extract_with_pypdf
    assert extractor_for("pdfium") is extract_with_pdfium
    monkeypatch.setenv("PROCEEDINGS_BACKEND", "pypdf")
    assert extractor_for("auto") is extract_with_pypdf
    with pytest.raises(BackendError):
        extractor_for("pymupdf")


def test_auto_prefers_pdfium_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROCEEDINGS_BACKEND", raising=False)
    assert AUTO_BACKEND == "pdfium"
    assert resolve_backend("auto") == ("pdfium" if pdfium_installed() else "pypdf")
    monkeypatch.setattr(backends, "pdfium_installed", lambda: False)
    assert resolve_backend("auto") == "pypdf"
    assert require_backend("auto") == "pypdf"
    with pytest.raises(BackendNotInstalledError, match=r"pip install 'proceedings\[fast\]'"):
        require_backend("pdfium")


@pytest.mark.parametrize("name", ["pymupdf", "", "PDFium "])
def test_unknown_backend_is_a_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown PDF backend"):
        extract_bytes(b"%PDF-1.4", source="x.pdf", backend=name)


@needs_pdfium
def test_pdfium_paper_names_its_backend() -> None:
    paper = extract_with_pdfium(GOOD[0].read_bytes(), source="mem.pdf")
    assert paper.extractor_version == extractor_version("pdfium")
    assert paper.source == "mem.pdf" and paper.page_count == len(paper.pages)


@needs_pdfium
@pytest.mark.parametrize("backend", BACKENDS)
def test_cli_extract_backend_option(backend: str) -> None:
    result = CliRunner().invoke(
        cli, ["extract", "--backend", backend, "--workers", "1", str(GOOD[0])]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    assert record["error"] is None and record["title"]


def _stream(body: bytes, *, layers: int, image: bool, direct_length: bool) -> bytes:
    for _ in range(layers):
        body = zlib.compress(body)
    filters = b"[" + b" ".join([b"/FlateDecode"] * layers) + b"]"
    length = str(len(body)).encode() if direct_length else b"9 0 R"
    kind = b"/Type /XObject /Subtype /Image " if image else b""
    return (
        b"%PDF-1.4\n4 0 obj\n<< "
        + kind
        + b"/Filter "
        + filters
        + b" /Length "
        + length
        + b" >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n"
    )


@pytest.mark.parametrize(
    ("layers", "image", "direct_length", "size", "rejected"),
    [
        (2, False, True, 50_000, True),
        (2, False, False, 50_000, True),
        (1, False, False, 50_000, True),
        (1, False, True, 50_000, True),
        (1, False, True, 9_000, False),
        (2, True, True, 50_000, False),  # images are never decoded for text
        (2, False, True, 5_000, False),
    ],
)
def test_inflation_guard(
    monkeypatch: pytest.MonkeyPatch,
    layers: int,
    image: bool,
    direct_length: bool,
    size: int,
    rejected: bool,
) -> None:
    monkeypatch.setattr(inflate_guard, "LIMIT", 10_000)
    data = _stream(b" " * size, layers=layers, image=image, direct_length=direct_length)
    if rejected:
        with pytest.raises(ExtractionError, match=r"^x\.pdf: unsafe PDF: a stream inflates"):
            inflate_guard.check_inflation(data, "x.pdf")
    else:
        inflate_guard.check_inflation(data, "x.pdf")


def _versions(archive: Archive) -> set[tuple[str, str]]:
    files = archive.db.execute("SELECT DISTINCT extractor_version FROM files").fetchall()
    papers = archive.db.execute("SELECT DISTINCT extractor_version FROM papers").fetchall()
    return {("files", v) for (v,) in files} | {("papers", v) for (v,) in papers}


@needs_pdfium
def test_switching_backends_extracts_again_in_workers_of_that_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for n in range(2):
        write_pdf(folder / f"p{n}.pdf", f"Backends Agree on Paper Number {n}")
    # The workers inherit this environment: they must follow the run's backend, not it.
    monkeypatch.setenv("PROCEEDINGS_BACKEND", "pypdf")
    with Archive(tmp_path / "a.db") as archive:
        first = archive.ingest([folder], workers=1, backend="pdfium")
        assert (first.added, first.failed) == (2, 0)
        pdfium = extractor_version("pdfium")
        assert _versions(archive) == {("files", pdfium), ("papers", pdfium)}
        again = archive.ingest([folder], workers=1, backend="pdfium")
        assert (again.unchanged, again.updated) == (2, 0)
        switched = archive.ingest([folder], workers=1)
        assert (switched.updated, switched.unchanged) == (2, 0)
        pypdf = extractor_version("pypdf")
        assert _versions(archive) == {("files", pypdf), ("papers", pypdf)}
        recorded = [r["options"]["backend"] for r in archive.runs()]
        assert sorted(recorded) == ["pdfium", "pdfium", "pypdf"]


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_cli_rejects_an_unknown_backend(tmp_path: Path, command: str) -> None:
    args = ["--db", str(tmp_path / "a.db"), command, "--backend", "pymupdf", str(GOOD[0])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "pymupdf" in result.output and "pdfium" in result.output


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_cli_names_the_extra_when_pdfium_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setattr(backends, "pdfium_installed", lambda: False)
    db = tmp_path / "a.db"
    result = CliRunner().invoke(
        cli, ["--db", str(db), command, "--backend", "pdfium", *map(str, GOOD)]
    )
    assert result.exit_code == 1, result.output
    assert "pip install 'proceedings[fast]'" in result.output
    assert "Traceback" not in result.output
    if command == "ingest":
        with Archive(db) as archive:
            assert archive.runs() == [] and archive.db.execute(
                "SELECT count(*) FROM files"
            ).fetchone() == (0,)


def test_library_rejects_an_unknown_backend_before_writing(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(BackendError, match="pymupdf") as caught:
            archive.ingest([GOOD[0]], backend="pymupdf")
        assert caught.value.backend == "pymupdf"
        assert archive.runs() == []


def _run_pool(files: list[Path]) -> dict[str, Outcome]:
    out: dict[str, Outcome] = {}
    with WorkerPool(2, timeout_s=60, max_memory=512 << 20, extract=extract_with_pdfium) as pool:
        pending = list(enumerate(files))
        while pending or pool.busy:
            while pending and pool.idle:
                task, path = pending.pop(0)
                pool.submit(task, str(path), str(path))
            for outcome in pool.collect(timeout=1.0):
                out[files[outcome.task_id].name] = outcome
    return out


@pytest.mark.slow
@needs_pdfium
def test_bad_zoo_fails_alone_with_pdfium() -> None:
    expected: dict[str, dict[str, str]] = json.loads((BAD / "expected.json").read_text())
    files = [BAD / name for name in sorted(expected)] + GOOD[:2]
    outcomes = _run_pool(files)
    assert set(outcomes) == {f.name for f in files}
    for name, spec in expected.items():
        got = outcomes[name]
        if spec["expect"] == "ok":
            assert got.paper is not None, (name, got)
        elif spec["expect"] == "needs_ocr":
            assert got.status == "needs_ocr", (name, got)
        else:
            assert got.paper is None and got.status != "ok", (name, got)
    assert all(outcomes[f.name].paper is not None for f in GOOD[:2])
