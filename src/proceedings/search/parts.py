"""The pieces a compiled query is made of, and how they combine.

In: FTS5 expressions and SQL conditions made by ``compile``. Out: ``Part`` values (an exact
FTS5 expression, a negated one, an SQL condition over ``papers`` with an FTS5 hint, or no
constraint) and the helpers that group, quote and turn them into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .parse import TEXT_FIELDS

__all__ = [
    "ALL",
    "IN_DOCS",
    "Part",
    "and_not",
    "as_sql",
    "group",
    "in_column",
    "quote",
    "split_parts",
    "unwrap",
]

IN_DOCS = "papers.rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)"


@dataclass(frozen=True)
class Part:
    """A compiled subquery: ``fts`` (exact FTS5 expression), ``neg`` (NOT of an FTS5
    expression), ``sql`` (exact SQL condition; ``hint`` is an FTS5 expression every match
    satisfies, if any) or ``all`` (no constraint)."""

    kind: str
    expr: str = ""
    sql: str = ""
    params: tuple[object, ...] = ()
    hint: str | None = None


ALL = Part("all")


def group(exprs: Sequence[str], op: str) -> str:
    if len(exprs) == 1:
        return exprs[0]
    return "(" + f" {op} ".join(exprs) + ")"


def and_not(positives: Sequence[str], negatives: Sequence[str]) -> str:
    expr = group(positives, "AND")
    if negatives:
        expr = f"({expr} NOT {group(negatives, 'OR')})"
    return expr


def as_sql(part: Part) -> tuple[str, tuple[object, ...]]:
    if part.kind == "fts":
        return IN_DOCS, (unwrap(part.expr),)
    if part.kind == "neg":
        return f"papers.rowid NOT IN {IN_DOCS[len('papers.rowid IN ') :]}", (unwrap(part.expr),)
    if part.kind == "sql":
        return part.sql, part.params
    return "1", ()


def unwrap(expr: str) -> str:
    """Drop one pair of parentheses enclosing the whole expression."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return expr
    depth = 0
    quoted = False
    for i, ch in enumerate(expr):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
            if depth == 0 and i < len(expr) - 1:
                return expr
    return expr[1:-1]


def split_parts(parts: Sequence[Part]) -> tuple[list[Part], list[str], list[str], list[Part]]:
    """The constraining parts of a conjunction, its FTS, negated FTS and SQL parts."""
    useful = [p for p in parts if p.kind != "all"]
    fts = [p.expr for p in useful if p.kind == "fts"]
    negs = [p.expr for p in useful if p.kind == "neg"]
    return useful, fts, negs, [p for p in useful if p.kind == "sql"]


def quote(tokens: Sequence[str]) -> str:
    return '"' + " ".join(tokens) + '"'


def in_column(fieldname: str, expr: str) -> str:
    column = TEXT_FIELDS.get(fieldname)
    return f"{column} : {expr}" if column else expr
