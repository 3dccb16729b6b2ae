from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from tests.conftest import make_paper

from proceedings import Archive
from proceedings.cli import cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Archive(path) as archive:
        archive.add(
            make_paper(
                "Efficient Reasoning with Adaptive Chain-of-Thought",
                body="We prune chain-of-thought tokens for efficient reasoning.",
            )
        )
        archive.add(
            make_paper(
                "Scalable Reinforcement Learning with Many Actors",
                body="Distributed reinforcement learning.",
            )
        )
    return path


def _commands() -> list[str]:
    assert isinstance(cli, click.Group)
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_search_json(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(
        cli, ["--db", str(db), "search", "efficient reasoning", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "authors", "year", "venue", "score", "page", "snippet"}
    assert hit["id"] == "park26efficient"
    assert hit["authors"] == ["Ji-woo Park", "Zoë Lefèvre"]
    assert hit["page"] in (1, 2)
    assert "**" in hit["snippet"]


def test_search_jsonl_and_table(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(db), "search", "reinforcement", "--format", "jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [h["id"] for h in lines] == ["park26scalable"]
    table = runner.invoke(cli, ["--db", str(db), "search", "reinforcement"])
    assert "Scalable Reinforcement Learning" in table.output
    assert "of 1 paper " in table.output and "1 papers" not in table.output


def test_env_var_names_the_archive(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["stats", "--format", "json"], env={"PROC_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["papers"] == 2


def test_show_formats(runner: CliRunner, db: Path) -> None:
    text = runner.invoke(cli, ["--db", str(db), "show", "park26efficient"])
    assert text.exit_code == 0
    assert "Ji-woo Park (KAIST) <jwpark@kaist.ac.kr>" in text.output
    data = json.loads(
        runner.invoke(cli, ["--db", str(db), "show", "park26efficient", "--format", "json"]).output
    )
    assert data["sections"][0] == {"title": "Introduction", "page": 1}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "nope"], 1, "no paper with id 'nope'"),
        (["search", "x", "--limit", "-1"], 2, "Invalid value"),
        (["search", "x", "--sort", "bogus"], 2, "Invalid value"),
        (["frobnicate"], 2, "No such command"),
        (["similar", "nope"], 1, "no paper with id"),
    ],
)
def test_errors_and_exit_codes(
    runner: CliRunner, db: Path, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == code, result.output
    assert message in result.output


@pytest.mark.parametrize("command", [["search", "x"], ["show", "x"], ["stats"], ["export"]])
def test_missing_archive_exits_1(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.db"
    result = runner.invoke(cli, ["--db", str(missing), *command])
    assert result.exit_code == 1
    assert "no archive at" in result.output
    assert not missing.exists()


def test_export_bibtex_parses(runner: CliRunner, db: Path) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    result = runner.invoke(cli, ["--db", str(db), "export", "--format", "bibtex"])
    assert result.exit_code == 0
    library = bibtexparser.parse_string(result.output)
    assert sorted(e.key for e in library.entries) == ["park26efficient", "park26scalable"]
    assert not library.failed_blocks


def test_optimize_merges_and_vacuums(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.add_all(make_paper(f"Paper number {i}", body="reasoning " * 50) for i in range(20))
    result = runner.invoke(cli, ["--db", str(db), "optimize", "--vacuum"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Optimized {db}: ")
    with Archive(db, readonly=True) as archive:
        assert archive.search("reasoning").total == 20
    missing = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "optimize"])
    assert missing.exit_code == 1 and "none.db" in missing.output
