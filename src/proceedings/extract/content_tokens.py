"""A content stream's text operations, read with one regular expression per operation.

In: the decoded bytes of a page or form content stream. Out: the ``(operands, operator)``
pairs of the operators that text extraction acts on (``TEXT_OPERATORS``), in stream order,
with the values pypdf's ``ContentStream`` parser gives them: numbers as ``int`` (no dot) or
``float``, names as ``NameObject``, strings as bytes (pypdf reads content with the
``"bytes"`` encoding), arrays as ``ArrayObject``. Or ``None``: the stream holds something
this tokenizer does not read the way pypdf does (an inline image, a malformed number, a
token at a place pypdf would reject, a stream near pypdf's token budget), and pypdf must
parse it.

Every other operator is dropped with its operands: pypdf's ``TextExtraction`` ignores them,
so the text walk reports the same runs. The patterns use possessive quantifiers and atomic
groups, so that a token ends where pypdf's byte-by-byte reader ends it. An operation the
operation pattern does not match whole (a comment, nested arrays) is read token by token;
strings with nested parentheses and dictionaries by pypdf's own object reader at that offset.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf.generic import ArrayObject, ByteStringObject, NameObject, read_object
from pypdf.generic._utils import read_string_from_stream

__all__ = ["TEXT_OPERATORS", "text_operations"]

Operation = tuple[list[Any], bytes]

TEXT_OPERATORS = frozenset(b"BT ET q Q cm Tz Tc Tw TL Tf Td Tm T* Tj TJ ' \" TD Do".split())
# pypdf stops at 2,000,000 tokens per stream; a stream this long might get near that.
MAX_BYTES = 1_500_000
_WS = rb"[\x00\t\n\f\r ]*+"  # what pypdf's read_non_whitespace skips
_D = rb"[^\t\n\x0b\f\r ()<>\[\]{}/%]"  # pypdf's name and operator characters
_NUM = rb"[+\-.0-9][+,\-.0-9]*+"  # pypdf's number characters include ','
_STR = rb"\(((?:[^()\\]|\\.)*+)\)"  # a literal string without nested parentheses
_HEX = rb"<([0-9A-Fa-f\x00\t\n\f\r ]*+)>"
_TOKEN = re.compile(
    _WS
    + rb"(?:([A-Za-z'\"]"  # 1: operator
    + _D
    + rb"*+)|("  # 2: number
    + _NUM
    + rb")|(/"  # 3: name
    + _D
    + rb"*+)|"  # 4: string
    + _STR
    + rb"|(\[)|(\])|"  # 5, 6: array
    + _HEX  # 7: hex string
    + rb"|(%[^\r\n]*+)"  # 8: comment
    + rb"|(\(|<<))",  # 9: read by pypdf (nested parentheses, a dictionary)
    re.S,
)
# One operation of plain tokens (arrays not nested): group 1 the operands, 2 the operator.
_PLAIN = (
    rb"(?>[+\-.0-9][+,\-.0-9]{0,17}+(?![+,\-.0-9])|/"
    + _D
    + rb"{0,3999}+(?!"
    + _D
    + rb")|\((?:[^()\\]|\\.)*+\)|<[0-9A-Fa-f\x00\t\n\f\r ]*+>)"
)
_OPERATION = re.compile(
    rb"((?>"
    + _WS
    + rb"(?:"
    + _PLAIN
    + rb"|\[(?>"
    + _WS
    + _PLAIN
    + rb")*+"
    + _WS
    + rb"\]))*+)"
    + _WS
    + rb"([A-Za-z'\"]"
    + _D
    + rb"{0,99}+)(?!"
    + _D
    + rb")",
    re.S,
)
# The operands of the commonest text operators, read without the token loop.
_NUMERIC = frozenset((b"Td", b"TD", b"Tm", b"cm", b"Tc", b"Tw", b"TL", b"Tz"))
_SIMPLE_NAME = re.compile(rb"/[^\t\n\x0b\f\r ()<>\[\]{}/%#\x80-\xff]*+")
_ARRAY = re.compile(_WS + rb"\[((?>" + _WS + _PLAIN + rb")*+)" + _WS + rb"\]")
_ELEMENT = re.compile(
    _WS
    + rb"(?:("
    + _NUM
    + rb")|(\((?:[^()\\]|\\.)*+\))|<([0-9A-Fa-f\x00\t\n\f\r ]*+)>|(/"
    + _D
    + rb"*+))",
    re.S,
)
_END = re.compile(_WS + rb"\Z")
# pypdf gives up on a number longer than its 20-byte peek, an operator of 128 bytes or
# a name of 4096; and it reads "12 0 R" as an indirect reference (the operator "R" here),
# which a content stream cannot resolve.
_MAX_NUMBER = 18
_MAX_OPERATOR = 100
_MAX_NAME = 4000
_REFERENCE = re.compile(rb"R(?![A-Za-z])")
_HEX_SPACE = re.compile(rb"[\x00\t\n\f\r ]")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|[\r\n][\r\n]?|.)", re.S)
_ESCAPES = dict(zip(b"nrtbf()/\\ %<>[]#_&$", b"\n\r\t\b\f()/\\ %<>[]#_&$", strict=True))


class _Defer(Exception):
    """The stream needs pypdf's parser."""


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match[1]
    first = code[0]
    if 0x30 <= first <= 0x37:
        value = int(code, 8)
        return bytes((value,)) if value <= 255 else b"\\" + code
    if first in (0x0A, 0x0D):
        return b""
    mapped = _ESCAPES.get(first)
    return bytes((mapped,)) if mapped is not None else b"\\" + code


def _number(token: bytes) -> int | float:
    if len(token) > _MAX_NUMBER:
        raise _Defer
    try:
        return float(token) if b"." in token else int(token)
    except ValueError:
        raise _Defer from None


def _name(token: bytes) -> NameObject:
    if len(token) > _MAX_NAME:
        raise _Defer
    if b"#" not in token and token.isascii():
        return NameObject(token.decode("ascii"))
    return NameObject.read_from_stream(io.BytesIO(token), None)


def _string(body: bytes) -> ByteStringObject:
    if b"\\" in body:
        body = _ESCAPE.sub(_unescape, body)
    return ByteStringObject(body)


def _hex(digits: bytes) -> ByteStringObject:
    digits = _HEX_SPACE.sub(b"", digits)
    if len(digits) % 2:
        digits += b"0"
    return ByteStringObject(bytes.fromhex(digits.decode("ascii")))


class _Tokens:
    """Token by token, for the operations ``_OPERATION`` does not match in one piece."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.stream: io.BytesIO | None = None

    def pypdf_object(self, pos: int, string: bool) -> tuple[Any, int]:
        """pypdf's reading of the object at ``pos``, and where it ends."""
        if self.stream is None:
            self.stream = io.BytesIO(self.data)
        self.stream.seek(pos)
        try:
            if string:
                value: Any = read_string_from_stream(self.stream, "bytes")
            else:
                value = read_object(self.stream, None, "bytes")
        except Exception:
            raise _Defer from None
        return value, self.stream.tell()

    def operation(self, pos: int, end: int | None = None) -> tuple[list[Any], bytes, int]:
        """The operands and operator from ``pos``; ``b""`` for the end of the stream.

        With ``end``, only the operands up to ``end`` (which holds no operator).
        """
        data = self.data
        operands: list[Any] = []
        arrays: list[list[Any]] = []
        target = operands
        match = _TOKEN.match
        while True:
            m = match(data, pos) if end is None else match(data, pos, end)
            if m is None:
                if arrays or not _END.match(data, pos, len(data) if end is None else end):
                    raise _Defer
                if end is None and operands and isinstance(operands[-1], (int, float)):
                    raise _Defer  # pypdf reads a number at the very end another way
                return operands, b"", len(data) if end is None else end
            kind = m.lastindex
            pos = m.end()
            if kind == 1:
                operator = m[1]
                if arrays or _odd(operator):
                    raise _Defer
                return operands, operator, pos
            if kind == 2:
                target.append(_number(m[2]))
            elif kind == 3:
                target.append(_name(m[3]))
            elif kind == 4:
                target.append(_string(m[4]))
            elif kind == 5:
                arrays.append(target)
                target = ArrayObject()
            elif kind == 6:
                if not arrays:
                    raise _Defer
                inner = target
                target = arrays.pop()
                target.append(inner)
            elif kind == 7:
                target.append(_hex(m[7]))
            elif kind == 8:
                if arrays:
                    raise _Defer
            else:
                value, pos = self.pypdf_object(m.start(9), m[9] == b"(")
                target.append(value)


def text_operations(data: bytes) -> list[Operation] | None:
    """The text operations of ``data``, or ``None`` when pypdf must parse it."""
    if len(data) >= MAX_BYTES:
        return None
    try:
        return _operations(data)
    except _Defer:
        return None


def _operations(data: bytes) -> list[Operation]:
    ops: list[Operation] = []
    tokens = _Tokens(data)
    match = _OPERATION.match
    wanted = TEXT_OPERATORS
    size = len(data)
    pos = 0
    while pos < size:
        m = match(data, pos)
        if m is None:
            operands, operator, pos = tokens.operation(pos)
            if not operator:
                break
            if operator in wanted:
                ops.append((operands, operator))
            continue
        operator = m[2]
        pos = m.end()
        if operator not in wanted:
            if _odd(operator):
                raise _Defer
            continue
        start, end = m.span(1)
        ops.append((_operands(tokens, operator, start, end), operator))
    return ops


def _operands(tokens: _Tokens, operator: bytes, start: int, end: int) -> list[Any]:
    """The operands in ``start:end`` (plain tokens, an array at most one deep)."""
    if end == start:
        return []
    data = tokens.data
    operands: list[Any] | None = None
    if operator in _NUMERIC:
        operands = _numbers(data[start:end])
    elif operator == b"TJ":
        operands = _array(data, start, end)
    elif operator == b"Tf":
        operands = _font(data[start:end])
    return tokens.operation(start, end)[0] if operands is None else operands


def _odd(operator: bytes) -> bool:
    """An inline image, an operator too long for pypdf, or an indirect reference's "R"."""
    return operator == b"BI" or len(operator) > _MAX_OPERATOR or bool(_REFERENCE.match(operator))


def _numbers(span: bytes) -> list[Any] | None:
    """Whitespace-separated numbers (``None`` for anything else)."""
    try:
        values = [float(t) if b"." in t else int(t) for t in span.split()]
    except ValueError:
        return None
    return values


def _font(span: bytes) -> list[Any] | None:
    """A font name and size (``None`` for anything else)."""
    parts = span.split()
    if len(parts) != 2 or not _SIMPLE_NAME.fullmatch(parts[0]):
        return None
    size = _numbers(parts[1])
    return None if size is None else [NameObject(parts[0].decode("ascii")), *size]


def _array(data: bytes, start: int, end: int) -> list[Any] | None:
    """A single array of plain tokens (``None`` for anything else)."""
    m = _ARRAY.fullmatch(data, start, end)
    if m is None:
        return None
    out = ArrayObject()
    add = out.append
    for number, string, hexa, name in _ELEMENT.findall(data, m.start(1), m.end(1)):
        if number:
            add(_number(number))
        elif string:
            body = string[1:-1]
            add(ByteStringObject(body) if b"\\" not in body else _string(body))
        elif name:
            add(_name(name))
        else:
            add(_hex(hexa))
    return [out]
