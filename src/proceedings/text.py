"""Folding and stopwords, defined once for extraction, storage and search.

In: any text. Out: folded forms whose names say what each keeps.

* ``fold_words``: ASCII letters and digits, lower case, single spaces (ł→l, ß→ss, é→e); the
  key of stored names and identities, and of ``author:`` matching.
* ``fold_key``: ``fold_words`` without the spaces and punctuation (names in e-mails).
* ``fold_accents``: lower case without diacritics, letters outside ASCII kept, as FTS5's
  unicode61 tokenizer with ``remove_diacritics`` folds a word.
* ``fold_in_place``: lower case without accents, of the same length, so offsets found in
  the folded text are offsets in the text.
* ``normalize_text``: NFC, with a dotless ı or ȷ before a combining accent made a plain i or j
  ("Lebedı́ková" is "Lebedíková"); every stored name and title, and every query.
* ``stem``: the porter stem of ``fold_accents(word)``, as the index's porter tokenizer stems.
* ``STOPWORDS``: the one English stopword list; ``TITLE_STOPWORDS`` the words a title's
  identity skips.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.lang.porter import stem as _porter

__all__ = [
    "ASCII_LETTERS",
    "STOPWORDS",
    "TITLE_STOPWORDS",
    "fold_accents",
    "fold_in_place",
    "fold_key",
    "fold_words",
    "normalize_text",
    "stem",
]

# Letters that Unicode does not decompose into a base letter and an accent, in ASCII; for
# str.translate before NFKD strips the accents of the other letters.
ASCII_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ı": "i",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
    }
)

# English function words: dropped from plain queries, never searched alone; a query of
# only these is empty.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "may",
        "might",
        "must",
        "shall",
        "will",
        "upon",
        "via",
        "whether",
        "us",
        "without",
        "within",
        "among",
        "across",
        "towards",
        "toward",
    ]
)

# Words a title's identity skips ("Towards a Theory of X" and "A Theory of X" are one paper).
TITLE_STOPWORDS = frozenset(
    ["a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "towards", "toward"]
)

# Latin letters with accents (Latin-1, Extended-A and -B, Extended Additional)
_ACCENTED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """Lower-case ASCII letters and digits separated by single spaces."""
    plain = _strip_marks(text.translate(ASCII_LETTERS))
    return " ".join(re.findall(r"[0-9a-z]+", plain.lower()))


def fold_key(text: str) -> str:
    """Lower-case ASCII letters and digits, nothing between them ("Núñez-García" is
    "nunezgarcia")."""
    return fold_words(text).replace(" ", "")


def fold_accents(word: str) -> str:
    """Lower case (casefold) without diacritics, as the unicode61 tokenizer folds."""
    return _strip_marks(word.casefold())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = _strip_marks(char)
    return base if len(base) == 1 else char


def fold_in_place(text: str) -> str:
    """``text`` in lower case without accents, of the same length as ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text
    if lowered.isascii():
        return lowered
    return _ACCENTED.sub(lambda m: _fold_char(m.group()), lowered)


# TeX's \'{\i} and many PDF/metadata pipelines put an accent on a dotless i (or j).
_DOTLESS_ACCENT = re.compile(r"([ıȷ])(?=[\u0300-\u036f])")


def normalize_text(text: str) -> str:
    """``text`` in NFC, with a dotless ı or ȷ that carries a combining accent made a plain i or
    j first, so that the accent composes with it ("ı" + U+0301 is "í")."""
    if text.isascii():
        return text
    repaired = _DOTLESS_ACCENT.sub(lambda m: "i" if m.group(1) == "ı" else "j", text)
    return unicodedata.normalize("NFC", repaired)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The porter stem of ``word`` folded as the index folds it."""
    return str(_porter(fold_accents(word)))
