"""A small, forgiving BibTeX reader: entries as ``{"ENTRYTYPE", "ID", field: plain text}``.

Handles ``{...}`` and ``"..."`` values with nested braces, ``#`` concatenation, ``@string``
macros and month abbreviations, skips ``@comment`` and ``@preamble``, and turns common LaTeX
accents and escapes into Unicode. A malformed entry is skipped and reported, not fatal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BibEntry", "latex_to_text", "parse_bibtex", "split_authors"]

BibEntry = dict[str, str]

_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def latex_to_text(value: str) -> str:
    """Plain Unicode text from a BibTeX field value."""
    text = re.sub(
        r"\\([`'^\"~=.])\s*(?:\{\\?([A-Za-z])\}|\\?([A-Za-z]))",
        lambda m: unicodedata.normalize("NFC", (m[2] or m[3]) + _ACCENTS[m[1]]),
        value,
    )
    text = re.sub(
        r"\\([uvHckr])\s*(?:\{\\?([A-Za-z])\}|\s\\?([A-Za-z]))",
        lambda m: unicodedata.normalize("NFC", (m[2] or m[3]) + _ACCENTS[m[1]]),
        text,
    )
    text = re.sub(
        r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s?", lambda m: _SYMBOLS[m[1]], text
    )
    text = re.sub(r"\\([&%$#_{}])", r"\1", text)
    text = text.replace("~", " ").replace("--", "–").replace("\\\\", " ")
    text = re.sub(r"\\(?:emph|textit|textbf|textsc|texttt|mathrm|mbox|text)\s*", "", text)
    text = text.replace("{", "").replace("}", "")
    return " ".join(text.split())


def split_authors(value: str) -> list[str]:
    """``"Alaa, Ahmed M. and Sontag, David"`` as ``["Ahmed M. Alaa", "David Sontag"]``."""
    names = []
    for part in re.split(r"\s+and\s+", value.strip()):
        part = latex_to_text(part)
        if not part or part.lower() == "others":
            continue
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) == 3:
            part = f"{pieces[2]} {pieces[0]} {pieces[1]}"
        elif len(pieces) == 2:
            part = f"{pieces[1]} {pieces[0]}"
        names.append(" ".join(part.split()))
    return names


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros = {m: m.capitalize() for m in _MONTHS}
        self.errors: list[str] = []

    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def braced(self) -> str:
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        raise ValueError("unbalanced braces")

    def quoted(self) -> str:
        depth, start = 0, self.pos
        self.pos += 1
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            depth += ch == "{"
            depth -= ch == "}"
            if ch == '"' and depth == 0:
                self.pos += 1
                return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        raise ValueError("unterminated quoted value")

    def value(self) -> str:
        parts = []
        while True:
            self.space()
            ch = self.text[self.pos : self.pos + 1]
            if ch == "{":
                parts.append(self.braced())
            elif ch == '"':
                parts.append(self.quoted())
            else:
                m = re.compile(r"[^\s,#}]+").match(self.text, self.pos)
                if not m:
                    raise ValueError("missing value")
                self.pos = m.end()
                parts.append(self.macros.get(m[0].lower(), m[0]))
            self.space()
            if self.text[self.pos : self.pos + 1] != "#":
                return "".join(parts)
            self.pos += 1

    def entry(self, kind: str) -> BibEntry | None:
        self.space()
        close = {"{": "}", "(": ")"}.get(self.text[self.pos : self.pos + 1])
        if close is None:
            raise ValueError("expected { after @" + kind)
        self.pos += 1
        if kind in ("comment", "preamble"):
            self.pos -= 1
            self.braced() if close == "}" else self.value()
            return None
        if kind == "string":
            self.space()
            m = re.compile(r"([^\s=]+)\s*=").match(self.text, self.pos)
            if not m:
                raise ValueError("bad @string")
            self.pos = m.end()
            self.macros[m[1].lower()] = self.value()
            self.space()
            self.pos += 1
            return None
        m = re.compile(r"\s*([^\s,]+)\s*,").match(self.text, self.pos)
        if not m:
            raise ValueError("expected a citation key")
        self.pos = m.end()
        entry: BibEntry = {"ENTRYTYPE": kind, "ID": m[1]}
        while True:
            self.space()
            if self.text[self.pos : self.pos + 1] == close:
                self.pos += 1
                return entry
            m = re.compile(r"([A-Za-z][\w\-:.]*)\s*=").match(self.text, self.pos)
            if not m:
                raise ValueError("expected field = value")
            self.pos = m.end()
            entry[m[1].lower()] = self.value().strip()
            self.space()
            if self.text[self.pos : self.pos + 1] == ",":
                self.pos += 1


def parse_bibtex(text: str) -> tuple[list[BibEntry], list[str]]:
    """Entries of ``text``, and a message (with its line) for each entry that was skipped."""
    reader = _Reader(text)
    entries: list[BibEntry] = []
    at = re.compile(r"@\s*([A-Za-z]+)")
    while (m := at.search(text, reader.pos)) is not None:
        reader.pos = m.end()
        start_line = reader.line()
        try:
            entry = reader.entry(m[1].lower())
        except (ValueError, IndexError) as exc:
            reader.errors.append(f"line {start_line}: skipped @{m[1]}: {exc}")
            continue
        if entry is not None:
            entries.append(entry)
    return entries, reader.errors
