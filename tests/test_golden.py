"""Golden run: ``proc ingest fixtures/`` and a few ``proc search`` calls print what they printed
before the layout change (issue 11). Absolute paths, timings and memory figures are normalised;
failure lines are sorted, since two workers finish files in either order.

To accept a deliberate change of output: ``PROC_UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.conftest import FIXTURES, good_fixtures

from proceedings.cli import cli

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PROC_UPDATE_GOLDEN") == "1"
QUERIES = {
    "efficient_reasoning": "efficient reasoning",
    "graph_neural_networks": "graph neural networks",
    "author_schonfeld": "author:schonfeld",
}
VOLATILE = ("duration_s", "pages_per_s", "worker_maxrss_kb")

pytestmark = pytest.mark.skipif(not good_fixtures(), reason="fixtures/ has no PDFs")


def _normalise_text(text: str) -> str:
    text = text.replace(str(FIXTURES.resolve()), "<FIXTURES>")
    text = re.sub(r"in \d+\.\d s \(\d+\.\d pages/s", "in <T> s (<R> pages/s", text)
    lines = text.splitlines()
    failures = sorted(ln for ln in lines if re.match(r"(failed|needs_ocr): ", ln))
    others = [ln for ln in lines if not re.match(r"(failed|needs_ocr): ", ln)]
    return "\n".join(failures + others) + "\n"


def _normalise_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "<N>" if k in VOLATILE else _normalise_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_normalise_json(v) for v in value]
        if items and all(isinstance(v, dict) and "path" in v for v in items):
            items.sort(key=lambda v: v["path"])
        return items
    if isinstance(value, str):
        return value.replace(str(FIXTURES.resolve()), "<FIXTURES>")
    return value


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, f"output differs from {path}"


@pytest.fixture(scope="module")
def golden_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Ingest fixtures/ twice (a first run as text, the rerun as JSON) into one archive, with
    the pypdf backend that wrote the golden files (the pdfium backend's error messages for
    bad files differ, and it reads the Type3 font of no_tounicode.pdf as text)."""
    db = tmp_path_factory.mktemp("golden") / "golden.db"
    runner = CliRunner()
    args = ["--db", str(db), "ingest", "--workers", "2", "--backend", "pypdf"]
    args.append(str(FIXTURES.resolve()))
    first = runner.invoke(cli, args, env={"COLUMNS": "100"})
    rerun = runner.invoke(cli, [*args, "--json"], env={"COLUMNS": "100"})
    assert first.exit_code == 3, first.output
    assert rerun.exit_code == 0, rerun.output
    return db, {"first": first.output, "rerun": rerun.output}


def test_ingest_output_is_unchanged(golden_db: tuple[Path, dict[str, str]]) -> None:
    _, outputs = golden_db
    _check("ingest.txt", _normalise_text(outputs["first"]))
    rerun = _normalise_json(json.loads(outputs["rerun"]))
    _check("ingest_rerun.json", json.dumps(rerun, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_search_output_is_unchanged(
    golden_db: tuple[Path, dict[str, str]], name: str, fmt: str
) -> None:
    db, _ = golden_db
    args = ["--db", str(db), "search", QUERIES[name], "--format", fmt]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    _check(f"search_{name}.{'txt' if fmt == 'table' else 'json'}", result.output)
