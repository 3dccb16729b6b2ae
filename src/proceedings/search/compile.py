"""A parsed query's whoosh tree compiled to an FTS5 ``MATCH`` expression and SQL conditions.

In: a ``ParsedQuery`` (and the archive's word expansions for ``prefix*`` and ``word~``). Out: a
``CompiledQuery`` for ``docs_fts MATCH :match AND <where...>``. Every word becomes a
double-quoted FTS5 string, so punctuation and FTS5 keywords typed by the user never reach the
FTS5 parser unquoted; what FTS5 cannot express (years, venues, negation without a positive
term, OR mixing filters with text) becomes SQL over ``papers``.

Language: bare words (AND), ``"phrases"`` (``"a b"~3`` for proximity), ``OR``, ``NOT``,
``-word``, parentheses, ``prefix*``, ``word~`` / ``word~2`` (fuzzy), fields ``title:``,
``author:``, ``abstract:``, ``keyword:``, ``section:``, ``body:``, ``venue:`` and ``year:``
(``2024``, ``2020..2024``, ``>=2020``, ``<2020``, ``[2020 TO 2024]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from ..errors import QueryError
from ..text import STOPWORDS, stem
from .filters import CITED_SQL, bounds, number, range_filter, venue_filter
from .parse import (
    CITED_HELP,
    MAX_QUERY_LENGTH,
    TOKEN_RE,
    YEAR_HELP,
    ParsedQuery,
    bare_words,
    column_safe,
    fts_tokens,
    parse,
)
from .parts import (
    ALL,
    Part,
    and_not,
    as_sql,
    group,
    in_column,
    quote,
    split_parts,
    unwrap,
)

__all__ = ["MAX_PREFIXES", "MIN_PREFIX", "CompiledQuery", "compile_query", "parse_query"]

# A prefix merges the postings of every word it starts: one letter starts most of them.
MIN_PREFIX = 3
MAX_PREFIXES = 8


class _Compiler:
    def __init__(
        self,
        text: str,
        expand_fuzzy: Callable[[str, int], Sequence[str]] | None,
        expand_prefix: Callable[[str], Sequence[str]] | None = None,
    ) -> None:
        self.expand_prefix = expand_prefix
        self.text = text
        self.expand_fuzzy = expand_fuzzy
        self.terms: list[str] = []
        self.phrases: list[str] = []
        self.page_exprs: list[str] = []
        self.dropped: list[str] = []
        self.prefixes = 0

    def error(self, message: str, position: int | None) -> QueryError:
        return QueryError(self.text, message, position)

    def position(self, q: Any, fieldname: str) -> int | None:
        start = getattr(q, "startchar", None)
        if isinstance(start, int):
            return start
        found = self.text.lower().find(f"{fieldname}:")
        return found + len(fieldname) + 1 if found >= 0 else None

    def positive(self, fieldname: str, expr: str, term: str) -> None:
        if term not in self.terms:
            self.terms.append(term)
        if fieldname != "author" and expr not in self.page_exprs:
            self.page_exprs.append(expr)

    # --- tree walk -------------------------------------------------------------------------

    def compile(self, q: Any, positive: bool) -> Part | None:
        if isinstance(q, wq.Not):
            return self.negate(self.compile(q.query, not positive))
        if isinstance(q, wq.And):
            return self.conjunction([self.compile(c, positive) for c in q.subqueries])
        if isinstance(q, wq.Or):
            return self.disjunction([self.compile(c, positive) for c in q.subqueries])
        if isinstance(q, wq.Every):
            return ALL
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        fieldname = getattr(q, "fieldname", None) or "all"
        if fieldname == "year":
            return self.number(q, "year", "papers.year", YEAR_HELP, 4)
        if fieldname == "cited":
            return self.number(q, "cited", CITED_SQL, CITED_HELP, 6)
        if fieldname == "venue":
            return self.venue(q)
        if isinstance(q, wq.FuzzyTerm):
            return self.fuzzy(q, fieldname, positive)
        if isinstance(q, wq.Prefix | wq.Wildcard):
            return self.prefix(q, fieldname, positive)
        if isinstance(q, wq.Term):
            return self.words(q, fieldname, fts_tokens(str(q.text)), positive, quoted=False)
        if isinstance(q, wq.Phrase):
            return self.words(q, fieldname, [str(w) for w in q.words], positive, quoted=True)
        if isinstance(q, wq.TermRange | wq.NumericRange):
            raise self.error(
                f"ranges [a TO b] only work on year:, not {fieldname}:",
                self.position(q, fieldname),
            )
        raise self.error(f"unsupported query syntax ({type(q).__name__})", None)

    def conjunction(self, parts: Sequence[Part | None]) -> Part | None:
        present = [p for p in parts if p is not None]
        useful, fts, negs, sqls = split_parts(present)
        if not useful:
            return ALL if present else None
        if not sqls:
            return Part("fts", and_not(fts, negs)) if fts else Part("neg", group(negs, "OR"))
        hints = fts + [p.hint for p in sqls if p.hint]
        conds = [as_sql(p) for p in useful]
        return Part(
            "sql",
            sql="(" + " AND ".join(c for c, _ in conds) + ")",
            params=tuple(v for _, ps in conds for v in ps),
            hint=and_not(hints, negs) if hints else None,
        )

    def disjunction(self, parts: Sequence[Part | None]) -> Part | None:
        present = [p for p in parts if p is not None]
        if not present:
            return None
        if any(p.kind == "all" for p in present):
            return ALL
        if all(p.kind == "fts" for p in present):
            return Part("fts", group([p.expr for p in present], "OR"))
        conds = [as_sql(p) for p in present]
        hints = [
            p.expr if p.kind == "fts" else p.hint if p.kind == "sql" else None for p in present
        ]
        return Part(
            "sql",
            sql="(" + " OR ".join(c for c, _ in conds) + ")",
            params=tuple(v for _, ps in conds for v in ps),
            hint=group([h for h in hints if h], "OR") if all(hints) else None,
        )

    def negate(self, part: Part | None) -> Part | None:
        if part is None:
            return None
        if part.kind == "fts":
            return Part("neg", part.expr)
        if part.kind == "neg":
            return Part("fts", part.expr)
        if part.kind == "sql":
            return Part("sql", sql=f"NOT {part.sql}", params=part.params)
        return Part("sql", sql="0")

    # --- leaves ----------------------------------------------------------------------------

    def words(
        self, q: Any, fieldname: str, tokens: list[str], positive: bool, *, quoted: bool
    ) -> Part | None:
        if not tokens:
            return None
        start = getattr(q, "startchar", None)
        typed_quotes = isinstance(start, int) and start > 0 and self.text[start - 1] == '"'
        bare = fieldname == "all" and positive and not typed_quotes
        if len(tokens) == 1 and tokens[0].lower() in STOPWORDS and bare:
            self.dropped.append(tokens[0])
            return None
        slop = int(getattr(q, "slop", 1) or 1)
        if len(tokens) > 1 and slop > 1:
            near = " ".join(quote([t]) for t in tokens)
            expr = f"NEAR({near}, {slop - 1})"
        else:
            expr = quote(tokens)
        phrase = self.typed(q, tokens)
        if positive:
            self.positive(fieldname, expr, phrase)
            user_quoted = quoted and getattr(q, "char_ranges", None) is not None
            if user_quoted and len(tokens) > 1 and phrase not in self.phrases:
                self.phrases.append(phrase)
        return Part("fts", in_column(fieldname, expr))

    def typed(self, q: Any, tokens: Sequence[str]) -> str:
        """The words of a term or phrase as the user typed them (``GPT-4``, not ``GPT 4``)."""
        if type(q) not in (wq.Term, wq.Phrase):
            return " ".join(tokens)
        ranges = getattr(q, "char_ranges", None) or [(q.startchar, q.endchar)]
        start, end = ranges[0][0], ranges[-1][1]
        if isinstance(start, int) and isinstance(end, int):
            span = self.text[start:end]
        else:
            found = re.search(r"[\W_]+".join(re.escape(t) for t in tokens), self.text)
            span = found.group(0) if found else " ".join(tokens)
        return " ".join(span.split())

    def prefix(self, q: Any, fieldname: str, positive: bool) -> Part | None:
        raw = str(q.text)
        head = re.split(r"[*?]", raw, maxsplit=1)[0]
        tokens = fts_tokens(head)
        if not tokens:
            return self.words(q, fieldname, fts_tokens(raw), positive, quoted=False)
        if not TOKEN_RE.match(head[-1]):
            # "gpt- *" or "a.*": the prefix would start a new, empty word.
            return self.words(q, fieldname, tokens, positive, quoted=False)
        self.prefixes += 1
        if self.prefixes > MAX_PREFIXES:
            raise self.error(
                f"too many prefix terms (at most {MAX_PREFIXES} per query)",
                self.position(q, fieldname),
            )
        if len(tokens) == 1 and len(tokens[0]) < MIN_PREFIX:
            raise self.error(
                f"prefix {tokens[0]}* is too short: give at least {MIN_PREFIX} letters",
                self.position(q, fieldname),
            )
        expr = f"{quote(tokens)} *"
        if len(tokens) == 1 and self.expand_prefix is not None:
            # The index holds stems ("speculative" is "specul"), so a prefix longer than the
            # stem finds nothing by itself: add the archive's words that start with it, one
            # per stem, unless the prefix already covers that stem.
            head = tokens[0].casefold()
            stems: dict[str, str] = {}
            for w in self.expand_prefix(tokens[0]):
                root = stem(w)
                if fts_tokens(w) == [w] and not root.startswith(head):
                    stems.setdefault(root, w)
            expr = group([expr, *(quote([w]) for w in stems.values())], "OR")
        if positive:
            self.positive(fieldname, expr, " ".join(tokens) + "*")
        return Part("fts", in_column(fieldname, expr))

    def fuzzy(self, q: Any, fieldname: str, positive: bool) -> Part | None:
        tokens = fts_tokens(str(q.text))
        if len(tokens) != 1 or self.expand_fuzzy is None:
            return self.words(q, fieldname, tokens, positive, quoted=False)
        word = tokens[0]
        maxdist = max(1, min(2, int(q.maxdist)))
        variants: list[list[str]] = [[word]]
        seen = {word.casefold()}
        for candidate in self.expand_fuzzy(word, maxdist):
            ctokens = fts_tokens(str(candidate))
            key = " ".join(ctokens).casefold()
            if ctokens and key not in seen:
                seen.add(key)
                variants.append(ctokens)
        expr = group([quote(v) for v in variants], "OR")
        if positive:
            for v in variants:
                self.positive(fieldname, quote(v), " ".join(v))
        return Part("fts", in_column(fieldname, expr))

    def venue(self, q: Any) -> Part | None:
        if isinstance(q, wq.Phrase):
            raw = " ".join(str(w) for w in q.words)
        elif isinstance(q, wq.Term | wq.Prefix | wq.Wildcard | wq.FuzzyTerm):
            raw = str(q.text)
        else:
            raise self.error("expected a venue name after 'venue:'", self.position(q, "venue"))
        found = venue_filter(raw)
        return Part("sql", sql=found[0], params=found[1]) if found else None

    def number(self, q: Any, field: str, column: str, help: str, digits: int) -> Part:
        """``year:`` or ``cited:``: one number, a range ``a..b`` or ``[a TO b]``, or a bound
        ``>=a``, ``<b``, as SQL on ``column``."""
        pos = self.position(q, field)
        try:
            if isinstance(q, wq.TermRange):
                low = number(q.start, digits)
                high = number(q.end, digits)
                low = low + 1 if low is not None and q.startexcl else low
                high = high - 1 if high is not None and q.endexcl else high
            elif isinstance(q, wq.Term):
                low, high = bounds(str(q.text), digits)
            else:
                raise ValueError(help)
            condition, params = range_filter(column, low, high)
        except ValueError:
            raise self.error(help, pos) from None
        return Part("sql", sql=condition, params=params)


@dataclass(frozen=True)
class CompiledQuery:
    """A compiled query, ready for ``docs_fts MATCH :match AND <where...>``."""

    text: str
    match: str | None
    where: tuple[str, ...] = ()
    params: tuple[object, ...] = ()
    page_match: str | None = None  # for the page texts: words and phrases, no NEAR
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


def compile_query(
    parsed: ParsedQuery,
    *,
    expand_fuzzy: Callable[[str, int], Sequence[str]] | None = None,
    expand_prefix: Callable[[str], Sequence[str]] | None = None,
) -> CompiledQuery:
    """Compile a parsed query; raises ``QueryError`` for anything that cannot be searched.

    ``expand_fuzzy(word, maxdist)`` returns archive words close to ``word`` for ``word~``;
    without it a fuzzy word is searched as itself. ``expand_prefix(prefix)`` returns archive
    words that start with ``prefix`` for ``prefix*``.
    """
    text, clean, root = parsed.text, parsed.clean, parsed.tree
    if root is None:
        raise QueryError(text, f"query too long (at most {MAX_QUERY_LENGTH} characters)", 0)
    compiler = _Compiler(clean, expand_fuzzy, expand_prefix)
    try:
        children = root.subqueries if isinstance(root, wq.And) else [root]
        parts = [compiler.compile(child, True) for child in children]
    except QueryError as exc:
        raise QueryError(text, exc.reason, exc.position) from None

    present = [p for p in parts if p is not None]
    _, fts, negs, sqls = split_parts(present)
    positives = fts + [p.hint for p in sqls if p.hint]
    where: list[str] = []
    params: list[object] = []
    for p in sqls:
        where.append(p.sql)
        params.extend(p.params)
    match: str | None = None
    if positives:
        match = unwrap(and_not(positives, negs))
    elif negs:
        cond, values = as_sql(Part("neg", group(negs, "OR")))
        where.append(cond)
        params.extend(values)
    if not present:
        if compiler.dropped:
            common = ", ".join(repr(w) for w in dict.fromkeys(compiler.dropped))
            raise QueryError(text, f"empty query: {common} too common to search for", 0)
        raise QueryError(text, "empty query: expected a word, phrase or filter", 0)

    phrases = list(compiler.phrases)
    bare = bare_words(clean, root)
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


def parse_query(
    text: str,
    *,
    expand_fuzzy: Callable[[str, int], Sequence[str]] | None = None,
    expand_prefix: Callable[[str], Sequence[str]] | None = None,
) -> CompiledQuery:
    """``compile_query(parse(text))``: the query language's exact reading of ``text``."""
    return compile_query(parse(text), expand_fuzzy=expand_fuzzy, expand_prefix=expand_prefix)
