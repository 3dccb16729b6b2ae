"""How common an English word is, from ``wordfreq`` (Zipf scale: 3 is once per million words).

In: one word. Out: its Zipf frequency in English; for deciding whether a hyphen at a line end
joins two words ("wall-clock") or breaks one ("effi-cient") when the document cannot tell.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["COMMON", "RARE", "zipf"]

# A word at least this common is a word of its own; a word below RARE is hardly English.
COMMON = 3.0
RARE = 2.0


@lru_cache(maxsize=1 << 14)
def zipf(word: str) -> float:
    # imported on first use: most pages never ask, and every worker process imports this
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en"))
