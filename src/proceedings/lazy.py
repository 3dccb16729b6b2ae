"""Names a package exports, imported on first use, so that the package itself imports fast
(an ingest worker imports extraction only).

In: the package's name, a table of exported names to the modules that define them (relative
to the package), and the package's namespace. Out: the package's module ``__getattr__``,
which imports a name's module on first access and keeps the value in the namespace.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(
    package: str, table: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that looks ``name`` up in ``table``."""

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
