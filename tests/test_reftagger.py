"""refclean and scripts/reftagger.py: cleaned strings, tokens, alignment, features, a CRF trip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.test_references import STYLES

from proceedings import parse_reference
from proceedings.extract.refclean import clean

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import reftagger


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("[12] K. He , X. Zhang. Deep resi-\nlearning.", "K. He, X. Zhang. Deep resilearning."),
        (
            "3. Lai, P. L. (1998). Canonical correlation.",
            "Lai, P. L. (1998). Canonical correlation.",
        ),
        ("Smith, J. ( 2004 ).Title .Phys .Rev .12", "Smith, J. (2004).Title. Phys. Rev. 12"),
    ],
)
def test_clean(raw: str, cleaned: str) -> None:
    assert clean(raw).strip() == cleaned


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("imaging.IEEE journal", ["imaging.", "IEEE", "journal"]),
        ('Sot-nikov," Structure', ['Sot-nikov,"', "Structure"]),
        ("( 2016). O'Brien", ["(", "2016).", "O'Brien"]),
        ("주택 시장과", ["주택", "시장과"]),
    ],
)
def test_tokens(text: str, words: list[str]) -> None:
    assert [text[a:b] for a, b in reftagger.tokens(text)] == words


@pytest.mark.parametrize(
    ("text", "field", "covered"),
    [
        ("Lai, P. L. Canonical correlation. In ESANN.", "Canonical correlation", [3, 4]),
        ("A. Smith. Títle Ünder test, 2016).", "Title under test", [2, 3, 4]),
        ("A. Smith, 2016).", "2016", [2]),
        ("A. Smith. Title.", "Other title", None),
        ("A. Smith. Title.", None, None),
    ],
)
def test_align(text: str, field: str | None, covered: list[int] | None) -> None:
    keys = reftagger.keys(text, reftagger.tokens(text))
    where = reftagger.align(keys, field)
    assert (list(where) if where is not None else None) == covered


@pytest.mark.parametrize(("style", "raw", "surname", "title", "year", "venue"), STYLES)
def test_rule_labels_mark_the_rules_fields(
    style: str, raw: str, surname: str, title: str | None, year: int, venue: str | None
) -> None:
    text = clean(raw)
    spans = reftagger.tokens(text)
    labels = reftagger.rule_labels(reftagger.keys(text, spans), parse_reference(raw))
    feats = reftagger.features(text, spans, labels)
    assert len(labels) == len(feats) == len(spans)
    assert labels[0] == "A", style
    assert ("T" in labels) == (title is not None), style
    assert all(f"r={label}" in f for label, f in zip(labels, feats, strict=True))


def test_a_trained_tagger_reads_titles(tmp_path: Path) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, raw, _, title, _, _ in STYLES:
        text = clean(raw)
        spans = reftagger.tokens(text)
        keys = reftagger.keys(text, spans)
        where = reftagger.align(keys, title) or range(0)
        gold = ["T" if k in where else "O" for k in range(len(spans))]
        rules = reftagger.rule_labels(keys, parse_reference(raw))
        trainer.append(reftagger.features(text, spans, rules), gold)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 50})
    model = tmp_path / "refs.crfsuite"
    trainer.train(str(model))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    for _, raw, _, title, _, _ in STYLES:
        ref = parse_reference(raw)
        got = reftagger.model_title(clean(raw), ref, tagger)
        assert (got is None) == (title is None)
        assert reftagger.model_title(clean(raw), ref, tagger, trust=1.01) == ref.title
