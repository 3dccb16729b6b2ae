"""Words and web addresses that a line break cut, made whole again.

In: the text lines of a page or paragraph and the document's vocabulary. Out: lines with
``con-`` / ``tinued`` rejoined (real compounds keep their hyphen), a paragraph as one string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .wordlist import COMMON, RARE, at_least

__all__ = ["dehyphenate", "hyphen_sep", "join_lines", "join_urls", "vocabulary"]

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)


def vocabulary(lines: Iterable[str]) -> set[str]:
    """Lower-cased words of the document, hyphenated compounds kept whole; the pieces of a
    word broken at a line's end ("effi-" / "cient") are no words of their own."""
    vocab: set[str] = set()
    broken = False
    for line in lines:
        body = line[:-1] if line.endswith("-") else line
        words = _WORD.findall(body)
        if broken and words and body.lstrip().startswith(words[0]):
            words = words[1:]
        broken = line.endswith("-")
        if broken and words and body.endswith(words[-1]):
            words.pop()
        vocab.update(map(str.lower, words))
    return vocab


_TAIL = re.compile(r"(\S*?)([^\W\d_]+)-$")
_HEAD = re.compile(r"^([^\W\d_][\w']*)(\S*)\s*")
# A line that goes on with a number after a hyphen ("VTAB-" / "1k"): no word is broken there.
_NUMBER_HEAD = re.compile(r"^(\d[\w.]*)(\S*)\s*")
# Both sides of a hyphen at a line end must be this long to count as two words ("wall-clock",
# "ten-task"), not a word broken after a prefix ("in-", "re-").
_PART = 3


def hyphen_sep(piece: str, head: str, vocab: set[str], rest: str = "") -> str:
    """The separator ("" or "-") for a word split as ``piece-`` / ``head`` at a line end;
    ``rest`` is what follows ``head`` on its line before a space."""
    return _joinable("", piece, head, vocab, rest)


def _joinable(tail: str, piece: str, head: str, vocab: set[str], rest: str = "") -> str:
    """The separator ("" or "-") to put between ``piece-`` and ``head``.

    The document's own words decide first: the joined word, or the hyphenated one, stands
    elsewhere in it. Otherwise the hyphen stays in a compound that goes on with another hyphen
    ("chain-" / "of-thought"), before a capital, and between two words the document uses on
    their own or two common English words, when together they are no English word ("wall-" /
    "clock"); a word broken into pieces that are no words is joined.
    """
    if "-" in tail or not piece or not head or rest.startswith("-"):
        return "-"
    joined = (piece + head).lower()
    if joined in vocab:
        return ""
    if (piece + "-" + head).lower() in vocab:
        return "-"
    if head[0].isupper():
        camel = piece[0].isupper() and len(piece) <= 3 and piece[1:].islower()
        return "" if camel else "-"
    if len(piece) < _PART or len(head) < _PART or at_least(joined, RARE):
        return ""
    if {piece.lower(), head.lower()} <= vocab:
        return "-"
    if at_least(piece, COMMON) and at_least(head, COMMON):
        return "-"
    return ""


def dehyphenate(lines: Sequence[str], vocab: set[str]) -> list[str]:
    """Re-join words broken across lines; real compounds keep their hyphen."""
    out = list(lines)
    for i in range(len(out) - 1):
        line = out[i]
        if not line.endswith("-") or line.endswith("--"):
            continue
        # the match can only start after the line's last space: try there, not everywhere
        m = _TAIL.match(line, len(line) - len(line.rsplit(None, 1)[-1]))
        nxt = out[i + 1]
        h = _HEAD.match(nxt)
        if m and not h and (h := _NUMBER_HEAD.match(nxt)):
            out[i] = line + h.group(1) + h.group(2)
            out[i + 1] = nxt[h.end() :]
            continue
        if not m or not h:
            continue
        sep = _joinable(m.group(1), m.group(2), h.group(1), vocab, h.group(2))
        out[i] = line[:-1] + sep + h.group(1) + h.group(2)
        out[i + 1] = nxt[h.end() :]
    return [ln for ln in out if ln.strip()]


_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*[/\-_.=&?#~]$")
_URL_HEAD = re.compile(r"^[a-z0-9/_~\-]")


def join_urls(lines: Sequence[str]) -> list[str]:
    """Lines with a web address that a line break cut (``https://github.com/`` / ``x``) rejoined.

    LaTeX's ``url`` breaks after ``/``, ``.`` or ``-`` without a hyphen, so the next line's
    start continues the address when it begins in lower case.
    """
    out: list[str] = []
    for line in lines:
        if out and _URL_TAIL.search(out[-1].rstrip()) and _URL_HEAD.match(line.lstrip()):
            out[-1] = out[-1].rstrip() + line.lstrip()
        else:
            out.append(line)
    return out


def join_lines(lines: Sequence[str], vocab: set[str]) -> str:
    """Lines of one paragraph as one string, de-hyphenated."""
    return re.sub(r"\s+", " ", " ".join(dehyphenate(join_urls(lines), vocab))).strip()
