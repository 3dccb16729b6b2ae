"""Authoritative metadata beside the PDFs, overriding what extraction guessed.

Sources, each matched to a PDF by file name or stem first and by folded title second:

* a PMLR volume checkout (``_config.yml`` + ``_posts/*.md``): a post matches by its ``id``,
  the file name of its ``pdf`` URL, or its own file name (``2023-04-11-<stem>.md``);
* BibTeX (``.bib``): an entry matches by key;
* a table (``.csv``, or ``.json``: a list of objects, or an object keyed by file name) with a
  ``file`` column (also ``filename``, ``pdf`` or ``path``).

Earlier sources win over later ones; every field records where it came from in
``Paper.field_sources`` (``pmlr``, ``bibtex``, ``csv``, ``json``, or ``pdf``).
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

from .bibparse import latex_to_text, parse_bibtex, split_authors
from .errors import MetadataError
from .frontmatter import parse_yaml, split_front_matter
from .models import Author, Paper
from .store import fold

__all__ = ["FIELDS", "MetadataIndex", "Record", "find_sidecars"]

FIELDS = ("title", "authors", "abstract", "keywords", "year", "venue", "doi", "arxiv_id")
BIBLIO = ("volume", "pages", "publisher", "series", "url", "pdf", "editor")
_TABLE_NAMES = ("metadata.csv", "metadata.json")
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


def _load(path: Path) -> list[_Source]:
    try:
        if path.is_dir() and (path / "_posts").is_dir():
            return [_Source("pmlr", path, _pmlr(path))]
        if path.is_dir():
            return [s for p in find_sidecars([path]) if p != path for s in _load(p)]
        if path.name == "_config.yml":
            return _load(path.parent)
        suffix = path.suffix.lower()
        text = path.read_text(encoding="utf-8-sig")
        if suffix == ".bib":
            return [_Source("bibtex", path, _bibtex(path, text))]
        if suffix == ".csv":
            return [
                _Source("csv", path, _table(path, list(csv.DictReader(text.splitlines())), "csv"))
            ]
        if suffix == ".json":
            return [_Source("json", path, _table(path, _json_rows(json.loads(text)), "json"))]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise MetadataError(str(path), f"cannot read metadata: {exc}") from exc
    raise MetadataError(str(path), "not a metadata file (.bib, .csv, .json or a PMLR checkout)")


def _pmlr(folder: Path) -> list[Record]:
    config: dict[str, Any] = {}
    if (folder / "_config.yml").is_file():
        config = parse_yaml((folder / "_config.yml").read_text(encoding="utf-8")) or {}
    records = []
    for post in sorted((folder / "_posts").glob("*.md")):
        front = split_front_matter(post.read_text(encoding="utf-8"))
        if front is None:
            continue
        try:
            data = parse_yaml(front)
        except ValueError as exc:
            raise MetadataError(str(post), f"bad front matter: {exc}") from exc
        if not isinstance(data, dict) or not data.get("title"):
            continue
        keys = [str(data.get("id") or ""), re.sub(r"^\d{4}-\d\d-\d\d-", "", post.stem)]
        if data.get("pdf"):
            keys.append(str(data["pdf"]).rsplit("/", 1)[-1])
        fields = {
            "title": _text(data.get("title")),
            "abstract": _text(data.get("abstract")),
            "authors": tuple(_person(a) for a in data.get("author") or () if _person(a)),
            "year": _year(config.get("year") or data.get("date")),
            "venue": _text(data.get("booktitle") or config.get("booktitle")),
            "biblio": _pmlr_biblio(data, config),
        }
        records.append(Record("pmlr", str(post), fields, tuple(k for k in keys if k)))
    return records


def _pmlr_biblio(post: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, str]:
    """Volume, pages, series, publisher, editors and the paper's landing page and PDF."""
    values: dict[str, Any] = {
        "volume": post.get("volume") or config.get("volume"),
        "pages": _pages(post.get("page")),
        "publisher": post.get("publisher") or config.get("publisher"),
        "series": post.get("series") or config.get("series"),
        "pdf": post.get("pdf"),
        "editor": "; ".join(_person(e) for e in config.get("editor") or () if _person(e)),
    }
    base, path = config.get("url"), config.get("baseurl")
    if base and path and post.get("id"):
        values["url"] = f"{str(base).rstrip('/')}/{str(path).strip('/')}/{post['id']}.html"
    return _biblio(values)


def _biblio(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: text for k in BIBLIO if (text := _text(values.get(k)))}


def _pages(value: Any) -> str | None:
    text = _text(value)
    return re.sub(r"\s*-+\s*", "–", text) if text else None


def _person(value: Any) -> str:
    if isinstance(value, Mapping):
        parts = [value.get("given"), value.get("prefix"), value.get("family")]
        return " ".join(str(p) for p in parts if p) or str(value.get("name") or "")
    return str(value or "")


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value not in (None, "") else None


def _year(value: Any) -> int | None:
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(value or ""))
    return int(match[1]) if match else None


def _split_list(value: Any, seps: str = r";|\s+and\s+") -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(_person(v) for v in value if _person(v))
    return tuple(s.strip() for s in re.split(seps, str(value or "")) if s.strip())


def _bibtex(path: Path, text: str) -> list[Record]:
    entries, errors = parse_bibtex(text)
    for error in errors:
        log.warning("%s: %s", path, error)
    records = []
    for e in entries:
        fields = {
            "title": latex_to_text(e.get("title", "")) or None,
            "authors": tuple(split_authors(e.get("author", ""))),
            "abstract": latex_to_text(e.get("abstract", "")) or None,
            "keywords": _split_list(latex_to_text(e.get("keywords", "")), r"[;,]"),
            "year": _year(e.get("year")),
            "venue": latex_to_text(e.get("booktitle") or e.get("journal") or "") or None,
            "doi": e.get("doi") or None,
            "arxiv_id": e.get("eprint") if "arxiv" in e.get("archiveprefix", "").lower() else None,
            "biblio": _biblio(
                {
                    **{k: latex_to_text(e.get(k, "")) for k in BIBLIO},
                    "pages": _pages(e.get("pages")),
                    "editor": "; ".join(split_authors(e.get("editor", ""))),
                }
            ),
        }
        keys = [e["ID"]] + [os.path.basename(e[k]) for k in ("file", "pdf") if e.get(k)]
        records.append(Record("bibtex", str(path), fields, tuple(keys)))
    return records


def _json_rows(data: Any) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        return [{"file": k, **v} for k, v in data.items() if isinstance(v, Mapping)]
    if isinstance(data, list):
        return [r for r in data if isinstance(r, Mapping)]
    raise ValueError("expected a list of objects or an object keyed by file name")


def _table(path: Path, rows: Sequence[Mapping[str, Any]], kind: str) -> list[Record]:
    records = []
    for n, raw in enumerate(rows, 1):
        row = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
        key = next((row[k] for k in ("file", "filename", "pdf", "path") if row.get(k)), None)
        if not key:
            log.warning("%s: row %d has no file column; skipped", path, n)
            continue
        fields = {
            "title": _text(row.get("title")),
            "authors": _split_list(row.get("authors") or row.get("author")),
            "abstract": _text(row.get("abstract")),
            "keywords": _split_list(row.get("keywords"), r"[;,]"),
            "year": _year(row.get("year")),
            "venue": _text(row.get("venue") or row.get("booktitle")),
            "doi": _text(row.get("doi")),
            "arxiv_id": _text(row.get("arxiv_id") or row.get("arxiv")),
            "biblio": _biblio({**row, "pages": _pages(row.get("pages")), "pdf": None}),
        }
        records.append(Record(kind, str(path), fields, (os.path.basename(str(key)),)))
    return records
