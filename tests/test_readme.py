"""The README says what the tool does: the formats it lists are the ones each command takes,
and its example output holds no path from a developer's machine."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from proceedings.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
_FORMATS = re.compile(
    r"`--format` takes (?P<hits>.+?) on `search` and\s+`similar`, and (?P<papers>.+?) on "
    r"`show` and `export`",
    re.S,
)


def _choices(command: str) -> set[str]:
    cmd = cli.commands[command]
    option = next(p for p in cmd.params if "--format" in getattr(p, "opts", ()))
    assert isinstance(option.type, click.Choice)
    return {str(c) for c in option.type.choices}


def _documented() -> dict[str, set[str]]:
    m = _FORMATS.search(README.read_text(encoding="utf-8"))
    assert m, "README no longer says which --format each command takes"
    hits, papers = (set(re.findall(r"`([\w-]+)`", m.group(g))) for g in ("hits", "papers"))
    return {"search": hits, "similar": hits, "show": papers, "export": papers}


@pytest.mark.parametrize("command", ["search", "similar", "show", "export"])
def test_readme_formats_are_accepted(command: str) -> None:
    documented = _documented()[command]
    assert documented
    assert documented <= _choices(command), documented - _choices(command)


def test_readme_examples_hold_no_local_paths() -> None:
    text = README.read_text(encoding="utf-8")
    local = re.findall(r"(?:/home/|/Users/|/work/|/root/|[A-Z]:\\)\S*", text)
    assert not local
