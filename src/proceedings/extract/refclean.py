"""A reference string as the parsers read it: on one line, numbering and extraction damage gone.

In: a reference string as extracted ("[12] K. He , X. Zhang, Deep resi-\ndual ..."). Out:
``clean(text)``, the same reference in NFC on one line with the numbering ("[12]", "12.")
dropped, spacing accents put back on their letters ("G¨ odel"), spaces around commas, full
stops and brackets repaired, glued words ("andTownsley",
"Springer1998") split and hyphenation at line ends undone.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CJK", "clean"]

# kana, CJK ideographs and Hangul, as the ranges of a character class
CJK = "\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af"
_NUMBERING = re.compile(
    r"^\s*(?:\[[^\]]{1,80}\]|\(\d{1,4}\)|\d{1,4}\s*[.)]\s|\d{1,4}\.(?=[A-Z][a-z])|\d{1,4}\s+(?=\D))"
)
_HYPHEN = re.compile(r"(\w)[-‐]\s+(?=[a-z])(?!(?:und|oder|and|or|bis|to)\b)")  # "Ein- und"

# (pattern, replacement, flags, needs): a repair runs only on a string that holds one of its
# ``needs`` (none: always; ``None``: a character outside ASCII). Repairs see a string whose only
# white space is single spaces, so " ." stands for r"\s\.". A pattern starts with what it
# consumes, its lookbehind after it: a literal first is what the regex engine scans fast for.
_Repair = tuple[re.Pattern[str], str, tuple[str, ...] | None]
_REPAIRS: list[_Repair] = [
    (re.compile(a, flags), b, needs)
    for a, b, flags, needs in (
        (r"\b(https?|ftp)\s?:\s?//\s?", r"\1://", 0, ("//",)),
        (r"(//[\w.-]+\.)\s(?=(?:com|org|net|edu|gov|io)\b)", r"\1", 0, ("//",)),  # "x. com/"
        (r"\s+([,;])\s*(?=\S)", r"\1 ", 0, (" ,", " ;")),
        (r"\s\.(?=[^\W\d_])|(?<=[^\d\s])\s\.(?=\d)", ". ", 0, (" .",)),  # "Phys .Rev .12"
    )
]
_REPAIRS_AFTER_NUMBERING: list[_Repair] = [
    (re.compile(a, flags), b, needs)
    for a, b, flags, needs in (
        (r"\s+\.", ".", 0, (" .",)),
        (r",(?<=\S,)(?=[^\W\d_])", ", ", 0, ()),
        (r"\s+\)", ")", 0, (" )",)),
        (r"\(\s+", "(", 0, ("( ",)),
        (r"(?<=[^\W\d_]) -(?=[^\W_])", "-", 0, (" -",)),  # "Llamas -Jansa", "Run -2"
        (r"and(?<=[\s,]and)(?=[A-Z])", "and ", 0, ()),  # "andTownsley"
        (r"(?:1[89]|20)\d\d(?<=[a-z]{3}\d{4})\b", r" \g<0>", 0, ()),  # "Springer1998"
        # "Mathematik30 (6):1338", "Beams94 ("
        (r"\d(?<=[a-z]{4}\d)(?=\d{0,3}\s?[,(:])", r" \g<0>", 0, ()),
        (r"\s+\]", "]", 0, (" ]",)),
        # "models.학회지"
        (rf"\.(?:(?<=[a-z)]\.)(?=[{CJK}])|(?<=[{CJK}]\.)(?=[A-Z][a-z]))", ". ", 0, None),
        (r"\.(?<=[a-z]{2}\.)(?=[A-Z][a-z]{2})", ". ", 0, ()),  # "oscilloscope.Nature", "Phys.Rev"
        (r"\[\s+", "[", 0, ("[ ",)),
        # "Boissì ere,": a grave set astray
        (r"(?<=[^\W\d_][àèìòù])\s(?=[a-z]{2}e,)", "", 0, ("à ", "è ", "ì ", "ò ", "ù ")),
        (r"(?<=[^\W\d_]{2}\.)\s[–—]\s(?=[A-Z])", " ", 0, (" – ", " — ")),  # "Title. – Z. Geogr."
        (r"^(?:see\s+also|see|cf\.)\s+", "", re.I, ()),
    )
]


def _repaired(text: str, repairs: list[_Repair]) -> str:
    for pattern, repl, needs in repairs:
        if needs is None:
            if text.isascii():
                continue
        elif needs:
            for need in needs:
                if need in text:
                    break
            else:
                continue
        text = pattern.sub(repl, text)
    return text


# a spacing accent that PDF extraction set apart from its letter: "G¨ odel", "R´enyi", "c¸"
_SPACING_ACCENT = re.compile(r"([¨´ˆ˜˝ˇ˚])\s?([AEIOUYNCSZRaeiouyncszr])|(?<=[Cc])(¸)")
_ACCENT_MARK = re.compile("[¨´ˆ˜˝ˇ˚¸]")
_COMBINING = {"¨": "\u0308", "´": "\u0301", "ˆ": "\u0302", "˜": "\u0303", "˝": "\u030b",
              "ˇ": "\u030c", "˚": "\u030a", "¸": "\u0327"}  # fmt: skip


def _accent(m: re.Match[str]) -> str:
    if m.group(3):
        return _COMBINING[m.group(3)]
    return m.group(2) + _COMBINING[m.group(1)]


# full-width punctuation of CJK references, as the ASCII rules read it
_FULL_WIDTH = str.maketrans(
    {"，": ", ", "．": ". ", "：": ": ", "；": "; ", "（": " (", "）": ") "}
)


def clean(text: str) -> str:
    """``text`` on one line, numbering dropped, spacing and line-end hyphenation repaired."""
    if not text.isascii():
        if _ACCENT_MARK.search(text):
            text = _SPACING_ACCENT.sub(_accent, text)
        text = unicodedata.normalize("NFC", text).translate(_FULL_WIDTH)
    text = _repaired(" ".join(text.split()), _REPAIRS)
    text = _NUMBERING.sub("", text, count=1)
    text = _repaired(text, _REPAIRS_AFTER_NUMBERING)
    return _HYPHEN.sub(r"\1", text) if "- " in text or "‐ " in text else text
