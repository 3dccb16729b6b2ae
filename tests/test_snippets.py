"""Page snippets cut in Python: query words matched by stem, prefix and without accents."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import make_paper

from proceedings import Archive, Author, Page
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


@pytest.mark.parametrize(
    ("text", "marked", "plain"),
    [
        # the phrase nowhere whole: its content words still say why, its "of" alone does not
        (
            "A principled treatment of slow sampling keeps accuracy; the chain is short.",
            ["**accuracy**", "**chain**"],
            ["**of**"],
        ),
        # the phrase whole: its "of" is marked there, and only there
        (
            "Trade-offs of pruning: chain of thought length falls, accuracy stays.",
            ["**chain** **of** **thought**", "**accuracy**"],
            ["**of** pruning"],
        ),
    ],
)
def test_a_stopword_of_a_phrase_is_marked_only_inside_the_phrase(
    text: str, marked: list[str], plain: list[str]
) -> None:
    shown = snippet(text, '"chain of thought" OR "accuracy"', phrases=["chain of thought"])
    assert all(m in shown for m in marked), shown
    assert not any(p in shown for p in plain), shown


def _shared_title_words(title: str, abstract: str) -> list[str]:
    from proceedings.text import STOPWORDS, fold_words

    body = set(fold_words(abstract).split())
    words = [w for w in fold_words(title).split() if len(w) > 3 and w not in STOPWORDS]
    return [w for w in words if w in body][:2]


def test_page_one_header_is_never_the_snippet_when_the_rest_matches(demo_db: Path) -> None:
    from proceedings.search.header_region import header_end
    from proceedings.search.pages import best_pages

    checked = 0
    with Archive(demo_db, readonly=True) as archive:
        for paper in archive.papers(include_text=True):
            words = _shared_title_words(paper.title, paper.abstract)
            if not words or not paper.id:
                continue
            match = " AND ".join(f'"{w}"' for w in words)
            hits = best_pages(archive.db, [paper.id], match, n=5)[paper.id]
            names = [a.name for a in paper.authors]
            end = header_end(paper.pages[0].text, paper.title, paper.abstract, names)
            assert end > 0, paper.id
            for hit in hits:
                shown = hit.snippet.replace("**", "")
                assert not any(name in shown for name in names), (paper.id, hit.snippet)
            checked += 1
    assert checked >= 10


def test_the_header_is_the_snippet_when_only_it_matches() -> None:
    from proceedings.search.pages import best_pages

    header = "Frugal Widgets for Gears\nAda Lovelace\nAnalytical Engines Ltd, London\n"
    page1 = header + "Abstract We study frugal widgets for gears. Widgets turn gears."
    paper = make_paper(
        "Frugal Widgets for Gears",
        authors=(Author("Ada Lovelace", ("Analytical Engines Ltd, London",)),),
        abstract="We study frugal widgets for gears.",
        pages=(Page(1, page1), Page(2, "Gears mesh.")),
    )
    with Archive() as archive:
        pid = archive.add(paper)
        (name,) = best_pages(archive.db, [pid], '"lovelace"')[pid]
        (word,) = best_pages(archive.db, [pid], '"frugal"')[pid]
    assert "**Lovelace**" in name.snippet
    assert word.snippet.startswith("…") and "Lovelace" not in word.snippet
    assert "**frugal**" in word.snippet
