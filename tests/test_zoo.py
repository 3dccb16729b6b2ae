"""The mixed zoo (issue 13): more than 40 kinds of bad entry beside 20 good PDFs. One ingest
takes bounded time, exits 3, stores every good paper, prints no traceback, and no process
goes past the memory cap; every bad entry is recorded with a clear reason."""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from proceedings import Archive
from test_ingest_workers import make_pdf, write_pdf

PROC = [sys.executable, "-c", "from proceedings.cli import cli; cli()"]
CAP = 1 << 30


def build_zoo(folder: Path, outside: Path) -> set[str]:
    """Write the bad entries; returns their file names."""
    rng = random.Random(13)
    good = make_pdf("A Template For Damaged Copies", pages=3)
    for pdf in sorted((FIXTURES / "bad").glob("*.pdf")):
        shutil.copy(pdf, folder / pdf.name)
    files = {
        "zeros.pdf": bytes(4096),
        "random.pdf": rng.randbytes(50_000),
        "header_then_noise.pdf": b"%PDF-1.7\n" + rng.randbytes(50_000),
        "half.pdf": good[: len(good) // 2],
        "ten_bytes.pdf": good[:10],
        "gzip.pdf": gzip.compress(good),
        "png.pdf": b"\x89PNG\r\n\x1a\n" + rng.randbytes(1000),
        "utf16.pdf": "not a pdf at all".encode("utf-16"),
        "bad_startxref.pdf": good.replace(b"startxref\n", b"startxref\n999999"),
        "no_eof.pdf": good.replace(b"%%EOF", b""),
        "flipped.pdf": good[:400] + bytes(b ^ 0xFF for b in good[400:800]) + good[800:],
        "nulls.pdf": good[:300] + bytes(5000) + good[300:],
        "percent.pdf": b"%",
        "header_only.pdf": b"%PDF-1.7\n",
        "one_long_line.pdf": b"A" * (1 << 20),
        "html_with_marker.pdf": b"<html>%PDF-1.4 <body>not really</body></html>",
        "same_bytes_as_bomb.pdf": (FIXTURES / "bad" / "bomb.pdf").read_bytes(),
        "new\nline.pdf": b"%PDF-1.4\n% a name with a newline\n",
        ("x" * 240) + ".pdf": b"%PDF-1.4\n% a long name\n",
    }
    zip_path = folder / "zip.pdf"
    with zipfile.ZipFile(zip_path, "w") as zf:
        zf.writestr("inner.pdf", good)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with open(os.fsencode(folder) + b"/latin1-\xe9.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4\n% undecodable name\n")
    os.mkfifo(folder / "fifo.pdf")
    (folder / "zero.pdf").symlink_to("/dev/zero")
    (folder / "urandom.pdf").symlink_to("/dev/urandom")
    (folder / "dangling.pdf").symlink_to(folder / "gone" / "nothing.pdf")
    (folder / "loop_a.pdf").symlink_to(folder / "loop_b.pdf")
    (folder / "loop_b.pdf").symlink_to(folder / "loop_a.pdf")
    (folder / "folder.pdf").mkdir()
    (folder / "linked_folder.pdf").symlink_to(folder / "folder.pdf")
    write_pdf(outside / "private.pdf", "A Private Paper Outside The Zoo")
    (folder / "outside.pdf").symlink_to(outside / "private.pdf")
    with open(folder / "huge.pdf", "wb") as fh:
        fh.truncate(300 << 20)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.pdf"))
    sock.close()
    return {os.fsdecode(p.name) for p in folder.iterdir() if not p.name.startswith("good")}


@pytest.mark.slow
def test_the_mixed_zoo(tmp_path: Path) -> None:
    folder = tmp_path / "zoo"
    folder.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    bad = build_zoo(folder, outside)
    good = {f"good{n:02d}.pdf" for n in range(20)}
    for name in sorted(good):
        write_pdf(folder / name, f"A Good Paper In The Zoo Number {name[4:6]}")
    assert len(bad) >= 40
    db = tmp_path / "zoo.db"
    started = time.monotonic()
    args = ["--db", str(db), "ingest", "--json", "--timeout", "30", "--max-memory", "1G"]
    result = subprocess.run(
        [*PROC, *args, str(folder)], capture_output=True, text=True, timeout=900, check=False
    )
    elapsed = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["worker_maxrss_kb"] * 1024 < CAP
    assert peak_kb * 1024 < CAP
    with Archive(db, readonly=True) as archive:
        stored = {Path(p.source or "").name for p in archive.papers()}
        titles = [p.title for p in archive.papers()]
        failed = {os.path.basename(f.path): f for f in archive.failures()}
    assert good <= stored
    outcomes = {"stored": 0, "failed cleanly": 0}
    kept = []
    for name in sorted(bad):
        key = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if key in failed:
            assert failed[key].error_class and failed[key].error, key
            outcomes["failed cleanly"] += 1
        else:
            outcomes["stored"] += 1
            kept.append(name)
    print(
        f"zoo: {len(bad)} bad kinds + {len(good)} good in {elapsed:.1f} s; {outcomes}; "
        f"good stored {len(good & stored)}/{len(good)}; peak RSS {peak_kb / 1024:.0f} MB; "
        f"worker peak {report['worker_maxrss_kb'] / 1024:.0f} MB; read as papers: {kept}"
    )
    assert not any("Private" in t for t in titles)
