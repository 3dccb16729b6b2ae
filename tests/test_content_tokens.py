"""content_tokens reads a content stream's text operations exactly as pypdf's parser does,
or declines (``None``) and leaves the stream to pypdf."""

from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, NameObject

from proceedings.extract.content_tokens import TEXT_OPERATORS, text_operations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


def _value(x: Any) -> Any:
    """An operand as a comparable value that keeps the kind pypdf gave it."""
    if isinstance(x, NameObject):
        return ("name", str(x))
    if isinstance(x, bool):
        return ("bool", x)
    if isinstance(x, float):
        return ("float", float(x))
    if isinstance(x, int):
        return ("int", int(x))
    if isinstance(x, bytes):
        return ("bytes", bytes(x))
    if isinstance(x, list):
        return ("array", [_value(y) for y in x])
    return (type(x).__name__, repr(x))


def _pypdf(data: bytes) -> list[Any] | None:
    stream = ContentStream(None, None, "bytes")
    stream.set_data(data)
    try:
        ops = stream.operations
    except Exception:
        return None
    return [([_value(x) for x in o], op) for o, op in ops if op in TEXT_OPERATORS]


def _ours(data: bytes) -> list[Any] | None:
    ops = text_operations(data)
    return None if ops is None else [([_value(x) for x in o], op) for o, op in ops]


def _agrees(data: bytes) -> bool:
    ours = _ours(data)
    return ours is None or ours == _pypdf(data)


SNIPPETS = [
    b"BT /F1 9.96 Tf 72 700 Td [(Hel)-250(lo)]TJ ET",
    b"q 1 0 0 1 0 0 cm BT /F2 12 Tf 1 0 0 1 100 200 Tm (a\\(b\\)c) Tj T* (x) ' 1 2 (y) \" ET Q",
    b"/P <</MCID 0>> BDC BT /F1 10 Tf [<00410042> 120 (C)] TJ ET EMC",
    b"% a comment\nBT\n/F3 8 Tf\n0 -9.5 TD\n[(nested (paren) ok)]TJ\n/Im0 Do\nET",
    b"0 0 1 rg 10 10 m 20 20 l S BT /F1#20x 7 Tf (\\101\\7777\\q\\\n) Tj ET",
    b"BT /F1 1 Tf 12 0 0 12 50 50 Tm [(a)1.5(b)-.5(c)+3(d)] TJ 0 Tc 0 Tw 100 Tz 5 TL ET",
    b"BT /F1 1 Tf [(a) [(b)] 2] TJ (\\0053) Tj <4 1 4> Tj () Tj <> Tj ET",
    b"BT 1,5 0 Td (x) Tj ET",
    b"BT 1 0 R (x) Tj ET",
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI BT (x) Tj ET",
    b"BT (x) Tj 12345678901234567890 0 Td ET",
    b"BT (unterminated Tj ET",
    b"BT [(a) 1 Tj",
    b"BT ] (x) Tj ET",
    b"BT \x0b (x) Tj ET",
    b"BT /F1 12 Tf (a)Tj 1.2.3 4 Td ET 7",
    b"BT true false null Tj ET",
]


@pytest.mark.parametrize("data", SNIPPETS)
def test_snippet_read_as_pypdf_reads_it(data: bytes) -> None:
    assert _agrees(data)


def test_plain_snippets_are_read_without_pypdf() -> None:
    assert _ours(SNIPPETS[0]) == _pypdf(SNIPPETS[0]) != []
    assert _ours(SNIPPETS[1]) == _pypdf(SNIPPETS[1])


def test_mutated_snippets_agree_or_defer() -> None:
    alphabet = b" \t\n\r\x00\x0b\x0c()<>[]{}/%\\#.,+-0123456789RTJjfdmBIE'\"qQabcx"
    rng = random.Random(16)
    read = 0
    for _ in range(3000):
        data = bytearray(rng.choice(SNIPPETS[:7]))
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(data) + 1)
            action = rng.random()
            if action < 0.4:
                data[i:i] = bytes([rng.choice(alphabet)])
            elif i < len(data):
                if action < 0.7:
                    del data[i]
                else:
                    data[i] = rng.choice(alphabet)
        ours = _ours(bytes(data))
        if ours is not None:
            read += 1
            assert ours == _pypdf(bytes(data)), bytes(data)
    assert read > 1000


def test_fixture_streams_read_as_pypdf_reads_them() -> None:
    checked = 0
    for path in sorted(FIXTURES.glob("*.pdf")):
        reader = PdfReader(path)
        for page in reader.pages:
            contents = page.get("/Contents")
            if contents is None:
                continue
            data = ContentStream(contents.get_object(), reader, "bytes").get_data()
            ours = _ours(data)
            assert ours is not None and ours == _pypdf(data), path.name
            checked += 1
    assert checked > 20
