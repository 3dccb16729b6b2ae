"""Positioned text runs, the unit every PDF backend reports.

In: a run's text, baseline position, font size and font name, as a reader decodes them.
Out: ``Span`` with its style (bold, italic) and an estimate of where its text ends.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Span", "mult_matrix", "text_width"]

_BOLD = re.compile(r"bold|medi|semibold|black|heavy|demi|cmbx|cmb\d|sfbx|-bd|\bbx", re.I)
_ITALIC = re.compile(r"ital|oblique|cmti|cmmi|sfti|-it\b", re.I)
_MONO = re.compile(r"mono|nimbusmon|courier|cmtt|cmitt|cmsltt|txtt|inconsolata|consola|menlo", re.I)


@functools.cache
def _monospaced(font: str) -> bool:
    return bool(_MONO.search(font))


_NARROW = set("iljtfrI.,;:'!|()[]` ")
_WIDE = set("mwMW@%")


def _char_width(ch: str) -> float:
    if ch in _NARROW:
        return 0.28
    if ch in _WIDE:
        return 0.85
    if ch.isupper():
        return 0.68
    if ch.isdigit():
        return 0.5
    return 0.47


# Latin, Latin-1 and Latin Extended looked up, not tested (this runs for every run of text).
_WIDTHS = {chr(c): _char_width(chr(c)) for c in range(0x250)}


def text_width(text: str, size: float) -> float:
    """An estimate of the printed width of ``text`` in a Times-like font."""
    units = 0.0
    get = _WIDTHS.get
    for ch in text:
        w = get(ch)
        units += _char_width(ch) if w is None else w
    return units * size


@dataclass(slots=True)
class Span:
    """A run of text in one font, as the PDF reader reports it."""

    text: str
    x: float
    y: float
    size: float
    font: str
    broke: bool = False
    caps: bool = False
    width: float = -1.0  # the printed width when the reader measures it, else estimated

    @property
    def bold(self) -> bool:
        return bool(_BOLD.search(self.font))

    @property
    def italic(self) -> bool:
        return bool(_ITALIC.search(self.font))

    @property
    def end(self) -> float:
        if self.width >= 0:
            return self.x + self.width
        if _monospaced(self.font):
            return self.x + 0.6 * self.size * len(self.text)
        return self.x + text_width(self.text, self.size)


def mult_matrix(m: Sequence[float], n: Sequence[float]) -> tuple[float, ...]:
    """The text matrix ``m`` then ``n`` (PDF's row-vector convention, as ``tm x cm``)."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )
