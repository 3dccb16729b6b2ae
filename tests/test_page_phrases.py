"""Page search with phrases through the tools that read the archive directly: Datasette's
``_search``, sqlite-utils' ``Table.search`` and its ``sqlite-utils search`` command.

Both quote every whitespace-separated term, so a hyphenated word (``GPT-4``) is an FTS5
phrase, as is a quoted one (``"optimal transport"``). The pages expected are read from the
page texts with a regular expression: every page where the words stand next to each other
(separated by punctuation only) must come back, and every page that comes back must hold the
words in that order. Phrases on pages need word positions, which a new archive keeps in its
page index (``proc optimize --no-page-phrases`` drops them).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlite_utils import Database
from tests.conftest import make_paper

from proceedings import Archive
from proceedings.search.parse import fts_tokens

QUERIES = ("GPT-4", "chain-of-thought", '"optimal transport"', "transport")
# Texts where the words of a phrase stand apart, or in another order: an AND of the words
# would find them, a phrase must not.
BODIES = (
    "We compare GPT-4 with smaller models on chain-of-thought prompts.",
    "Optimal transport gives a distance between distributions.",
    "The transport plan is optimal only when the cost is convex.",
    "A chain of reasoning; the thought process of GPT models, version 4.",
    "Wasserstein (optimal-transport) barycentres and GPT 4 agents.",
)


@pytest.fixture(scope="module")
def phrase_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("phrases") / "phrases.db"
    with Archive(path) as archive:
        for i, body in enumerate(BODIES):
            archive.add(make_paper(f"Paper number {i} on phrases", body=body))
    return path


@pytest.fixture(scope="module")
def demo_phrases_db(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """A copy of the demo archive, as ``proc demo`` left it (Datasette serves it on its own)."""
    path = tmp_path_factory.mktemp("demo-phrases") / "demo.db"
    source = sqlite3.connect(demo_db)
    source.execute("VACUUM INTO ?", [str(path)])
    source.close()
    return path


def _exact(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b" + r"[\W_]+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)


def _loose(words: list[str]) -> re.Pattern[str]:
    """The words in order, each as its first letters (the index holds porter stems)."""
    parts = (re.escape(w[:4]) + r"\w*" for w in words)
    return re.compile(r"\b" + r"[\W_]+".join(parts), re.IGNORECASE)


def _check(db_path: Path, query: str, found: set[tuple[str, int]]) -> None:
    words = fts_tokens(query)
    rows = Database(db_path).execute("SELECT paper_id, page, text FROM pages").fetchall()
    must = {(pid, page) for pid, page, text in rows if _exact(words).search(text)}
    may = {(pid, page) for pid, page, text in rows if _loose(words).search(text)}
    assert must <= found <= may, (query, sorted(must), sorted(found), sorted(may))


@pytest.fixture(params=["phrases", "demo"])
def archive_path(request: pytest.FixtureRequest, phrase_db: Path) -> Path:
    if request.param == "phrases":
        return phrase_db
    demo: Path = request.getfixturevalue("demo_phrases_db")
    return demo


@pytest.mark.parametrize("query", QUERIES)
def test_sqlite_utils_table_search_finds_phrases_on_pages(archive_path: Path, query: str) -> None:
    rows = list(
        Database(archive_path)["pages"].search(query, quote=True, columns=["paper_id", "page"])
    )
    _check(archive_path, query, {(r["paper_id"], r["page"]) for r in rows})


@pytest.fixture
def sqlite_utils_cli() -> Iterator[click.Command]:
    """sqlite-utils' click command; importing it raises the csv module's field size limit
    for the whole process, which is put back afterwards."""
    limit = csv.field_size_limit()
    from sqlite_utils.cli import cli

    yield cli
    csv.field_size_limit(limit)


@pytest.mark.parametrize("query", QUERIES)
def test_sqlite_utils_search_command_finds_phrases_on_pages(
    runner: CliRunner, sqlite_utils_cli: click.Command, archive_path: Path, query: str
) -> None:
    args = ["search", str(archive_path), "pages", query, "--quote", "-c", "paper_id", "-c", "page"]
    result = runner.invoke(sqlite_utils_cli, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    _check(archive_path, query, {(r["paper_id"], r["page"]) for r in rows})


def test_the_phrase_texts_tell_phrases_from_words(phrase_db: Path) -> None:
    """The texts above hold each phrase and its words apart, so the checks can fail."""
    db = Database(phrase_db)
    for query in QUERIES[:3]:
        exact = list(db["pages"].search(query, quote=True))
        words = " AND ".join(f'"{w}"' for w in fts_tokens(query))
        loose = db.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?", [words])
        assert 0 < len(exact) < loose.fetchone()[0], query


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def datasette(phrase_db: Path, demo_phrases_db: Path) -> Iterator[str]:
    """A Datasette serving both archives on 127.0.0.1; its base URL."""
    if importlib.util.find_spec("datasette") is None:
        pytest.skip("datasette is not installed (pip install 'proceedings[datasette]')")
    port = _free_port()
    cmd = [sys.executable, "-m", "datasette", "serve", str(phrase_db), str(demo_phrases_db)]
    proc = subprocess.Popen(
        [*cmd, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"datasette did not start: {err}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("query", QUERIES)
def test_datasette_search_finds_phrases_on_pages(
    datasette: str, archive_path: Path, query: str
) -> None:
    params = urllib.parse.urlencode({"_search": query, "_shape": "array", "_size": "max"})
    rows = _get(f"{datasette}/{archive_path.stem}/pages.json?{params}")
    assert isinstance(rows, list), rows
    _check(archive_path, query, {(r["paper_id"], r["page"]) for r in rows})
