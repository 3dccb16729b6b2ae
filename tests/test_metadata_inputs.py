"""Metadata files are input too (issue 13, items 13-15): hostile YAML, CSV and JSON become a
``MetadataError`` naming the file and the line, quickly; control characters never reach the
archive; CSV export does not hand a spreadsheet a formula."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import make_paper

from proceedings import Archive, MetadataError
from proceedings.cli import cli
from proceedings.metadata import MetadataIndex
from test_ingest_workers import write_pdf


def alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n}")
        lines += [f"  - *a{n - 1}"] * 9
    return "\n".join(lines) + f"\ntitle: *a{levels - 1}\n"


def pmlr(tmp_path: Path, front: str) -> Path:
    volume = tmp_path / "pmlr"
    (volume / "_posts").mkdir(parents=True)
    (volume / "_posts" / "2026-07-01-x.md").write_text(f"---\n{front}---\nbody\n")
    return volume


def load(path: Path) -> MetadataIndex:
    return MetadataIndex.load([path], [], auto=False)


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    volume = pmlr(tmp_path, alias_bomb())
    started = time.monotonic()
    with pytest.raises(MetadataError, match=r"2026-07-01-x\.md: .*line \d+: aliases expand"):
        load(volume)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [a, b]\n", "line 1: title must be text, not list"),
        ("title: Fine\nabstract:\n  key: value\n", "line 2: abstract must be text, not dict"),
        ("title: Fine\nauthor:\n- given: [A]\n  family: B\n", "author must be text, not list"),
    ],
)
def test_front_matter_of_the_wrong_type_is_refused(
    tmp_path: Path, front: str, message: str
) -> None:
    with pytest.raises(MetadataError, match=message):
        load(pmlr(tmp_path, front))


def test_a_huge_csv_field_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "meta.csv"
    path.write_text("file,title\na.pdf,Fine\nb.pdf," + "x" * 200_000 + "\n")
    with pytest.raises(MetadataError, match=r"meta\.csv: line 3: field larger"):
        load(path)


def test_deep_json_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "meta.json"
    path.write_text('[{"file": "a.pdf", "title": "Fine"},\n' + "[" * 100_000 + "]" * 100_000 + "]")
    started = time.monotonic()
    with pytest.raises(MetadataError, match=r"meta\.json: line 2: nested deeper than"):
        load(path)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": {"$where": "1==1"}}, "title must be text, not dict"),
        ({"title": "Fine", "year": [2026]}, "year must be text, not list"),
        ({"title": "Fine", "authors": [{"name": {"x": 1}}]}, "author must be text, not dict"),
        ({"title": "Fine", "doi": True}, "doi must be text, not bool"),
    ],
)
def test_json_of_the_wrong_type_is_refused_not_stored(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    write_pdf(folder / "a.pdf", "A Paper With Hostile Metadata Beside It")
    rows = [{"file": "b.pdf", "title": "Another"}, {"file": "a.pdf", **record}]
    (folder / "metadata.json").write_text(json.dumps(rows, indent=1))
    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(MetadataError, match=rf"metadata\.json: line \d+: {message}"):
            archive.ingest([folder])
        assert archive.stats().papers == 0


def test_control_characters_are_stripped_from_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    write_pdf(folder / "a.pdf", "A Paper With Escapes In Its Metadata")
    link = "\x1b]8;;https://evil.example\x1b\\Click\x1b]8;;\x1b\\"
    title = f"Safe {link} Title\x1b]0;pwned\x07"
    rows = [["file", "title", "authors"], ["a.pdf", title, "A\u202eB"]]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    (folder / "metadata.csv").write_text(buf.getvalue())
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([folder])
        (paper,) = list(archive.papers())
    fields = [paper.title, *(a.name for a in paper.authors)]
    assert not any(ch in f for f in fields for ch in "\x1b\x07\u202e")
    assert paper.title.startswith("Safe ") and "Click" in paper.title


def test_csv_export_neutralises_formulas(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "a.db"
    titles = ['=HYPERLINK("https://evil.example","x")', "=cmd|' /C calc'!A0", "+1", "@SUM(A1)"]
    with Archive(db) as archive:
        for title in titles:
            archive.add(make_paper(title, body="formula text"))
    result = runner.invoke(cli, ["--db", str(db), "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = [row["title"] for row in csv.DictReader(io.StringIO(result.output))]
    assert sorted(cells) == sorted("'" + t for t in titles)
