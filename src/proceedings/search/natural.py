"""Best-match reading of plain text: which words count, how much, and what feedback adds.

In: the words of a plain query or of a pasted text (``ParsedQuery.words``), the archive's
document frequencies, and for feedback the texts of the best papers of a first ranking.
Out: a ``Reading``: weighted ``Term``s to rank by (``search.rank``), the words dropped, and
the terms added by feedback, for ``--explain``.

* Stopwords and question phrasing ("what papers deal with", "how do I") are dropped, unless
  nothing else is left.
* A word's weight is its share of the query's words (a word typed twice counts twice).
* A long text keeps its ``TEXT_TERMS`` most informative words (term frequency x idf), as a
  "more like this" query.
* Feedback (RM3): the words of the best ``FEEDBACK_DOCS`` papers' titles, abstracts and
  keywords, each paper weighted by ``exp(score - best score)``, give a relevance model; its
  ``FEEDBACK_TERMS`` heaviest words (typed ones included) join the query with a weight of
  ``FEEDBACK_WEIGHT`` in all, as terms of their own (``original=False``, which the ranking
  scores on titles, abstracts and keywords), and the typed words keep the rest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..text import STOPWORDS, fold_accents, stem

__all__ = [
    "COMMON_DF",
    "FEEDBACK_DOCS",
    "FEEDBACK_MIN_TERMS",
    "FEEDBACK_TERMS",
    "FEEDBACK_WEIGHT",
    "KEYWORD_TERMS",
    "QUESTION_WORDS",
    "TEXT_TERMS",
    "Reading",
    "Term",
    "expand",
    "read_words",
]

FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 0.5
# Plain queries of fewer significant words get no feedback (a word or two is a name).
FEEDBACK_MIN_TERMS = 3
# A plain query of at most this many words is a keyword query: the papers holding every
# word come first, ranked as the query language ranks their AND.
KEYWORD_TERMS = 3
TEXT_TERMS = 30
# Feedback words in more than this share of the papers say nothing (and cost postings).
FEEDBACK_MAX_DF = 0.2
# A word in more than this share of the papers is left out of a best-match ranking.
COMMON_DF = 0.5
_CANDIDATES = 50

# The way people ask for papers rather than what they ask about.
QUESTION_WORDS = frozenset(
    [
        "paper",
        "papers",
        "article",
        "articles",
        "document",
        "documents",
        "publication",
        "publications",
        "literature",
        "find",
        "finding",
        "looking",
        "look",
        "want",
        "wanted",
        "need",
        "needed",
        "know",
        "tell",
        "show",
        "list",
        "give",
        "describe",
        "describes",
        "described",
        "describing",
        "discuss",
        "discusses",
        "discussed",
        "discussing",
        "deal",
        "deals",
        "dealing",
        "dealt",
        "concerning",
        "regarding",
        "related",
        "relating",
        "pertaining",
        "please",
        "anything",
        "something",
        "everything",
    ]
)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """A word (or the words of a hyphenated word, joined by spaces) to rank by, with its
    weight; ``original`` terms were typed, the others come from feedback."""

    text: str
    weight: float
    original: bool = True

    @property
    def key(self) -> str:
        return " ".join(stem(w) for w in self.text.split())


@dataclass(frozen=True)
class Reading:
    """The terms of a best-match query, the words dropped, and the words feedback added."""

    terms: tuple[Term, ...]
    dropped: tuple[str, ...] = ()
    added: tuple[Term, ...] = ()
    common: tuple[str, ...] = ()

    @property
    def originals(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.original)

    def explain(self) -> str:
        def listed(terms: Sequence[Term]) -> str:
            return ", ".join(f"{t.text} ({t.weight:.3f})" for t in terms) or "(none)"

        return "\n".join(
            [
                f"kept:       {listed(self.originals)}",
                f"dropped:    {', '.join(self.dropped) or '(none)'}",
                f"common:     {', '.join(self.common) or '(none)'}",
                f"expansion:  {listed(self.added)}",
            ]
        )


def _significant(unit: str) -> bool:
    word = unit.lower()
    return " " in word or (word not in STOPWORDS and word not in QUESTION_WORDS)


def read_words(
    words: Sequence[str], *, df: Callable[[str], int], n_docs: int, text: bool = False
) -> Reading:
    """The reading of plain ``words`` (``text``: of a pasted text, kept to its
    ``TEXT_TERMS`` most informative words). ``df(word)`` is the number of papers holding
    the word."""
    units = [" ".join(u.split()) for u in words if u.strip()]
    kept = [u for u in units if _significant(u)]
    if not kept:
        # only stopwords: search the question words, or else the stopwords themselves
        kept = [u for u in units if u.lower() not in STOPWORDS] or units
    dropped = tuple(dict.fromkeys(u for u in units if u not in kept))
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for unit in kept:
        key = " ".join(stem(w) for w in unit.split())
        counts[key] += 1
        surface.setdefault(key, unit)
    if text or len(counts) > TEXT_TERMS:
        counts = _informative(counts, surface, df, n_docs)
    total = sum(counts.values()) or 1
    terms = tuple(Term(surface[k], n / total) for k, n in counts.items())
    return Reading(terms, dropped)


def _informative(
    counts: Counter[str], surface: dict[str, str], df: Callable[[str], int], n_docs: int
) -> Counter[str]:
    """The ``TEXT_TERMS`` words of a long text with the highest tf x idf; words the archive
    does not hold are left out (unless none is held)."""
    scored = []
    for key, n in counts.items():
        found = df(surface[key])
        if found:
            scored.append((n * math.log(1 + n_docs / found), key))
    if not scored:
        return counts
    scored.sort(key=lambda s: (-s[0], s[1]))
    return Counter({key: counts[key] for _, key in scored[:TEXT_TERMS]})


def expand(
    reading: Reading,
    feedback: Sequence[tuple[float, str]],
    *,
    df: Callable[[str], int],
    n_docs: int,
    prefetch: Callable[[Sequence[str]], None] | None = None,
) -> Reading:
    """``reading`` with the words of a relevance model of the ``feedback`` papers ((score,
    text) pairs, best first) mixed in, RM3-style. ``prefetch(words)``, when given, looks up
    the document frequencies of the candidate words at once."""
    model: dict[str, float] = {}
    surface: Counter[tuple[str, str]] = Counter()
    top = max((score for score, _ in feedback), default=0.0)
    if top <= 0:
        return reading
    for score, text in feedback[:FEEDBACK_DOCS]:
        words = [w for w in _WORD.findall(fold_accents(text)) if _feedback_word(w)]
        if not words:
            continue
        counts = Counter(stem(w) for w in words)
        for w in words:
            surface[(stem(w), w)] += 1
        for key, n in counts.items():
            model[key] = model.get(key, 0.0) + math.exp(score - top) * n / len(words)
    best_form: dict[str, str] = {}
    for (key, word), _ in surface.most_common():
        best_form.setdefault(key, word)
    chosen: list[tuple[str, float]] = []
    candidates = sorted(model.items(), key=lambda kv: (-kv[1], kv[0]))[:_CANDIDATES]
    if prefetch is not None:
        prefetch([best_form[key] for key, _ in candidates])
    for key, weight in candidates:
        if len(chosen) == FEEDBACK_TERMS:
            break
        if df(best_form[key]) > FEEDBACK_MAX_DF * n_docs:
            continue
        chosen.append((key, weight))
    mass = sum(w for _, w in chosen)
    if not mass:
        return reading
    kept = tuple(replace(t, weight=(1 - FEEDBACK_WEIGHT) * t.weight) for t in reading.terms)
    texts = {t.key: t.text for t in reading.terms}
    added = tuple(
        Term(texts.get(key, best_form[key]), FEEDBACK_WEIGHT * weight / mass, original=False)
        for key, weight in chosen
    )
    return replace(reading, terms=kept + added, added=added)


def _feedback_word(word: str) -> bool:
    return len(word) > 2 and not word.isdigit() and _significant(word)
