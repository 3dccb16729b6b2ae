"""How common an English word is, from ``wordfreq`` (Zipf scale: 3 is once per million words).

In: one word and a level on the Zipf scale (``COMMON``, ``RARE``). Out: whether the word is
at least that common in English, exactly as ``wordfreq.zipf_frequency(word.lower(), "en")``
would say; for deciding whether a hyphen at a line end joins two words ("wall-clock") or
breaks one ("effi-cient") when the document cannot tell.

Every ingest worker asks, so the first question must be cheap: a word of ASCII letters is
looked up in wordfreq's English word list read straight from its data file, and only the
bands of words common enough to matter (Zipf ``RARE`` and above) are kept; a word not in them
is below ``RARE`` (about 0.04 CPU-s). Any other word (accents, digits, apostrophes), a level
below ``RARE`` or a missing data file goes to ``wordfreq`` itself, whose import and full
dictionary cost a worker about 0.3 CPU-s.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from functools import lru_cache
from itertools import repeat
from pathlib import Path

__all__ = ["COMMON", "RARE", "at_least"]

# A word at least this common is a word of its own; a word below RARE is hardly English.
COMMON = 3.0
RARE = 2.0

# wordfreq's bands are centibels below frequency 1 (band i: frequency 10 ** (-i / 100)), Zipf
# 9 - i / 100 before rounding; the bands kept reach a little past RARE.
_LAST_BAND = round((9 - RARE) * 100) + 10
_ZIPF_MIN_FREQ = 10**0 / 1e9  # wordfreq's floor for zipf_frequency(minimum=0)


@lru_cache(maxsize=1 << 14)
def at_least(word: str, level: float) -> bool:
    """Whether ``word``'s Zipf frequency in English is ``level`` or more."""
    lowered = word.lower()
    bands = _bands() if level >= RARE else None  # below RARE the bands kept cannot tell
    if bands is None or not (lowered.isascii() and lowered.isalpha()):
        return _wordfreq_zipf(lowered) >= level
    band = bands.get(lowered)
    return band is not None and _zipf_of_band(band) >= level


def _zipf_of_band(band: int) -> float:
    """wordfreq's ``zipf_frequency`` of a one-token word in ``band``, by its own arithmetic."""
    freq = max(10 ** (-band / 100), _ZIPF_MIN_FREQ)
    leading_zeroes = math.floor(-math.log(freq, 10))
    freq = round(freq, leading_zeroes + 3)
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=1)
def _bands() -> dict[str, int] | None:
    """Words of the common bands of wordfreq's large English list, to their band numbers."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"
    try:
        import msgpack
    except ImportError:
        return None
    words: dict[str, int] = {}
    try:
        with gzip.open(path, "rb") as fh:  # the common bands come first: read only those
            unpacker = msgpack.Unpacker(fh, raw=False)
            bands = unpacker.read_array_header() - 1
            if unpacker.unpack() != {"format": "cB", "version": 1}:
                return None
            for band in range(min(bands, _LAST_BAND + 1)):
                words.update(zip(unpacker.unpack(), repeat(band)))
    except (OSError, EOFError, ValueError, TypeError, msgpack.UnpackException):
        return None
    return words


def _wordfreq_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))
