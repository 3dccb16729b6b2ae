"""Words and web addresses that a line break cut, made whole again.

In: the text lines of a page or paragraph and the document's vocabulary. Out: lines with
``con-`` / ``tinued`` rejoined (real compounds keep their hyphen), a paragraph as one string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["dehyphenate", "hyphen_sep", "join_lines", "join_urls", "vocabulary"]

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)


def vocabulary(lines: Iterable[str]) -> set[str]:
    """Lower-cased words of the document, hyphenated compounds kept whole."""
    vocab: set[str] = set()
    for line in lines:
        body = line[:-1] if line.endswith("-") else line
        for w in _WORD.findall(body):
            vocab.add(w.lower())
    return vocab


_TAIL = re.compile(r"(\S*?)([^\W\d_]+)-$")
_HEAD = re.compile(r"^([^\W\d_][\w']*)(\S*)\s*")


def hyphen_sep(piece: str, head: str, vocab: set[str]) -> str:
    """The separator ("" or "-") for a word split as ``piece-`` / ``head`` at a line end."""
    return _joinable("", piece, head, vocab)


def _joinable(tail: str, piece: str, head: str, vocab: set[str]) -> str:
    """The separator ("" or "-") to put between ``piece-`` and ``head``."""
    if "-" in tail or not piece or not head:
        return "-"
    joined = (piece + head).lower()
    if joined in vocab:
        return ""
    if (piece + "-" + head).lower() in vocab:
        return "-"
    if head[0].isupper():
        camel = piece[0].isupper() and len(piece) <= 3 and piece[1:].islower()
        return "" if camel else "-"
    return ""


def dehyphenate(lines: Sequence[str], vocab: set[str]) -> list[str]:
    """Re-join words broken across lines; real compounds keep their hyphen."""
    out = list(lines)
    for i in range(len(out) - 1):
        line = out[i]
        if not line.endswith("-") or line.endswith("--"):
            continue
        m = _TAIL.search(line)
        nxt = out[i + 1]
        h = _HEAD.match(nxt)
        if not m or not h:
            continue
        sep = _joinable(m.group(1), m.group(2), h.group(1), vocab)
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
