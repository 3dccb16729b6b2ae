"""The query language: compiled FTS5/SQL, semantics on a small archive, errors, spelling."""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from proceedings.errors import QueryError
from proceedings.migrations import apply
from proceedings.search.compile import CompiledQuery, parse_query
from proceedings.search.parse import parse
from proceedings.search.spelling import fuzzy_terms, suggest
from proceedings.text import fold_accents as fold

PAPERS: list[dict[str, Any]] = [
    {
        "id": "rl",
        "title": "Deep Reinforcement Learning for Robotic Control",
        "abstract": "We study reinforcement learning with policy gradients on robots.",
        "keywords": "reinforcement learning; robotics",
        "authors": "Bernhard Schölkopf, Ada Lovelace",
        "year": 2023,
        "venue": "International Conference on Machine Learning (ICML 2023)",
        "body": "Policy gradient methods. Chain-of-thought is not used here.",
    },
    {
        "id": "gnn",
        "title": "Graph Neural Networks at Scale",
        "abstract": "Message passing neural networks for large graphs.",
        "keywords": "graphs; neural networks",
        "authors": "Yoshua Bengio",
        "year": 2024,
        "venue": "NeurIPS 2024",
        "body": "We compare against GPT-4 and C++ baselines on state-of-the-art graphs.",
    },
    {
        "id": "cot",
        "title": "Chain-of-Thought Prompting Elicits Reasoning",
        "abstract": "Prompting large language models with a chain of thought improves reasoning.",
        "keywords": "language models; prompting",
        "authors": "Jason Wei, Denny Zhou",
        "year": 2022,
        "venue": "NeurIPS 2022",
        "body": "What's the answer? Let's think step by step with transformers.",
    },
    {
        "id": "old",
        "title": "Learning Representations by Back-Propagating Errors",
        "abstract": "A learning procedure for networks of neurone-like units.",
        "keywords": "neural networks; backpropagation",
        "authors": "David Rumelhart, Geoffrey Hinton",
        "year": 1986,
        "venue": "Nature",
        "body": "The procedure repeatedly adjusts the weights of the connections.",
    },
]


def build_db() -> Database:
    db = Database(memory=True)
    apply(db)
    for paper in PAPERS:
        row = {k: v for k, v in paper.items() if k != "body"}
        db["papers"].insert({**row, "identity": paper["id"]})
        db["pages"].insert({"paper_id": paper["id"], "page": 1, "text": paper["body"]})
        db["sections"].insert(
            {"paper_id": paper["id"], "position": 0, "title": "Introduction", "page": 1}
        )
    db.execute(
        "INSERT INTO docs_fts(rowid, title, abstract, keywords, authors, sections, body) "
        "SELECT rowid, title, abstract, keywords, authors, sections, body FROM docs"
    )
    return db


@pytest.fixture(scope="module")
def db() -> Database:
    return build_db()


def run(db: Database, cq: CompiledQuery) -> list[str]:
    """Paper ids matching ``cq``, the way the search engine combines match and where."""
    conds, params = list(cq.where), list(cq.params)
    source = "papers"
    if cq.match is not None:
        source = "docs_fts JOIN papers ON papers.rowid = docs_fts.rowid"
        conds.insert(0, "docs_fts MATCH ?")
        params.insert(0, cq.match)
    sql = f"SELECT papers.id FROM {source}"
    if conds:
        sql += " WHERE " + " AND ".join(f"({c})" for c in conds)
    ids = [row[0] for row in db.execute(sql, params).fetchall()]
    if cq.page_match:
        db.execute("SELECT rowid FROM pages_fts WHERE pages_fts MATCH ?", [cq.page_match])
    return sorted(ids)


COMPILED = [
    ("neural networks", '"neural" AND "networks"', (), ()),
    ("neural OR graph", '"neural" OR "graph"', (), ()),
    ('"exact phrase" test', '"exact phrase" AND "test"', (), ()),
    ("(deep OR graph) learning", '("deep" OR "graph") AND "learning"', (), ()),
    ("learning NOT deep", '"learning" NOT "deep"', (), ()),
    ("learning -deep -graph", '"learning" NOT ("deep" OR "graph")', (), ()),
    ("transform*", '"transform" *', (), ()),
    ("gpt-4*", '"gpt 4" *', (), ()),
    ("title:graph", 'title : "graph"', (), ()),
    ("title:(graph neural)", 'title : "graph" AND title : "neural"', (), ()),
    ('title:"graph neural" scale', 'title : "graph neural" AND "scale"', (), ()),
    ("author:scholkopf", 'authors : "scholkopf"', (), ()),
    ("authors:hinton", 'authors : "hinton"', (), ()),
    ("abstract:passing", 'abstract : "passing"', (), ()),
    ("keyword:robotics", 'keywords : "robotics"', (), ()),
    ("section:introduction", 'sections : "introduction"', (), ()),
    ("body:procedure", 'body : "procedure"', (), ()),
    ("Title: graph", 'title : "graph"', (), ()),
    ("GPT-4", '"GPT 4"', (), ()),
    ("chain-of-thought", '"chain of thought"', (), ()),
    ("state-of-the-art", '"state of the art"', (), ()),
    ("what's", '"what s"', (), ()),
    ("C++", '"C"', (), ()),
    ("a.b.c", '"a b c"', (), ()),
    ("foo:bar", '"foo" AND "bar"', (), ()),
    ("NEAR near", '"NEAR" AND "near"', (), ()),
    ("and the robots", '"robots"', (), ()),
    ('"graph networks"~3', 'NEAR("graph" "networks", 2)', (), ()),
    ("x^2 robots", '"x" AND "robots"', (), ()),
    ("year:2024", None, ("papers.year = ?",), (2024,)),
    ("year:2023..2026", None, ("papers.year BETWEEN ? AND ?",), (2023, 2026)),
    ("year:2026..2023", None, ("papers.year BETWEEN ? AND ?",), (2023, 2026)),
    ("year:>=2024", None, ("papers.year >= ?",), (2024,)),
    ("year:>2024", None, ("papers.year >= ?",), (2025,)),
    ("year:<2020", None, ("papers.year <= ?",), (2019,)),
    ("year:2020..", None, ("papers.year >= ?",), (2020,)),
    ("year:[2020 TO 2022]", None, ("papers.year BETWEEN ? AND ?",), (2020, 2022)),
    ("graph year:2024", '"graph"', ("papers.year = ?",), (2024,)),
    ("-year:2024", None, ("NOT papers.year = ?",), (2024,)),
    (
        "venue:nature",
        None,
        ("(papers.venue LIKE ? ESCAPE '\\')",),
        ("%nature%",),
    ),
    (
        "venue:icml",
        None,
        ("(papers.venue LIKE ? ESCAPE '\\' OR papers.venue LIKE ? ESCAPE '\\')",),
        ("%ICML%", "%International Conference on Machine Learning%"),
    ),
    ("venue:50%_off", None, ("(papers.venue LIKE ? ESCAPE '\\')",), ("%50\\%\\_off%",)),
    (
        "-deep",
        None,
        ("papers.rowid NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)",),
        ('"deep"',),
    ),
    (
        "NOT deep NOT graph",
        None,
        ("papers.rowid NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)",),
        ('"deep" OR "graph"',),
    ),
    (
        "(year:2024 graph) OR prompting",
        '"graph" OR "prompting"',
        (
            "((papers.year = ? AND papers.rowid IN (SELECT rowid FROM docs_fts WHERE "
            "docs_fts MATCH ?)) OR papers.rowid IN (SELECT rowid FROM docs_fts WHERE "
            "docs_fts MATCH ?))",
        ),
        (2024, '"graph"', '"prompting"'),
    ),
    ("*", None, (), ()),
]


@pytest.mark.parametrize(("text", "match", "where", "params"), COMPILED)
def test_compiled(
    db: Database, text: str, match: str | None, where: tuple[str, ...], params: tuple[Any, ...]
) -> None:
    cq = parse_query(text)
    assert (cq.match, cq.where, cq.params) == (match, where, params)
    run(db, cq)


SEMANTICS = [
    ("reinforcement learning", ["rl"]),
    ("learning", ["old", "rl"]),
    ("networks OR prompting", ["cot", "gnn", "old"]),
    ("learning -deep", ["old"]),
    ("-learning", ["cot", "gnn"]),
    ("author:scholkopf", ["rl"]),
    ("author:Schölkopf", ["rl"]),
    ("author:hinton", ["old"]),
    ('author:"geoffrey hinton"', ["old"]),
    ("title:networks", ["gnn"]),
    ("keyword:backpropagation", ["old"]),
    ("venue:icml", ["rl"]),
    ("venue:nips", ["cot", "gnn"]),
    ("venue:neurips year:2024", ["gnn"]),
    ("year:2022..2023", ["cot", "rl"]),
    ("year:<2000", ["old"]),
    ("year:>=2023 networks", ["gnn"]),
    ("GPT-4", ["gnn"]),
    ("chain-of-thought", ["cot", "rl"]),
    ('"chain of thought" -body:here', ["cot"]),
    ("state-of-the-art", ["gnn"]),
    ("what's", ["cot"]),
    ("C++ baselines", ["gnn"]),
    ("reinforc*", ["rl"]),
    ("title:learn*", ["old", "rl"]),
    ("(year:2024 graphs) OR procedure", ["gnn", "old"]),
    ("networks OR -learning", ["cot", "gnn", "old"]),
    ('"neural networks"~2 message', ["gnn"]),
    ("transformers", ["cot"]),
    ("-year:2024 -venue:nature", ["cot", "rl"]),
    ("*", ["cot", "gnn", "old", "rl"]),
    ("-*", []),
]


@pytest.mark.parametrize(("text", "expected"), SEMANTICS)
def test_semantics(db: Database, text: str, expected: list[str]) -> None:
    assert run(db, parse_query(text)) == expected


ODD = [
    '"',
    '"""',
    'graph "',
    '"graph',
    "*",
    "**",
    "graph*",
    "*graph",
    "gr*ph",
    "g?aph",
    ":",
    "::graph",
    "graph:",
    "(",
    ")",
    "(graph",
    "graph)",
    "((graph) OR (neural)",
    "AND",
    "OR graph",
    "graph OR",
    "graph AND AND neural",
    "NOT NOT graph",
    "- graph",
    "--graph",
    "-(-graph)",
    "NEAR",
    "near(graph neural)",
    "graph NEAR/3 neural",
    "and or not near",
    "{title}: graph",
    "title : graph",
    "^graph",
    "graph^",
    "graph~",
    "graph~x",
    "graph~9",
    "~",
    "[2020 TO 2022]",
    "year:[2020 TO]",
    "year:>=",
    "graph\x00neural",
    "\x07\x1b[31m graph",
    "ünïcödé naïve café",
    "日本語 グラフ",
    "🤖 robots 🤖",
    "x\u200by",
    "e\u0301t\u0301e\u0301",
    "\ue000private",
    "'single quoted'",
    "graph's",
    "title:'graph'",
    "a\\b",
    "graph; DROP TABLE papers; --",
    "' OR 1=1 --",
    '"neural" "" networks',
    "author:o'neil",
    'venue:""',
    "venue:*",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_queries_compile_to_valid_sql(db: Database, text: str) -> None:
    try:
        cq = parse_query(text)
    except QueryError as exc:
        assert exc.query == text
        return
    run(db, cq)


ERRORS = [
    ("", 0, "empty query"),
    ("   ", 0, "empty query"),
    ("the", 0, "too common"),
    ("the and of", 0, "too common"),
    ('""', 0, "empty query"),
    ("()", 0, "empty query"),
    ("year:abc", 5, "expected a year"),
    ("graph year:20x4", 11, "expected a year"),
    ("year:[abc TO 2020]", None, "expected a year"),
    ("title:", 6, "after 'title:'"),
    ("graph author:  ", 15, "after 'author:'"),
    ("(title:)", 7, "after 'title:'"),
    ("title:[a TO c]", None, "only work on year"),
    ("(" * 20 + "graph", 16, "nested"),
    ("graph " * 200, 0, "too long"),
]


@pytest.mark.parametrize(("text", "position", "message"), ERRORS)
def test_query_errors(text: str, position: int | None, message: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert message in info.value.reason
    assert info.value.query == text
    if position is not None:
        assert info.value.position == position
    assert "cannot parse query" in str(info.value)


def test_terms_phrases_and_page_match() -> None:
    cq = parse_query('GPT-4 "graph neural" title:scale -deep author:bengio year:2024')
    assert cq.terms == ("GPT-4", "graph neural", "scale", "bengio")
    assert cq.phrases == ("graph neural",)
    assert cq.page_match == '("GPT" AND "4") OR ("graph" AND "neural") OR "scale"'
    bare = parse_query("neural networks at scale year:2024")
    assert bare.phrases == ("neural networks at scale",)
    assert parse_query("graph").phrases == ()
    assert parse_query("reinforc*").terms == ("reinforc*",)


def test_fuzzy_expansion_uses_callback(db: Database) -> None:
    calls: list[tuple[str, int]] = []

    def expand(word: str, maxdist: int) -> list[str]:
        calls.append((word, maxdist))
        return ["learning", "leaning", "learning", 'bad"quote']

    cq = parse_query("title:lerning~2 robots", expand_fuzzy=expand)
    assert calls == [("lerning", 2)]
    assert cq.match == 'title : ("lerning" OR "learning" OR "leaning" OR "bad quote") AND "robots"'
    assert cq.terms[:3] == ("lerning", "learning", "leaning")
    assert parse_query("lerning~").match == '"lerning"'
    run(db, cq)


def test_fuzzy_terms_and_search(db: Database) -> None:
    assert fuzzy_terms(db, "lerning") == ["learning"]
    assert fuzzy_terms(db, "Graphs") == ["graphs", "graph"]
    assert fuzzy_terms(db, "grahps", 1) == ["graphs"]
    assert fuzzy_terms(db, "grap", 2, limit=1) == ["graph"]
    assert fuzzy_terms(db, "zzzzzz") == []
    assert fuzzy_terms(db, "") == []
    cq = parse_query("reinforcment~ lerning~", expand_fuzzy=lambda w, d: fuzzy_terms(db, w, d))
    assert run(db, cq) == ["rl"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reinforcment lerning", "reinforcement learning"),
        ("Reinforcment LERNING", "Reinforcement LEARNING"),
        ("grpah neural", "graph neural"),
        (
            'title:"reinforcment lerning" -author:scholkpf',
            'title:"reinforcement learning" -author:scholkpf',
        ),
        ("promting OR roboticss year:2023", "prompting OR robotics year:2023"),
        ("reinforcement learning", None),
        ("lerning~ reinforc*", None),
        ("venue:nerips", None),
        ("zzzzzzzz", None),
        ("year:abc", None),
        ("", None),
    ],
)
def test_suggest(db: Database, text: str, expected: str | None) -> None:
    assert suggest(db, text) == expected


def test_suggest_sees_new_papers() -> None:
    db = build_db()
    assert suggest(db, "quantom") is None
    db["papers"].insert({"id": "q", "identity": "q", "title": "Quantum supremacy", "year": 2019})
    assert suggest(db, "quantom") == "quantum"


def test_suggest_keeps_words_known_outside_the_vocabulary() -> None:
    db = build_db()
    assert suggest(db, "lerning") == "learning"
    db["papers"].insert(
        {"id": "m", "identity": "m", "title": "Ranking", "authors": "Maria Lerning"}
    )
    db.execute(
        "INSERT INTO docs_fts(rowid, title, abstract, keywords, authors, sections, body) "
        "SELECT rowid, title, abstract, keywords, authors, sections, body FROM docs "
        "WHERE rowid = (SELECT rowid FROM papers WHERE id = 'm')"
    )
    assert suggest(db, "lerning") is None
    assert suggest(db, "author:lerning rankng") == "author:lerning ranking"


def test_word_spans_and_fold() -> None:
    text = 'title:grpah -author:hintn "neural netwroks" year:2020 pre* fuz~ (a OR bx)'
    assert [text[a:b] for a, b in parse(text).spans] == ["grpah", "neural", "netwroks", "a", "bx"]
    assert fold("Schölkopf") == "scholkopf"


def test_explain() -> None:
    cq = parse_query("graph -deep year:2024")
    out = cq.explain()
    assert '"graph" NOT "deep"' in out
    assert "papers.year = ?  -- [2024]" in out
    assert "Term('all', 'graph')" in out
