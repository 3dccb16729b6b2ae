"""Second looks at a reference's title span: what a first cut at full stops and commas misses.

In: the text after the author list and year (``rest``) or a title already cut from it, and
the text that follows the title. Out: a trimmed ``rest`` or title, a new end offset for the
title, or a yes/no. ``strip_in_press`` drops a trailing "in press" / "à paraître" / "submitted";
``book_in_series`` finds the book title in "in Series, Vol. 12, Book Title, A. Editor, eds.,
p. 3"; ``drop_place`` takes "City, Country" off a title followed by a date ("Meeting #92,
Ljubljana, SI, 26-30 Aug 2019"); ``drop_glued_venue`` takes a journal name in another script
(or a CJK one printed without a comma) off the end of a title. ``title_before_venue`` tells a
short title before a venue ("Gravitation. Neural Computation, 24(7)", "Apoptosis. Nat. Rev.
Mol. Cell Biol.", by common ISO 4 title-word abbreviations) from a journal ("Class. Quantum
Grav. 12"); ``title_then_year`` reads "Title, 2021." after the authors;
``without_access_date`` drops "Accessed 24 May 2017" and URL labels; ``through_stops`` (full-stop
styles) and ``through_subtitle`` (comma styles) move the end of a title over the stops inside
it to the journal before the volume and pages. ``MONTH`` is a month as printed.
"""

from __future__ import annotations

import re

from .refclean import CJK

__all__ = [
    "MONTH",
    "book_in_series",
    "drop_glued_venue",
    "drop_place",
    "strip_in_press",
    "through_stops",
    "through_subtitle",
    "title_before_venue",
    "title_then_year",
    "without_access_date",
]

_IN_PRESS = re.compile(
    r"[\s,.;(]*(?:in press|to appear|à paraître|sous presse|im druck|en prensa|forthcoming"
    r"|soumis(?: à publication)?|submitted(?: for publication)?|eingereicht)"
    r"[\s.)]*$",
    re.I,
)
_SERIES = re.compile(
    r"^\s*(?:in:?\s+)?[^,]{3,120},\s*vol\.?\s*\d+\s*,\s*(?P<title>[^,]{3,200}?)\s*,"
    r"(?:[^,]{1,40},){1,12}?\s*eds?\.",
    re.I,
)
# a month as printed, a whole word ("Dec." but not "Decoherence")
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
_MONTH = rf"{MONTH}\.?"
_PLACE = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}"
_PLACE_TAIL = re.compile(rf"[,;]\s*{_PLACE}$")
_COUNTRY_FIRST = re.compile(rf"\s*[,;]\s*(?!{MONTH}){_PLACE}(?:\s*[,;]\s*|\s+(?=\d))")
_NUMBERED_PLACE = re.compile(rf"(.*\S\s(?:#|[Nn]o\.\s?)\d+)\s+{_PLACE}$")
_DATE_AFTER = re.compile(
    rf"^\s*[,;]\s*(?:{_PLACE}(?:\s*[,;]\s*|\s+(?=\d))){{0,3}}(?:"
    rf"(?:\d{{1,2}}\s?(?:st|nd|rd|th)?\s*(?:{_MONTH}\s*)?[-–]\s*)?\d{{1,2}}\s?(?:st|nd|rd|th)?\s+"
    rf"{_MONTH}|{_MONTH}\s+\d{{1,2}}\s?(?:st|nd|rd|th)?\s*[-–,])"
)
_CJK_CHAR = re.compile(f"[{CJK}]")
_GLUED_VENUE = re.compile(
    rf"^(.*[{CJK}].*?)\s+[{CJK}]{{2,}}\s?(?:-\d+|\d+(?:\(\d+\))?)$"
    rf"|^([^{CJK}]*[A-Za-z][^{CJK}]*?)\s+[{CJK}]{{2,}}[\s\d()–-]*$"
)


# the last letters of _IN_PRESS's words: the last character of ``rest`` that is not white space,
# "." or ")" must be one of them, or outside ASCII, where case-blind matching has more forms
_IN_PRESS_LAST = frozenset("sreakgndtSREAKGNDT")


def strip_in_press(rest: str) -> str:
    """ "Tetrahedron. À paraître." -> "Tetrahedron"."""
    end = len(rest)
    while end and (rest[end - 1] in ".)" or rest[end - 1].isspace()):
        end -= 1
    last = rest[end - 1 : end]
    if last.isascii() and last not in _IN_PRESS_LAST:
        return rest
    return _IN_PRESS.sub("", rest)


def book_in_series(rest: str) -> str | None:
    """The book's title in "in Series, Vol. 396, The First Galaxies, T. Wiklind, eds., p. 293"."""
    m = _SERIES.match(rest)
    return m.group("title").strip() if m else None


def drop_place(title: str, after: str) -> str:
    """ "Meeting #92, Ljubljana" before ", SI, 26-30 Aug 2019" -> "Meeting #92"; also "Meeting
    #92 Ljubljana": a place after the number of a numbered meeting."""
    if not _DATE_AFTER.match(after):
        return title
    numbered = _NUMBERED_PLACE.match(title)
    if numbered and _COUNTRY_FIRST.match(after):
        return numbered.group(1)
    while True:
        m = _PLACE_TAIL.search(title)
        if m is None or m.start() == 0 or len(m.group()) > 30:
            return title
        title = title[: m.start()].rstrip()


def drop_glued_venue(title: str) -> str:
    """ "학성산성에 대하여 조선고고연구-4" -> "학성산성에 대하여"; a Latin title followed by a CJK
    journal name ("Vector models 한국문헌정보학회 47(3)", also after a comma) -> the Latin
    title, and a CJK title followed by ", Latin Journal" -> the CJK title."""
    if not _CJK_CHAR.search(title):
        return title
    m = _GLUED_VENUE.match(title)
    if m:
        return m.group(1) or m.group(2)
    head, sep, tail = title.rpartition(",")
    if sep and _script(head) and _script(tail) and _script(head) != _script(tail):
        return head.rstrip()  # "A learning approach, 중소기업연구원 기본연구": the journal
    return title


def _script(text: str) -> str:
    """ "cjk" or "latin" when ``text`` (brackets aside) has letters of that kind only, else ""."""
    text = re.sub(r"\([^()]*\)", "", text)
    cjk, latin = _CJK_CHAR.search(text), re.search(r"[A-Za-zÀ-ÿ]", text)
    return "cjk" if cjk and not latin else "latin" if latin and not cjk else ""


_FIRST_STOP = re.compile(r"[.?!]\s+(?=\S)")
_HEAD = re.compile(r"\s*(?:[^\W\d_]+[\s-]+)*(?P<last>[^\W\d_]+)")
_VENUE_WORD = re.compile(
    r"(?:In:?\s|(?:Journal|Proceedings|Annals|Transactions|Letters|Conference|Bulletin|Zeitschrift|"
    r"Review|Advances|Reports|PhD|Master|Technical)\b|Ph\.\s?D)"
)
_VENUE_ABBREV = re.compile(r"(?:Journ|Proc|Trans|Ann|Bull|Zeitschr|Rev|Lett|J|Tech)\.")
# common ISO 4 abbreviations of journal title words
_ISO4 = (
    r"(?:J|Z|Nat|Phys|Rev|Lett|Proc|Trans|Sci|Chem|Biol|Med|Am|Int|Natl|Acad|Soc|Res|Appl|Math|"
    r"Eng|Mol|Clin|Gen|Theor|Exp|Comput|Ann|Bull|Eur|Astrophys|Astron|Geophys|Nucl|Opt|Mech|"
    r"Mater|Environ|Ecol|Econ|Stat|Anal|Commun|Syst|Inf|Technol|Biochem|Biophys|Pharmacol|"
    r"Neurosci|Psychol|Educ|Inst|Univ|Mon|Publ|Dokl|Zh|Ber|Jpn|Can|Br|Rep|Adv|Curr|Struct|"
    r"Microbiol|Immunol|Genet|Physiol|Endocrinol|Oncol|Cardiol|Neurol|Surg|Vet|Agric|Geol)\."
)
_ISO4_VENUE = re.compile(rf"{_ISO4}\s?(?:[A-Z][a-z]*\.?\s?|&\s|of\s)*?(?:{_ISO4}|[A-Z][a-z]+)")
_FULL_WORD = re.compile(r"(?<![\w.])[A-Z][a-zß-ÿ]{2,}\b(?!\.)")


def title_before_venue(chunk: str) -> bool:
    """ "Gravitation. Neural Computation, 24(7)" / "Spheromaks. In Proc. X": whole words and a
    stop, then a venue (two whole words, a venue word, or after two words an abbreviated one)
    — a title, not a journal such as "Class. Quantum Grav." whose parts are abbreviations."""
    stop = _FIRST_STOP.search(chunk)
    if stop and re.match(r"In:?\s+[A-Z]", chunk[stop.end() :]):
        head = chunk[: stop.start()]
        if re.search(r"[^\W\d_]{4}", head) and not head.isupper():
            return True  # "Softly Broken Supersymmetry and SU(5). In Nucl. Phys. B"
    m = _HEAD.fullmatch(chunk, 0, stop.start()) if stop else None
    if m is None or stop is None or m.group().isupper():
        return False
    head, tail = m.group(), chunk[stop.end() :]
    words = head.split()
    if len(m.group("last")) < 5 and not (len(words) >= 3 and any(len(w) >= 5 for w in words)):
        return False
    if re.search(r"(?:Collaboration|Consortium|Group|Team)$", head):
        return False  # "SLAC-E122 Collaboration. Phys. Lett. B 84": an author, then a journal
    tail = re.split(r"(?<![A-Za-z])\d", tail, maxsplit=1)[0]
    if _VENUE_WORD.match(tail) or (" " in head and _VENUE_ABBREV.match(tail)):
        return True
    if _ISO4_VENUE.match(tail) and not re.fullmatch(_ISO4, m.group("last") + "."):
        return True  # "Apoptosis. Nat. Rev. Mol. Cell Biol. 2": a word, then an ISO 4 journal
        return True
    return len(_FULL_WORD.findall(tail)) >= 2


_YEAR = r"(?:1[6-9]\d\d|20[0-4]\d)[a-z]?"
_ACCESSED = re.compile(
    rf"[\s.,;]*(?:\(|\[)?(?:[Ll]ast\s+)?(?:[Aa]ccessed|[Rr]etrieved|[Vv]isited|[Vv]iewed)\b(?:\s+on)?:?"
    rf"[^.()\[\]]{{0,40}}?{_YEAR}[)\]]?[\s.]*$"
)
_TITLE_YEAR = re.compile(rf"^(?P<title>[^\d]{{8,}}?),\s*(?:{_MONTH}\s+)?{_YEAR}[\s.]*$")


_DATE_WORD = re.compile(r"[Aa]ccessed|[Rr]etrieved|[Vv]isited|[Vv]iewed")
_DATE_WORDS = ("ccessed", "etrieved", "isited", "iewed")
_LABEL_WORD = re.compile(r"URL|Available|Online")
_URL_LABEL = re.compile(
    r"[\s.,;]*(?:URL|Available\s+(?:at|from|online)|\[?Online\]?\.?(?:\s*Available)?)\s*:?[\s.]*$"
)


def without_access_date(text: str) -> str:
    """ "..., 2016. URL <taken out>. Accessed 24 May 2017." -> "..., 2016.": the date a web page
    was read and the label of a URL already taken out."""
    if any(w in text for w in _DATE_WORDS) and _DATE_WORD.search(text):
        text = _ACCESSED.sub("", text)
    return _URL_LABEL.sub(".", text) if _LABEL_WORD.search(text) else text


def title_then_year(rest: str) -> str | None:
    """After "Authors." a rest that is only "Title, 2021." (a preprint or a web page cited
    without venue) is all title, commas included."""
    m = _TITLE_YEAR.match(rest)
    if m is None or re.search(r"[.?!]\s|\s[Ii]n:?\s[A-Z]|\([^()]*,[^()]*\)", m.group("title")):
        return None
    return m.group("title").strip()


_SUBTITLE = re.compile(
    r"[.?!]\s*(?P<sub>(?:(?:[IVX]{1,4}|\d{1,2})\.\s*)?(?:[IVX]{1,4}\b|\d{1,2}\b|[^\W\d_]+)"
    r"[^,.;:()\[\]\d]{0,80}?)\s*,\s*(?P<next>\S)"
)
_ABBREV_WORD = re.compile(r"(?<![^\W\d_])[A-Z][a-z]{0,8}\.")


def through_subtitle(rest: str, cut: int) -> int:
    """In comma-separated references ("A. Smith, Title. Subtitle, J. Phys. 12, 345") a stop
    inside the title is not its end when the words after it reach a comma before the
    journal: the title runs to that comma."""
    m = _SUBTITLE.match(rest, cut)
    if (
        m is None
        or _ABBREV_WORD.search(re.sub(r"^[IVX]{1,4}\.", "", m.group("sub")))
        or len(m.group("sub").split()) > 12
    ):
        return cut
    after = rest[m.start("next") :]
    if all(w[:1].isupper() for w in m.group("sub").split()) and after[:1].isdigit():
        return cut  # "Title. Extremes, 10, 1-19": a one-word journal
    if re.match(r"(?:[A-Z][a-z]{0,8}\.\s?){1,}|[^,]{0,60}?\d", after) is None:
        return cut
    return m.end("sub")


_STOP = re.compile(r"[.?!]\s+(?=\S)")
_JOURNAL_NUMBERS = re.compile(
    r"\b\d{1,4}\s?\(\d[\d/–-]*\)|\b\d{1,4}\s?:\s?\d|\b(?:[Vv]ol|pp?|Nr|No)\.?\s?\d|\b\d+\s?[-–]\s?\d+\b"
)
_IN_CUE = re.compile(r"[Ii]n:?\s")
_COMMA_IN = re.compile(r",\s*[Ii]n:?\s+(?=[A-Z])")
_ABBREVIATED = re.compile(
    r"(?:(?:[A-ZÀ-Þ][\w&-]*\.?|and|of|&|de|der|für|f\.)\s){0,3}[A-ZÀ-Þ][a-zß-ÿ]{0,8}"
)
_NOT_TITLE_PART = re.compile(
    r"\b(?:Journal|Proceedings|Proc|Conference|Workshop|Symposium|Series|Lecture|Notes|Press|"
    r"Verlag|Publishers?|University|Universit\w+|Thesis|Dissertation|Report|Edition|Vol|Volume|"
    r"Handbook|Transactions|Letters|Review|Annals|Bulletin|Zeitschrift|Technical|PhD|Ph\.D|"
    r"Springer|Elsevier|Wiley|IEEE|ACM|arXiv|Preprint|Chapter)\b|\bin:?\s[A-Z]"
    r"|(?:학회|연구소|연구원|대학교|협회|출판부|学会|研究所|大学|出版社)(?=[\s.,]|$)"  # publishers
)


def through_stops(rest: str, cut: int) -> int:
    """ "Title. Subtitle. Part 2. Journal Name, 12(3), 45-67" or "... . In Venue": the venue is the
    stop-separated segment before the volume and pages (with the abbreviated segments ahead of
    it: "Ber. Deutsch. Bot. Ges. 54:65"), so the segments between the first stop and it belong
    to the title. Books (a year only) and series, theses or reports are left alone."""
    first = _STOP.match(rest, cut)
    if first is None:
        return cut
    starts = [m.end() for m in _STOP.finditer(rest, cut)]
    venue = next((i for i, st in enumerate(starts) if _IN_CUE.match(rest, st)), None)
    comma_in = _COMMA_IN.search(rest, cut)
    if comma_in and (venue is None or comma_in.start() < starts[venue]):
        middle = rest[first.end() : comma_in.start()]
        if middle and not (_NOT_TITLE_PART.search(middle) or _title_case(middle)):
            return comma_in.start()  # "Title. Subtitle, In: Soziale Welt, 46"
    short_venue = False
    if venue is None:
        numbers = _JOURNAL_NUMBERS.search(rest, cut)
        if numbers is None:
            return cut
        inside = [i for i, st in enumerate(starts) if st <= numbers.start()]
        if not inside:
            return cut
        venue = inside[-1]
        if not re.search(r"[^\W\d_]{2}", rest[starts[venue] : numbers.start()]):
            venue -= 1  # "Journal. 2005;13(7)": the segment before the numbers is the venue
        while venue > 0 and not re.search(r"[^\W\d_]{2}", _segment(rest, starts, venue)):
            venue -= 1  # "Journal. 40. 1-14"
        while venue > 0 and _ABBREVIATED.fullmatch(_segment(rest, starts, venue - 1)):
            venue -= 1
        short_venue = len(re.findall(r"[^\W\d_]+", rest[starts[venue] : numbers.start()])) <= 1
    if venue <= 0:
        return cut
    middle = rest[starts[0] : starts[venue]]
    if _NOT_TITLE_PART.search(middle) or len(middle) > 200:
        return cut
    segments = [_segment(rest, starts, i) for i in range(venue)]
    if all(_ABBREVIATED.fullmatch(seg) for seg in segments):
        return cut  # "Title. Ergod. Th. and Dynam. Sys., 28": a journal
    if _title_case(middle) or (short_venue and _title_case(segments[-1])):
        return cut  # "Title. Trans. of the ASME, J. Heat", "Title II. Feddes Repert. Berlin 13"
    stop = re.search(r"[.?!]\s+$", rest[: starts[venue]])
    return stop.start() if stop else cut


def _title_case(segment: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", segment) if not re.fullmatch("[IVX]+", w)]
    content = [w for w in words if w.lower() not in _CONNECTORS]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


# small words of journal names; German articles are not among them ("Ergebnis der Stichprobe")
_CONNECTORS = frozenset(["of", "and", "the", "for", "on", "in", "de", "la", "für", "f", "&"])


def _segment(rest: str, starts: list[int], i: int) -> str:
    stop = _STOP.search(rest, starts[i])
    return rest[starts[i] : stop.start() if stop else len(rest)].strip()
