"""Both PDF backends: choosing one, the version it records, and the bad-file zoo through the
worker pool (timeout and memory cap) with pdfium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings.cli import cli
from proceedings.extract import (
    BACKENDS,
    EXTRACTOR_VERSION,
    extract_bytes,
    extract_with_pdfium,
    extractor_for,
    extractor_version,
    resolve_backend,
)
from proceedings.extract.backends import pdfium_installed
from proceedings.ingest.workers import Outcome, WorkerPool

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


def test_extractor_for_each_backend() -> None:
    assert extractor_for("auto") is None
    assert extractor_for("pdfium") is extract_with_pdfium
    with pytest.raises(ValueError):
        extractor_for("pymupdf")


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
