"""parse_reference on each reference style, and on the shared labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proceedings import Reference, parse_reference
from proceedings.text import fold_key

SHARED = Path(__file__).resolve().parents[2] / "shared"
LABELLED = SHARED / "references" / "grobid-citations-dev.jsonl"

# (style, raw, first author's surname, title, year, venue)
STYLES = [
    (
        "natbib",
        "Vaswani, A., Shazeer, N., Parmar, N., and Polosukhin, I. Attention is all you need. "
        "In Advances in Neural Information Processing Systems, pp. 5998–6008, 2017.",
        "Vaswani",
        "Attention is all you need",
        2017,
        "Advances in Neural Information Processing Systems",
    ),
    (
        "apa",
        "Mohan, K., & Pearl, J. (2021). Graphical models for processing missing data. "
        "Journal of the American Statistical Association, 116(534), 1023–1037.",
        "Mohan",
        "Graphical models for processing missing data",
        2021,
        "Journal of the American Statistical Association",
    ),
    (
        "ieee",
        '[12] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image '
        'recognition," in Proc. IEEE Conf. Comput. Vis. Pattern Recognit., 2016, pp. 770–778.',
        "He",
        "Deep residual learning for image recognition",
        2016,
        "Proc. IEEE Conf. Comput. Vis. Pattern Recognit",
    ),
    (
        "acm",
        "Ilya Sutskever, Oriol Vinyals, and Quoc V. Le. 2014. Sequence to sequence learning "
        "with neural networks. In Advances in Neural Information Processing Systems. 3104–3112.",
        "Sutskever",
        "Sequence to sequence learning with neural networks",
        2014,
        "Advances in Neural Information Processing Systems",
    ),
    (
        "full names",
        "Richard S Sutton and Andrew G Barto. Reinforcement learning: An introduction. "
        "MIT press, 2018.",
        "Sutton",
        "Reinforcement learning: An introduction",
        2018,
        "MIT press",
    ),
    (
        "numbered",
        "3. Lai, P. L. and Fyfe, C. (1998). Canonical correlation analysis using artificial "
        "neural networks. In ESANN, pages 363–368.",
        "Lai",
        "Canonical correlation analysis using artificial neural networks",
        1998,
        "ESANN",
    ),
    (
        "physics, no title",
        "E. H. Lieb, Phys. Rev. Lett. 62, 1201 (1989).",
        "Lieb",
        None,
        1989,
        "Phys. Rev. Lett",
    ),
    (
        "vancouver",
        "Smith JA, Doe B. Sparse coding of natural images. Vision Res. 2004;44(3):201-210.",
        "Smith",
        "Sparse coding of natural images",
        2004,
        "Vision Res",
    ),
    (
        "comma-separated",
        "M. Aldi, and D. Grandini, Generalized contact geometry and T-duality, J. Geom. Phys. "
        "92 (2015) 78-93.",
        "Aldi",
        "Generalized contact geometry and T-duality",
        2015,
        "J. Geom. Phys",
    ),
    (
        "broken across lines",
        "Zhangjie Cao and Dorsa Sadigh. Learning from imper-\nfect demonstrations from agents\n"
        "with varying dynamics. IEEE Robotics and Automation\nLetters, 6(3):5231–5238, 2021.",
        "Cao",
        "Learning from imperfect demonstrations from agents with varying dynamics",
        2021,
        "IEEE Robotics and Automation Letters",
    ),
    (
        "natbib label",
        "[Kappen and Rodríguez, 1998] Kappen, H. J. and Rodríguez, F. (1998). Efficient "
        "learning in Boltzmann machines using linear response theory. Neural Computation, "
        "10(5):1137–1156.",
        "Kappen",
        "Efficient learning in Boltzmann machines using linear response theory",
        1998,
        "Neural Computation",
    ),
    (
        "lncs",
        "7. Chen, W., Paternain, S.: Generalized constraint for probabilistic safe reinforcement "
        "learning. In: Proceedings of the 6th Annual Learning for Dynamics & Control Conference. "
        "pp. 1606–1618. Springer (2024)",
        "Chen",
        "Generalized constraint for probabilistic safe reinforcement learning",
        2024,
        "Proceedings of the 6th Annual Learning for Dynamics & Control Conference",
    ),
    (
        "apa, title case",
        "Alaa, A. M., Hussain, Z., & Sontag, D. (2023). Conformalized Unconditional Quantile "
        "Regression. Transactions on Machine Learning Research, 6(8), 10690–10702.",
        "Alaa",
        "Conformalized Unconditional Quantile Regression",
        2023,
        "Transactions on Machine Learning Research",
    ),
    (
        "chicago",
        "Metelli, Alberto Maria, Mirco Mutti, and Marcello Restelli. 2023. “A Tale of Sampling "
        "and Estimation in Discounted Reinforcement Learning.” Neural Computation 23 (1): 45–60.",
        "Metelli",
        "A Tale of Sampling and Estimation in Discounted Reinforcement Learning",
        2023,
        "Neural Computation",
    ),
    (
        "harvard, apostrophe inside quotes",
        "Plhák, J. and Šmahel, D. (2023) ‘Classification of Adolescents’ Risky Behavior in "
        "Instant Messaging’, Annals of Statistics, 32(10), pp. 2390–2404.",
        "Plhák",
        "Classification of Adolescents’ Risky Behavior in Instant Messaging",
        2023,
        "Annals of Statistics",
    ),
    (
        "spaces before stops",
        "14 .H .Chen ,X .Li, and Q .Sun ,Statistical analysis of Karcher means ,Ann .Stat .11 "
        "(2023) 1437-1456.",
        "Chen",
        "Statistical analysis of Karcher means",
        2023,
        "Ann. Stat",
    ),
    (
        "series book with editors",
        "Haiman Z., 2013, in Astrophysics and Space Science Library, Vol. 396, The First "
        "Galaxies, Wiklind T., Mobasher B., Bromm V., eds., p. 293",
        "Haiman",
        "The First Galaxies",
        2013,
        None,
    ),
    (
        "place and date after the title",
        "Smith, J. Learning to rank at scale, Ljubljana, Slovenia, 26-30 August 2019",
        "Smith",
        "Learning to rank at scale",
        2019,
        "Ljubljana, Slovenia",
    ),
    (
        "korean",
        "양연경, 뮤지엄 에듀테인먼트 스마트 콘텐츠 모델 연구, 한국과학예술포럼, 17, 2014.",
        "양연경",
        "뮤지엄 에듀테인먼트 스마트 콘텐츠 모델 연구",
        2014,
        "한국과학예술포럼",
    ),
]


@pytest.mark.parametrize(
    ("style", "raw", "surname", "title", "year", "venue"), STYLES, ids=[s[0] for s in STYLES]
)
def test_each_style(
    style: str, raw: str, surname: str, title: str | None, year: int, venue: str
) -> None:
    ref = parse_reference(raw)
    assert ref.raw == raw
    assert ref.authors and surname in ref.authors[0]
    assert ref.title == title
    assert ref.year == year
    assert ref.venue == venue


@pytest.mark.parametrize(
    ("raw", "doi", "arxiv_id", "url"),
    [
        ("A. B. Author. A title here. doi:10.1145/3292500.3330701, 2019.",
         "10.1145/3292500.3330701", None, None),
        ("Z. Qin. Learning safe control. arXiv preprint arXiv:2101.05436v2, 2021.",
         None, "2101.05436v2", None),
        ("J. Ahrens et al. astro-ph/0509330 (2005). https://example.org/paper.pdf",
         None, None, "https://example.org/paper.pdf"),
        ("A. Mesbah. MPC. IEEE CSM, 2016. https://doi.org/10.1109/MCS.2016.2602087.",
         "10.1109/MCS.2016.2602087", None, None),
    ],
)  # fmt: skip
def test_identifiers(raw: str, doi: str | None, arxiv_id: str | None, url: str | None) -> None:
    ref = parse_reference(raw)
    assert (ref.doi, ref.arxiv_id, ref.url) == (doi, arxiv_id, url)


def test_pages_volume_and_et_al() -> None:
    ref = parse_reference("V. Balkanov et al. Astropart. Phys. 12 (1999) 75.")
    assert ref.authors == ("V. Balkanov",) and ref.title is None and ref.year == 1999
    ref = parse_reference(STYLES[1][1])
    assert ref.pages == "1023–1037" and ref.volume == "116"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("F. FOURNIER, J. BERTHELOT et Y. L. PASCAL. Tetrahedron. À paraître.", None),
        ("G. 't Hooft, Nucl. Phys. B 72, 461 (1974).", None),
        ("Karlsson T., Bromm V., 2013, Reviews ofModern Physics ,85 ,809", None),
        ("최지수. 윤석민 (2019), 가짜뉴스 거버넌스, 사이버커뮤니케이션학보, 제36권 제1호, "
         "127-180쪽.", "가짜뉴스 거버넌스"),
        ("남일룡, 1994, 학성산성에 대하여 조선고고연구-4.", "학성산성에 대하여"),
        ("D. B. Williams, Transmission Electron Microscopy ( SecondEdition )(Springer , 2009) .",
         "Transmission Electron Microscopy"),
    ],
)  # fmt: skip
def test_in_press_physics_non_english_and_editions(raw: str, title: str | None) -> None:
    assert parse_reference(raw).title == title


@pytest.mark.parametrize(
    ("raw", "title", "year"),
    [
        # a short title before a venue of whole words is not a journal name
        ("Brown, T. (2004). Thermodynamics. Neural Computation, 16(3), 1–12.",
         "Thermodynamics", 2004),
        ("Rossi, M. Spectroscopy. In Proceedings of the Workshop on Optics, pp. 5–9, 2011.",
         "Spectroscopy", 2011),
        ("Class. Quantum Grav. 12, 34 (1999).", None, 1999),
        ("A. Weber, SLAC-E99 Collaboration. Phys. Lett. B 84, 524 (1979)", None, 1979),
        # "Authors. Title, year." with commas in the title; access dates are not the year
        ("Ana Silva and Bo Li. Graphs, trees, and forests for tabular data, 2020.",
         "Graphs, trees, and forests for tabular data", 2020),
        ("Ana Silva. Fast sparse kernels, 2018. URL https://example.org/k. Accessed 3 May 2021.",
         "Fast sparse kernels", 2018),
        ("C. Ode and H. Ray. Marine Acoustics (Wiley, New York), 1977.", "Marine Acoustics", 1977),
        # comma-separated: a subtitle after a stop runs to the comma before the journal
        ("K. Ito, Spectral sequences. A primer, J. Alg. Topol. 8, 1774 (1976).",
         "Spectral sequences. A primer", 1976),
        ("K. Ito and L. Moro, Lie groups of physics. II. The conformal group, J. Math. Phys. 16, "
         "1615 (1975).", "Lie groups of physics. II. The conformal group", 1975),
        ("L. Moro, 2007: Extreme value models. Extremes, 10, 1-19.", "Extreme value models", 2007),
        # full-stop styles: the title runs over stops to the journal before volume and pages
        ("Roth, K. 1931. Die Flechten des Harzes. I. Krustenflechten (von K. Roth). II. Die "
         "Laubflechten des Brockens. Ber. Deutsch. Bot. Ges. 49:65-91.",
         "Die Flechten des Harzes. I. Krustenflechten (von K. Roth). II. Die Laubflechten des "
         "Brockens", 1931),
        ("Vogel, E. (1997). Haushalte im Wandel. Ergebnis der Stichprobe 1993. Wirtschaft und "
         "Statistik, Nr. 6, 418-427.", "Haushalte im Wandel. Ergebnis der Stichprobe 1993", 1997),
        ("Weber, Anna (1995): Arbeit und Zeit. Formen der Lebensplanung im Wandel, In: Soziale "
         "Welt, 46: 369-384.", "Arbeit und Zeit. Formen der Lebensplanung im Wandel", 1995),
        ("S. Sastry. Nonlinear Systems: Analysis and Control. Applied Mathematics. Springer, 2013.",
         "Nonlinear Systems: Analysis and Control", 2013),
        ("Ito, T. 1914. Plantae Novae Japonicae II. Repertorium Specierum Novarum. Berlin 13: "
         "267-278.", "Plantae Novae Japonicae II", 1914),
        # a Latin title glued to a CJK journal; CJK author lists ending at a colon
        ("진나영.송일기, 2013, Vector additive models 한국문헌정보학회 47(3), pp.227-250.",
         "Vector additive models", 2013),
        ("마강래.강정구.이경수: Regularization of wavelet sums. Nucl. Phys. B 20, 229 (1917)",
         "Regularization of wavelet sums", 1917),
        ("P. Kern, 'Struktur von Kolloidteilchen (in German),' Nachr. Ges. Wiss. 2, 98 (1918).",
         "Struktur von Kolloidteilchen", 1918),
        ("김효숙, 미디어 이용, 사회자본의 관계: 매개효과를 중심으로.한국생활학회지 456 ,81 "
         "-84( 2008).",
         "미디어 이용, 사회자본의 관계: 매개효과를 중심으로", 2008),
        ("K. Ito, Supersymmetric fluid mechanics, Zentralblatt der Mathematik30 (6):1338 (1989).",
         "Supersymmetric fluid mechanics", 1989),
        ("최세경.오동윤(2014). A learning approach for optimization, 중소기업연구원 기본연구.",
         "A learning approach for optimization", 2014),
        ("정주영(2014). 감정노동이 직무스트레스에 미치는 영향, Transaction of ASME.",
         "감정노동이 직무스트레스에 미치는 영향", 2014),
        ("김철수(2010). 직무만족과 이직의사의 결정요인, GLM 및 GEE 추정. 한국학회지 3, 1-2.",
         "직무만족과 이직의사의 결정요인, GLM 및 GEE 추정", 2010),
        ("Weymann, Ansgar. Über lineare Mannigfaltigkeiten.Nature, 34:501-510, 2003.",
         "Über lineare Mannigfaltigkeiten", 2003),
        # names: inner capitals after a hyphen, two-letter initials
        ("S. Minter, K. Wegter-McNelly, and R. Chiao, Dynamical Casimir effect, Phys. Rev. 8, 755 "
         "(2014).", "Dynamical Casimir effect", 2014),
        ("Yu. A. Ivanov and D. Yu. Petrov, Waves in plasma, JETP 1, 2 (1990).", "Waves in plasma",
         1990),
        ("Elise Jortberg and Rose Yu. Data-driven simulators. In L4DC, 2024.",
         "Data-driven simulators", 2024),
        # a month is a whole word; "JG." ends a Vancouver name
        ("A. Lee, 2019, Decoherence, einselection, and the classical, Nucl. Phys. B 12, 3-18.",
         "Decoherence, einselection, and the classical", 2019),
        ("De Man JG. Instabilities, breathers and waves in optics. Opt. Lett. 7:2333, 1973.",
         "Instabilities, breathers and waves in optics", 1973),
        # the name after the closing "and" ends the list
        ("B. Sato, J. Ueda, and Q. Vo, Invariante Felder, J. Mach. Learn. Res. 78, 8886 (1918).",
         "Invariante Felder", 1918),
    ],
)  # fmt: skip
def test_titles_across_styles(raw: str, title: str | None, year: int) -> None:
    ref = parse_reference(raw)
    assert (ref.title, ref.year) == (title, year)


def test_prose_let_through_has_no_title() -> None:
    ref = parse_reference("f is, in fact, the usual vector field but more convenient here.")
    assert ref.title is None and not ref.authors


@pytest.mark.parametrize("raw", ["", "   ", "2019", "[3]", "——, 2001.", "(((", "et al."])
def test_odd_strings_do_not_raise(raw: str) -> None:
    assert isinstance(parse_reference(raw), Reference)


@pytest.mark.skipif(not LABELLED.exists(), reason="needs ../shared/references")
def test_labelled_set_years_and_first_authors() -> None:
    rows = [json.loads(line) for line in LABELLED.open(encoding="utf-8")]
    parsed = [parse_reference(r["raw"]) for r in rows]
    years = [p.year == r["year"] for p, r in zip(parsed, rows, strict=True) if r["year"]]
    firsts = [
        bool(p.authors) and fold_key(r["first_author_surname"]) in fold_key(p.authors[0])
        for p, r in zip(parsed, rows, strict=True)
        if r["first_author_surname"] and fold_key(r["first_author_surname"])
    ]
    assert sum(years) / len(years) > 0.95
    assert sum(firsts) / len(firsts) > 0.9
