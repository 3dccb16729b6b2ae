"""A small YAML subset reader for Jekyll front matter and ``_config.yml`` (no PyYAML needed).

Supported: nested block mappings and sequences (including ``- key: value`` items and sequences
at the same indent as their key), plain scalars continued on more-indented lines, single- and
double-quoted scalars over several lines, ``|`` and ``>`` block scalars with chomping
indicators, flow ``[a, b]`` / ``{}``, anchors and aliases, and comments. Scalars stay strings;
``~``, ``null`` and empty values are ``None``. Anything else raises ``ValueError`` with a line.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["parse_yaml", "split_front_matter"]

_KEY = re.compile(r"""^("[^"]*"|'[^']*'|[^\s#'"\-\[{][^:]*?|-[^\s][^:]*?)\s*:(?:\s+(.*))?$""")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "0": "\0", " ": " "}


def split_front_matter(text: str) -> str | None:
    """The YAML between a leading ``---`` line and the next ``---`` (or ``...``) line."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:i])
    return None


def parse_yaml(text: str) -> Any:
    return _Parser(text).document()


MAX_EXPANDED_NODES = 100_000


class _Parser:
    def __init__(self, text: str) -> None:
        self.raw = text.replace("\t", "    ").splitlines()
        self.anchors: dict[str, Any] = {}
        self.expanded = 0
        self.sizes: dict[int, int] = {}

    def _size(self, value: Any) -> int:
        """Nodes in ``value`` with every alias expanded; shared nodes are counted once each
        time they are used, so a few lines of nested aliases (an alias bomb) count billions."""
        key = id(value)
        if key not in self.sizes:
            children = value.values() if isinstance(value, dict) else value
            nested = isinstance(value, (dict, list))
            self.sizes[key] = 1 + (sum(self._size(c) for c in children) if nested else 0)
        return self.sizes[key]

    def _alias(self, name: str, i: int) -> Any:
        value = self.anchors.get(name)
        self.expanded += self._size(value)
        if self.expanded > MAX_EXPANDED_NODES:
            raise ValueError(
                f"line {i + 1}: aliases expand to more than {MAX_EXPANDED_NODES:,} values"
            )
        return value

    def document(self) -> Any:
        lines = [ln for ln in self.raw if ln.strip() not in ("---", "...")]
        self.raw = lines
        i = self._skip(0)
        if i >= len(self.raw):
            return {}
        value, i = self._block(i, self._indent(i))
        i = self._skip(i)
        if i < len(self.raw):
            raise ValueError(f"line {i + 1}: unexpected indentation")
        return value

    def _indent(self, i: int) -> int:
        line = self.raw[i]
        return len(line) - len(line.lstrip(" "))

    def _skip(self, i: int) -> int:
        while i < len(self.raw) and (
            not self.raw[i].strip() or self.raw[i].lstrip().startswith("#")
        ):
            i += 1
        return i

    def _block(self, i: int, indent: int) -> tuple[Any, int]:
        text = self.raw[i].strip()
        if text == "-" or text.startswith("- "):
            return self._sequence(i, indent)
        return self._mapping(i, indent)

    def _mapping(self, i: int, indent: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        while i < len(self.raw) and self._indent(i) == indent:
            match = _KEY.match(self.raw[i].strip())
            if not match:
                raise ValueError(f"line {i + 1}: expected 'key: value'")
            key = match[1].strip("\"'")
            out[key], i = self._value(match[2] or "", i, indent)
            i = self._skip(i)
        return out, i

    def _sequence(self, i: int, indent: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        while i < len(self.raw) and self._indent(i) == indent:
            text = self.raw[i].strip()
            if not (text == "-" or text.startswith("- ")):
                break
            rest = text[1:].lstrip()
            if rest and _KEY.match(rest) and not rest.startswith(("'", '"')):
                column = indent + len(text) - len(rest)
                self.raw[i] = " " * column + rest
                item, i = self._mapping(i, column)
            else:
                item, i = self._value(rest, i, indent)
            out.append(item)
            i = self._skip(i)
        return out, i

    def _value(self, rest: str, i: int, indent: int) -> tuple[Any, int]:
        anchor = None
        if rest.startswith("&"):
            anchor, _, rest = rest.partition(" ")
            anchor, rest = anchor[1:], rest.strip()
        value, i = self._value_body(rest, i, indent)
        if anchor:
            self.anchors[anchor] = value
        return value, i

    def _value_body(self, rest: str, i: int, indent: int) -> tuple[Any, int]:
        if rest.startswith("*"):
            return self._alias(rest[1:].strip(), i), i + 1
        if rest[:1] in ("|", ">"):
            return self._block_scalar(rest, i, indent)
        if rest[:1] in ('"', "'"):
            return self._quoted(rest, i)
        if rest[:1] in ("[", "{"):
            return _flow(rest, i), i + 1
        rest = re.sub(r"\s+#.*$", "", rest) if not rest.startswith("#") else ""
        j = self._skip(i + 1)
        if not rest:
            if j < len(self.raw) and self._indent(j) > indent:
                return self._block(j, self._indent(j))
            is_item = j < len(self.raw) and self.raw[j].strip()[:2] in ("- ", "-")
            if j < len(self.raw) and self._indent(j) == indent and is_item:
                return self._sequence(j, indent)
            return None, i + 1
        parts = [rest]
        i += 1
        while i < len(self.raw) and (not self.raw[i].strip() or self._indent(i) > indent):
            if self.raw[i].strip() and _KEY.match(self.raw[i].strip()) and not parts[-1]:
                break
            parts.append(self.raw[i].strip())
            i += 1
        text = " ".join(p if p else "\n" for p in parts).replace(" \n ", "\n").strip()
        return (None if text in ("~", "null", "Null", "NULL") else text), i

    def _quoted(self, rest: str, i: int) -> tuple[str, int]:
        quote = rest[0]
        buf, start = rest[1:], i
        while True:
            end = _closing(buf, quote)
            if end is not None:
                return _unquote(buf[:end], quote), i + 1
            i += 1
            if i >= len(self.raw):
                raise ValueError(f"line {start + 1}: unterminated {quote}quoted string")
            line = self.raw[i].strip()
            buf = buf.rstrip() + ("\n" if not line else " ") + line

    def _block_scalar(self, rest: str, i: int, indent: int) -> tuple[str, int]:
        style, chomp = rest[0], rest[1:2]
        j, lines = i + 1, []
        block_indent = None
        while j < len(self.raw):
            line = self.raw[j]
            if line.strip():
                ind = self._indent(j)
                if ind <= indent:
                    break
                block_indent = ind if block_indent is None else block_indent
                lines.append(line[min(block_indent, ind) :])
            else:
                lines.append("")
            j += 1
        while lines and not lines[-1] and chomp != "+":
            lines.pop()
        if style == "|":
            text = "\n".join(lines)
        else:
            text = re.sub(r"(?<!\n)\n(?!\n)", " ", "\n".join(lines))
        return (text if chomp == "-" else text + "\n") if text else "", j


def _closing(buf: str, quote: str) -> int | None:
    k = 0
    while k < len(buf):
        if quote == '"' and buf[k] == "\\":
            k += 2
            continue
        if buf[k] == quote:
            if quote == "'" and buf[k + 1 : k + 2] == "'":
                k += 2
                continue
            return k
        k += 1
    return None


def _unquote(body: str, quote: str) -> str:
    if quote == "'":
        return body.replace("''", "'")
    out, k = [], 0
    while k < len(body):
        ch = body[k]
        if ch == "\\" and k + 1 < len(body):
            nxt = body[k + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[k + 2 : k + 6]):
                out.append(chr(int(body[k + 2 : k + 6], 16)))
                k += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            k += 2
            continue
        out.append(ch)
        k += 1
    return "".join(out)


def _flow(text: str, i: int) -> Any:
    text = re.sub(r"\s+#.*$", "", text).strip()
    inner = text[1:-1].strip()
    if text[0] == "[" and text.endswith("]"):
        return [s.strip().strip("\"'") for s in inner.split(",") if s.strip()] if inner else []
    if text[0] == "{" and text.endswith("}"):
        pairs = (s.split(":", 1) for s in inner.split(",") if ":" in s)
        return {k.strip().strip("\"'"): v.strip().strip("\"'") for k, v in pairs}
    raise ValueError(f"line {i + 1}: flow collection over several lines is not supported")
