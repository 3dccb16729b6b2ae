"""The extract package's layout: every module says what flows through it and exports what it
lists."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import proceedings.extract as extract
from proceedings.extract.backends import pdfium_installed

MODULES = sorted(m.name for m in pkgutil.iter_modules(extract.__path__))


@pytest.mark.parametrize("name", ["", *MODULES])
def test_all_is_sorted_and_resolves(name: str) -> None:
    if name.startswith("pdfium") and not pdfium_installed():
        pytest.skip("pypdfium2 is not installed")
    module = importlib.import_module(f"proceedings.extract{'.' + name if name else ''}")
    names = list(getattr(module, "__all__", []))
    assert names, f"{module.__name__} has no __all__"
    # ruff's order (RUF022): constants, then classes, then functions, each alphabetical
    kind = [0 if n.isupper() else 1 if n[:1].isupper() else 2 for n in names]
    assert names == [n for _, n in sorted(zip(kind, names, strict=True))]
    missing = [n for n in names if not hasattr(module, n)]
    assert missing == []


@pytest.mark.parametrize("name", MODULES)
def test_no_private_imports_across_modules(name: str) -> None:
    path = Path(extract.__path__[0]) / f"{name}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level > 0
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []
    assert ast.get_docstring(tree), f"{name} has no docstring"
