"""``extract.wordlist.at_least``: the same answer as ``wordfreq.zipf_frequency`` at each level."""

from __future__ import annotations

import random

import pytest
from wordfreq import iter_wordlist, zipf_frequency

from proceedings.extract import wordlist
from proceedings.extract.wordlist import COMMON, RARE, at_least

LEVELS = [1.0, RARE, 2.5, COMMON, 4.0]


def _sample() -> list[str]:
    """Every 97th word of wordfreq's English list (all bands, rare ones too), their capitalised
    and upper-case forms, random strings of letters, and words outside the fast path."""
    words = list(iter_wordlist("en"))[::97]
    rng = random.Random(16)
    letters = "abcdefghijklmnopqrstuvwxyz"
    fake = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 12))) for _ in range(500)]
    odd = ["naïve", "don't", "x1", "\u212a", "Straße", "co-operate", "", "A"]
    cased = [*(w.capitalize() for w in words[:300]), *(w.upper() for w in words[:300])]
    return [*words, *cased, *fake, *odd]


@pytest.mark.parametrize("level", LEVELS)
def test_at_least_agrees_with_wordfreq(level: float) -> None:
    words = _sample()
    wrong = [w for w in words if at_least(w, level) != (zipf_frequency(w.lower(), "en") >= level)]
    assert wrong == []
    assert any(at_least(w, level) for w in words) and not all(at_least(w, level) for w in words)


def test_without_the_data_file_wordfreq_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordlist, "_bands", lambda: None)
    at_least.cache_clear()
    try:
        for word in ["the", "efficient", "qzxv", "clock"]:
            assert at_least(word, COMMON) == (zipf_frequency(word, "en") >= COMMON)
    finally:
        at_least.cache_clear()
