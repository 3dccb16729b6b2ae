"""parse_reference rules for CJK author lists, proceedings-only references, GB/T 7714 document
types, editors, leading dates, split accents and prose; strings written for these tests."""

from __future__ import annotations

import pytest

from proceedings import parse_reference
from proceedings.extract.refclean import clean


@pytest.mark.parametrize(
    ("raw", "authors", "title"),
    [
        # "외 3인" / "外 2人" / "ほか" / "等": and others, after CJK names
        ("박민수, 이영희 외 3인, 도시 열섬 현상의 계절별 특성 연구, 대한건축학회논문집, 2016, "
         "32(4), pp.21-30.", ("박민수", "이영희"), "도시 열섬 현상의 계절별 특성 연구"),
        ("王大明 外 2人. 傷寒論 注釋에 관한 硏究. 동의학회지. 9(2). 1999.", ("王大明",),
         "傷寒論 注釋에 관한 硏究"),
        ("田中 一郎 ほか (2005). 日本語文の解析手法. 自然言語処理, 12(4), 3-20.", ("田中 一郎",),
         "日本語文の解析手法"),
        ("张三, 李四, 王五, 等. 机器翻译方法综述[J]. 软件学报, 2019, 30(5): 1200-1220.",
         ("张三", "李四", "王五"), "机器翻译方法综述"),
        # a one-syllable surname spaced from the given name
        ("김 철. (2013). 전통 건축의 구조 특성 분석. 한국건축학회지, 19(3), 29-42.", ("김 철",),
         "전통 건축의 구조 특성 분석"),
        ("佐藤 健, 森 一郎 (2011). 分散処理の設計. 情報処理, 52(1), 10-20.",
         ("佐藤 健", "森 一郎"), "分散処理の設計"),
        # two-letter Russian initials after the surname
        ("Petrov, A. B. & Sokolov, Yu. V. 1981, Astrophys. Space Sci., 9, 30", ("Petrov, A. B.",
         "Sokolov, Yu. V."), None),
        # a surname alone, a comma, then a title that reads as a phrase (law, humanities)
        ("Hoffmann, Die Grenzen der Aufklärungspflicht im Arztrecht, MedR 2009, 12.",
         ("Hoffmann",), "Die Grenzen der Aufklärungspflicht im Arztrecht"),
    ],
)  # fmt: skip
def test_cjk_and_lone_author_lists(raw: str, authors: tuple[str, ...], title: str | None) -> None:
    ref = parse_reference(raw)
    assert (ref.authors, ref.title) == (authors, title)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # a Korean or Japanese publisher between the title and the journal
        ("이수진(2009). 초등 교사의 수업 전문성 연구. 서울대학교 교육연구소. 교육논총 제 3집. "
         "1-20.",
         "초등 교사의 수업 전문성 연구"),
        ("홍길동, & 김철수. (2001). 농업 기술 보급의 효과. 한국농업학회. 농업학회지, 4(2), 1-9.",
         "농업 기술 보급의 효과"),
        # GB/T 7714 document types end the title
        ("李明, 王芳. 基于深度学习的图像识别研究[J]. 计算机学报, 2018, 41(2): 1-10.",
         "基于深度学习的图像识别研究"),
        ("Wang X, Chen Y, et al. A survey of graph sampling[C]//Proceedings of KDD. 2020: 1-9.",
         "A survey of graph sampling"),
        # ", edited by" ends a title
        ("Advances in Thin Film Optics II, edited by Maria K. Olsen, Peter Lind, Proc. of SPIE "
         "Vol. 5512, 551201", "Advances in Thin Film Optics II"),
        # a day, month and year before the title (magazines, newspapers)
        ("The Observer, 3 March 2011, The quiet revolution, p. 12 (2011).", "The quiet revolution"),
        # a place and a date after a meeting: ";" and a month before the days
        ("Working Group Meeting #41, Lyon; 12 th -16 th May 2018", "Working Group Meeting #41"),
        ("Working Group Meeting #42, Oslo, NO, June 4 th -8 th , 2018",
         "Working Group Meeting #42"),
        # a place after the number of a numbered meeting, then the country and the date
        ("Plenary Meeting #12 Nantes, France 1-5 June 2018", "Plenary Meeting #12"),
        ("Plenary Meeting #13 Saint Malo, France, 3 rd -7 th May 2018", "Plenary Meeting #13"),
        ("Plenary Meeting #14 Ad-hoc, June 1-5, 2018, Nantes, France",
         "Plenary Meeting #14 Ad-hoc"),
        # submitted, in French or English, is not a title
        ("A. DUPONT et B. MARTIN. Tetrahedron Lett. Soumis à publication.", None),
    ],
)  # fmt: skip
def test_title_ends(raw: str, title: str | None) -> None:
    assert parse_reference(raw).title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("R. Baker et al., Proc. 31st ICRC, Lodz, Poland (2009).", "Proc. 31st ICRC"),
        ("M. Field and K. Hill, Proc. Cosmic Ray Workshop ,Kyoto ,Japan ( 1998).",
         "Proc. Cosmic Ray Workshop"),
        ("L. Vance et al., Proc. Int. NUSKY2011 Workshop,Trieste ,2011 ;to be publ .",
         "Proc. Int. NUSKY2011 Workshop"),
        # a journal whose name starts with "Proc." keeps no title
        ("D. Wu and E. Liu, Proc. Natl. Acad. Sci. USA 101, 1234 (2004).", None),
    ],
)  # fmt: skip
def test_proceedings_only(raw: str, title: str | None) -> None:
    assert parse_reference(raw).title == title


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("K. G¨ odel, ¨ Uber Systeme", "K. Gödel, Über Systeme"),
        ("P. Erd˝ os and A. R´enyi", "P. Erdős and A. Rényi"),
        ("F. Franc¸ois", "F. François"),
        ("S.Fourniì ere, and A. Lee", "S.Fourniìere, and A. Lee"),
        ("Più bello, più caro, città se, perché me,", "Più bello, più caro, città se, perché me,"),
        ("´ E. Hughes and S. Lee", "É. Hughes and S. Lee"),
        ("``Quoted'' and `single' stay", "``Quoted'' and `single' stay"),
    ],
)
def test_split_accents_rejoined(raw: str, text: str) -> None:
    assert clean(raw) == text


def test_sentences_without_authors_or_year_have_no_title() -> None:
    for raw in (
        "In order to compare the two bounds, here the couplings should be chosen equal .",
        "For the periodic case, the extra term cannot make the bound hold .",
    ):
        ref = parse_reference(raw)
        assert ref.title is None and not ref.authors


@pytest.mark.parametrize(
    ("raw", "authors", "title"),
    [
        # one word, a stop, then a journal in ISO 4 abbreviations
        ("Lee K, Park J. Autophagy. Nat. Rev. Mol. Cell Biol. 2003;4:12-19.", ("Lee K", "Park J."),
         "Autophagy"),
        ("Lee K. Ribosome assembly. Nat. Struct. Biol. 2003;4:12-19.", ("Lee K.",),
         "Ribosome assembly"),
        ("A. Lee, Phys. Rev. Lett. 12, 3 (1990).", ("A. Lee",), None),
        # ABNT: capitals, initials, ";"
        ("COSTA, R.; PEREIRA, L. M. Redes de transporte. Rev. Bras. Geogr., v. 9, p. 1-20, 2001.",
         ("COSTA, R.", "PEREIRA, L. M."), "Redes de transporte"),
        ("NUNES M. & VIEIRA C. (1999) - Solos do cerrado. Rev. Bras. Solo, 4, 1-9.",
         ("NUNES M.", "VIEIRA C."), "Solos do cerrado"),
        # a dash after the stop before the journal
        ("Kohl, R. (1987): Die Böden der Alb. – Z. Geomorph. 31: 1–20.", ("Kohl, R.",),
         "Die Böden der Alb"),
        # Spanish "y", Portuguese "e" between names
        ("Ruiz, P. y Gómez, L. (2010). La lengua en la escuela. Revista de Letras, 3, 1-9.",
         ("Ruiz, P.", "Gómez, L."), "La lengua en la escuela"),
        ("Alves, T. e Rocha, M. (2012). O ensino da física. Revista de Ensino, 8, 2-7.",
         ("Alves, T.", "Rocha, M."), "O ensino da física"),
        # GOST: "//" before the journal
        ("Петров П.П. Теория волн // Журнал физики. 2001. № 2. С. 5–9.", ("Петров П.П.",),
         "Теория волн"),
    ],
)  # fmt: skip
def test_more_styles(raw: str, authors: tuple[str, ...], title: str | None) -> None:
    ref = parse_reference(raw)
    assert (ref.authors, ref.title) == (authors, title)


def test_gb_and_gost_venues() -> None:
    ref = parse_reference("李明. 图像识别研究[J]. 计算机学报, 2018, 41(2): 1-10.")
    assert ref.venue == "计算机学报"
    ref = parse_reference("Петров П.П. Теория волн // Журнал физики. 2001. № 2. С. 5–9.")
    assert ref.venue == "Журнал физики"


def test_capitals_before_a_number_are_no_author() -> None:
    assert parse_reference("IEEE P1003.1: Portable operating system interface, 2017.").authors == ()


@pytest.mark.parametrize(
    ("raw", "title", "venue"),
    [
        # full-width punctuation and corner-bracket quotes (Japanese, Chinese)
        ("森健：「分散処理の設計」，情報処理学会論文誌，Vol.5，No.1，pp.1-9 (2011).",
         "分散処理の設計", "情報処理学会論文誌"),
        ("陈刚，赵丽．图神经网络综述．软件学报，2020，31(4)：1-9．", "图神经网络综述", "软件学报"),
        # theses in other languages; "Title; Publisher: City" (MDPI books)
        ("P. Girard, Les réseaux de chaleur, Thèse de doctorat, Université de Lyon, 2011.",
         "Les réseaux de chaleur", "Thèse de doctorat, Université de Lyon"),
        ("Berg, L.; Falk, O. Wasser und Boden; Ulmer: Stuttgart, Germany, 2009; pp. 1-9.",
         "Wasser und Boden", "Ulmer: Stuttgart, Germany"),
    ],
)  # fmt: skip
def test_cjk_punctuation_theses_and_books(raw: str, title: str, venue: str) -> None:
    ref = parse_reference(raw)
    assert (ref.title, ref.venue) == (title, venue)
