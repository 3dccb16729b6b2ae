"""Searches that cannot be made slow or crash: prefix floods, a time budget, odd options."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from proceedings import Archive, QueryError
from proceedings.cli import cli
from proceedings.errors import QueryTooBroadError
from proceedings.search import rank


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("a* b* c* d*", "too short"),
        (" ".join(f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz"), "too short"),
        (" OR ".join(f"ab{c}*" for c in "abcdefghijklmnopqrstuvwxyz"), "too many prefix terms"),
        ("re* co*", "too short"),
        ("title:x*", "too short"),
    ],
)
def test_prefix_floods_are_refused(small: Archive, query: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        small.search(query)


def test_a_few_prefixes_still_work(small: Archive) -> None:
    assert small.search("effic* OR graph*").total == 2


def test_a_search_over_its_budget_is_interrupted(
    small: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("proceedings.search.engine.BUDGET_S", -1.0)
    monkeypatch.setattr("proceedings.search.rank.CHECK_EVERY", 1)
    with pytest.raises(QueryTooBroadError, match="too broad") as caught:
        small.search("reinforcement learning")
    assert caught.value.query == "reinforcement learning"
    monkeypatch.undo()
    assert small.search("reinforcement learning").total >= 1  # the connection is clean again


def test_budget_nests_and_restores() -> None:
    import sqlite3

    connection = sqlite3.connect(":memory:")
    slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    with rank.budget(connection, time.monotonic() + 0.05), pytest.raises(sqlite3.OperationalError):
        connection.execute(slow).fetchone()
    assert connection.execute("SELECT 1").fetchone() == (1,)


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"limit": 2**63}, "too large"),
        ({"offset": 2**64}, "too large"),
        ({"limit": -1}, "negative"),
        ({"year": 2**63}, "year"),
        ({"year": (2024,)}, "pair"),
        ({"year": (2024, 2025, 2026)}, "pair"),
        ({"venue": "\ud800"}, "not text"),
        ({"author": "\udcff"}, "not text"),
        ({"sort": "random"}, "unknown sort"),
    ],
)
def test_options_out_of_range_are_query_errors(
    small: Archive, options: dict[str, object], reason: str
) -> None:
    with pytest.raises(QueryError, match=reason):
        small.search("learning", **options)  # type: ignore[arg-type]


def test_venue_and_author_options_match_percent_and_underscore_literally(small: Archive) -> None:
    assert small.search("learning", venue="%").total == 0
    assert small.search("learning", venue="_").total == 0
    assert small.search("learning", author="%").total == 0
    assert small.search("learning", venue="Machine").total >= 1


@pytest.mark.parametrize(
    "args",
    [
        ["search", "learning", "--offset", str(2**64)],
        ["search", "learning", "--year", str(2**63)],
        ["search", "a* b*"],
    ],
)
def test_cli_reports_them_as_usage_errors(small_db: str, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["--db", small_db, *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Error" in result.output


@pytest.fixture
def small_db(tmp_path: object, small: Archive) -> str:
    from pathlib import Path

    path = Path(str(tmp_path)) / "small.db"
    with Archive(path) as archive:
        for paper in small.papers(include_text=True):
            archive.add(paper)
    return str(path)
