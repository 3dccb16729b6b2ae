"""Character fixes of decoded PDF text.

In: the text of a run (or of the runs of one line). Out: text with ligatures, TeX spacing
accents, surrogate pairs, control characters and unmapped glyph names resolved, and faked
small capitals (``L`` + smaller ``EARNING``) in lower case.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SPACING_ACCENTS", "clean_text", "small_caps"]

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\t": " ",
        "\u2010": "-",
        "\u2011": "-",
        # Ligature slots of TeX's T1 and OT1 encodings, seen when a font lacks a ToUnicode map.
        "\x1b": "ff",
        "\x1c": "fi",
        "\x1d": "fl",
        "\x1e": "ffi",
        "\x1f": "ffl",
        "\x0b": "ff",
        "\x0c": "fi",
        "\x0e": "ffi",
        "\x0f": "ffl",
    }
)

# Spacing accents that TeX fonts draw before the base letter.
_ACCENTS = {
    "\u00b4": "\u0301",
    "\u02ca": "\u0301",
    "\u00a8": "\u0308",
    "\u02dc": "\u0303",
    "\u02c6": "\u0302",
    "\u02c7": "\u030c",
    "\u02d8": "\u0306",
    "\u02da": "\u030a",
    "\u02dd": "\u030b",
    "\u00af": "\u0304",
    "\u02d9": "\u0307",
}
# Cedilla and ogonek sit under a neighbouring letter; which side depends on the font.
_BELOW = {"\u00b8": ("\u0327", "cCsStT"), "\u02db": ("\u0328", "aAeEiIoOuU")}
# Every accent that TeX draws as a glyph of its own, next to its letter.
SPACING_ACCENTS = frozenset(_ACCENTS) | frozenset(_BELOW)
_BELOW_RE = re.compile("([A-Za-z]?)\\s?([" + "".join(_BELOW) + "])([A-Za-z]?)")


def _below(m: re.Match[str]) -> str:
    before, mark, after = m.group(1), m.group(2), m.group(3)
    combining, takers = _BELOW[mark]
    if after and after in takers and not (before and before in takers):
        return before + after + combining
    if before:
        return before + combining + after
    return after + combining if after else ""


_ACCENT_RE = re.compile("([" + "".join(_ACCENTS) + r"])\s?([A-Za-z\u0131\u0237])")
_SPACED_ACCENT = re.compile("(?<=[^\\W\\d_]) (?=[" + "".join(_ACCENTS) + r"]\s?[a-z\u0131])")
_GRAVE_RE = re.compile(r"`([aeiouAEIOU])(?=[a-z])")
_SURROGATE_PAIR = re.compile("([\ud800-\udbff])([\udc00-\udfff])")
# What the surrogate and accent steps of ``clean_text`` look for; the ligature table's keys.
_RARE = re.compile("[\ud800-\udbff`" + "".join(_ACCENTS) + "".join(_BELOW) + "]")
_LIGATURE_CHARS = re.compile("[" + "".join(map(chr, _LIGATURES)) + "]")


def _accent(m: re.Match[str]) -> str:
    base = {"\u0131": "i", "\u0237": "j"}.get(m.group(2), m.group(2))
    return base + _ACCENTS[m.group(1)]


def _pair(m: re.Match[str]) -> str:
    hi, lo = ord(m.group(1)), ord(m.group(2))
    return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))


def _keep(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat in ("Cs", "Co", "Cn") or ch == "\ufffd":
        return ""
    if cat == "Cc":
        return ch if ch == "\n" else " "
    if cat == "Cf":
        return ""
    if 0x1D400 <= ord(ch) <= 0x1D7FF:
        return unicodedata.normalize("NFKC", ch)
    return ch


class _KeepTable(dict[int, str]):
    """``str.translate`` table of ``_keep``, filled in as characters are first seen."""

    def __missing__(self, code: int) -> str:
        kept = self[code] = _keep(chr(code))
        return kept


_KEEP = _KeepTable()


def clean_text(text: str) -> str:
    """Ligatures and TeX accents resolved, NFC, no surrogates or control characters."""
    if not text:
        return ""
    if "/" in text and _GLYPH_NAMES.search(text):
        text = _GLYPH_NAMES.sub(" ", text)
    if text.isascii():
        if "`" in text:
            text = _GRAVE_RE.sub(lambda m: m.group(1) + "\u0300", text)
            text = unicodedata.normalize("NFC", text)
        if not text.isprintable() and _ASCII_CONTROL.search(text):
            text = _ASCII_CONTROL.sub(" ", text.translate(_LIGATURES))
        return _SPACES.sub(" ", text) if "  " in text else text
    # Each step below runs only where its characters occur (one scan finds them all).
    accents = _RARE.search(text) is not None
    if accents:
        text = _SURROGATE_PAIR.sub(_pair, text)
    if _LIGATURE_CHARS.search(text):
        text = text.translate(_LIGATURES)
    if accents:
        text = _SPACED_ACCENT.sub("", text)
        text = _ACCENT_RE.sub(_accent, text)
        text = _BELOW_RE.sub(_below, text)
        text = _GRAVE_RE.sub(lambda m: m.group(1) + "\u0300", text)
    text = text.translate(_KEEP)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text) if "  " in text else text


# Unmapped glyphs that pypdf reports by name ("/g12/g7/g40") carry no text.
_GLYPH_NAMES = re.compile(r"(?:/[A-Za-z]{1,3}\d{1,5}){3,}")
_ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ ]{2,}")


def _lowerable(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def small_caps(
    texts: list[str], sizes: list[float], fonts: list[str], ys: list[float]
) -> list[str]:
    """Runs of one line with faked small capitals (``L`` + smaller ``EARNING``) in lower case.

    Fonts without real small capitals (Times in LaTeX's ``\\scshape``) print lower-case
    letters as smaller capitals, so the text reads ``LEARNING``; a capital run directly after
    a capital letter of the same font and baseline about 1.25 times its size is lowered, and
    when the line has no real lower-case letter at all, so is every other run of that size.
    A subscript (another baseline) or a math letter (another font) is not a small capital.
    """
    small: float | None = None
    lowered: set[int] = set()
    for i in range(1, len(texts)):
        prev, cur = texts[i - 1], texts[i]
        if not (prev[-1:].isalpha() and prev[-1:].isupper() and cur[:1].isalpha()):
            continue
        if fonts[i] != fonts[i - 1] or abs(ys[i] - ys[i - 1]) > 0.1 * sizes[i - 1]:
            continue
        ratio = sizes[i] / sizes[i - 1] if sizes[i - 1] > 0 else 0.0
        head = re.match(r"[^\W\d_]+", cur)
        if 0.65 <= ratio <= 0.9 and head and head.group(0).isupper() and _lowerable(cur):
            small = sizes[i]
            lowered.add(i)
    if small is None:
        return texts
    if not any(c.islower() for t in texts for c in t):
        lowered |= {
            i for i, t in enumerate(texts) if abs(sizes[i] - small) < 0.05 * small and _lowerable(t)
        }
    return [t.lower() if i in lowered else t for i, t in enumerate(texts)]
