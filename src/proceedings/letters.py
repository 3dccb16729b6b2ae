"""Letters that Unicode does not decompose into a base letter and an accent, in ASCII."""

from __future__ import annotations

__all__ = ["ASCII_LETTERS"]

# for str.translate, before NFKD strips the accents of the other letters
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
