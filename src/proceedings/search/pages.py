"""The best pages of a few papers for a query: where its words stand, with snippets.

Everything here works on the page texts of the hits shown, fetched in one statement. FTS5's
``bm25()`` or ``snippet()`` on a page index would cost more than the paper ranking itself:
``bm25()`` counts, for every statement, the pages holding each phrase in the whole archive,
and a prefix merges the archive-wide postings of all its words. Pages are scored with BM25
over the words of the page query, their frequencies estimated from the page texts (a word
counts wherever its stem's head stands); a page's snippet is the window of
``SNIPPET_TOKENS`` words holding the most distinct query words, matched stem by stem as the
porter tokenizer matches them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from ..models import PageHit
from ..text import STOPWORDS, fold_accents, fold_in_place, stem
from . import sql
from .header_region import header_ends

__all__ = ["SNIPPET_TOKENS", "best_pages", "snippet"]

SNIPPET_TOKENS = 24
BIBLIOGRAPHY = ("references", "bibliography", "literature cited")
BIBLIOGRAPHY_WEIGHT = 0.25
# A first page whose query words stand only in its header (title, byline, affiliations).
HEADER_WEIGHT = 0.05
K1, B = 1.2, 0.75

_STRING = re.compile(r'"((?:[^"]|"")*)"(\s*\*)?')
_TOKEN = re.compile(r"[^\W_]+")
_WORD_START = re.compile(r"(?<!\S)\S")


def _lower(text: str) -> str:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


@dataclass(frozen=True)
class _Word:
    """A word of the page query: the head its forms start with, its stem (a prefix query
    word matches any word starting with it), and the word as typed, folded."""

    head: str
    stem: str
    prefix: bool
    typed: str = ""

    @classmethod
    def parse(cls, token: str, prefix: bool) -> _Word:
        token = fold_accents(token)
        stemmed = token if prefix else stem(token)
        n = 0
        while n < min(len(token), len(stemmed)) and token[n] == stemmed[n]:
            n += 1
        return cls(token if prefix else token[: max(n, 1)], stemmed, prefix, token)

    def count(self, lowered: str) -> int:
        """About how often a word starting with the head stands in ``lowered`` text (a short
        head is counted where a word starts with it)."""
        if len(self.head) > 2:
            return lowered.count(self.head)
        return lowered.count(" " + self.head) + lowered.count("\n" + self.head)

    def matches(self, folded: str) -> bool:
        """Whether a token (folded by ``fold_in_place``) is a form of this word."""
        if self.prefix:
            return folded.startswith(self.stem)
        return folded.startswith(self.head) and stem(folded) == self.stem


def _words(page_match: str) -> list[_Word]:
    words: dict[_Word, None] = {}
    for match in _STRING.finditer(page_match):
        tokens = _TOKEN.findall(match.group(1).replace('""', '"'))
        for i, token in enumerate(tokens):
            words[_Word.parse(token, bool(match.group(2)) and i == len(tokens) - 1)] = None
    return list(words)


def best_pages(
    db: Database,
    paper_ids: Sequence[str],
    page_match: str,
    n: int = 3,
    *,
    phrases: Sequence[str] = (),
) -> dict[str, tuple[PageHit, ...]]:
    """Up to ``n`` pages of each paper where the words of ``page_match`` stand, best first,
    each with a snippet; a bibliography page's score counts a quarter. In a snippet, the
    words of ``phrases`` are marked where they stand together."""
    words = _words(page_match)
    if not paper_ids or not words:
        return {}
    rows, texts, counts = _read_pages(db, paper_ids, page_match, words)
    if not rows:
        return {}
    scored = _score_pages(db, paper_ids, words, rows, texts, counts)
    return _snippets(scored, words, _runs(phrases, words), n)


_Scored = dict[str, list[tuple[float, int, str, str, int]]]


def _read_pages(
    db: Database, paper_ids: Sequence[str], page_match: str, words: Sequence[_Word]
) -> tuple[list[tuple[str, int, str]], list[str], list[list[int]]]:
    """The pages of the papers (only those that can hold a query word: the longest one when
    every word must stand on a page), their folded texts, and each word's count on each."""
    rows, heads = [], _filter_heads(page_match, words)
    if heads:
        rows = db.execute(*sql.page_texts(paper_ids, heads)).fetchall()
    if not rows:
        heads, rows = [], db.execute(*sql.page_texts(paper_ids)).fetchall()
    texts = [_lower(text or "") for _, _, text in rows]
    counts = [[word.count(text) for word in words] for text in texts]
    if rows and not all(any(c[i] for c in counts) for i in range(len(words))):
        # a word found nowhere may stand with accents (query words have none)
        if heads:
            rows = db.execute(*sql.page_texts(paper_ids)).fetchall()
        texts = [fold_in_place(text or "") for _, _, text in rows]
        counts = [[word.count(text) for word in words] for text in texts]
    return rows, texts, counts


def _score_pages(
    db: Database,
    paper_ids: Sequence[str],
    words: Sequence[_Word],
    rows: Sequence[tuple[str, int, str]],
    texts: Sequence[str],
    counts: Sequence[list[int]],
) -> _Scored:
    """BM25 of each page holding a query word: idf over these papers' pages, a
    bibliography page's score times ``BIBLIOGRAPHY_WEIGHT``, page 1 scored after its header
    (or times ``HEADER_WEIGHT`` when only its header holds the words)."""
    refs_from = dict(db.execute(*sql.bibliography_starts(paper_ids, BIBLIOGRAPHY)).fetchall())
    weights = [
        math.log(1 + len(rows) / max(1, sum(1 for c in counts if c[i]))) for i in range(len(words))
    ]
    average = sum(len(t) for t in texts) / len(texts) or 1.0
    skips = header_ends(db, paper_ids, {pid: text or "" for pid, page, text in rows if page == 1})
    scored: _Scored = {}
    for (pid, page, text), lowered, tfs in zip(rows, texts, counts, strict=True):
        if not any(tfs):
            continue
        skip, weight = (skips.get(pid, 0) if page == 1 else 0), 1.0
        if skip:
            body = [word.count(lowered[skip:]) for word in words]
            skip, tfs, weight = (skip, body, 1.0) if any(body) else (0, tfs, HEADER_WEIGHT)
        norm = K1 * (1 - B + B * len(lowered) / average)
        score = sum(w * tf * (K1 + 1) / (tf + norm) for w, tf in zip(weights, tfs, strict=True))
        if refs_from.get(pid) is not None and page >= refs_from[pid]:
            score *= BIBLIOGRAPHY_WEIGHT
        scored.setdefault(pid, []).append((score * weight, page, text or "", lowered, skip))
    return scored


def _snippets(
    scored: _Scored, words: Sequence[_Word], runs: Sequence[Sequence[int]], n: int
) -> dict[str, tuple[PageHit, ...]]:
    """Each paper's ``n`` best pages that yield a snippet."""
    out = {}
    for pid, pages in scored.items():
        pages.sort(key=lambda p: (-p[0], p[1]))
        found: list[PageHit] = []
        for score, page, text, lowered, skip in pages:
            shown = _snippet(text, words, lowered=lowered, runs=runs, skip=skip)
            if shown:
                found.append(PageHit(page, shown, score))
                if len(found) == n:
                    break
        if found:
            out[pid] = tuple(found)
    return out


def _filter_heads(page_match: str, words: Sequence[_Word]) -> list[str]:
    """Heads a page must hold one of to be read: the longest head when every word must stand
    on a page (an AND of words, as a phrase becomes), else every head; none when one is not
    plain ASCII that SQLite's ``lower()`` can find, or too short to narrow anything."""
    heads = [w.head for w in words]
    if len(words) >= 2 and " OR " not in page_match and " NOT " not in page_match:
        heads = [max(heads, key=len)]
    if " NOT " in page_match or not all(len(h) >= 4 and h.isascii() for h in heads):
        return []
    return heads


def snippet(
    text: str, page_match: str, *, tokens: int = SNIPPET_TOKENS, phrases: Sequence[str] = ()
) -> str:
    """The window of ``tokens`` words of ``text`` holding the most distinct words of
    ``page_match``, with those words in ``**`` (the words of ``phrases`` only where they stand
    together, when they do); empty when none stands in ``text``."""
    words = _words(page_match)
    return _snippet(text, words, tokens, runs=_runs(phrases, words))


def _runs(phrases: Sequence[str], words: Sequence[_Word]) -> list[list[int]]:
    """Each phrase as the indexes of its words in ``words``."""
    runs = []
    for phrase in phrases:
        parsed = [_Word.parse(t, False) for t in _TOKEN.findall(phrase)]
        if len(parsed) > 1 and all(w in words for w in parsed):
            runs.append([words.index(w) for w in parsed])
    return runs


def _snippet(
    text: str,
    words: Sequence[_Word],
    size: int = SNIPPET_TOKENS,
    *,
    lowered: str | None = None,
    runs: Sequence[Sequence[int]] = (),
    skip: int = 0,
) -> str:
    """The snippet of ``text``; ``skip``: the offset before which no hit is shown (page 1's
    header), unless none stands after it."""
    folded = fold_in_place(text) if lowered is None else lowered
    hits = _hits(folded, words)
    if skip:
        hits = [h for h in hits if h[0] >= skip] or hits
    if runs and hits:
        whole = _phrase_hits(folded, hits, words, runs)
        hits = whole if whole is not None else _without_lone_stopwords(hits, words, runs)
    if not hits:
        return ""
    # the run of hits within about a window's width of text with the most distinct words
    reach, best, best_key, end = size * 6, 0, (0, 0), 0
    inside: dict[int, int] = {}  # word index -> hits in hits[i:end]
    for i, (pos, word) in enumerate(hits):
        while end < len(hits) and hits[end][0] - pos < reach:
            inside[hits[end][1]] = inside.get(hits[end][1], 0) + 1
            end += 1
        key = (len(inside), end - i)
        if key > best_key:
            best, best_key = i, key
        inside[word] -= 1
        if not inside[word]:
            del inside[word]
    anchor = hits[best][0]
    # start two words before the first hit, at a word's first letter
    region = max(0 if anchor < skip else skip, anchor - 60)
    before = [region + m.start() for m in _WORD_START.finditer(text[region:anchor])]
    start = anchor
    if len(before) >= 2:
        start = next((m.start() for m in _TOKEN.finditer(text, before[-2], anchor)), anchor)
    spans = []
    for m in _TOKEN.finditer(text, start):
        spans.append((m.start(), m.end()))
        if len(spans) == size:
            break
    marked = {p for p, _ in hits}
    parts, cursor = [], spans[0][0]
    for begin, end in spans:
        parts.append(text[cursor:begin])
        parts.append(f"**{text[begin:end]}**" if begin in marked else text[begin:end])
        cursor = end
    body = re.sub(r"\s+", " ", "".join(parts)).strip()
    more = _TOKEN.search(text, spans[-1][1]) is not None
    return ("…" if _TOKEN.search(text, 0, start) else "") + body + ("…" if more else "")


def _phrase_hits(
    folded: str, hits: list[tuple[int, int]], words: Sequence[_Word], runs: Sequence[Sequence[int]]
) -> list[tuple[int, int]] | None:
    """``hits`` with the words of phrases kept only where the phrase stands whole (each word
    of an occurrence counted as the phrase, index ``len(words) + k``); None when no phrase
    stands whole."""
    in_runs = {j for run in runs for j in run}
    out = [(pos, j) for pos, j in hits if j not in in_runs]
    found = False
    for k, run in enumerate(runs):
        for pos, j in hits:
            if j != run[0]:
                continue
            token = _TOKEN.match(folded, pos)
            occurrence = [pos]
            for want in run[1:]:
                token = _TOKEN.search(folded, token.end()) if token else None
                if token is None or not words[want].matches(token.group()):
                    break
                occurrence.append(token.start())
            if len(occurrence) == len(run):
                out += [(p, len(words) + k) for p in occurrence]
                found = True
    return sorted(set(out)) if found else None


def _without_lone_stopwords(
    hits: list[tuple[int, int]], words: Sequence[_Word], runs: Sequence[Sequence[int]]
) -> list[tuple[int, int]]:
    """``hits`` without the stopwords of phrases standing nowhere whole: the "of" of "chain of
    thought" alone says nothing of why the page matched."""
    lone = {j for run in runs for j in run if words[j].typed in STOPWORDS}
    return [h for h in hits if h[1] not in lone]


def _hits(folded: str, words: Sequence[_Word]) -> list[tuple[int, int]]:
    """(offset, word index) of each token of the folded text that is a form of a query word;
    where the word stands as typed, only the tokens that start with it ("differential"
    marks "differentials" but not "differentiable" when "differential" stands too)."""
    hits = []
    for j, word in enumerate(words):
        found, typed, seen = [], [], False
        pos = folded.find(word.head)
        while pos >= 0:
            if pos == 0 or not _TOKEN.match(folded, pos - 1):
                token = _TOKEN.match(folded, pos)
                if token and word.matches(token.group()):
                    found.append((pos, j))
                    seen = seen or token.group() == word.typed
                    if token.group().startswith(word.typed):
                        typed.append((pos, j))
            pos = folded.find(word.head, pos + 1)
        hits += typed if seen else found
    return sorted(hits)
