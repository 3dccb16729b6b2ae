"""Ranking split over rowid ranges and threads gives the ranking of one statement."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from proceedings import Archive
from proceedings.search import Partitions

QUERIES = [
    "efficient reasoning",
    '"chain of thought"',
    "diffusion OR protein",
    "learn* -federated",
    "reasoning",
    "zzqxv",
]


@pytest.mark.parametrize("workers", [2, 3, 5])
@pytest.mark.parametrize("query", QUERIES)
def test_partitions_rank_like_one_statement(demo_db: Path, query: str, workers: int) -> None:
    with Archive(demo_db, readonly=True) as one, Archive(demo_db, readonly=True) as split:
        one._partitions = Partitions(demo_db, workers=1)
        split._partitions = Partitions(demo_db, workers=workers, min_papers=0)
        for limit, offset in [(10, 0), (3, 2), (0, 0)]:
            expected = one.search(query, limit=limit, offset=offset)
            got = split.search(query, limit=limit, offset=offset)
            assert got.total == expected.total
            assert [(h.id, round(h.score, 9)) for h in got] == [
                (h.id, round(h.score, 9)) for h in expected
            ]


def test_partitions_need_enough_papers(demo_db: Path) -> None:
    calls: list[tuple[int, int]] = []
    partitions = Partitions(demo_db, workers=2)
    with Archive(demo_db, readonly=True) as archive:
        done = partitions.map(archive.db, lambda _c, lo, hi: calls.append((lo, hi)))
    assert done is None and calls == []
    partitions = Partitions(demo_db, workers=2, min_papers=0)
    with Archive(demo_db, readonly=True) as archive:
        done = partitions.map(archive.db, lambda _c, lo, hi: (lo, hi))
        low, high = archive.db.execute("SELECT min(rowid), max(rowid) FROM papers").fetchone()
    partitions.close()
    assert done is not None and done[0][0] == low and done[-1][1] == high
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(done))


def test_in_memory_archive_ranks_on_one_connection() -> None:
    with Archive() as archive:
        assert archive._partitions is None
        assert archive.search("anything").total == 0


def test_a_failing_range_fails_the_search_and_leaves_the_threads_usable(demo_db: Path) -> None:
    partitions = Partitions(demo_db, workers=3, min_papers=0)

    def work(connection: object, low: int, high: int) -> int:
        if low == 1:
            raise RuntimeError("range failed")
        return high - low

    with Archive(demo_db, readonly=True) as archive:
        with pytest.raises(RuntimeError, match="range failed"):
            partitions.map(archive.db, work)
        done = partitions.map(archive.db, lambda _c, lo, hi: hi - lo)
    partitions.close()
    assert done is not None and len(done) == 3
