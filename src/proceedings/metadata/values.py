"""Values read from metadata files, coerced to what a ``Paper`` holds.

In: a value parsed from YAML, JSON, CSV or BibTeX (text, a number, a list, a mapping).
Out: one line of text without control characters, a year, a page range, a person's name, a
tuple of names, or the bibliographic fields (``BIBLIO``) of a record; ``WrongType`` (a
``ValueError``) where a list or an object stands where text belongs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "BIBLIO",
    "CONTROLS",
    "WrongType",
    "biblio",
    "clean",
    "page_range",
    "person",
    "scalar",
    "split_list",
    "text_value",
    "year_of",
]

BIBLIO = ("volume", "pages", "publisher", "series", "url", "pdf", "editor")
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class WrongType(ValueError):
    def __init__(self, field: str, value: Any) -> None:
        super().__init__(f"{field} must be text, not {type(value).__name__}")


def clean(value: str) -> str:
    """``value`` on one line, without control characters (terminal escapes, bidi overrides)."""
    return " ".join(CONTROLS.sub(" ", value).split())


def scalar(field: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise WrongType(field, value)
    return clean(str(value))


def biblio(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: text for k in BIBLIO if (text := text_value(values.get(k)))}


def page_range(value: Any) -> str | None:
    text = text_value(value)
    return re.sub(r"\s*-+\s*", "–", text) if text else None


def person(value: Any) -> str:
    if isinstance(value, Mapping):
        parts = [value.get("given"), value.get("prefix"), value.get("family")]
        name = " ".join(scalar("author", p) for p in parts if p)
        return name or (scalar("author", value["name"]) if value.get("name") else "")
    return scalar("author", value) if value not in (None, "") else ""


def text_value(value: Any, field: str = "title") -> str | None:
    return (scalar(field, value) or None) if value not in (None, "") else None


def year_of(value: Any) -> int | None:
    if value not in (None, "") and (isinstance(value, bool) or not isinstance(value, (str, int))):
        raise WrongType("year", value)
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(value or ""))
    return int(match[1]) if match else None


def split_list(value: Any, seps: str = r";|\s+and\s+", field: str = "authors") -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(name for v in value if (name := person(v)))
    text = scalar(field, value) if value not in (None, "") else ""
    return tuple(s.strip() for s in re.split(seps, text) if s.strip())
