"""``scripts/count_fused_words.py``: the measure of words that de-hyphenation ran together."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "count_fused_words.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("count_fused_words", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("token", "split"),
    [("wallclock", ("wall", "clock")), ("firstclass", ("first", "class")), ("efficient", None)],
)
def test_a_rare_token_of_two_frequent_words_is_a_candidate(
    token: str, split: tuple[str, str] | None
) -> None:
    counts = Counter({"wall": 5, "clock": 5, "first": 5, "class": 5, "effi": 1, "cient": 1})
    counts[token] = 1
    found = _script().fused_words(counts, rare=2, frequent=3)
    assert found.get(token) == split


def test_the_script_reports_tokens_hyphenated_elsewhere(tmp_path: Path) -> None:
    db = tmp_path / "pages.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE pages (text TEXT)")
        words = "the wall clock and a wall-clock time; " * 3
        conn.execute("INSERT INTO pages VALUES (?)", [words + "a wallclock speedup"])
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", str(db), "--frequent", "3"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "hyphenated elsewhere: 1 distinct" in out
    assert "wallclock = wall-clock" in out
