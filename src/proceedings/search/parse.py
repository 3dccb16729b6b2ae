"""Query text to a ``ParsedQuery``, once: its reading, its whoosh tree, and its word spans.

In: the text a user typed. Out: a ``ParsedQuery`` that says how the text is read:

* ``"plain"``: words with no operator, field, quote, prefix or fuzzy mark (filters such as
  ``year:2024`` allowed). Read best-match: papers holding every significant word first, then
  papers holding most of them (``search.natural``).
* ``"text"``: a pasted abstract or paragraph, too long for the query language (more than
  ``MAX_QUERY_LENGTH`` characters, up to ``MAX_TEXT_LENGTH``): answered as "more like this".
* ``"query"``: the query language, with its exact meaning (``search.compile``).

The tree comes from whoosh's query parser; the word spans are the offsets of the words a
spelling corrector may replace, so "did you mean" needs no second parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import fields, qparser
from whoosh import query as wq
from whoosh.analysis import IDTokenizer, RegexTokenizer

from ..errors import QueryError

__all__ = [
    "CITED_HELP",
    "FIELD_ALIASES",
    "FILTER_FIELDS",
    "MAX_NESTING",
    "MAX_QUERY_LENGTH",
    "MAX_TEXT_LENGTH",
    "TEXT_FIELDS",
    "TOKEN_RE",
    "YEAR_HELP",
    "ParsedQuery",
    "bare_words",
    "column_safe",
    "fts_tokens",
    "parse",
]

MAX_QUERY_LENGTH = 1000
MAX_TEXT_LENGTH = 50_000
MAX_NESTING = 16

# Whoosh field name -> docs_fts column (None: every column).
TEXT_FIELDS: dict[str, str | None] = {
    "all": None,
    "title": "title",
    "author": "authors",
    "abstract": "abstract",
    "keyword": "keywords",
    "section": "sections",
    "body": "body",
}
FIELD_ALIASES = {"author": ["authors"], "keyword": ["keywords"], "section": ["sections"]}
FILTER_FIELDS = ("venue", "year", "cited")
YEAR_HELP = "expected a year such as 2024, 2020..2024, >=2020 or <2020"
CITED_HELP = "expected a number of citing papers such as 3, >=3, <10 or 1..5"

# Token characters of FTS5's unicode61 tokenizer (Unicode 6.1 tables): letters, numbers,
# private use, and the combining marks remove_diacritics folds away; other marks and the New
# Tai Lue vowels (marks in 6.1) end a token. Probed character by character against SQLite.
TOKEN_RE = re.compile(
    r"(?:(?![\u19b0-\u19c9\u1cf2\u1cf3])[^\W_]|[\ue000-\uf8ff"
    r"\u0300-\u0304\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d\u032e\u0330\u0331"
    r"\u1ab0-\u1ace\u1de7-\u1dfb\ufe27-\ufe2f])+"
)
_UNSAFE_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_FIELD_NAMES = "|".join(
    [*TEXT_FIELDS, *FILTER_FIELDS, *(a for v in FIELD_ALIASES.values() for a in v)]
)
_FIELD_RE = re.compile(rf"(?<![\w:])({_FIELD_NAMES}):(\s*)((?:[<>]=?|=[<>])?)(\s*)", re.IGNORECASE)
_AND_RE = re.compile(r"(?:^|(?<=[\s()]))AND(?=[\s()]|$)")
_UNKNOWN_FIELD_RE = re.compile(rf"(?<![\w:])((?!(?:{_FIELD_NAMES}):)\w+):(?=[^\s:])", re.I)


def fts_tokens(text: str) -> list[str]:
    """Split ``text`` into words the way FTS5's unicode61 tokenizer does (case kept)."""
    return TOKEN_RE.findall(text)


@dataclass(frozen=True)
class ParsedQuery:
    """A query parsed once. ``words`` are the plain words as typed, a hyphenated word as its
    words joined by spaces (for ``plain`` and
    ``text`` readings), ``spans`` the offsets in ``text`` of the words a spelling corrector may
    replace; ``tree`` is whoosh's query tree (None for ``text``)."""

    text: str
    reading: str
    clean: str = ""
    tree: Any = None
    words: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def filters(self) -> list[Any]:
        """The ``year:``/``venue:`` parts of a plain query."""
        if self.tree is None:
            return []
        children = self.tree.subqueries if isinstance(self.tree, wq.And) else [self.tree]
        return [c for c in children if getattr(c, "fieldname", None) in FILTER_FIELDS]


def _text_field() -> Any:
    fieldtype = fields.TEXT(analyzer=RegexTokenizer(TOKEN_RE), phrase=True)
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
        cited=fields.TEXT(analyzer=IDTokenizer()),
    )
    parser = qparser.QueryParser("all", schema)
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    if strict:
        relation = r"(?:(?<=year:)|(?<=cited:))(?P<rel>(<=|>=|<|>|=<|=>))(?=\s*\d)"
        parser.add_plugin(qparser.GtLtPlugin(relation))
    not_op = r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[^\s\-]))" if strict else None
    ops = qparser.OperatorsPlugin(Not=not_op, AndNot=None, AndMaybe=None, Require=None)
    parser.replace_plugin(ops)
    return parser


def _prepare(text: str) -> str:
    """Check the query's shape; return it with the same length, made safe."""
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
    # "?" is punctuation (a question), never a wildcard; offsets stay those of the text.
    clean = _UNSAFE_RE.sub(" ", text).replace("?", " ")

    def field(match: re.Match[str]) -> str:
        name, relation = match.group(1).lower(), match.group(3)
        rest = clean[match.end() :].lstrip("( ")
        if not rest or rest.startswith(")"):
            expected = {"year": YEAR_HELP, "cited": CITED_HELP}.get(
                name, f"expected a word after '{name}:'"
            )
            raise QueryError(text, expected, match.end())
        # "title: word" means title:word; moving the spaces keeps every offset.
        return " " * (len(match.group(0)) - len(name) - 1 - len(relation)) + f"{name}:{relation}"

    known = _FIELD_RE.sub(field, clean)
    # An unknown field ("method:attention") searches its words.
    return _UNKNOWN_FIELD_RE.sub(lambda m: m.group(1) + " ", known)


def _whoosh(text: str, clean: str) -> Any:
    for strict in (True, False):
        try:
            return _parser(strict).parse(clean)
        except Exception as exc:
            error = exc
    message = "could not understand the operators; expected e.g. a OR b, a NOT b, (a b)"
    raise QueryError(text, message, None) from error


def parse(text: str) -> ParsedQuery:
    """Parse ``text``; raises ``QueryError`` for anything that cannot be searched."""
    if len(text) > MAX_TEXT_LENGTH:
        raise QueryError(text, f"query too long (at most {MAX_TEXT_LENGTH} characters)", 0)
    if len(text) > MAX_QUERY_LENGTH:
        clean = _UNSAFE_RE.sub(" ", text)
        return ParsedQuery(text, "text", clean, words=tuple(fts_tokens(clean)))
    clean = _prepare(text)
    tree = _whoosh(text, clean)
    words = _plain_words(clean, tree)
    reading = "plain" if words is not None else "query"
    return ParsedQuery(
        text, reading, clean, tree, words=tuple(words or ()), spans=_spans(clean, tree)
    )


def _plain_words(clean: str, tree: Any) -> list[str] | None:
    """``bare_words``, unless an explicit ``AND`` joins them."""
    return None if _AND_RE.search(clean) else bare_words(clean, tree)


def bare_words(clean: str, tree: Any) -> list[str] | None:
    """The words of a query made only of unquoted words (and filters), else None; a
    hyphenated word ("chain-of-thought") is one unit, its words joined by spaces."""
    words: list[str] = []
    for child in tree.subqueries if isinstance(tree, wq.And) else [tree]:
        fieldname = getattr(child, "fieldname", None)
        if fieldname in FILTER_FIELDS:
            continue
        if fieldname != "all" or type(child) not in (wq.Term, wq.Phrase):
            return None
        if getattr(child, "char_ranges", None) is not None:
            return None  # a phrase the user quoted
        start, end = child.startchar, child.endchar
        if isinstance(start, int) and isinstance(end, int):
            tokens = fts_tokens(clean[start:end])
        elif type(child) is wq.Phrase:
            tokens = [str(w) for w in child.words]
        else:
            tokens = fts_tokens(str(child.text))
        if tokens:
            words.append(" ".join(tokens))
    return words or None


def _spans(clean: str, tree: Any) -> tuple[tuple[int, int], ...]:
    """Offsets of plain words and the words of quoted phrases in title, abstract, keyword,
    section, body or no field; never operators, field names, authors, venues, years,
    prefixes or fuzzy words."""
    spans: list[tuple[int, int]] = []
    stack = [tree]
    while stack:
        q = stack.pop()
        if isinstance(q, wq.And | wq.Or | wq.Not):
            stack.extend(q.children())
            continue
        if getattr(q, "fieldname", None) in ("author", "venue", "year", "cited"):
            continue
        if type(q) is wq.Term and isinstance(q.startchar, int):
            ranges = [(q.startchar, q.endchar)]
        elif type(q) is wq.Phrase and q.char_ranges:
            ranges = [r for r in q.char_ranges if isinstance(r[0], int)]
        else:
            continue
        for start, end in ranges:
            spans.extend(
                (start + m.start(), start + m.end()) for m in TOKEN_RE.finditer(clean[start:end])
            )
    return tuple(sorted(set(spans)))


_FTS_STRING = re.compile(r'"((?:[^"]|"")*)"(\s*\*)?')
_NEAR = re.compile(r'NEAR\(((?:"(?:[^"]|"")*"\s*)+)(?:,\s*\d+)?\)')


def column_safe(page_match: str) -> str:
    """``page_match`` for an index without positions (``detail=column``): a phrase or NEAR
    group becomes the AND of its words."""

    def words(strings: str) -> str:
        tokens = [t for s in _FTS_STRING.findall(strings) for t in TOKEN_RE.findall(s[0])]
        return "(" + " AND ".join(f'"{t}"' for t in tokens) + ")" if tokens else '""'

    page_match = _NEAR.sub(lambda m: words(m.group(1)), page_match)

    def phrase(match: re.Match[str]) -> str:
        tokens = TOKEN_RE.findall(match.group(1).replace('""', '"'))
        if len(tokens) <= 1:
            return match.group(0)
        tail = " *" if match.group(2) else ""
        head = " AND ".join(f'"{t}"' for t in tokens[:-1])
        return f'({head} AND "{tokens[-1]}"{tail})'

    return _FTS_STRING.sub(phrase, page_match)
