"""What a notebook shows: short reprs, HTML, and pandas frames of papers and hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from proceedings import Archive
from proceedings.notebook import PAPER_COLUMNS


def test_reprs_are_short_and_name_the_thing(demo_db: Path) -> None:
    with Archive(demo_db, readonly=True) as archive:
        paper = archive.get(next(archive.papers()).id or "")
        stats = archive.stats()
        text = repr(paper)
        assert len(paper.text) > 5000
        assert len(text) < 250 and paper.id in text and str(paper.year) in text
        assert paper.title[:20] in text
        html = paper._repr_html_()
        assert len(html) < 4000 and "<table>" in html and paper.authors[0].name in html
        assert repr(stats) == (
            f"<Stats {stats.papers} papers, {stats.authors} authors, {stats.pages} pages, "
            f"{stats.files} files ({stats.failed_files} failed)>"
        )
        assert f"<td>{stats.papers}</td>" in stats._repr_html_()
        assert repr(archive) == f"<Archive {demo_db}, {stats.papers} papers>"
        assert str(demo_db) in archive._repr_html_() and "<table>" in archive._repr_html_()
    assert repr(archive) == f"<Archive {demo_db}>"


def test_archive_to_pandas_has_a_row_per_paper(demo_db: Path) -> None:
    pytest.importorskip("pandas")
    with Archive(demo_db, readonly=True) as archive:
        frame = archive.to_pandas()
        ids = sorted(p.id or "" for p in archive.papers())
        year = next(archive.papers()).year
        assert len(archive.to_pandas(year=year)) == sum(
            1 for p in archive.papers() if p.year == year
        )
    assert list(frame.columns) == list(PAPER_COLUMNS)
    assert sorted(frame["id"]) == ids
    assert all(isinstance(a, list) and a for a in frame["authors"])


def test_hits_frame_has_plain_and_marked_snippets(demo_db: Path) -> None:
    pytest.importorskip("pandas")
    with Archive(demo_db, readonly=True) as archive:
        results = archive.search("reasoning", limit=5)
    frame = results.to_pandas()
    assert len(frame) == len(results) > 0
    assert not frame["snippet"].str.contains(r"\*\*").any()
    assert frame["snippet_marked"].str.contains(r"\*\*").all()
    assert list(frame["snippet"]) == [h.snippet.replace("**", "") for h in results]
