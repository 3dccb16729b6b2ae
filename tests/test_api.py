from __future__ import annotations

import proceedings


def test_all_is_sorted_and_exported() -> None:
    names = [n for n in proceedings.__all__ if n != "__version__"]

    def kind(n: str) -> tuple[int, str]:
        return (0 if n.isupper() else 1 if n[0].isupper() else 2, n)

    assert names == sorted(names, key=kind)
    for name in proceedings.__all__:
        assert hasattr(proceedings, name), name


def test_errors_share_one_root() -> None:
    for name in proceedings.__all__:
        obj = getattr(proceedings, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, proceedings.ProceedingsError), name
