"""One reference string to a ``Reference``: authors, title, venue, year, volume, pages, ids.

``parse_reference(text)`` is pure and offline. The string is cleaned (numbering such as ``[12]``
or ``12.`` dropped, line breaks and hyphenation at line ends undone), identifiers (DOI, arXiv,
URL) are taken out, the author list is read from the start (``refnames.scan_authors``), then
a year (or a date) right after the authors (natbib/APA/ACM author-year), then the title: quoted
(IEEE, «», 「」), or up to the first full stop that ends a sentence, a comma before something
venue-like, a GB/T 7714 type ("[J]"), GOST "//", ", edited by" or "; Publisher: City", then
moved over stops inside it to the journal before the numbers (``reftitle``). What follows the
title up to the numbers is the venue. A rest that is only a journal name and numbers ("Phys.
Rev. Lett. 62, 1201 (1989)") has no title, nor has prose without authors or year; one that is
only "Proc. <conference>, Place, year" has the proceedings name as its title.
"""

from __future__ import annotations

import re

from ..models import Reference
from .refclean import CJK, clean
from .refnames import scan_authors
from .reftitle import (
    MONTH,
    book_in_series,
    drop_glued_venue,
    drop_place,
    strip_in_press,
    through_stops,
    through_subtitle,
    title_before_venue,
    title_then_year,
    without_access_date,
)

__all__ = ["parse_reference"]

_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:?\s*)?(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_ARXIV = re.compile(
    r"(?:arxiv(?:\.org)?(?:/abs/|\s*:|\s|\s*preprint\s*(?:arxiv)?:?)\s*|abs/|CoRR,?\s*abs/)"
    r"((?:\d{4}\.\d{4,5}|[a-z][a-z.-]+/\d{7})(?:v\d+)?)(?:\s*\[[a-z.-]+(?:\.[A-Z]{2})?\])?",
    re.I,
)
# what _ARXIV and _PREPRINT cannot match without
_ARXIV_HINT = re.compile(r"arxiv|abs/", re.I)
_PREPRINT = re.compile(r"arxiv\s+preprint|preprint,?\s+arxiv", re.I)
_NOT_TITLE = re.compile(
    r"(?:these proceedings|in preparation|to appear|submitted|in press|preprint|"
    r"private communication|unpublished|forthcoming|à paraître|sous presse|im druck|en prensa)\b",
    re.I,
)
_URL = re.compile(r"(?=[hw])(?:https?://|www\.)[^\s<>\"]+", re.I)
_YEAR = re.compile(r"(1[6-9]\d\d|20[0-4]\d)(?<![\d/.:–-]\d{4})(?![\d])")
_YEAR_LEAD = re.compile(
    rf"^[\s,.;:]*(?:cited\s+)?[(\[]?\s*(?:\d{{1,2}}\s+(?={MONTH}))?(?:{MONTH}\.?\s+)?"
    rf"(1[6-9]\d\d|20[0-4]\d)[a-z]?(?:,\s*{MONTH}"
    r"\.?(?:\s\d{1,2})?)?\s*[)\]]?[\s.,:;]*(?:[-–]\s(?=[A-Z]))?"
)
_EDS = re.compile(r"^[\s,.]*\(?(?:eds?|editors?|hrsg|ed)\.?\)?[\s.,:]*", re.I)
_QUOTED = re.compile(
    r"(?:^|(?<=[\s,.:;(]))(?:(?:[\"“”„]|''|``)(.+?)(?:[\"“”]|'')|«(.+?)»|「(.+?)」|『(.+?)』"
    r"|['‘’](?=\S)(.+?)(?<=\S)['’](?=[,.;:)]|\s*$)|['‘’](?=\S)(.+?)(?<=\S)['’](?=\s))"
)
_QUOTE_MARK = re.compile("[\"“”„'`«「『‘’]")  # what _QUOTED and _UNCLOSED cannot match without
_UNCLOSED = re.compile(r"(?:^|(?<=[\s,.:;(]))[\"“]([^\"“”\s][^\"“”]{10,}?)[\s.,]*$")
_NUMERIC = re.compile(
    r"(?:^|(?<=[\s,]))(?:[A-Za-z]{0,6}\.?\s?)?\(?\d+\)?(?:\s?\(\d+\))?(?:\s?[-–]\s?\d+)?"
    r"(?:/\d+)?(?:[\s.,]|$)|(?:^|(?<=[\s,]))\d+\s?\(\d+,|제\s?\d+|\d+\s?(?:권|호|쪽|월호|巻|卷|号|期)"
    r"|(?<=[\u3040-\u9fff\uac00-\ud7af])\d+(?:[\s.,(]|$)"
)
_NUMBERS_FIRST = re.compile(
    r"(?:[Vv]ol|[Nn]o|pp?|Band|Bd|Nr|Jahrg?|Jg|Heft|Tome?|[Ii]ssue|Suppl|Ser|제|통권)?\.?\s*\(?\d"
)
_COMMA = re.compile(r"(?=[\s,、])\s*[,、]\s*")
_RANGE_ON = re.compile(r"\s*[-–]\s*\d")  # "1998-2001": a year that starts a range
_INITIAL_END = re.compile(r"(?:^|[-/])(?:[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])$")
_PERIOD = re.compile(  # each stop starts with one of [\s.?!]: the lookahead skips the rest fast
    r"(?=[\s.?!])(?:[.?!]\s+(?=\S)|\s\.(?=[A-Z])|[.?!]\s*$|\.(?=[A-Z][a-z]{2,}\s)"
    r"|(?<=[a-z]{3})\.(?=[A-Z]{2,}\b)|(?<=[A-Za-z]{2})\.(?=[A-Z][a-z]{1,5}\.))"
)
_EDITION_ENDS = (")", "ed", "ed.", "edn", "edn.", "edition", "edition.", "\n")  # where it ends
_EDITION = re.compile(
    r"\s*(?:\((?:[^()]*(?:(?<=[a-z])[Ee]dition|\b(?:[Ee]dition|[Ee]d\.|discussion"
    r"|in [A-Z][a-z]+))\b[^()]*)\)"
    r"|,?\s*\d+(?:st|nd|rd|th)\s+ed(?:ition|n)?\.?)$"
)
_ABBREV = frozenset([
    "vs", "st", "dr", "mr", "no", "vol", "p", "pp", "al", "eq", "cf", "ed", "eds", "jr", "sr",
    "fig", "etc", "e.g", "i.e", "approx", "resp", "inc", "ltd", "co", "proc",
])  # fmt: skip
# A pattern that starts with a lookahead of the characters its matches start with is the same
# pattern, scanned faster: the engine skips the other characters without trying each branch.
_IN = re.compile(
    r"(?=[\s,.])(?:(?:[,.]\s*|\s)In:?\s+(?=[A-Z\d])|[,.]\s*in:?\s+(?=[A-Z\d])"
    r"|,\s+(?=(?:Proc|Proceedings|arXiv)\b))"
)
_VENUEISH = re.compile(
    r",\s*(?=(?:[A-Z][A-Za-z]{0,8}\.\s?(?:[A-Z&(]|\d)|[A-Z][\w.&-]*(?:\s+[A-Z&][\w.&-]*){0,5}"
    r"\s*,?\s*(?:[A-Z]?\d|\()|(?:Vol|vol|pp|Ph\.?D|PhD|Master|Tech|Technical|Springer|Wiley|"
    r"Elsevier|Cambridge|Oxford|MIT|IEEE|ACM|Academic|John|Thèse|Tesi|Tesis|Dissertation|"
    r"Diplomarbeit|Doktorarbeit|Mémoire)\b|(?:Springer|Elsevier)[A-Z]))"
)
# GB/T 7714 (Chinese) document types: "Title[J]. Journal", "Title[C]//Proceedings"
# MDPI/ACS books: "Title; Publisher: City, Country, 2005"
_PUBLISHER_PLACE = re.compile(r";\s(?=[A-Z][\w&.'’ -]{1,40}:\s[A-Z])")
_DOC_TYPE = re.compile(  # GOST "//"
    r"(?=[\s\[])(?:\s?\[(?:[JCMDRPSNZAG]|EB|DB|CP)(?:/OL)?\]|\s//\s?(?=\S))"
)
_EDITORS = re.compile(
    r"(?=[\s(,])(?:\s?\(\s?(?:[Ee]ds?\b|[Ee]ds?(?=[A-Z])|[Ee]dited by\b|[Hh]rsg\b)"
    r"|,\s*[Ee]dited\s+by\s+[A-Z])"
)
_PUBLISHER = re.compile(
    r"(?=[\s(])\s?\((?=[^()]*\b(?:Press|Publishers?|Verlag|Wiley|Springer|\d{4})\b)"
)
_PAGES = re.compile(r"(?=[p:]|\d)(?:pp?\.\s*|pages\s+|:\s*)?(\d+)\s*[-–—]+\s*(\d+)(?!\d)")
_VOLUME = re.compile(r"(?=[Vv]|\d)(?:\b[Vv]ol(?:ume)?\.?\s*|\b)(\d{1,4})(?=\s*(?:\(\d|,|:|\s\d))")
# the numbers after a venue; ``_venue`` also cuts the spaces, commas and semicolons before them
_NUMBERS = re.compile(
    r"(?=[(VvpNn\s]|\d)(?:\(?\b(?:1[6-9]\d\d|20[0-4]\d)\b|\b[Vv]ol(?:ume)?\b|\bpp?\.|\bpages\b|"
    r"\b[Nn]o\.|\b\d+\s*\(|\b\d+\s*[-–:,]|\s\d+\s*$|\s[A-Z]?\d+\b)"
)
_TRIM = " \t,.;:-–—/"
# "중심으로.한국생활환경학회지 456": a stop glued between a CJK title and its journal
_CJK_GLUED_STOP = re.compile(rf"\.(?<=[{CJK}]\.)(?=[{CJK}][^\s,.]{{0,20}}\s?\d)")
# a surname alone before a title that reads as a phrase (law and humanities styles)
_LONE_SURNAME = re.compile(
    r"([A-ZÀ-Þ][a-zß-ÿ'’-]{2,}),\s+(?=[A-ZÀ-Þ][a-zß-ÿ]+\s(?:[^,\d]*?\s)?[a-zß-ÿ]{2,}\s[^,\d]{5,},)"
)
# "Proc. 27th ICRC, Hamburg, 2001": no title but the proceedings', which then stands as one
_PROC_ONLY = re.compile(
    r"(?:Proc\.?|Proceedings)\s(?=\S)(?:[^,;\d]|\d+(?:st|nd|rd|th)\b|(?<=[^\W\d_])\d+)"
    r"{3,120}?(?=\s*[,;]\s*[A-Z][a-z]|(?:\s*[,;(]|\s)\s*\(?\s*(?:1[6-9]|20)\d\d\b)"
)
_PROSE = re.compile(
    r"^[a-z]|\b(?:[Ww]e|[Oo]ur|[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Tt]his|[Tt]hese)\s\w+\s"
    r"|\b(?:should|must|cannot|can|could|would)\s(?:be|not|\w+e)\b|,\s(?:here|the|we|it)\s[a-z]"
)


def _take(pattern: re.Pattern[str], text: str) -> tuple[str | None, str]:
    m = pattern.search(text)
    if m is None:
        return None, text
    return m.group(1).rstrip(".,;)]}"), text[: m.start()] + " " + text[m.end() :]


def _inner(q: re.Match[str]) -> str:
    return next(g for g in q.groups() if g is not None).strip()


def _quoted(s: str, end: int) -> re.Match[str] | None:
    """A quoted title: long enough, or a word right after the authors; ``'...,'`` preferred."""
    if _QUOTE_MARK.search(s) is None:
        return None
    q = _QUOTED.search(s)
    if q is None:
        q = _UNCLOSED.search(s, end)  # "IEEE P802.1Q: "Standard for ... (cut off)
    if q is None or (q.start() > len(s) * 0.6 and q.start() > end + 12):
        return None
    inner = _inner(q)
    if q.group(0)[0] in "'‘’":
        wide = re.compile(r"(?:^|(?<=[\s,.:;(]))['‘’](\S.*?[,.])['’](?=\s|$)").match(s, q.start())
        if wide and len(wide.group(1)) > len(inner):
            return wide
    if (len(inner) > 7 and " " in inner) or (len(inner) >= 3 and q.start() <= end + 12):
        return q
    return None


def _without_edition(title: str) -> str:
    """ "Pattern Recognition (2nd edition)" -> "Pattern Recognition", trimmed."""
    return (_EDITION.sub("", title) if title.endswith(_EDITION_ENDS) else title).strip(_TRIM)


def _pick_year(text: str, lead: int | None) -> int | None:
    if lead is not None:
        return lead
    years = [m for m in _YEAR.finditer(text) if not _RANGE_ON.match(text, m.end())]
    if not years:
        return None
    for m in years:
        if text[max(0, m.start() - 1) : m.start()] == "(":
            return int(m.group(1))
    return int(years[-1].group(1))


def _title_end(rest: str) -> int:
    ends = [len(rest)]
    for m in _PERIOD.finditer(rest, 1):
        head = rest[: m.start()]  # on one line: the word before the stop, as r"(\S*)$" finds it
        w = "" if head[-1:].isspace() else (head.split() or [""])[-1]
        if _INITIAL_END.search(w) or w.lower() in _ABBREV:
            continue
        ends.append(m.start() + (1 if rest[m.start()] in "?!" else 0))
        break
    venueish = _VENUEISH.search(rest, 1)
    for pattern in (_IN, _PUBLISHER, _EDITORS, _CJK_GLUED_STOP, _DOC_TYPE, _PUBLISHER_PLACE):
        if pattern is _DOC_TYPE and "[" not in rest and "//" not in rest:
            continue
        found = pattern.search(rest, 1)
        if found:
            ends.append(found.start())
    end = min(ends)
    if venueish and venueish.start() < end:
        # "Title, Journal of X, Vol. 3": the segment before the numbers is the journal.
        after = _COMMA.search(rest[venueish.end() :])
        scope = venueish.end() + after.start() if after else len(rest)
        return min(venueish.start(), _before_numbers(rest, venueish.start(), scope))
    return _before_numbers(rest, end, end)


def _before_numbers(rest: str, end: int, scope: int) -> int:
    """In "Title, Journal, 12(3), 45-67" the title ends before the segment ahead of the numbers."""
    starts = [0] + [m.end() for m in _COMMA.finditer(rest[:scope])]
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else scope
        if i and _NUMERIC.search(rest, start, stop):
            if i >= 2 and not _NUMBERS_FIRST.match(rest, start):
                return _segment_end(rest, starts[i])  # "Title, part, Journal 12": venue inside
            if i >= 2 and not rest[starts[i - 1] : starts[i - 1] + 1].islower():
                return _segment_end(rest, starts[i - 1])
            return _segment_end(rest, starts[i])
    return end


def _segment_end(rest: str, start: int) -> int:
    """``start``, or where the spaces before a comma that ends ``rest[:start]`` begin."""
    head = rest[:start].rstrip()
    return len(head[:-1].rstrip()) if head.endswith(",") else start


_CONNECTORS = frozenset([
    "of", "and", "&", "de", "der", "des", "für", "for", "the", "on", "in", "e-prints",
    "collaboration.",
])  # fmt: skip


def _venue_only(rest: str) -> bool:
    """ "Phys. Rev. Lett. 62, 1201", "Nature 506, 463", "ApJ, 681": a journal and numbers only."""
    if title_before_venue(rest):
        return False
    parts = [p for p in re.split(r"\s*,\s*", rest.strip(" .;")) if p]
    if (
        len(parts) >= 3
        and all(re.fullmatch(r"[A-Za-z]{0,6}\.?\s?\(?\d[\d()–-]*\)?", p) for p in parts[1:])
        and _capitalized(parts[0].split())
        and not _sentence_first(parts[0])
    ):
        return True  # "Philosophical Transactions of the Royal Society of London, 160, 277"
    m = re.search(
        r"(?<![^\s,(.:])\d+(?:st|nd|rd|th)?(?![a-z\d]|-[A-Za-z])|\b(?:Vol|vol|No|pp)\b", rest
    )
    chunk = rest[: m.start()] if m else rest
    if (
        m is None
        and re.search(r"[^\W\d_]{3,}", re.sub(r"[\s\[\](),.;:]", "", chunk))
        and len(chunk) > 40
    ):
        return False
    first = re.split(r"\.\s", chunk, maxsplit=1)
    if (
        len(first) == 2
        and first[1].strip()
        and re.match(r"[^\s.]+\s", first[0])
        and re.search(r"\S\s+[^\W\d_]{5,}$", first[0])
        and not first[0].endswith("Collaboration")
    ):
        return False  # "Nonlinear Programming. Athena Scientific, 1999": a title, then more
    if re.search(
        r"\((?=[^()]*[A-Z][^()]*,[^()]*\b(?:1[6-9]|20)\d\d\s*\))", chunk + rest[len(chunk) :]
    ):
        return False  # "Gravitation (Freeman, San Francisco, 1972)": a book
    segments = re.split(r",(?![^()]*\))", rest)
    if (
        len(segments) >= 2
        and not re.search(r"\b[A-Z][a-z]{0,8}\.|\d", segments[0].split("(")[0])
        and re.match(r"\s*(?:[A-Z][a-z]{0,8}\.\s?){2}", segments[1])
    ):
        return False  # "Q-balls, Nucl. Phys. B262": a title, then the abbreviated journal
    words = [w for w in re.split(r"[\s,;]+", chunk) if w and not re.fullmatch(r"[^\w]+", w)]
    if not words or len(words) > 9 or chunk.lower().startswith("arxiv"):
        return bool(words) and chunk.lower().startswith("arxiv")
    content = [w.strip("()[]:") for w in words if w.lower().strip("()[]:") not in _CONNECTORS]
    if not _capitalized(content):
        return False
    if chunk.isupper() and len(content) >= 2:
        return True
    abbrev = sum(1 for w in content if (w.endswith(".") and len(w) <= 9) or re.search(r"\w\.\w", w))
    return (abbrev == 0 and len(content) <= 4) or abbrev * 2 >= len(content)


def _sentence_first(text: str) -> bool:
    """ "Quantile Regression Forests. Journal of X": three or more whole words, then a stop."""
    head = re.split(r"(?<=[^\W\d_]{4})\.\s+(?=[A-Z])", text, maxsplit=1)
    if len(head) < 2:
        return False
    words = [w for w in head[0].split() if w.lower() not in _CONNECTORS]
    return len(words) >= 3 and not any(w.endswith(".") for w in words)


def _capitalized(words: list[str]) -> bool:
    """Every word but connectors starts with a capital ("Journal de l'École Polytechnique")."""
    return all(
        re.sub(r"^(?:[ld][’']|(?:of|and|de|the|for)(?=[A-Z]))", "", w.strip("()[]:"))[:1].isupper()
        for w in words
        if w and w.lower().strip("()[]:") not in _CONNECTORS
    )


_VENUE_SLASHES = re.compile(r"^\s?(?:\[[A-Z]{1,2}(?:/OL)?\])?[\s.]*//")  # "[C]//", "//"
_VENUE_TYPE = re.compile(r"^\s?\[[A-Z]{1,2}(?:/OL)?\][\s.]*")  # "[J]. "
_VENUE_IN = re.compile(r"^[\s,.;:]*(?:In|in)\b:?\s*")
_VENUE_EDITORS = re.compile(r"^.{0,300}?\b(?:editors?|eds?\.|\(eds?\.?\))[\s,:]+")
_EDITOR_WORDS = ("editor", "ed.", "eds.", "(ed")  # what _VENUE_EDITORS cannot match without


def _venue(text: str) -> str | None:
    if "//" in text:
        text = _VENUE_SLASHES.sub("", text)
    if "[" in text:
        text = _VENUE_TYPE.sub("", text)
    text = _VENUE_IN.sub("", text)
    if any(w in text for w in _EDITOR_WORDS):
        text = _VENUE_EDITORS.sub("", text)
    m = _NUMBERS.search(text)
    cut = m.start() if m else len(text)
    while m and cut and (text[cut - 1] in ",;" or text[cut - 1].isspace()):
        cut -= 1
    venue = text[:cut].strip(_TRIM)
    venue = re.sub(r"\(\s*$", "", venue).strip(_TRIM)
    return venue if len(venue) > 1 and re.search(r"[^\W\d_]", venue) else None


def parse_reference(text: str) -> Reference:
    """The fields of one reference string; fields not found are ``None`` (authors empty)."""
    raw = text
    s = clean(text)
    arxiv_hint = _ARXIV_HINT.search(s) is not None  # taking the DOI out adds no "arxiv"
    preprint = arxiv_hint and _PREPRINT.search(s) is not None
    doi, s = _take(_DOI, s) if "10." in s else (None, s)
    arxiv_id, s = _take(_ARXIV, s) if arxiv_hint else (None, s)
    url = None
    m_url = _URL.search(s)
    if m_url:
        url = m_url.group().rstrip(".,;)")
        s = s[: m_url.start()] + " " + s[m_url.end() :]
    s = without_access_date(" ".join(s.split()))
    authors, end = scan_authors(s)
    lone = None if authors else _LONE_SURNAME.match(s)
    if lone:
        authors, end = [lone.group(1)], lone.end()  # "Ulsenheimer, Fehlentwicklungen in der ..."
    rest = s[end:]
    lead_year = None
    m = _EDS.match(rest)
    if m and m.end():
        rest = rest[m.end() :]
    m = _YEAR_LEAD.match(rest)
    if m and (authors or end):
        lead_year = int(m.group(1))
        rest = rest[m.end() :]
    rest = strip_in_press(re.sub(r"^[Ii]n:?\s+(?=[A-Z])", "", rest.lstrip(_TRIM)))
    title: str | None = None
    after = rest
    q = _quoted(s, end)
    book = book_in_series(rest)
    alone = title_then_year(rest) if authors and s[end : end + 2].strip() == "." else None
    proc = None if q and q.start() <= end + 12 else _PROC_ONLY.match(rest)
    if proc:
        title = proc.group().strip(_TRIM)
    elif alone:
        title, after = alone, rest[len(alone) :]
    elif book:
        title, after = book, rest[rest.index(book) + len(book) :]
    elif q:
        title = _without_edition(_inner(q).strip(_TRIM))
        after = s[q.end() :]
        if q.start() < end or not authors:
            authors, _ = scan_authors(s[: q.start()])
            lead = s[: q.start()].strip(" ,.:;")
            if not authors and re.fullmatch(r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}", lead):
                authors = [lead]  # "Deutsch, 'Schutzbereich ...'": one name before the title
    elif rest and (preprint or not _venue_only(rest)):
        cut = _title_end(rest)
        if authors and lead_year is None and s[end : end + 2].strip() == ",":
            cut = through_subtitle(rest, cut)
        else:
            cut = through_stops(rest, cut)
        title = re.sub(r",\s*(?:1[6-9]|20)\d\d[a-z]?$", "", rest[:cut].strip(_TRIM))
        title = _without_edition(title)
        title = re.sub(r",\s*(?:preprint|submitted|in press|to appear)$", "", title) or None
        if title and _NOT_TITLE.match(title):
            title = None
        after = rest[cut:]
        if title:
            short = drop_glued_venue(drop_place(title, after))
            if short != title and rest.startswith(short):
                after = rest[len(short) :]
            title = short
    if title is not None and not re.search(r"[^\W\d_]{2}", title):
        title, after = None, rest
    if title and not authors and not q and _PROSE.search(s) and not _YEAR.search(s):
        title = None  # a sentence of the paper that the reference splitter let through
    pages = _PAGES.search(after)
    volume = _VOLUME.search(after)
    return Reference(
        raw=raw,
        authors=tuple(authors),
        title=title,
        venue=_venue(after),
        year=_pick_year(s, lead_year),
        volume=volume.group(1) if volume else None,
        pages=f"{pages.group(1)}–{pages.group(2)}" if pages else None,
        doi=doi,
        arxiv_id=arxiv_id,
        url=url,
    )
