"""Volume, pages, series and publisher that a first-page notice states.

In: the header, footnote and page-edge lines of page 1 (strings). Out: a dict with any of
``volume``, ``pages``, ``publisher`` and ``series`` (strings), for ``Paper.biblio``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["find_biblio"]

_PMLR = "Proceedings of Machine Learning Research"
# "Proceedings of Machine Learning Research vol 242:1202–1213, 2024" (COLT, L4DC templates)
_SERIES_VOL = re.compile(
    r"Proceedings\s+of\s+Machine\s+Learning\s+Research\s+(?:vol(?:ume)?\.?\s*)?(\d{1,4})"
    r"(?:\s*:\s*(\d{1,5})\s*[-–—]+\s*(\d{1,5}))?",
    re.I,
)
# "PMLR: Volume 206", "PMLR 151", "JMLR: W&CP volume 28"
_PUBLISHER_VOL = re.compile(
    r"\b(PMLR|JMLR)\s*(?::\s*)?(?:W&CP\s+)?(?:[Vv]ol(?:ume)?\.?\s*)?(\d{1,4})\b"
)
_LNCS = re.compile(r"\b(LNCS|LNAI|CCIS)\s+(\d{1,5})\b")


def find_biblio(blocks: Sequence[str]) -> dict[str, str]:
    """What the notice says about where the paper is published; empty when it says nothing."""
    text = " ".join(" ".join(b.split()) for b in blocks if b.strip())
    out: dict[str, str] = {}
    if m := _SERIES_VOL.search(text):
        out.update(volume=m[1], series=_PMLR, publisher="PMLR")
        if m[2] and m[3] and int(m[2]) <= int(m[3]):
            out["pages"] = f"{m[2]}–{m[3]}"
    elif m := _PUBLISHER_VOL.search(text):
        out.update(volume=m[2], publisher=m[1])
        if m[1] == "PMLR":
            out["series"] = _PMLR
    elif m := _LNCS.search(text):
        out.update(volume=m[2], series=m[1], publisher="Springer")
    return out
