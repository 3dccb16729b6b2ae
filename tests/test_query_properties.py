"""Property: any text compiles to SQL that SQLite accepts, or raises QueryError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database
from tests.test_query import run

from proceedings.errors import QueryError
from proceedings.migrations import apply
from proceedings.search.compile import CompiledQuery, parse_query
from proceedings.search.spelling import fuzzy_terms, suggest

_PIECE_TEXT = r"""
title: author: abstract: keyword: keywords: section: body: venue: year: foo: Title:
AND OR NOT NEAR and or not near ANDNOT ANDMAYBE REQUIRE TO
( ) " "" * ** ~ ~2 ^ ^2 - -- + : :: [ ] { } ' , . ; / \ ? .. >= <= > < = |
2024 2020..2024 1999 0 99999 -5 2020- [2020 TO 2024] {1 TO 2}
graph graphs neural networks learning lerning reinforcment schölkopf
GPT-4 C++ chain-of-thought what's a.b 日本 🤖
"""
PIECES = [*_PIECE_TEXT.split(), "e\u0301", "\x00", "\x1b", "\u200b", "\ud800", " ", "\t", "\n"]

free_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
structured = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=14).map(
    lambda parts: "".join(parts) if len(parts) % 2 else " ".join(parts)
)
queries = st.one_of(free_text, structured)


def _build() -> Database:
    db = Database(memory=True)
    apply(db)
    db["papers"].insert_all(
        [
            {
                "id": "a",
                "identity": "a",
                "title": "Graph neural networks",
                "abstract": "Learning on graphs.",
                "keywords": "graphs; learning",
                "authors": "Bernhard Schölkopf",
                "year": 2024,
                "venue": "ICML 2024",
            },
            {
                "id": "b",
                "identity": "b",
                "title": "Reinforcement learning",
                "abstract": "Policy gradients, GPT-4 and C++.",
                "keywords": "reinforcement learning",
                "authors": "Ada Lovelace",
                "year": 2020,
                "venue": "NeurIPS 2020",
            },
        ]
    )
    db["pages"].insert_all(
        [
            {"paper_id": "a", "page": 1, "text": "Message passing on graphs."},
            {"paper_id": "b", "page": 1, "text": "Chain-of-thought what's new."},
        ]
    )
    db.execute(
        "INSERT INTO docs_fts(rowid, title, abstract, keywords, authors, sections, body) "
        "SELECT rowid, title, abstract, keywords, authors, sections, body FROM docs"
    )
    return db


@pytest.fixture(scope="module")
def db() -> Database:
    return _build()


def _execute(db: Database, cq: CompiledQuery) -> None:
    run(db, cq)
    assert cq.where.count("") == 0
    assert sum(c.count("?") for c in cq.where) == len(cq.params)
    cq.explain()


def check(db: Database, text: str) -> None:
    try:
        cq = parse_query(text, expand_fuzzy=lambda w, d: [*fuzzy_terms(db, w, d), '"x" OR'])
    except QueryError as exc:
        assert exc.query == text
        assert exc.position is None or 0 <= exc.position <= len(text)
    else:
        assert isinstance(cq, CompiledQuery)
        _execute(db, cq)
    corrected = suggest(db, text)
    assert corrected is None or isinstance(corrected, str)


common = settings(
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@settings(common, max_examples=200)
@given(text=queries)
def test_any_text_compiles_or_raises_query_error(db: Database, text: str) -> None:
    check(db, text)


@pytest.mark.slow
@settings(common, max_examples=10_000)
@given(text=queries)
def test_any_text_compiles_or_raises_query_error_many(db: Database, text: str) -> None:
    check(db, text)


@pytest.mark.parametrize("text", ['"0\u03320"', "0\u03320", '"a\u20ddb"', "\u1980\u19b0\u1980"])
def test_marks_fts5_splits_on_make_no_phrase_for_pages(db: Database, text: str) -> None:
    check(db, text)
