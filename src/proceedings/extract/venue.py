"""Venue, year, arXiv identifier and DOI from the first page's header and footnotes.

In: text lines of the first page (header, footnotes, page edges, margin stamps). Out: the
venue name and year, an arXiv identifier and a DOI, each when found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["date_year", "find_arxiv_id", "find_doi", "find_venue"]

_ORD = r"\d{1,3}(?:st|nd|rd|th)"
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")

_PROCEEDINGS = re.compile(
    r"(Proceedings of (?:the )?(?:" + _ORD + r"\s+)?[^.;]*?"
    r"(?:Conference|Workshop|Symposium|Meeting|Congress)[^.,;]*?"
    r"(?:\([A-Za-z][\w\s'&-]*?\))?)(?=[,.;]|\s+\d{4}|\s*$)",
    re.I,
)
_NTH_CONF = re.compile(
    r"((?:" + _ORD + r"|Thirty|Forty|Twenty)[\w-]*\s+(?:Annual\s+)?"
    r"(?:International\s+|Asian\s+|European\s+|AAAI\s+|ACM\s+|IEEE\s+)?"
    r"(?:Conference|Workshop|Symposium)\s+on\s+[^.,;()]+?(?:\s*\([A-Za-z][\w\s'&-]*\))?)(?=[,.;]|$)",
    re.I,
)
_AT_VENUE = re.compile(
    r"(?:Published|Accepted|Under review)\s+(?:as\s+an?\s+(?:conference|workshop|main|oral|poster)"
    r"(?:\s+track)?\s+paper\s+)?(?:at|in|to)\s+"
    r"(?:the\s+)?([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+\d{4})",
)
_PMLR_VOL = re.compile(r"Proceedings of Machine Learning Research\s+vol\s*\d+", re.I)
_JOURNAL = re.compile(r"(Journal of Machine Learning Research|Transactions on [A-Z][\w ]+)")


_REVIEW = re.compile(
    r"(?:under review|submitted|accepted|to appear)\s+(?:by|to|at|in)\s+(?:the\s+)?"
    r"((?:" + _ORD + r"\s+)?(?:Annual\s+)?(?:International\s+)?(?:Conference|Workshop|Symposium)"
    r"\s+on\s+[^.,;()]+)",
    re.I,
)
# A reference-list entry at a page edge, not a notice about this paper.
_CITATION = re.compile(r"\bIn\s+(?:the\s+)?Proc(?:eedings|\.)|\bet al\.|^\[\d{1,3}\]", re.I)
_WORKSHOP = re.compile(
    r"((?:[A-Z][\w-]*\s+(?:19|20)\d\d\s+)?Workshop\s+on\s+[^.;()]+?"
    r"(?:\s+(?:at|@)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:19|20)\d\d)?)?)(?=\s*[.;(]|\s*$)"
)
_ACRONYM_YEAR = re.compile(r"\b(?:[A-Z][A-Za-z]*[A-Z]|[A-Z]{2,})\s?'?(20[0-4]\d)\b")


def _squeeze(venue: str) -> str:
    return re.sub(r"\s+", " ", venue).strip()


def _clean(venue: str) -> str:
    """A canonical venue name: "Proceedings of the Nth ...", no acronym, place or year."""
    venue = re.sub(r"\s+", " ", venue).strip(" ,.;:")
    venue = re.sub(r"-\s+(?=[a-z])", "", venue)
    venue = re.sub(r"\s*\([^()]*\)", "", venue)
    venue = re.sub(r"[\s,]+(19|20)\d\d$", "", venue).strip(" ,.;:")
    venue = re.sub(r"^Proceedings of The\b", "Proceedings of the", venue)
    if re.match(_ORD + r"\s", venue, re.I):
        venue = "Proceedings of the " + venue
    return venue


def _search(blocks: Sequence[str], regex: re.Pattern[str]) -> tuple[str, int | None] | None:
    for block in blocks:
        for m in regex.finditer(block):
            cand = m.group(1)
            if re.match(r"Proceedings of Machine Learning Research", cand, re.I):
                continue
            tail = block[m.end() : m.end() + 120]
            y = _YEAR.search(cand) or _YEAR.search(tail)
            return _clean(cand), int(y.group(1)) if y else None
    return None


def find_venue(
    blocks: Sequence[str], fallback: Sequence[str] = ()
) -> tuple[str | None, int | None]:
    """The venue name and year printed in the first page's header or footnotes.

    Each block is searched on its own: one header line, or a footnote's lines joined.
    ``fallback`` blocks (page-edge lines that may be body text or references) are only
    searched for what ``blocks`` do not tell.
    """
    venue, year = _find_venue(blocks)
    fallback = [b for b in fallback if not _CITATION.search(b)]
    if fallback and (venue is None or year is None):
        venue2, year2 = _find_venue([*blocks, *fallback])
        if venue is None:
            venue, year = venue2, year if year is not None else year2
        elif year is None and venue2 == venue:
            year = year2
    return venue, year


def _find_venue(blocks: Sequence[str]) -> tuple[str | None, int | None]:
    blocks = [re.sub(r"(\w)-\s+([a-z])", r"\1\2", b.strip()) for b in blocks if b.strip()]
    blocks = [re.sub(r"\b(\d{1,3})\s+(st|nd|rd|th)\b", r"\1\2", b) for b in blocks]
    joined = " \n ".join(blocks)
    pmlr_vol = _PMLR_VOL.search(joined)
    found = None
    for regex in (_NTH_CONF, _PROCEEDINGS) if pmlr_vol else (_PROCEEDINGS, _NTH_CONF):
        found = _search(blocks, regex)
        if found:
            break
    venue, year = found if found else (None, None)
    notices = ((_REVIEW, _clean), (_AT_VENUE, _squeeze), (_JOURNAL, _clean), (_WORKSHOP, _squeeze))
    for regex, tidy in notices:
        if venue is None and (m := regex.search(joined)):
            venue = tidy(m.group(1))
    if year is None and venue:
        y = _YEAR.search(venue)
        if y:
            year = int(y.group(1))
    if year is None and pmlr_vol:
        y = _YEAR.search(joined[pmlr_vol.end() : pmlr_vol.end() + 40])
        if y:
            year = int(y.group(1))
    if year is None:
        m5 = _ACRONYM_YEAR.search(joined)
        if m5:
            year = int(m5.group(1))
    if year is None:
        m4 = re.search(r"(?:©|\(c\)|Copyright)\s*(?:by\s+)?(19[89]\d|20[0-4]\d)", joined, re.I)
        if m4:
            year = int(m4.group(1))
    return venue, year


_ARXIV = re.compile(
    r"arXiv\s*:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I
)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)


def find_arxiv_id(texts: Sequence[str]) -> str | None:
    for text in texts:
        m = _ARXIV.search(text) or _ARXIV_URL.search(text)
        if m:
            return m.group(1)
    return None


_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


def find_doi(texts: Sequence[str]) -> str | None:
    for text in texts:
        if "doi" not in text.lower() and "10." not in text:
            continue
        m = _DOI.search(text)
        if m:
            return m.group(1).rstrip(".,;)")
    return None


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_LINE = re.compile(
    r"^(?:(?:Draft|Preprint|Version|Revised|Dated)\W*(?:of\s+)?)?"
    r"(?:" + _MONTH + r"\s+(?:\d{1,2},?\s+)?|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+)?"
    r"(19[89]\d|20[0-4]\d)$",
    re.I,
)


def date_year(lines: Sequence[str]) -> int | None:
    """The year of a line that is only a date (``March 2024``), as ``\\maketitle`` prints it."""
    for line in lines:
        m = _DATE_LINE.match(line.strip())
        if m and not line.strip().isdigit():
            return int(m.group(1))
    return None
