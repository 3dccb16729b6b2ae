"""The search query language, compiled to SQLite FTS5 ``MATCH`` expressions and SQL filters.

Queries are parsed with whoosh's query parser (operators, fields, phrases, prefixes, fuzzy
terms, ranges) and the resulting query tree is translated into:

* an FTS5 expression for ``docs_fts`` in which every word is a double-quoted string, so that
  punctuation and FTS5 keywords typed by the user can never reach the FTS5 parser unquoted;
* SQL conditions over ``papers`` for what FTS5 cannot express: years, venues, negation
  without a positive term, and OR mixing filters with full text.

Language: bare words (AND), ``"phrases"`` (``"a b"~3`` for proximity), ``OR``, ``NOT``,
``-word``, parentheses, ``prefix*``, ``word~`` / ``word~2`` (fuzzy), fields ``title:``,
``author:``, ``abstract:``, ``keyword:``, ``section:``, ``body:``, ``venue:`` and ``year:``
(``2024``, ``2020..2024``, ``>=2020``, ``<2020``, ``[2020 TO 2024]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh import fields, qparser
from whoosh import query as wq
from whoosh.analysis import IDTokenizer, RegexTokenizer

from proceedings.errors import QueryError
from proceedings.query_compile import (
    _FIELD_RE,
    _TOKEN_RE,
    _UNKNOWN_FIELD_RE,
    _UNSAFE_RE,
    _YEAR_HELP,
    FIELD_ALIASES,
    MAX_NESTING,
    MAX_QUERY_LENGTH,
    STOPWORDS,
    TEXT_FIELDS,
    _and_not,
    _as_sql,
    _Compiler,
    _group,
    _Part,
    _split,
    _unwrap,
    column_safe,
    fts_tokens,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "STOPWORDS",
    "CompiledQuery",
    "fts_tokens",
    "parse_query",
    "word_spans",
]


@dataclass(frozen=True)
class CompiledQuery:
    """A parsed query, ready for ``docs_fts MATCH :match AND <where...>``."""

    text: str
    match: str | None
    where: tuple[str, ...] = ()
    params: tuple[object, ...] = ()
    page_match: str | None = None  # for pages_fts (detail=column): no phrases, no NEAR
    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    parsed: str = field(default="", compare=False)

    def explain(self) -> str:
        lines = [f"query:      {self.text}", f"parsed:     {self.parsed}"]
        lines.append(f"fts match:  {self.match if self.match is not None else '(none)'}")
        params = iter(self.params)
        for cond in self.where:
            values = [next(params) for _ in range(cond.count("?"))]
            lines.append(f"sql where:  {cond}  -- {values!r}")
        if not self.where:
            lines.append("sql where:  (none)")
        lines.append(f"page match: {self.page_match if self.page_match else '(none)'}")
        lines.append(f"terms:      {', '.join(self.terms) or '(none)'}")
        lines.append(f"phrases:    {', '.join(self.phrases) or '(none)'}")
        return "\n".join(lines)


def _text_field() -> Any:
    fieldtype = fields.TEXT(analyzer=RegexTokenizer(_TOKEN_RE), phrase=True)
    # A word like "chain-of-thought" becomes the phrase "chain of thought".
    fieldtype.multitoken_query = "phrase"
    return fieldtype


@lru_cache(maxsize=2)
def _parser(strict: bool = True) -> Any:
    """The whoosh parser; the lenient variant has no NOT and no >=/< (as whoosh fails on a
    few combinations of them, like ``NOT NOT x``) and is the fallback."""
    schema = fields.Schema(
        **{name: _text_field() for name in TEXT_FIELDS},
        venue=fields.TEXT(analyzer=IDTokenizer()),
        year=fields.TEXT(analyzer=IDTokenizer()),
    )
    parser = qparser.QueryParser("all", schema)
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    if strict:
        parser.add_plugin(qparser.GtLtPlugin(r"(?<=year:)(?P<rel>(<=|>=|<|>|=<|=>))(?=\s*\d)"))
    not_op = r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[^\s\-]))" if strict else None
    ops = qparser.OperatorsPlugin(Not=not_op, AndNot=None, AndMaybe=None, Require=None)
    parser.replace_plugin(ops)
    return parser


def _prepare(text: str) -> str:
    """Check the query's size and shape; return it with the same length, made safe."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(text, f"query too long (at most {MAX_QUERY_LENGTH} characters)", 0)
    depth = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "(" and not quoted:
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(text, f"too many nested parentheses (at most {MAX_NESTING})", i)
        elif ch == ")" and not quoted:
            depth = max(0, depth - 1)
    clean = _UNSAFE_RE.sub(" ", text)

    def field(match: re.Match[str]) -> str:
        name, relation = match.group(1).lower(), match.group(3)
        rest = clean[match.end() :]
        if not rest or rest.startswith(")"):
            expected = _YEAR_HELP if name == "year" else f"expected a word after '{name}:'"
            raise QueryError(text, expected, match.end())
        # "title: word" means title:word; moving the spaces keeps every offset.
        return " " * (len(match.group(0)) - len(name) - 1 - len(relation)) + f"{name}:{relation}"

    known = _FIELD_RE.sub(field, clean)
    # An unknown field ("method:attention") searches its words.
    return _UNKNOWN_FIELD_RE.sub(lambda m: m.group(1) + " ", known)


def _parse(text: str, clean: str) -> Any:
    for strict in (True, False):
        try:
            return _parser(strict).parse(clean)
        except Exception as exc:
            error = exc
    message = "could not understand the operators; expected e.g. a OR b, a NOT b, (a b)"
    raise QueryError(text, message, None) from error


def parse_query(
    text: str,
    *,
    expand_fuzzy: Callable[[str, int], Sequence[str]] | None = None,
    expand_prefix: Callable[[str], Sequence[str]] | None = None,
) -> CompiledQuery:
    """Compile a user query; raises ``QueryError`` for anything that cannot be searched.

    ``expand_fuzzy(word, maxdist)`` returns archive words close to ``word`` for ``word~``;
    without it a fuzzy word is searched as itself. ``expand_prefix(prefix)`` returns archive
    words that start with ``prefix`` for ``prefix*``.
    """
    clean = _prepare(text)
    root = _parse(text, clean)
    compiler = _Compiler(clean, expand_fuzzy, expand_prefix)
    try:
        children = root.subqueries if isinstance(root, wq.And) else [root]
        parts = [compiler.compile(child, True) for child in children]
    except QueryError as exc:
        raise QueryError(text, exc.reason, exc.position) from None

    present = [p for p in parts if p is not None]
    _, fts, negs, sqls = _split(present)
    positives = fts + [p.hint for p in sqls if p.hint]
    where: list[str] = []
    params: list[object] = []
    for p in sqls:
        where.append(p.sql)
        params.extend(p.params)
    match: str | None = None
    if positives:
        match = _unwrap(_and_not(positives, negs))
    elif negs:
        cond, values = _as_sql(_Part("neg", _group(negs, "OR")))
        where.append(cond)
        params.extend(values)
    if not present:
        if compiler.dropped:
            common = ", ".join(repr(w) for w in dict.fromkeys(compiler.dropped))
            raise QueryError(text, f"empty query: {common} too common to search for", 0)
        raise QueryError(text, "empty query: expected a word, phrase or filter", 0)

    phrases = list(compiler.phrases)
    bare = compiler.bare_words(root)
    if bare and len(fts_tokens(" ".join(bare))) > 1:
        whole = " ".join(bare)
        if whole not in phrases:
            phrases.insert(0, whole)
    page_match = column_safe(" OR ".join(compiler.page_exprs)) if compiler.page_exprs else None
    return CompiledQuery(
        text=text,
        match=match,
        where=tuple(where),
        params=tuple(params),
        page_match=page_match,
        terms=tuple(compiler.terms),
        phrases=tuple(phrases),
        parsed=repr(root),
    )


def word_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the words of ``text`` a spelling corrector may replace: plain words and the
    words of quoted phrases in title, abstract, keyword, section, body or no field; never
    operators, field names, authors, venues, years, prefixes or fuzzy words.

    Raises ``QueryError`` like ``parse_query``.
    """
    clean = _prepare(text)
    spans: list[tuple[int, int]] = []
    stack = [_parse(text, clean)]
    while stack:
        q = stack.pop()
        if isinstance(q, wq.And | wq.Or | wq.Not):
            stack.extend(q.children())
            continue
        if getattr(q, "fieldname", None) in ("author", "venue", "year"):
            continue
        if type(q) is wq.Term and isinstance(q.startchar, int):
            ranges = [(q.startchar, q.endchar)]
        elif type(q) is wq.Phrase and q.char_ranges:
            ranges = [r for r in q.char_ranges if isinstance(r[0], int)]
        else:
            continue
        for start, end in ranges:
            spans.extend(
                (start + m.start(), start + m.end()) for m in _TOKEN_RE.finditer(clean[start:end])
            )
    return sorted(set(spans))
