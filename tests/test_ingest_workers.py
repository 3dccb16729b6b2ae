"""The worker pool: timeouts, memory caps and crashes kill one worker and the run goes on.

The module also provides the test extractor the workers import by name
(``misbehave``) and a small PDF maker used by the other ingest tests.
"""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path

import pytest

from proceedings import Archive
from proceedings.extract import extract_bytes
from proceedings.extract.backends import pdfium_installed
from proceedings.ingest.workers import WorkerPool
from proceedings.models import Paper


def make_pdf(
    title: str,
    *,
    author: str = "Ada Lovelace",
    body: str = "",
    pages: int = 2,
    invariant: bool = True,
) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=int(invariant))
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 750, title)
    c.setFont("Helvetica", 11)
    c.drawString(72, 728, author)
    c.drawString(72, 700, "Abstract")
    c.drawString(72, 686, body or f"We study {title.lower()} in some detail here.")
    for n in range(1, pages):
        c.showPage()
        c.drawString(72, 750, f"Page {n + 1} of {title}: experiments and results.")
    c.showPage()
    c.save()
    return buf.getvalue()


def write_pdf(path: Path, title: str, **kw: object) -> Path:
    path.write_bytes(make_pdf(title, **kw))  # type: ignore[arg-type]
    return path


def misbehave(data: bytes, *, source: str, backend: str = "auto") -> Paper:
    """Extract normally (with ``backend``) unless the file name asks for trouble."""
    name = os.path.basename(source)
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("hog"):
        hog = bytearray(1 << 30)
        hog[-1] = 1
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("boom"):
        raise KeyError("boom")
    return extract_bytes(data, source=source, backend=backend)


def misbehave_pypdf(data: bytes, *, source: str) -> Paper:
    """``misbehave`` reading the good files with the pypdf backend."""
    return misbehave(data, source=source, backend="pypdf")


def misbehave_pdfium(data: bytes, *, source: str) -> Paper:
    """``misbehave`` reading the good files with the pdfium backend."""
    return misbehave(data, source=source, backend="pdfium")


MISBEHAVE = misbehave
MISBEHAVING = {"pypdf": misbehave_pypdf, "pdfium": misbehave_pdfium}
BACKENDS = ["pypdf", *(["pdfium"] if pdfium_installed() else [])]


def test_pool_extracts_and_reuses_workers(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "reuse.pdf", "Reusable Worker Processes for Extraction")
    with WorkerPool(2, timeout_s=30) as pool:
        for task in range(4):
            while not pool.idle:
                outcomes = pool.collect(timeout=5)
                assert all(o.paper is not None for o in outcomes)
            pool.submit(task, f"/x/{task}.pdf", str(pdf))
            if task == 1:
                pids = {w.process.pid for w in pool._workers}
        while pool.busy:
            pool.collect(timeout=5)
        assert {w.process.pid for w in pool._workers} == pids and len(pids) == 2
        assert pool.restarts == 0


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_timeout_memory_cap_and_crash_are_failures_and_the_run_goes_on(
    tmp_path: Path, backend: str
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("hang.pdf", "hog.pdf", "crash.pdf", "boom.pdf"):
        write_pdf(folder / name, f"Trouble maker {name}")
    for n in range(3):
        write_pdf(folder / f"good{n}.pdf", f"Perfectly Good Paper Number {n}")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest(
            [folder], workers=2, timeout=1.5, max_memory=512 << 20, extract=MISBEHAVING[backend]
        )
        reasons = {Path(f.path).name: (f.error_class, f.error) for f in report.failures}
        assert report.added == 3
        assert reasons["hang.pdf"] == ("ExtractionTimeoutError", "timed out after 1.5 s")
        assert reasons["hog.pdf"] == (
            "WorkerMemoryError",
            "worker exceeded memory cap of 512 MB",
        )
        assert reasons["crash.pdf"][0] == "WorkerCrashError"
        assert "SIGSEGV" in (reasons["crash.pdf"][1] or "")
        assert reasons["boom.pdf"][0] == "KeyError"
        assert report.worker_restarts == 3
        stored = {Path(f.path).name: f.error_class for f in archive.failures()}
        assert stored == {n: c for n, (c, _) in reasons.items()}


@pytest.mark.slow
def test_extract_without_storing_runs_in_the_pool(tmp_path: Path) -> None:
    """``Archive.extract`` (``proc extract``) runs in the ingest pool: a crash is one error."""
    from proceedings.models import IngestOptions

    good = write_pdf(tmp_path / "good.pdf", "A Paper Extracted Without an Archive")
    crash = write_pdf(tmp_path / "crash.pdf", "A Paper That Kills Its Worker")
    gone = tmp_path / "gone.pdf"
    options = IngestOptions(workers=2, timeout=60, extract=MISBEHAVE)
    results = list(Archive.extract([crash, good, gone], options=options))
    assert [r[0].name for r in results] == ["crash.pdf", "good.pdf", "gone.pdf"]
    assert results[0][1] is None and "worker killed by SIGSEGV" in (results[0][2] or "")
    assert results[1][1] is not None, results[1][2]
    assert results[1][1].title.startswith("A Paper Extracted")
    assert results[2][2] == f"{gone}: cannot read file: No such file or directory"
