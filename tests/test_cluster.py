"""Ingest on a Dask cluster: a real ``LocalCluster`` on loopback, two worker processes.

The module also provides ``test_cluster:slow_extract``, an extractor the Dask workers' extraction
processes import by name to keep tasks in flight long enough to kill a worker under them.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, SHARED, good_fixtures
from proceedings import Archive
from proceedings.errors import ClusterError, DaskNotInstalledError, ProceedingsError
from proceedings.extract import extract_bytes
from proceedings.ingest import RunReport
from proceedings.ingest.cluster import INSTALL_HINT, DaskPool
from proceedings.ingest.pool import SCHEDULER_ENV, make_pool, resolve_cluster
from proceedings.ingest.workers import Outcome, WorkerPool
from proceedings.models import Paper
from test_ingest_workers import MISBEHAVE, make_pdf, write_pdf

needs_dask = pytest.mark.skipif(find_spec("distributed") is None, reason="dask not installed")


def slow_extract(data: bytes, *, source: str) -> Paper:
    starts = os.environ.get("PROC_TEST_STARTS")
    if starts:
        with open(starts, "a") as log:
            log.write(f"{Path(source).name}\n")
    time.sleep(0.4)
    return extract_bytes(data, source=source)


SLOW_EXTRACT = slow_extract


def start_cluster() -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=40,
    )
    return cluster, Client(cluster, set_as_default=False)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster, client = start_cluster()
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Good PDFs only: the demo fixtures, else some of the shared corpus."""
    pdfs = good_fixtures() or sorted((SHARED / "corpus" / "l4dc2024" / "pdfs").glob("*.pdf"))[:16]
    if not pdfs:
        pytest.skip("no fixtures/*.pdf and no shared corpus")
    folder = tmp_path_factory.mktemp("corpus")
    for pdf in pdfs:
        shutil.copy(pdf, folder / pdf.name)
    return folder


def cluster_ingest(
    archive: Archive,
    client: Any,
    monkeypatch: pytest.MonkeyPatch,
    paths: list[Path],
    **options: Any,
) -> RunReport:
    """``archive.ingest`` with extraction on the cluster."""
    return archive.ingest(paths, cluster=client, **options)


def drain(pool: DaskPool | WorkerPool, files: dict[int, tuple[str, bytes]]) -> dict[int, Outcome]:
    """Submit each ``(source, bytes)`` (written to a file, since pools read by path)."""
    folder = Path(tempfile.mkdtemp())
    todo = list(files.items())
    outcomes: dict[int, Outcome] = {}
    while todo or pool.busy:
        while todo and pool.idle:
            task, (source, data) = todo.pop()
            (folder / f"{task}.pdf").write_bytes(data)
            pool.submit(task, source, str(folder / f"{task}.pdf"))
        for outcome in pool.collect(timeout=1.0):
            assert outcome.task_id not in outcomes
            outcomes[outcome.task_id] = outcome
    return outcomes


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DaskNotInstalledError) as info:
        make_pool(cluster="tcp://127.0.0.1:8786", workers=2)
    assert isinstance(info.value, ProceedingsError)
    assert (
        str(info.value)
        == INSTALL_HINT
        == 'Dask is not installed: pip install "proceedings[cluster]"'
    )


def test_the_scheduler_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert resolve_cluster(None) is None
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.2:8786")
    assert resolve_cluster(None) == "tcp://127.0.0.2:8786"
    assert resolve_cluster("local") is None
    assert resolve_cluster("tcp://127.0.0.1:9999") == "tcp://127.0.0.1:9999"
    monkeypatch.setenv(SCHEDULER_ENV, "")
    pool = make_pool(cluster=None, workers=1, timeout=5)
    try:
        assert isinstance(pool, WorkerPool)
        assert pool.size == 1
    finally:
        pool.close()


@pytest.mark.slow
@needs_dask
def test_dask_pool_extracts_like_the_local_pool(client: Any) -> None:
    files = {
        n: (f"/x/paper{n}.pdf", make_pdf(f"Distributed Extraction Study Number {n}", pages=n + 1))
        for n in range(4)
    }
    with DaskPool(client, timeout_s=30) as pool:
        assert pool.size == 2
        assert pool.idle == 4
        outcomes = drain(pool, files)
        assert pool.busy == 0
        assert pool.restarts == 0
        assert pool.worker_maxrss_kb > 0
    assert sorted(outcomes) == sorted(files)
    for task, (source, data) in files.items():
        assert outcomes[task].status == "ok"
        assert outcomes[task].paper == extract_bytes(data, source=source)


@needs_dask
@pytest.mark.slow
def test_a_task_without_an_answer_fails_once_at_the_backstop(client: Any) -> None:
    files = {
        1: ("/x/hang.pdf", make_pdf("A Paper That Never Finishes Extracting")),
        2: ("/x/fine.pdf", make_pdf("A Paper That Extracts Quickly")),
    }
    with DaskPool(client, timeout_s=6, backstop_s=4.0, extract=MISBEHAVE) as pool:
        outcomes = drain(pool, files)
    assert outcomes[2].status == "ok"
    assert (outcomes[1].error_class, outcomes[1].reason) == (
        "ClusterTimeoutError",
        "no answer from the Dask cluster within 4 s",
    )


def by_source(papers: list[Paper]) -> dict[str | None, Paper]:
    return {p.source: replace(p, id=None) for p in papers}


@needs_dask
@pytest.mark.slow
def test_ingest_on_the_cluster_stores_what_the_local_ingest_stores(
    client: Any, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = [FIXTURES] if good_fixtures() else [corpus]
    with Archive(tmp_path / "local.db") as archive:
        local = archive.ingest(folders, workers=2)
        expected = list(archive.papers(include_text=True))
    with Archive(tmp_path / "a.db") as archive:
        report = cluster_ingest(archive, client, monkeypatch, folders)
        stored = list(archive.papers(include_text=True))
        rows = archive.db.execute("SELECT count(*), count(DISTINCT path) FROM files").fetchone()
    assert report.added == local.added == len(expected) > 0
    assert report.pages == local.pages
    assert rows[0] == rows[1] == report.added + report.failed
    # Papers whose ids collide take their suffixes in the order they finish, which two
    # workers do not fix: compare the ids as a set and each paper by its file.
    assert sorted(p.id for p in stored) == sorted(p.id for p in expected)
    assert by_source(stored) == by_source(expected)
    assert sorted((f.path, f.status, f.error_class, f.error) for f in report.failures) == sorted(
        (f.path, f.status, f.error_class, f.error) for f in local.failures
    )


@needs_dask
@pytest.mark.slow
def test_timeouts_memory_caps_and_crashes_on_the_workers(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("hang.pdf", "hog.pdf", "crash.pdf", "boom.pdf"):
        write_pdf(folder / name, f"Trouble maker {name}")
    for n in range(3):
        write_pdf(folder / f"good{n}.pdf", f"Perfectly Good Paper Number {n}")
    started = time.monotonic()
    with Archive(tmp_path / "a.db") as archive:
        report = cluster_ingest(
            archive,
            client,
            monkeypatch,
            [folder],
            timeout=1.5,
            max_memory=512 << 20,
            extract=MISBEHAVE,
        )
    assert time.monotonic() - started < 30
    reasons = {Path(f.path).name: (f.error_class, f.error) for f in report.failures}
    assert report.added == 3
    assert reasons["hang.pdf"] == ("ExtractionTimeoutError", "timed out after 1.5 s")
    assert reasons["hog.pdf"] == ("WorkerMemoryError", "worker exceeded memory cap of 512 MB")
    assert reasons["crash.pdf"][0] == "WorkerCrashError"
    assert "SIGSEGV" in (reasons["crash.pdf"][1] or "")
    assert reasons["boom.pdf"][0] == "KeyError"
    assert report.worker_restarts == 3


@needs_dask
@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_no_paper(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts = tmp_path / "starts.log"
    monkeypatch.setenv("PROC_TEST_STARTS", str(starts))
    cluster, client = start_cluster()
    try:
        pids: dict[str, int] = client.run(os.getpid)
        victim, pid = sorted(pids.items())[0]
        seen: list[tuple[str, str]] = []

        def progress(path: str, label: str) -> None:
            seen.append((path, label))
            if len(seen) == 3:
                os.kill(pid, signal.SIGKILL)
                print(f"killed Dask worker {victim} (pid {pid}) after {len(seen)} files")

        with Archive(tmp_path / "a.db") as archive:
            report = cluster_ingest(
                archive, client, monkeypatch, [corpus], extract=SLOW_EXTRACT, progress=progress
            )
            ids = [p.id for p in archive.papers()]
            files = archive.db.execute("SELECT count(*), count(DISTINCT path) FROM files")
            file_rows = files.fetchone()
        total = len(list(corpus.glob("*.pdf")))
        after = sorted(client.run(os.getpid).values())
        names = starts.read_text().split()
        rerun = sorted({n for n in names if names.count(n) > 1})
        print(
            f"run {report.status}: {report.added} added, {report.failed} failed, "
            f"{report.worker_restarts} worker restart(s); workers now {after}; "
            f"{len(names)} extractions started, run again after the kill: {rerun}"
        )
        assert rerun
        assert pid not in after
        assert report.failed == 0
        assert report.added == total == len(ids) == len(set(ids))
        assert file_rows == (total, total)
        assert sorted(p for p, _ in seen) == sorted(set(p for p, _ in seen))
        assert len(seen) == total
    finally:
        client.close()
        cluster.close()


@needs_dask
@pytest.mark.slow
def test_losing_the_scheduler_stops_the_run_and_records_no_failure(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster, client = start_cluster()
    try:

        def progress(path: str, label: str) -> None:
            cluster.close()

        with Archive(tmp_path / "a.db") as archive:
            with pytest.raises(ClusterError, match="lost the Dask scheduler"):
                cluster_ingest(
                    archive, client, monkeypatch, [corpus], extract=SLOW_EXTRACT, progress=progress
                )
            assert archive.failures() == []
            assert [r["status"] for r in archive.runs()] == ["failed"]
            stored = len(list(archive.papers()))
        assert 0 < stored < len(list(corpus.glob("*.pdf")))
    finally:
        client.close()
        cluster.close()


@pytest.mark.slow
@needs_dask
def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(ClusterError, match="cannot connect to the Dask scheduler at tcp://127"):
        DaskPool("tcp://127.0.0.1:9", connect_timeout_s=1)
