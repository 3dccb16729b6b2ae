"""Page snippets cut in Python: query words matched by stem, prefix and without accents."""

from __future__ import annotations

import pytest
from tests.conftest import make_paper

from proceedings import Archive, Page
from proceedings.search.pages import SNIPPET_TOKENS, snippet

TEXT = (
    "Large language models now reason at length. We prune chain-of-thought traces so that "
    "reasoning stays accurate while decoding gets cheaper. Pruned traces keep the answer. "
    + " ".join(f"filler{i}" for i in range(60))
    + " Speculative decoders draft tokens; the Schönfeld estimator is unbiased."
)


@pytest.mark.parametrize(
    ("page_match", "marked"),
    [
        ('"reasoning"', ["**reasoning**"]),
        ('"reasons"', ["**reasoning**"]),  # same porter stem as "reason"
        ('"prune"', ["**prune**", "**Pruned**"]),
        ('"decod" *', ["**decoding**"]),
        ('"speculative" OR "decoders"', ["**Speculative**", "**decoders**"]),
        ('"schonfeld"', ["**Schönfeld**"]),
        ('("chain" AND "of" AND "thought")', ["**chain**-**of**-**thought**"]),
    ],
)
def test_snippet_marks_the_forms_of_query_words(page_match: str, marked: list[str]) -> None:
    shown = snippet(TEXT, page_match)
    for word in marked:
        assert word in shown, (page_match, shown)
    assert len(shown.replace("**", "").split()) <= SNIPPET_TOKENS


def test_snippet_prefers_the_window_with_most_distinct_words() -> None:
    shown = snippet(TEXT, '"speculative" OR "unbiased" OR "reasoning"')
    assert "**Speculative**" in shown and "**unbiased**" in shown
    assert shown.startswith("…") and not shown.endswith("…")


def test_snippet_of_a_page_without_the_words_is_empty() -> None:
    assert snippet(TEXT, '"transformer"') == ""
    assert snippet(TEXT, '"prun"') == ""  # "prune" starts so but its stem differs
    assert snippet("", '"reasoning"') == ""


def test_snippet_at_the_start_has_no_leading_ellipsis() -> None:
    shown = snippet(TEXT, '"large"')
    assert shown.startswith("**Large** language models")
    assert shown.endswith("…")


def test_best_page_found_for_a_word_printed_with_accents() -> None:
    paper = make_paper(
        "Unbiased Estimators",
        pages=(
            Page(1, "Unbiased Estimators\nWe study estimators in general."),
            Page(2, "The Schönfeld estimator of Núñez is unbiased under proxies."),
        ),
    )
    with Archive() as archive:
        archive.add(paper)
        hit = archive.search("schonfeld nunez")[0]
    assert hit.page == 2
    assert "**Schönfeld**" in hit.snippet and "**Núñez**" in hit.snippet


MPC = (
    "Adaptive control has a long history. " + " ".join(f"w{i}" for i in range(40)) + " We use "
    "model predictive control (MPC) with a learned model; predictive models help control."
)


def test_a_phrase_is_marked_where_it_stands_whole() -> None:
    page_match = '("model" AND "predictive" AND "control")'
    shown = snippet(MPC, page_match, phrases=["model predictive control"])
    assert "**model** **predictive** **control**" in shown
    assert "learned model" in shown and "**model**;" not in shown
    assert "help control" in shown and "**control**." not in shown


def test_a_phrase_that_never_stands_whole_falls_back_to_its_words() -> None:
    shown = snippet(
        "Control is adaptive. The model is predictive.",
        '("model" AND "control")',
        phrases=["model control"],
    )
    assert "**Control**" in shown and "**model**" in shown
