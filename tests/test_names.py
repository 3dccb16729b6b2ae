"""Unit tests for the tricky strings of bylines and extracted text."""

from __future__ import annotations

import pytest

from proceedings.extract.char_fixes import clean_text
from proceedings.extract.hyphenation import dehyphenate, vocabulary
from proceedings.extract.names import (
    expand_emails,
    looks_like_affiliation,
    looks_like_name,
    match_email,
    normalize_name,
    split_names,
    strip_markers,
)
from proceedings.extract.venue import find_arxiv_id, find_doi, find_venue


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Maarten van der Berg", "Maarten van der Berg"),
        ("María de la Cruz", "María de la Cruz"),
        ("José Núñez-García", "José Núñez-García"),
        ("Ji-woo Park", "Ji-woo Park"),
        ("Seung-hyun Kim", "Seung-hyun Kim"),
        ("Łukasz Wróbel", "Łukasz Wróbel"),
        ("Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("Søren Østergaard", "Søren Østergaard"),
        ("ANDREW MCCALLUM", "Andrew McCallum"),
        ("PATRICK O'NEIL", "Patrick O'Neil"),
        ("JAN VAN DER BERG", "Jan van der Berg"),
        ("MARÍA DE LA CRUZ", "María de la Cruz"),
        ("JI-WOO PARK", "Ji-Woo Park"),
        ("Alice Smith*", "Alice Smith"),
        ("Bob Jones†‡", "Bob Jones"),
        ("Carol Wu1,2", "Carol Wu"),
        ("Dan Brown §", "Dan Brown"),
        ("Karl H. Johansson", "Karl H. Johansson"),
        ("Karl H.Johansson", "Karl H. Johansson"),
    ],
)
def test_normalize_name(raw: str, name: str) -> None:
    assert normalize_name(raw) == name


@pytest.mark.parametrize(
    "name",
    ["Maarten van der Berg", "María de la Cruz", "Ji-woo Park", "Na Li", "Karl H. Johansson"],
)
def test_plausible_names(name: str) -> None:
    assert looks_like_name(name)


@pytest.mark.parametrize(
    "text",
    [
        "University of Amsterdam",
        "Google DeepMind",
        "Department of Computer Science",
        "alice@x.edu",
        "Proceedings 2024",
        "van der Berg",
        "the method works",
        "Smith",
    ],
)
def test_implausible_names(text: str) -> None:
    assert not looks_like_name(text)


def test_affiliations_are_recognised() -> None:
    assert looks_like_affiliation("Max Planck Institute for Intelligent Systems")
    assert looks_like_affiliation("Universität Tübingen")
    assert not looks_like_affiliation("Maarten van der Berg")


def test_split_names_on_commas_and_and() -> None:
    assert split_names("Alice Smith, Bob Jones and Carol Wu") == [
        "Alice Smith",
        "Bob Jones",
        "Carol Wu",
    ]
    assert split_names("Alice Smith & Bob Jones") == ["Alice Smith", "Bob Jones"]


def test_strip_markers() -> None:
    assert strip_markers("Alice Smith1,2") == "Alice Smith"
    assert strip_markers("∗Bob Jones") == "Bob Jones"


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("{alice,bob}@cs.x.edu", ["alice@cs.x.edu", "bob@cs.x.edu"]),
        ("{m.vanderberg, m.visser}@uva.nl.", ["m.vanderberg@uva.nl", "m.visser@uva.nl"]),
        ("Contact: Carol.Wu@Example.ORG, dan@y.io", ["carol.wu@example.org", "dan@y.io"]),
        ("no address here", []),
    ],
)
def test_expand_emails(text: str, emails: list[str]) -> None:
    assert expand_emails(text) == emails


def test_match_email_to_author() -> None:
    names = ["Maarten van der Berg", "Yuki Tanaka", "Maarten Visser"]
    assert match_email("m.visser@uva.nl", names) == 2
    assert match_email("m.vanderberg@uva.nl", names) == 0
    assert match_email("ytanaka@u-tokyo.ac.jp", names) == 1
    assert match_email("info@example.org", names) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ﬁnd the ﬂow eﬃciently", "find the flow efficiently"),
        ("Andr´es Ois´ın Ondˇrej ˇSmahel", "Andrés Oisín Ondřej Šmahel"),
        ("Z¨urich H¨ullermeier", "Zürich Hüllermeier"),
        ("Tamer Bas¸ar Fran¸cois Ay¸se", "Tamer Başar François Ayşe"),
        ("a\ud835b", "ab"),
        ("x\ud835\udc65y", "xxy"),
        ("tab\there\x07bell", "tab here bell"),
        ("soft\u00adhyphen", "softhyphen"),
        ("/g2/g7/g7/g10/g4 text", " text"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_is_nfc() -> None:
    assert clean_text("e\u0301") == "\u00e9"


def test_dehyphenation_uses_the_documents_own_words() -> None:
    doc = ["we use self-supervised learning", "and chain-of-thought prompts"]
    vocab = vocabulary(doc)
    lines = ["a self-", "supervised model", "an ef-", "ficient one", "chain-of-", "thought"]
    assert dehyphenate(lines, vocab) == [
        "a self-supervised",
        "model",
        "an efficient",
        "one",
        "chain-of-thought",
    ]
    assert dehyphenate(["non-", "Euclidean"], set()) == ["non-Euclidean"]


@pytest.mark.parametrize(
    ("blocks", "venue", "year"),
    [
        (
            [
                "Proceedings of the 43rd International Conference on Machine Learning, Seoul, "
                "South Korea. PMLR 306, 2026. Copyright 2026 by the author(s)."
            ],
            "Proceedings of the 43rd International Conference on Machine Learning",
            2026,
        ),
        (
            [
                "Proceedings of Machine Learning Research vol 242:1–12, 2024",
                "6th Annual Conference on Learning for Dynamics and Control",
            ],
            "Proceedings of the 6th Annual Conference on Learning for Dynamics and Control",
            2024,
        ),
        (
            [
                "Proceedings of the 26th International Conference on Artificial Intel- ligence "
                "and Statistics (AISTATS) 2023, Valencia, Spain. PMLR: Volume 206."
            ],
            "Proceedings of the 26th International Conference on Artificial Intelligence "
            "and Statistics",
            2023,
        ),
        (
            ["7th Conference on Robot Learning (CoRL 2023), Atlanta, USA."],
            "Proceedings of the 7th Conference on Robot Learning",
            2023,
        ),
        (
            ["37th Conference on Neural Information Processing Systems (NeurIPS 2023)."],
            "Proceedings of the 37th Conference on Neural Information Processing Systems",
            2023,
        ),
        (["Published as a conference paper at ICLR 2024"], "ICLR 2024", 2024),
        (
            [
                "Proceedings of the 40 th International Conference on Machine Learning, "
                "Honolulu, Hawaii, USA. PMLR 202, 2023. Copyright 2023 by the author(s)."
            ],
            "Proceedings of the 40th International Conference on Machine Learning",
            2023,
        ),
    ],
)
def test_find_venue(blocks: list[str], venue: str, year: int) -> None:
    assert find_venue(blocks) == (venue, year)


def test_find_arxiv_id_and_doi() -> None:
    stamp = "arXiv:2401.01234v2 [cs.LG] 5 Jan 2024"
    assert find_arxiv_id([stamp]) == "2401.01234v2"
    assert find_arxiv_id(["nothing"]) is None
    assert find_doi(["DOI: 10.48550/arXiv.2601.04417."]) == "10.48550/arXiv.2601.04417"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["the chain-", "of-thought traces"], "the chain-of-thought traces"),
        (["a 2.7x wall-", "clock speedup"], "a 2.7x wall-clock speedup"),
        (["on a ten-", "task sequence"], "on a ten-task sequence"),
        (["budgets as first-", "class citizens"], "budgets as first-class citizens"),
        (["results on VTAB-", "1k and FGVC"], "results on VTAB-1k and FGVC"),
        (["an effi-", "cient method"], "an efficient method"),
        (["it is com-", "putationally hard"], "it is computationally hard"),
        (["some-", "thing else"], "something else"),
        (["the in-", "tractable case"], "the intractable case"),
    ],
)
def test_dehyphenation_keeps_compounds_and_joins_broken_words(
    lines: list[str], joined: str
) -> None:
    assert " ".join(dehyphenate(lines, vocabulary(lines))) == joined


def test_a_piece_broken_at_a_line_end_is_no_word_of_the_document() -> None:
    assert "effi" not in vocabulary(["an effi-", "cient method"])
    assert "self-supervised" in vocabulary(["we use self-supervised learning"])


def test_line_start_pieces_of_broken_words_are_no_words() -> None:
    doc = ["we for-", "mulated it", "and for-", "mulated again", "computation-", "ally cheap"]
    vocab = vocabulary(doc)
    assert "mulated" not in vocab and "ally" not in vocab
    assert dehyphenate(doc, vocab) == [
        "we formulated",
        "it",
        "and formulated",
        "again",
        "computationally",
        "cheap",
    ]
