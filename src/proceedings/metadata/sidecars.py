"""Authoritative metadata beside the PDFs, overriding what extraction guessed.

Sources, each matched to a PDF by file name or stem first and by folded title second:

* a PMLR volume checkout (``_config.yml`` + ``_posts/*.md``): a post matches by its ``id``,
  the file name of its ``pdf`` URL, or its own file name (``2023-04-11-<stem>.md``);
* BibTeX (``.bib``): an entry matches by key;
* a table (``.csv``, or ``.json``: a list of objects, or an object keyed by file name) with a
  ``file`` column (also ``filename``, ``pdf`` or ``path``).

Earlier sources win over later ones; every field records where it came from in
``Paper.field_sources`` (``pmlr``, ``bibtex``, ``csv``, ``json``, or ``pdf``).

Metadata files are input like any other: a field of the wrong type (a list or an object where
text belongs), a huge CSV field, JSON nested too deeply or YAML aliases that expand without end
raise ``MetadataError`` naming the file and the line; control characters (terminal escapes)
are stripped from every value.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import MetadataError
from ..models import Author, Paper
from ..text import fold_words as fold
from .bibtex import latex_to_text, parse_bibtex, split_authors
from .values import (
    BIBLIO,
    WrongType,
    biblio,
    clean,
    page_range,
    person,
    scalar,
    split_list,
    text_value,
    year_of,
)
from .yaml import parse_yaml, split_front_matter

__all__ = ["FIELDS", "MetadataIndex", "Record", "find_sidecars"]

FIELDS = ("title", "authors", "abstract", "keywords", "year", "venue", "doi", "arxiv_id")
_TABLE_NAMES = ("metadata.csv", "metadata.json")
MAX_METADATA_BYTES = 64 << 20
MAX_JSON_DEPTH = 64
log = logging.getLogger("proceedings.sidecars")


@dataclass(frozen=True)
class Record:
    """Fields for one paper from one metadata file."""

    kind: str
    origin: str
    fields: Mapping[str, Any]
    keys: tuple[str, ...] = ()


class _Source:
    def __init__(self, kind: str, origin: Path, records: Iterable[Record]) -> None:
        self.kind = kind
        self.origin = origin
        self.by_key: dict[str, Record] = {}
        self.by_title: dict[str, Record] = {}
        for record in records:
            for key in record.keys:
                self.by_key.setdefault(key.lower(), record)
            title = fold(str(record.fields.get("title") or ""))
            if len(title) >= 8:
                self.by_title.setdefault(title, record)

    def match(self, name: str, title: str) -> Record | None:
        stem = name.rsplit(".", 1)[0].lower()
        return (
            self.by_key.get(name.lower()) or self.by_key.get(stem) or self.by_title.get(fold(title))
        )


class MetadataIndex:
    """All metadata sources of one run, in priority order."""

    def __init__(self, sources: Sequence[_Source] = ()) -> None:
        self._sources = list(sources)
        self._matched: list[set[str]] = [set() for _ in self._sources]

    @property
    def sources(self) -> list[str]:
        return [f"{s.kind}:{s.origin}" for s in self._sources]

    @property
    def matched(self) -> dict[str, int]:
        """How many distinct PDFs each source (as in ``sources``) gave fields to so far."""
        return {name: len(keys) for name, keys in zip(self.sources, self._matched, strict=True)}

    @classmethod
    def load(
        cls, paths: Sequence[str | Path], roots: Sequence[Path], *, auto: bool = True
    ) -> MetadataIndex:
        """Sources from ``paths`` (files or folders), then those found beside ``roots``."""
        found: list[Path] = [Path(p) for p in paths]
        if auto:
            found += [p for p in find_sidecars(roots) if p not in found]
        sources = []
        for path in found:
            sources.extend(_load(path))
        for s in sources:
            log.info("metadata: %s %s (%d records)", s.kind, s.origin, len(s.by_key))
        return cls(sources)

    def lookup(self, key: str, title: str) -> list[Record]:
        name = os.path.basename(key)
        found = []
        for source, seen in zip(self._sources, self._matched, strict=True):
            record = source.match(name, title)
            if record is not None:
                found.append(record)
                seen.add(key)
        return found

    def apply(self, paper: Paper, key: str) -> Paper:
        """``paper`` with every field a metadata record gives replaced, and its sources."""
        sources = dict(paper.field_sources)
        for name in FIELDS:
            if name not in sources and getattr(paper, name) not in (None, "", ()):
                sources[name] = "pdf"
        changes: dict[str, Any] = {}
        for record in self.lookup(key, paper.title):
            for name, value in record.fields.items():
                if name in changes or value in (None, "", (), {}):
                    continue
                changes[name] = value
                sources[name] = record.kind
        if "authors" in changes:
            changes["authors"] = _merge_authors(changes["authors"], paper.authors)
        if "biblio" in changes:
            changes["biblio"] = {**paper.biblio, **changes["biblio"]}
        return replace(paper, **changes, field_sources=sources)


def _merge_authors(names: Sequence[str], extracted: Sequence[Author]) -> tuple[Author, ...]:
    """Authoritative names, keeping affiliations and e-mails extraction found for them."""
    known = {fold(a.name).split()[-1]: a for a in extracted if fold(a.name)}
    out = []
    for name in names:
        words = fold(name).split()
        twin = known.get(words[-1]) if words else None
        out.append(Author(name, twin.affiliations, twin.email) if twin else Author(name))
    return tuple(out)


def find_sidecars(roots: Sequence[Path]) -> list[Path]:
    """Metadata a user would expect to be used: in a PDF folder or its parent, a PMLR checkout
    (``_config.yml`` + ``_posts/``, or a ``pmlr/`` folder); in the folder, ``metadata.csv``,
    ``metadata.json`` and ``*.bib``."""
    out: list[Path] = []
    for root in roots:
        folder = root if root.is_dir() else root.parent
        for base in (folder, folder.parent):
            for cand in (base, base / "pmlr"):
                if (cand / "_posts").is_dir() and cand not in out:
                    out.append(cand)
        out += [folder / n for n in _TABLE_NAMES if (folder / n).is_file()]
        out += sorted(p for p in folder.glob("*.bib") if p.is_file())
    return list(dict.fromkeys(out))


def _read_text(path: Path) -> str:
    if path.stat().st_size > MAX_METADATA_BYTES:
        raise ValueError(f"larger than {MAX_METADATA_BYTES >> 20} MB")
    return path.read_text(encoding="utf-8-sig")


def _load(path: Path) -> list[_Source]:
    try:
        if path.is_dir() and (path / "_posts").is_dir():
            return [_Source("pmlr", path, _pmlr(path))]
        if path.is_dir():
            return [s for p in find_sidecars([path]) if p != path for s in _load(p)]
        if path.name == "_config.yml":
            return _load(path.parent)
        suffix = path.suffix.lower()
        text = _read_text(path)
        if suffix == ".bib":
            return [_Source("bibtex", path, _bibtex(path, text))]
        if suffix == ".csv":
            return [_Source("csv", path, _table(path, _csv_rows(path, text), "csv"))]
        if suffix == ".json":
            return [_Source("json", path, _table(path, _json_rows(path, text), "json"))]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise MetadataError(str(path), f"cannot read metadata: {exc}") from exc
    raise MetadataError(str(path), "not a metadata file (.bib, .csv, .json or a PMLR checkout)")


def _pmlr(folder: Path) -> list[Record]:
    config: Any = {}
    if (folder / "_config.yml").is_file():
        config = _yaml(folder / "_config.yml", _read_text(folder / "_config.yml")) or {}
    if not isinstance(config, dict):
        raise MetadataError(str(folder / "_config.yml"), "expected a mapping")
    records = []
    for post in sorted((folder / "_posts").glob("*.md")):
        front = split_front_matter(_read_text(post))
        if front is None:
            continue
        data = _yaml(post, front)
        if not isinstance(data, dict) or not data.get("title"):
            continue
        keys = [str(data.get("id") or ""), re.sub(r"^\d{4}-\d\d-\d\d-", "", post.stem)]
        if data.get("pdf"):
            keys.append(str(data["pdf"]).rsplit("/", 1)[-1])
        try:
            authors = data.get("author") or ()
            fields = {
                "title": text_value(data.get("title")),
                "abstract": text_value(data.get("abstract"), "abstract"),
                "authors": split_list(authors if isinstance(authors, list) else [authors]),
                "year": year_of(config.get("year") or data.get("date")),
                "venue": text_value(data.get("booktitle") or config.get("booktitle"), "booktitle"),
                "biblio": _pmlr_biblio(data, config),
            }
        except WrongType as exc:
            line = _line_of(front, str(exc).split()[0])
            raise MetadataError(str(post), f"line {line}: {exc}") from None
        records.append(Record("pmlr", str(post), fields, tuple(k for k in keys if k)))
    return records


def _yaml(path: Path, text: str) -> Any:
    try:
        return parse_yaml(text)
    except ValueError as exc:
        raise MetadataError(str(path), f"bad front matter: {exc}") from exc
    except RecursionError:
        raise MetadataError(str(path), "bad front matter: nested too deeply") from None


def _line_of(text: str, field: str) -> int:
    """The line of ``text`` that sets ``field`` (YAML ``field:``, JSON ``"field":``), or 1."""
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(rf"""\s*["']?{re.escape(field)}["']?\s*:""", line):
            return n
    return 1


def _pmlr_biblio(post: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, str]:
    """Volume, pages, series, publisher, editors and the paper's landing page and PDF."""
    values: dict[str, Any] = {
        "volume": post.get("volume") or config.get("volume"),
        "pages": page_range(post.get("page")),
        "publisher": post.get("publisher") or config.get("publisher"),
        "series": post.get("series") or config.get("series"),
        "pdf": post.get("pdf"),
        "editor": "; ".join(person(e) for e in config.get("editor") or () if person(e)),
    }
    base, path = config.get("url"), config.get("baseurl")
    if base and path and post.get("id"):
        values["url"] = f"{str(base).rstrip('/')}/{str(path).strip('/')}/{post['id']}.html"
    return biblio(values)


def _bibtex(path: Path, text: str) -> list[Record]:
    entries, errors = parse_bibtex(text)
    for error in errors:
        log.warning("%s: %s", path, error)
    records = []
    for e in entries:
        arxiv = e.get("eprint") if "arxiv" in e.get("archiveprefix", "").lower() else None
        fields = {
            "title": text_value(latex_to_text(e.get("title", ""))),
            "authors": tuple(
                name for a in split_authors(e.get("author", "")) if (name := clean(a))
            ),
            "abstract": text_value(latex_to_text(e.get("abstract", "")), "abstract"),
            "keywords": split_list(latex_to_text(e.get("keywords", "")), r"[;,]", "keywords"),
            "year": year_of(e.get("year")),
            "venue": text_value(
                latex_to_text(e.get("booktitle") or e.get("journal") or ""), "venue"
            ),
            "doi": text_value(e.get("doi"), "doi"),
            "arxiv_id": text_value(arxiv, "eprint"),
            "biblio": biblio(
                {
                    **{k: latex_to_text(e.get(k, "")) for k in BIBLIO},
                    "pages": page_range(e.get("pages")),
                    "editor": "; ".join(split_authors(e.get("editor", ""))),
                }
            ),
        }
        keys = [e["ID"]] + [os.path.basename(e[k]) for k in ("file", "pdf") if e.get(k)]
        records.append(Record("bibtex", str(path), fields, tuple(keys)))
    return records


Rows = list[tuple[int, Mapping[str, Any]]]


def _csv_rows(path: Path, text: str) -> Rows:
    """The rows of a CSV file with the line each starts on."""
    reader = csv.DictReader(text.splitlines())
    rows: Rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise MetadataError(str(path), f"line {reader.line_num + 1}: {exc}") from None
    return rows


def _depth_line(text: str, limit: int) -> int | None:
    """The line where JSON ``text`` nests deeper than ``limit``, if it does."""
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        elif in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth -= 1
    return None


def _json_rows(path: Path, text: str) -> Rows:
    """The objects of a JSON metadata file, each with the line of its file name (or 1)."""
    deep = _depth_line(text, MAX_JSON_DEPTH)
    if deep is not None:
        raise MetadataError(str(path), f"line {deep}: nested deeper than {MAX_JSON_DEPTH} levels")
    data = json.loads(text)
    if isinstance(data, Mapping):
        rows: list[Mapping[str, Any]] = [
            {"file": k, **v} for k, v in data.items() if isinstance(v, Mapping)
        ]
    elif isinstance(data, list):
        rows = [r for r in data if isinstance(r, Mapping)]
    else:
        raise ValueError("expected a list of objects or an object keyed by file name")
    lines = text.splitlines()

    def line_of(row: Mapping[str, Any]) -> int:
        name = json.dumps(
            str(next((row[k] for k in ("file", "filename", "pdf", "path") if k in row), ""))
        )
        return next((n for n, ln in enumerate(lines, 1) if name in ln), 1)

    return [(line_of(r), r) for r in rows]


def _table(path: Path, rows: Rows, kind: str) -> list[Record]:
    records = []
    for line, raw in rows:
        row = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
        key = next((row[k] for k in ("file", "filename", "pdf", "path") if row.get(k)), None)
        if not key:
            log.warning("%s: line %d has no file column; skipped", path, line)
            continue
        try:
            fields = {
                "title": text_value(row.get("title")),
                "authors": split_list(row.get("authors") or row.get("author")),
                "abstract": text_value(row.get("abstract"), "abstract"),
                "keywords": split_list(row.get("keywords"), r"[;,]", "keywords"),
                "year": year_of(row.get("year")),
                "venue": text_value(row.get("venue") or row.get("booktitle"), "venue"),
                "doi": text_value(row.get("doi"), "doi"),
                "arxiv_id": text_value(row.get("arxiv_id") or row.get("arxiv"), "arxiv_id"),
                "biblio": biblio({**row, "pages": page_range(row.get("pages")), "pdf": None}),
            }
            name = os.path.basename(scalar("file", key))
        except WrongType as exc:
            raise MetadataError(str(path), f"line {line}: {exc}") from None
        records.append(Record(kind, str(path), fields, (name,)))
    return records
