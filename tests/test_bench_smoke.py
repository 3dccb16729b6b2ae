"""The search benchmark at its smoke size: it builds, times every query and reports a table."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench_search.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_search", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_smoke_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_bench()
    out = tmp_path / "rows.json"
    assert bench.main(["--smoke", "--work", str(tmp_path), "--json", str(out)]) == 0
    (row,) = json.loads(out.read_text())
    assert row["papers"] == 30
    assert row["db_mb"] > row["raw_mb"] > 0
    assert 0 < row["floor_p50_ms"] <= row["floor_p95_ms"]
    assert 0 < row["p50_ms"] <= row["p95_ms"]
    table = capsys.readouterr().out
    assert table.startswith("| papers |") and "| 30 |" in table
    assert not list(tmp_path.glob("*.db"))


def test_synthetic_papers_are_unique_and_realistic(tmp_path: Path) -> None:
    bench = load_bench()
    corpus = bench.load_corpus(tmp_path, smoke=True)
    papers = list(bench.papers(corpus, 20))
    assert len({(p.title.lower(), p.authors[0].name) for p in papers}) == 20
    for paper in papers:
        assert 10 <= len(paper.pages) <= 15
        assert all(len(page.text) >= 3000 for page in paper.pages)
        assert 2016 <= paper.year <= 2026 and paper.venue in bench.VENUES
        assert paper.sections[-1].title == "References"
