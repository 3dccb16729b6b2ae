"""Search: query text parsed once, compiled to FTS5/SQL in one place, ranked on one path.

Modules, in the order a query flows through them: ``parse`` (text to a ``ParsedQuery``),
``compile`` (the query language to FTS5 and SQL conditions, out of the ``parts`` it
combines), ``natural`` (plain words and pasted texts read best-match, with feedback), ``sql``
(every statement), ``rank`` (the one ranking path, over rowid ranges on every core),
``pages`` (best pages and snippets), ``hits`` (ranked rows to ``Hit`` values), ``spelling``
(fuzzy words, prefixes, "did you mean"), ``similar`` (papers like a paper), and ``engine``
(one search, start to end).
"""

from __future__ import annotations

from .engine import search
from .rank import Partitions
from .similar import similar

__all__ = ["Partitions", "search", "similar"]
