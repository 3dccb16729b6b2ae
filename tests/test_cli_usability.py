"""What a new user meets at the terminal: queries, hints, help, widths, colour, ids."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive, Stats
from proceedings.cli import cli
from proceedings.formats import format_runs, format_stats


def _ids(db: Path) -> list[str]:
    with Archive(db, readonly=True) as archive:
        return archive.ids()


@pytest.mark.parametrize("query", ["-reasoning", "-reasoning efficient", "-title:reasoning"])
def test_a_query_starting_with_a_minus_needs_no_double_dash(
    runner: CliRunner, demo_db: Path, query: str
) -> None:
    result = runner.invoke(cli, ["--db", str(demo_db), "search", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"query": "' + query + '"' in result.output


def test_demo_says_how_to_search_its_archive(
    runner: CliRunner, tmp_path: Path, fixture_pdfs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in fixture_pdfs[:2]:
        shutil.copy(pdf, folder)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["demo", "--fixtures", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Search this archive: proc --db demo.db search QUERY" in result.output
    assert (tmp_path / "demo.db").exists()


def test_help_examples_use_ids_of_the_demo(runner: CliRunner, demo_db: Path) -> None:
    ids = set(_ids(demo_db))
    for command in ("show", "similar"):
        text = runner.invoke(cli, [command, "--help"]).output
        example = re.search(r"Example: proc \w+ (\S+)", text)
        assert example and example.group(1) in ids, text


def test_search_help_describes_the_query_syntax(runner: CliRunner) -> None:
    text = runner.invoke(cli, ["search", "--help"]).output
    for piece in ('"a phrase"', "OR", "-word", "title:", "author:", "year:2023..2025", "*"):
        assert piece in text, piece


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("park26prun", "park26prune"), ("park25prune", "park26prune"), ("jung26", "jung26elastic")],
)
def test_an_unknown_id_gets_did_you_mean(
    runner: CliRunner, demo_db: Path, typed: str, expected: str
) -> None:
    result = runner.invoke(cli, ["--db", str(demo_db), "show", typed])
    assert result.exit_code == 1
    assert f"no paper with id {typed!r}; did you mean" in result.output
    assert expected in result.output.split("did you mean", 1)[1]


def test_table_output_fits_80_columns_without_breaking_words(
    runner: CliRunner, demo_db: Path
) -> None:
    db = ["--db", str(demo_db)]
    result = runner.invoke(
        cli, [*db, "search", "reasoning", "--limit", "10"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 80
    flowing = " ".join(result.output.split())
    found = runner.invoke(cli, [*db, "search", "reasoning", "--limit", "10", "--format", "json"])
    hits = json.loads(found.output)["hits"]
    assert len(hits) == 10
    for hit in hits:
        assert " ".join(hit["title"].split()) in flowing
        assert ", ".join(hit["authors"][:2]) in flowing


def test_runs_fit_80_columns(runner: CliRunner, demo_db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(demo_db), "runs"])
    assert result.exit_code == 0 and len(result.output.splitlines()) >= 2
    assert max(len(line) for line in result.output.splitlines()) <= 80
    row = {
        "id": 12345,
        "started_at": "2026-12-01T16:23:45+00:00",
        "status": "done_with_failures",
        "added": 9999,
        "updated": 9999,
        "unchanged": 9999,
        "failed": 9999,
        "pages": 999999,
        "duration_s": 9999.9,
        "pages_per_s": 999.9,
    }
    assert max(len(line) for line in format_runs([row]).splitlines()) <= 81


def test_no_color_turns_bold_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from proceedings.cli_setup import use_color

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color()


def test_stats_say_unknown_and_count_in_the_singular() -> None:
    stats = Stats(1, 1, 3, 1, 0, years={"None": 1}, venues={"None": 1})
    text = format_stats(stats, "text")
    assert "None" not in text and "(unknown) (1)" in text


def test_one_hit_is_one_paper(runner: CliRunner, demo_db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(demo_db), "search", 'title:"elastic replay"'])
    assert result.exit_code == 0
    assert "1-1 of 1 paper match" in result.output
    assert re.search(r"\b1 papers\b", result.output) is None


@pytest.mark.parametrize("query", ["title:(", "author:( ", "abstract:()"])
def test_a_field_with_nothing_after_it_is_an_error(
    runner: CliRunner, demo_db: Path, query: str
) -> None:
    result = runner.invoke(cli, ["--db", str(demo_db), "search", query])
    assert result.exit_code == 2, result.output
    assert "cannot parse query" in result.output


def test_shell_completion_offers_paper_ids(runner: CliRunner, demo_db: Path) -> None:
    for command in ("show", "similar"):
        result = runner.invoke(
            cli,
            [],
            prog_name="proc",
            env={
                "_PROC_COMPLETE": "bash_complete",
                "COMP_WORDS": f"proc --db {demo_db} {command} park",
                "COMP_CWORD": "4",
            },
        )
        assert "park26prune" in result.output, result.output


def test_lock_files_are_ignored_by_git() -> None:
    gitignore = Path(__file__).resolve().parents[1] / ".gitignore"
    assert "*.db.lock" in gitignore.read_text().split()


def test_ingest_summary_names_each_metadata_source_and_its_matches(
    runner: CliRunner, tmp_path: Path
) -> None:
    from test_ingest_workers import write_pdf

    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    write_pdf(pdfs / "lovelace26a.pdf", "An Extracted Title That Is Wrong")
    write_pdf(pdfs / "other26b.pdf", "A Paper No Sidecar Knows About")
    posts = tmp_path / "pmlr" / "_posts"
    posts.mkdir(parents=True)
    (tmp_path / "pmlr" / "_config.yml").write_text("booktitle: Proceedings of Test\n")
    (posts / "2026-01-01-lovelace26a.md").write_text(
        "---\ntitle: The Right Title\nid: lovelace26a\n"
        "author:\n- given: Ada\n  family: Lovelace\n---\n"
    )
    (pdfs / "metadata.csv").write_text("file,title\nnobody.pdf,Matches Nothing\n")
    result = runner.invoke(cli, ["--db", str(tmp_path / "a.db"), "ingest", str(pdfs)])
    assert result.exit_code == 0, result.output
    assert f"metadata: pmlr {tmp_path / 'pmlr'}: 1 paper matched" in result.output
    assert f"metadata: csv {pdfs / 'metadata.csv'}: 0 papers matched" in result.output
    again = runner.invoke(cli, ["--db", str(tmp_path / "a.db"), "ingest", "--json", str(pdfs)])
    assert json.loads(again.output)["metadata_matched"] == {
        f"pmlr:{tmp_path / 'pmlr'}": 1,
        f"csv:{pdfs / 'metadata.csv'}": 0,
    }
