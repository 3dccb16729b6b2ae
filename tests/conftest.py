from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings import Archive, Author, Page, Paper, Section

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def good_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.pdf"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def fixture_pdfs() -> list[Path]:
    pdfs = good_fixtures()
    if not pdfs:
        pytest.skip("fixtures/ has no PDFs; run scripts/make_fixtures.py")
    return pdfs


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, fixture_pdfs: list[Path]) -> Path:
    """An archive of the demo corpus, built once per session; tests must not modify it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Archive(path) as archive:
        report = archive.ingest(fixture_pdfs)
    assert report.added == len(fixture_pdfs)
    return path


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Archive]:
    with Archive(demo_db) as archive:
        yield archive


@pytest.fixture
def pdf_dir(tmp_path: Path, fixture_pdfs: list[Path]) -> Path:
    """A writable folder with copies of three demo PDFs."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in fixture_pdfs[:3]:
        shutil.copy(pdf, folder / pdf.name)
    return folder


def make_paper(title: str, *, body: str = "", year: int = 2026, **kw: object) -> Paper:
    fields: dict[str, object] = {
        "authors": (Author("Ji-woo Park", ("KAIST",), "jwpark@kaist.ac.kr"), Author("Zoë Lefèvre")),
        "abstract": f"We study {title.lower()}.",
        "keywords": ("testing",),
        "year": year,
        "venue": "Proceedings of the 43rd International Conference on Machine Learning",
        "pages": (Page(1, f"{title}\n{body}"), Page(2, "More text on page two. " + body)),
        "sections": (Section("Introduction", 1), Section("Experiments", 2)),
        "references": ("A. Author. A paper. In ICML, 2025.",),
        "page_count": 2,
    }
    fields.update(kw)
    return Paper(title=title, **fields)  # type: ignore[arg-type]


@pytest.fixture
def small() -> Iterator[Archive]:
    """An in-memory archive with four papers added directly."""
    with Archive() as archive:
        archive.add(
            make_paper(
                "Efficient Reasoning with Adaptive Chain-of-Thought",
                body="We prune chain-of-thought tokens for efficient reasoning.",
            )
        )
        archive.add(
            make_paper(
                "Low-Rank Finetuning of Vision Transformers",
                body="Vision transformer adapters; GPT-4 is not used.",
                year=2025,
            )
        )
        archive.add(
            make_paper(
                "Scalable Reinforcement Learning with Many Actors",
                body="Distributed actor learner reinforcement learning at scale.",
            )
        )
        archive.add(
            make_paper(
                "Graph Neural Networks for Molecules",
                body="Message passing over molecular graphs.",
                year=2024,
            )
        )
        yield archive
