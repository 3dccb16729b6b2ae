"""Personal names and e-mail addresses as printed in paper bylines.

In: pieces of byline text. Out: display names (markers stripped, all-caps title-cased),
whether a piece looks like a name or an affiliation, the names in a cell's tokens, the
e-mails in a text, and which author an e-mail belongs to.
"""

from __future__ import annotations

import re
import unicodedata

from ..text import fold_key

__all__ = [
    "AFFILIATION_WORDS",
    "MARKER_CHARS",
    "PARTICLES",
    "expand_emails",
    "looks_like_affiliation",
    "looks_like_name",
    "marker_labels",
    "match_email",
    "names_in",
    "normalize_name",
    "split_names",
    "strip_markers",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = _words(
    "van von der den de del della dei degli la le di da das dos du des ter ten zu zur bin binti"
    " al el y e af av"
)
MARKER_CHARS = "*∗⋆†‡§¶♯♮♭♠♣♥♦⋄◇○•·⊥⊤⊛⊕✝✉#‖¹²³⁴⁵⁶⁷⁸⁹⁰αβγδεζηθκλμµνξπρστφχψω"
_MARKERS = re.compile(f"[{re.escape(MARKER_CHARS)}]")

AFFILIATION_WORDS = _words(
    """university universit universität université universidad universidade universiteit
    università uniwersytet univ institute institut instituto istituto department dept
    school college faculty laboratory laboratories lab labs research inc inc. ltd llc corp
    corporation company center centre centro group hospital academy foundation technology
    technologies sciences science national polytechnic politecnico polytechnique ecole école
    epfl eth mit cnrs inria riken google microsoft meta amazon deepmind openai nvidia ibm apple
    adobe alibaba baidu tencent huawei samsung intel facebook bytedance salesforce
    anthropic kaist postech tsinghua peking stanford berkeley harvard oxford cambridge
    princeton yale cornell columbia caltech cmu ucla usc nyu toronto montreal mila
    ai2 planck fraunhofer csiro nec ntt naver kakao antgroup
    street road avenue usa uk china japan korea germany france canada italy spain israel
    india switzerland netherlands australia singapore sweden finland austria belgium denmark
    norway brazil russia carnegie mellon"""
)

_UPPER_SPLIT = re.compile(r"([\s\-'’]+)")


def strip_markers(text: str) -> str:
    """A name without affiliation and footnote markers (*, †, digits, trailing commas)."""
    text = _MARKERS.sub(" ", text)
    text = re.sub(r"(?<=[^\W\d_])\d+(,\d+)*", "", text)
    text = re.sub(r"(^|\s)\d+(,\s*\d+)*(?=\s|$)", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;&")
    return text


def _cap_word(word: str, first: bool) -> str:
    low = word.lower()
    if not first and low in PARTICLES:
        return low
    if len(word) <= 1:
        return word.upper()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    if low.startswith("mac") and len(low) > 5 and low[3] not in "aeiou":
        return "Mac" + low[3].upper() + low[4:]
    return low[0].upper() + low[1:]


def _titlecase(name: str) -> str:
    parts = _UPPER_SPLIT.split(name)
    out: list[str] = []
    seen_word = False
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        if not part:
            out.append(part)
            continue
        after_apostrophe = i > 0 and parts[i - 1] in ("'", "’")
        if after_apostrophe and len(part) <= 1:
            out.append(part.lower())
        else:
            last = i == len(parts) - 1
            out.append(_cap_word(part, first=not seen_word or last))
        seen_word = True
    return "".join(out)


def normalize_name(raw: str) -> str:
    """A display name: markers gone, spacing fixed, all-caps names title-cased."""
    name = unicodedata.normalize("NFC", strip_markers(raw))
    name = re.sub(r"\s*-\s*", "-", name)
    name = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z])", r"\1. ", name)
    letters = [c for c in name if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) == len(letters) and len(letters) > 3:
        name = _titlecase(name)
    return re.sub(r"\s+", " ", name).strip(" ,;")


_TOKEN_OK = re.compile(
    r"^(?:[^\W\d_]\.(?:-?[^\W\d_]\.)*|[^\W\d_][^\W\d_'’\-.]*(?:['’\-][^\W\d_]+)*\.?)$"
)


def looks_like_affiliation(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return any(w in AFFILIATION_WORDS or w.startswith("universit") for w in words)


def looks_like_name(text: str) -> bool:
    """True for one plausible personal name (2 to 6 words, capitalised, no digits)."""
    if not text or "@" in text or any(ch.isdigit() for ch in text):
        return False
    words = text.split()
    particles = sum(1 for w in words if w in PARTICLES)
    if len(words) < 2 or len(words) - particles > 6 or len(words) > 9:
        return False
    if looks_like_affiliation(text):
        return False
    caps = 0
    for i, w in enumerate(words):
        if not _TOKEN_OK.match(w):
            return False
        if w[0].isupper():
            caps += 1
        elif w.lower() not in PARTICLES or i == len(words) - 1 or i == 0:
            return False
    return caps >= 2


_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&|\s{2,}|\t)\s*")


def split_names(text: str) -> list[str]:
    """Names of a byline cell such as ``Alice Smith, Bob Jones and Carol Wu``."""
    parts = [p.strip() for p in _SEPARATORS.split(text) if p and p.strip()]
    return [p for p in parts if p]


_BRACED = re.compile(r"\{([^{}@]+)\}\s*@\s*([\w.-]+\.[a-z]{2,})", re.I)
_EMAIL = re.compile(r"([\w.+-]+)\s*@\s*([\w-]+(?:\.[\w-]+)*\.[a-z]{2,})", re.I)


def expand_emails(text: str) -> list[str]:
    """Every e-mail address in ``text``; ``{a,b}@x.edu`` gives ``a@x.edu`` and ``b@x.edu``."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _BRACED.finditer(text):
        domain = m.group(2).rstrip(".")
        for local in re.split(r"[,|;\s]+", m.group(1)):
            local = local.strip()
            if local:
                out.append(f"{local}@{domain}".lower())
        spans.append(m.span())
    for m in _EMAIL.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        out.append(f"{m.group(1)}@{m.group(2).rstrip('.')}".lower())
    return out


def match_email(email: str, names: list[str]) -> int | None:
    """Index of the author that ``email`` most plausibly belongs to, if any."""
    local = fold_key(email.split("@", 1)[0])
    if not local:
        return None
    best: tuple[float, int] | None = None
    for i, name in enumerate(names):
        parts = [k for k in map(fold_key, name.split()) if k]
        if not parts:
            continue
        first, last = parts[0], parts[-1]
        score = 0.0
        if len(last) >= 3 and last in local:
            score = 3.0
        elif len(first) >= 3 and first in local:
            score = 2.0
        elif local in (first[0] + last, first + last[0], "".join(p[0] for p in parts)):
            score = 2.5
        elif len(last) >= 4 and last[:4] in local:
            score = 1.0
        if score and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


def marker_labels(marks: str) -> list[str]:
    """The labels in a run of markers: ``"1,2*"`` gives ``["1", "2", "*"]``."""
    return [m for m in re.findall(r"\d+|[a-z]|[^\s,\d a-z]", marks) if m.strip()]


def _split_off_affiliation(piece: str) -> tuple[str, str] | None:
    """``("Jie Xu", "NVIDIA")`` for ``"Jie Xu NVIDIA"``: a name followed by an affiliation."""
    words = piece.split()
    for k in range(min(len(words) - 1, 6), 1, -1):
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        if looks_like_affiliation(tail) and looks_like_name(normalize_name(head)):
            return normalize_name(head), tail
    return None


_SUFFIX = re.compile(r"(?:Jr|Sr)\.?|I{2,3}|IV")


def _mononym(name: str) -> bool:
    """A one-word name (``Mausam``) with its own affiliation marker, among other names."""
    return bool(re.fullmatch(r"[^\W\d_][^\W\d_'’-]{2,}", name)) and (
        name[0].isupper() and name[1:].islower() and not looks_like_affiliation(name)
    )


def _segments(tokens: list[tuple[str, bool]]) -> list[tuple[str, str]]:
    """``(text, markers after it)`` pairs of a cell's tokens."""
    segments: list[tuple[str, str]] = []
    text, marks = "", ""
    for t, m in tokens:
        if m:
            marks += t if not marks else " " + t
            continue
        if marks:
            segments.append((text, marks))
            text, marks = "", ""
        text += t
    segments.append((text, marks))
    return segments


Labelled = list[tuple[str, list[str]]]


def names_in(tokens: list[tuple[str, bool]]) -> tuple[Labelled, list[str]] | None:
    """``(name, labels)`` pairs and trailing affiliation text, when the tokens are a byline.

    ``tokens`` are a cell's pieces of text, each flagged ``True`` when it is a marker.
    """
    first = next((tok for tok in tokens if tok[0].strip()), None)
    if first is None or first[1]:
        return None
    out: Labelled = []
    extra: list[str] = []
    single = 0
    for seg, mk in _segments(tokens):
        pieces = split_names(seg)
        for j, piece in enumerate(pieces):
            labels = marker_labels(mk) if j == len(pieces) - 1 else []
            name = normalize_name(piece)
            if not name:
                continue
            if looks_like_name(name) and not extra:
                out.append((name, labels))
                continue
            if out and not extra and _SUFFIX.fullmatch(name):
                out[-1] = (f"{out[-1][0]} {name}", out[-1][1] + labels)
                continue
            if labels and not extra and _mononym(name):
                out.append((name, labels))
                single += 1
                continue
            split = None if extra else _split_off_affiliation(piece)
            if split:
                out.append((split[0], labels))
                extra.append(split[1])
            elif out and looks_like_affiliation(piece):
                extra.append(piece)
            else:
                return None
    return (out, extra) if len(out) > single else None
