"""A learned second opinion on a reference's title: a CRF over the tokens of the string.

In: the cleaned reference string (``refclean.clean``), the rule parser's ``Reference`` for it
and a trained tagger (``pycrfsuite.Tagger``). Out: the title the model reads there (``None``
when it reads none), or the rules' title when the model is unsure (``trust``). ``tokens`` cuts
the string into words with their trailing punctuation; ``features`` gives each token a list
of feature strings: the word, its shape, the punctuation around it, its place and segment,
and the field the rules gave it (``rule_labels``, so the model learns when to trust them);
``align`` finds the tokens a field's text covers. Used by ``scripts/train_reference_model.py``;
``parse_reference`` does not call it (the model did not beat the rules; docs/citations.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from proceedings.models import Reference
from proceedings.text import fold_accents

__all__ = [
    "LABELS",
    "Tagger",
    "align",
    "features",
    "keys",
    "model_title",
    "rule_labels",
    "tokens",
]

LABELS = ("A", "T", "V", "Y", "O")  # the rules' fields: authors, title, venue, year, other
_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?[^\w\s]*|[^\w\s]+|_+")
_CORE = re.compile(r"^\W*(.*?)\W*$", re.S)
_NOT_KEY = re.compile(r"[\W_]+")
_YEAR = re.compile(r"(?:1[6-9]\d\d|20[0-4]\d)[a-z]?")
_SHAPES = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
_RUNS = re.compile(r"(.)\1+")


class Tagger(Protocol):
    """What ``model_title`` asks of a tagger (``pycrfsuite.Tagger``)."""

    def tag(self, xseq: list[list[str]]) -> list[str]: ...

    def probability(self, yseq: list[str]) -> float: ...


def tokens(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the tokens of ``text``: a word with the punctuation after it
    ("imaging." in "imaging.IEEE"), or punctuation before a word."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _key(text: str) -> str:
    return _NOT_KEY.sub("", text.lower() if text.isascii() else fold_accents(text))


def keys(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """Each token's letters and digits, folded (the unit ``align`` compares)."""
    return [_key(text[a:b]) for a, b in spans]


def align(keys: Sequence[str], field: str | None) -> range | None:
    """The first run of tokens (by their ``keys``) that spells ``field``, or ``None``; the
    last token may run on ("2016)." for "2016")."""
    goal = _key(field) if field else ""
    if not goal:
        return None
    for i, first in enumerate(keys):
        if not first or not goal.startswith(first):
            continue
        got, j = len(first), i + 1
        while got < len(goal) and j < len(keys):
            nxt = keys[j]
            if goal.startswith(nxt, got):
                got += len(nxt)
            elif nxt.startswith(goal[got:]):
                got = len(goal)
            else:
                break
            j += 1
        if got == len(goal):
            return range(i, j)
    return None


def rule_labels(tokens_keys: Sequence[str], ref: Reference) -> list[str]:
    """The field the rule parser gave each token (``LABELS``), from the tokens' ``keys``."""
    out = ["O"] * len(tokens_keys)
    if ref.authors:
        first = align(tokens_keys, ref.authors[0])
        last = align(tokens_keys, ref.authors[-1]) if len(ref.authors) > 1 else first
        if first is not None:
            stop = last.stop if last is not None and last.stop > first.start else first.stop
            out[first.start : stop] = ["A"] * (stop - first.start)
    for label, value in (("V", ref.venue), ("T", ref.title)):
        where = align(tokens_keys, value)
        if where is not None:
            out[where.start : where.stop] = [label] * len(where)
    if ref.year is not None:
        year = str(ref.year)
        for k, key in enumerate(tokens_keys):
            if out[k] == "O" and year in key:
                out[k] = "Y"
                break
    return out


def _shape(core: str) -> str:
    return _RUNS.sub(r"\1", core.translate(_SHAPES))[:6]


def features(text: str, spans: Sequence[tuple[int, int]], rules: Sequence[str]) -> list[list[str]]:
    """One list of feature strings per token."""
    n = len(spans)
    words, shapes, pres, sufs = [], [], [], []
    for a, b in spans:
        tok = text[a:b]
        m = _CORE.match(tok)
        core = m.group(1) if m else tok
        start = tok.find(core) if core else len(tok)
        words.append(core.lower())
        shapes.append(_shape(core))
        pres.append(text[max(0, a - 1) : a] + tok[:start][-1:])
        sufs.append(tok[start + len(core) :][:2])
    # segments: runs of tokens up to one that ends in a stop or comma
    seg, segs = 0, []
    for i in range(n):
        segs.append(seg)
        if sufs[i][:1] in (".", ",", ":", ";", "?", "!") or i == n - 1:
            seg += 1
    has_digit = [False] * (seg + 1)
    for i in range(n):
        if shapes[i][:1] == "d":
            has_digit[segs[i]] = True
    out = []
    last = n - 1
    for i in range(n):
        w, sh, r, su = words[i], shapes[i], rules[i], sufs[i]
        f = [
            "w=" + w,
            "sh=" + sh,
            "p=" + pres[i],
            "s=" + su,
            "r=" + r,
            "pos=" + (str(i) if i < 4 else "m"),
            "rel=" + str(10 * i // n),
        ]
        g = segs[i]
        f.append("seg=" + (str(g) if g < 4 else "m") + ("d" if has_digit[g] else ""))
        f.append("nseg=" + ("d" if has_digit[g + 1] else "") + r)
        if _YEAR.fullmatch(w):
            f.append("year")
        if i:
            f += ["w-=" + words[i - 1], "r-=" + rules[i - 1] + r]
            f.append("sh-=" + shapes[i - 1] + sufs[i - 1] + "|" + sh)
        if i < last:
            f += ["w+=" + words[i + 1], "r+=" + r + rules[i + 1]]
            f.append("sh+=" + sh + su + "|" + pres[i + 1] + shapes[i + 1])
        out.append(f)
    return out


def model_title(text: str, ref: Reference, tagger: Tagger, *, trust: float = 0.0) -> str | None:
    """The title ``tagger`` reads in ``text`` (the cleaned string ``ref`` was parsed from);
    the rules' title when the model's reading is less probable than ``trust``."""
    spans = tokens(text)
    if not spans:
        return ref.title
    labels = tagger.tag(features(text, spans, rule_labels(keys(text, spans), ref)))
    if trust and tagger.probability(labels) < trust:
        return ref.title
    run = _longest_run(labels, "T")
    if run is None:
        return None
    title = text[spans[run.start][0] : spans[run.stop - 1][1]]
    title = title.strip(" \t,.;:-–—/\"“”„'‘’«»([{").rstrip(")]}")
    return title if re.search(r"[^\W\d_]{2}", title) else None


def _longest_run(labels: Sequence[str], label: str) -> range | None:
    best: range | None = None
    i = 0
    while i < len(labels):
        if labels[i] != label:
            i += 1
            continue
        j = i
        while j < len(labels) and labels[j] == label:
            j += 1
        if best is None or j - i > len(best):
            best = range(i, j)
        i = j
    return best
