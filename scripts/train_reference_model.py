#!/usr/bin/env python3
"""Train the reference title tagger (a python-crfsuite CRF) and score it against the rules.

    python scripts/train_reference_model.py [--fold even|odd] [--out PATH]
        [--generated styles,all,title|none] [--eval FILE.jsonl ...]

In: the labelled references in ``../shared/references/grobid-citations-dev.jsonl``, only the
lines of ``--fold`` (even line numbers, or odd for the mirror check), each twice, and labelled
references generated with fixed seeds: ``make_style_references.py --artifacts`` on the corpus
truth (``styles``), ``recombine_references.py`` on the same half (``all``, ``title``). Each
string is cleaned as ``parse_reference`` cleans it, cut into tokens and labelled T where its
labelled title lies (rows whose title is not found are left out); the features are
``reftagger.features``, the rule parser's own fields among them. Out: the model file (outside
the repository by default) and, with ``--eval``, one line per file and parser (rules, model,
hybrid: the model only where its reading has probability >= ``--trust``) in the scorer's terms:
title P/R/F1, first author, year, references per second.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import reftagger  # noqa: E402

from proceedings.extract.refclean import clean  # noqa: E402
from proceedings.extract.references import parse_reference  # noqa: E402
from proceedings.models import Reference  # noqa: E402

SHARED = ROOT.parent / "shared"
LABELLED = SHARED / "references" / "grobid-citations-dev.jsonl"
SCORER = SHARED / "eval" / "score_references.py"
PARAMS = {"c1": 0.2, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}


def half(rows: list[dict[str, Any]], fold: str) -> list[dict[str, Any]]:
    """Rows on even (2, 4, ...) or odd (1, 3, ...) line numbers."""
    return [r for n, r in enumerate(rows, 1) if (n % 2 == 0) == (fold == "even")]


def generated(labelled: Path, seed: int, which: list[str]) -> list[dict[str, Any]]:
    """Style references from the corpus truth and recombinations of ``labelled``."""
    truth = sorted(str(p) for p in (SHARED / "corpus").glob("*/truth.jsonl"))
    recombine = [str(ROOT / "scripts" / "recombine_references.py"), str(labelled), "--fields"]
    runs = {
        "styles": [str(ROOT / "scripts" / "make_style_references.py"), *truth, "--artifacts"],
        "all": [*recombine, "all"],
        "title": [*recombine, "title"],
    }
    out: list[dict[str, Any]] = []
    for kind in which:
        cmd = [sys.executable, *runs[kind], "--seed", str(seed)]
        text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        out += [json.loads(line) for line in text.splitlines() if line.strip()]
    return out


def example(row: dict[str, Any]) -> tuple[list[list[str]], list[str]] | None:
    """Features and gold labels of one labelled row (``None`` if its title is not found)."""
    text = clean(row["raw"])
    spans = reftagger.tokens(text)
    if not spans:
        return None
    keys = reftagger.keys(text, spans)
    gold = ["O"] * len(spans)
    where = reftagger.align(keys, row.get("title"))
    if where is None and row.get("title"):
        return None
    for k in where or ():
        gold[k] = "T"
    rules = reftagger.rule_labels(keys, parse_reference(row["raw"]))
    return reftagger.features(text, spans, rules), gold


def train(rows: list[dict[str, Any]], out: Path) -> int:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    used = 0
    for row in rows:
        ex = example(row)
        if ex is not None:
            trainer.append(*ex)
            used += 1
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return used


def parsers(model: Path, trust: float) -> dict[str, Callable[[str], Reference]]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))

    def with_model(level: float) -> Callable[[str], Reference]:
        def parse(raw: str) -> Reference:
            ref = parse_reference(raw)
            return replace(ref, title=reftagger.model_title(clean(raw), ref, tagger, trust=level))

        return parse

    return {"rules": parse_reference, "model": with_model(0.0), "hybrid": with_model(trust)}


def evaluate(files: list[Path], model: Path, trust: float) -> None:
    spec = importlib.util.spec_from_file_location("score_references", SCORER)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    print("file\tparser\ttitle P/R/F1\tfirst_author\tyear\trefs/s")
    for path in files:
        for name, parse in parsers(model, trust).items():
            parse("warm up")
            t0 = time.perf_counter()
            res, _ = scorer.score(str(path), parse, 0)
            rate = res["refs"] / (time.perf_counter() - t0)
            title = f"{res['title_p']}/{res['title_r']}/{res['title']}"
            print(f"{path.name}\t{name}\t{title}\t{res['first_author']}\t{res['year']}\t{rate:.0f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fold", choices=["even", "odd"], default="even")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "refs.crfsuite")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--generated", default="styles", help="comma-separated kinds, or 'none'")
    ap.add_argument("--eval", type=Path, nargs="*", default=[])
    ap.add_argument("--trust", type=float, default=0.95)
    a = ap.parse_args()
    rows = [json.loads(line) for line in LABELLED.open(encoding="utf-8")]
    part = half(rows, a.fold)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{a.fold}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part))
        extra = generated(path, a.seed, [w for w in a.generated.split(",") if w != "none"])
    used = train(part * 2 + extra, a.out)
    print(
        f"{a.fold}: {len(part)} labelled x2 + {len(extra)} generated; {used} used; "
        f"model {a.out} ({a.out.stat().st_size / 1024:.0f} KiB)"
    )
    if a.eval:
        evaluate(a.eval, a.out, a.trust)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
