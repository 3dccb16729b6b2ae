"""The author list at the start of a reference string: names in order, and where the list ends.

``scan_authors(text)`` takes a cleaned reference string (numbering, identifiers already removed)
and returns ``(names, end)``: the authors as printed ("J. Smith", "Smith, J.", "John Smith",
"이찬희") and the offset where the rest (year, title, venue) starts. Names are matched at the
current position in one of four shapes: initials first, surname then initials (APA, Vancouver,
ABNT capitals "SILVA, J."), given names then surname (ACM, natbib full names) and CJK (also
"권 진", "筧 捷彦"); separators (``,`` ``;`` ``and`` ``&`` ``und`` ``y`` ``e``) continue the list;
"et al." and its CJK forms ("외 3인", "外 2人", "等", "ほか") end it, as do a full stop after a
surname, a colon, a bracket, a quote, a year or any text that is not a name.
"""

from __future__ import annotations

import re

from .refclean import CJK

__all__ = ["scan_authors"]

_UP = "A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩА-ЯЁ"
_LO = "a-zß-öø-ÿĀ-ſα-ωа-яё\u25a0\u0300-\u036f"
_WORD = (
    rf"[{_UP}](?:[{_UP}]?[{_LO}]+(?:[{_UP}][{_LO}]+)?(?:['’][{_LO}]+)?"
    rf"|[{_LO}]*['’][{_UP}][{_LO}]+)"
)
_SURNAME = rf"{_WORD}(?:[-‐](?:{_WORD}|[{_LO}]+))*(?![^\W\d_]|['’][^\W\d_])"
_PARTICLE = (
    r"(?:[vV]an|[vV]on|[dD]er|[dD]en|[dD]e|[dD]el|della|[dD]i|[dD]a|[dD]u|dos|das|[lL]a|[lL]e|"
    r"ten|ter|zu|bin|degli|dei|dal|[aA]l|[eE]l|[dD]'|[dD]’|St\.|['’]t)"
)
_FAMILY = rf"(?:{_PARTICLE}\s*)*{_SURNAME}(?:\s+(?:Jr|Sr|II|III|IV)\b\.?)?"
_INIT = rf"[{_UP}](?:[hs]?\.|(?![^\W\d_'’]))(?:\s?[-‐]\s?(?:[{_UP}]\.?|[a-z]\.))?"
_INITS = rf"{_INIT}(?:\s*(?:{_INIT}|[a-z]\.(?=\s[{_UP}]\.)))*"
# "D. Yu. Sidorenko", "Yu. A. Ivanov": two-letter initials, only where initials come first
_INIT2 = r"[YZK][aehou]\.(?=\s?[A-ZÀ-Þ])"
_INITS_FIRST = rf"(?:{_INIT}|{_INIT2})(?:\s*(?:{_INIT}|{_INIT2}|[a-z]\.(?=\s[{_UP}]\.)))*"
_CAPS = rf"[{_UP}]{{1,3}}\b\.?"
_CJK = f"[{CJK}]"
# "외 3인", "外 3人", "等", "ほか": and others, after CJK names
_CJK_ETAL = r"(?:외|外|等|ほか|他)(?:\s?\d+\s?[인人名])?(?=[\s.,]|$)"

# ", Mirco Mutti, and" / ", and Marcello Restelli.": full names follow (Chicago)
_FULL_AHEAD = rf",?\s*(?:and\s+)?(?:{_SURNAME}\s+)+(?:{_INITS}\s*)?{_FAMILY}\s*(?:,|\band\b|\.\s)"
_SHAPES = {
    # J. Smith, X.-L. Qi, G. E. van der Berg
    "initials": re.compile(
        rf"{_INITS_FIRST}\s*(?:{_FAMILY}(?:\s+{_SURNAME}(?=\s*(?:,|\band\b)))?"
        rf"|[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?\b)"
    ),
    # Smith, J. / Smith J / Smith JA / van der Berg, G. E.
    "inverted": re.compile(
        rf"(?:{_SURNAME}\s)?{_FAMILY},?\s+(?:{_INIT2}\s?)?(?:{_INITS}|{_CAPS})(?![{_LO}])"
        rf"|[{_UP}][{_LO}]{{2,}}[{_UP}]{{1,3}}(?=\s*[,.])"  # "KumawatH," glued (Vancouver)
        rf"|[{_UP}]{{2,}}(?:[-‐ ][{_UP}]{{2,}})*(?:,\s+{_INITS}|\s+{_INIT}\.?(?:\s?{_INIT})*)"
        rf"(?![{_LO}\d])"  # "SMITH, A.;" (ABNT), "SMITH A. &"
    ),
    # John Smith, Aidan N. Gomez, Jean-Baptiste Alayrac
    "full": re.compile(
        rf"(?:{_SURNAME}|[{_UP}]{{1,3}}(?![^\W\d_'’.-])(?=\s+{_SURNAME}\b)"
        rf"|{_INIT}(?=\s+{_SURNAME}\s+{_FAMILY}))"
        rf"(?:\s+(?:{_SURNAME}|{_INIT}|[{_UP}]{{2,3}}\b(?!\.)))*\s+{_FAMILY}"
        rf"|{_SURNAME}\s+{_INITS}\s+{_FAMILY}"
        rf"|[{_UP}][{_LO}]+[{_UP}][{_LO}]{{2,}}(?=\s*(?:,|\band\b|\.))"  # "AlexDevonport," glued
    ),
    # 이찬희 / 立田 ルミ
    # Bertulani, Carlos A. (only before a year or another name)
    "inverted_full": re.compile(
        rf"{_FAMILY},\s+{_SURNAME}(?:\s+{_INITS})?(?=[.,]?\s*(?:\(?(?:1[6-9]|20)\d\d|and\s|&))"
        rf"|{_FAMILY},\s+{_SURNAME}(?:\s+(?:{_SURNAME}|{_INITS})){{0,2}}(?={_FULL_AHEAD})"
        rf"|^{_FAMILY},\s+{_SURNAME}(?:\s+{_INITS})?(?=\.\s+[{_UP}])"  # "Weymann, Ansgar. Title"
    ),
    # RIKEN (2013). / Weilbrock, 2003:
    "lone": re.compile(
        rf"(?:{_SURNAME}|[{_UP}]{{2,}})"
        rf"(?=\s*\((?:1[6-9]|20)\d\d|[,.]\s*(?:1[6-9]|20)\d\d[a-z]?[.:])"
    ),
    "cjk": re.compile(
        rf"{_CJK}{{2,4}}(?:\s(?!{_CJK_ETAL})[\u3040-\u30ff\u4e00-\u9fff]{{1,4}})?"
        rf"|{_CJK}\s{_CJK}{{1,3}}(?=\s?[.,(])"
    ),
}
_ETAL = re.compile(
    rf"\s*(?:et\.?\s*al\b\.?|and\s+others\b|others\b|etal\b\.?|u\.\s?a\.|{_CJK_ETAL})"
    r"(?:,?\s*\([^()\d]{1,40}\))?"
)
_BOUNDARY = re.compile(
    r"\s*(?:,|;|&|\band\b|\bet\b|\s[ye]\s(?=[A-Z])|\.|:|\(|\[|$|[\"“”]|\s?(?=\d))"
)
_CJK_BOUNDARY = re.compile(
    r"\s*(?:,|;|:|\(|·|․|\.(?=\s|\(|[\uac00-\ud7af]{2,4}(?:\s?[.(,:]|\s+[A-Z]))|$|\s(?=\d)"
    r"|\s(?=[A-Z][a-z])"
    rf"|\s(?={_CJK_ETAL})"
    r"|\s(?=[\u3040-\u30ff\u4e00-\u9fff]{2,4}\s?,))"
)
_ORG = re.compile(
    r"(?:[\w-]+\s){0,3}\w*(?:Collaboration|Collab\.|Consortium)[\s,.:]*(?:\((?=[^)]*\bet al))?"
)
_FULL_NEXT = re.compile(rf"\s*(?:{_SURNAME}\s+)*{_FAMILY}\s*(?:,|\band\b)")
_ALLOWED = {
    "initials": ["initials", "inverted"],
    "inverted": ["inverted", "initials"],
    "full": ["full", "initials"],
    "inverted_full": ["inverted_full", "inverted", "initials", "full"],
    "lone": ["inverted", "initials"],
    "cjk": ["cjk"],
}
_JOIN = re.compile(
    r"\s*(?:[.·․]\s?(?=[\uac00-\ud7af]{2,4}(?:\s?[(.,·:]|\s+[A-Z]))|[.·․](?=[\uac00-\ud7af])|,\s*(?:and\s|&\s?)?|;\s*|\s+and\s+|\s*&\s*|\s+und\s+|\s+[ye]\s+(?=[A-Z])|\s+et\s+(?!al\b))"
)
_AND = re.compile(r"\band\b|&|\bund\b|\s[ye]\s")  # Spanish "y", Portuguese "e"
_SEPARATOR = re.compile(r"\s*(?:,|;|&|and\b|et\s?al|[ye]\s[A-Z])")
_REPEAT = re.compile(r"^(?:\s*(?:[-‐–—_]{2,}|[-‐–—])\s*[.,:]?\s*(?:and\s+)?)+")


def _name_at(text: str, pos: int, order: list[str]) -> tuple[str, str, int] | None:
    """The first shape in ``order`` that matches at ``pos``; for a first name the longest."""
    best: tuple[str, str, int] | None = None
    for shape in order:
        m = _SHAPES[shape].match(text, pos)
        if m is None:
            continue
        end = m.end()
        if shape == "inverted" and text[end - 1 : end] != "." and text[end : end + 1] == ".":
            end += 1
        b = (_CJK_BOUNDARY if shape == "cjk" else _BOUNDARY).match(text, end)
        if b is None and not (shape in ("initials", "inverted") and "." in m.group()):
            continue
        found = shape, " ".join(m.group().replace(" ,", ",").split()), end
        if len(order) < len(_SHAPES):
            return found
        if best is None or end > best[2]:
            if best is not None and best[0] == "full" and _full_names_follow(text, found):
                continue
            best = found
    return best


def _full_names_follow(text: str, found: tuple[str, str, int]) -> bool:
    """ "Xuecheng Yin, I. Esra Buyuktahtakin, and ...": full names, not "Yin, Xuecheng I."."""
    return found[0] == "inverted" and _FULL_NEXT.match(text, found[2]) is not None


def scan_authors(text: str) -> tuple[list[str], int]:
    """The names at the start of ``text`` and the offset just past them."""
    rep = _REPEAT.match(text)
    names: list[str] = []
    order = ["full", "inverted", "initials", "inverted_full", "lone", "cjk"]
    pos = end = rep.end() if rep else 0
    after_and = False
    org = _ORG.match(text, pos)
    if org:
        pos = end = org.end()
    while True:
        while pos < len(text) and text[pos] == " ":
            pos += 1
        found = _name_at(text, pos, order)
        if found is None:
            etal = _ETAL.match(text, pos) if names else None
            if etal:
                end = etal.end()
            break
        shape, name, pos = found
        if not names:
            order = _ALLOWED[shape]
        names.append(name.rstrip(","))
        end = pos
        if shape == "inverted" and text[pos - 1 : pos] == "." and not _continues(text, pos):
            break
        etal = _ETAL.match(text, pos)
        if etal:
            end = etal.end()
            break
        join = _JOIN.match(text, pos)
        if join is None or join.end() == pos:
            break
        joined_by_and = _AND.search(join.group()) is not None
        if after_and and not joined_by_and:
            break  # "..., and Q. Pham, Invariante Variationsprobleme, ...": the last name was read
        after_and = joined_by_and
        pos = join.end()
    return names, end


def _continues(text: str, pos: int) -> bool:
    """After "Smith, J." the list goes on only at a separator."""
    return _SEPARATOR.match(text[pos : pos + 8]) is not None
