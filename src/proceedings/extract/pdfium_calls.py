"""pdfium's C functions as the pdfium reader calls them: every handle a plain integer.

In: nothing at import but the library that pypdfium2 loaded. Out: callables taking and
returning handles as integers (``c_void_p``), so that a handle keys a dict without a cast
and no call converts between pypdfium2's pointer classes; a page of 500 text objects and
5,000 glyphs makes some 10,000 of these calls.

The ``*_raw`` variants of the calls made per glyph or per text object declare no argument
types, which makes a call about twice as cheap: the caller passes each handle as a
``c_void_p`` and each output as a ``ctypes.pointer``, and indexes are C ``int``s. They
return a handle as an integer, 0 for none (``c_size_t``). The ``*_at`` variants are mapped
over a whole page's objects: every argument a plain integer, a handle or the address of an
output in one buffer. Both keep the GIL (a per-call release and re-take costs more than
these getters take).
"""

from __future__ import annotations

import ctypes
from typing import Any

from pypdfium2_raw.bindings import FS_MATRIX, _libs

__all__ = [
    "FS_MATRIX",
    "char_box_at",
    "count_chars",
    "count_form_objects",
    "count_page_objects",
    "font_base_name",
    "form_object",
    "is_hyphen",
    "object_bounds_at",
    "object_matrix_at",
    "object_matrix_raw",
    "object_type_at",
    "page_object_raw",
    "page_text",
    "text_font_at",
    "text_font_size_at",
    "text_object_of_char_raw",
    "text_of_object",
    "unicode_of_char_raw",
]

_LIB = _libs["pdfium"]
_P = ctypes.c_void_p
_INT = ctypes.c_int


def _fn(name: str, restype: Any, *argtypes: Any) -> Any:
    func = _LIB[name]  # a fresh function object: pypdfium2's own prototypes stay as they are
    func.argtypes = argtypes
    func.restype = restype
    return func


def _held(name: str, restype: Any, *argtypes: Any) -> Any:
    """``name`` called without releasing the GIL (as ``ctypes.pythonapi`` is): for the
    getters made once per glyph or text object, which return at once."""
    address = ctypes.cast(_LIB[name], ctypes.c_void_p).value or 0
    func = ctypes.PYFUNCTYPE(restype, *argtypes)(address)
    if not argtypes:  # no declared arguments: each is passed as given (see ``_raw``)
        func.argtypes = None  # type: ignore[assignment]
    return func


count_page_objects = _fn("FPDFPage_CountObjects", _INT, _P)
count_form_objects = _fn("FPDFFormObj_CountObjects", _INT, _P)
form_object = _fn("FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong)
font_base_name = _fn(
    "FPDFFont_GetBaseFontName", ctypes.c_size_t, _P, ctypes.c_char_p, ctypes.c_size_t
)
count_chars = _fn("FPDFText_CountChars", _INT, _P)
page_text = _fn("FPDFText_GetText", _INT, _P, _INT, _INT, ctypes.POINTER(ctypes.c_ushort))
text_of_object = _fn(
    "FPDFTextObj_GetText", ctypes.c_ulong, _P, _P, ctypes.POINTER(ctypes.c_ushort), ctypes.c_ulong
)
is_hyphen = _fn("FPDFText_IsHyphen", _INT, _P, _INT)


def _raw(name: str, restype: Any) -> Any:
    return _held(name, restype)


_HANDLE = ctypes.c_size_t
page_object_raw = _raw("FPDFPage_GetObject", _HANDLE)
object_matrix_raw = _raw("FPDFPageObj_GetMatrix", _INT)
text_object_of_char_raw = _raw("FPDFText_GetTextObject", _HANDLE)
unicode_of_char_raw = _raw("FPDFText_GetUnicode", ctypes.c_uint)

# Calls mapped over all of a page's objects at once: every argument a plain integer (a handle
# or the address of an output), which ctypes turns into a pointer without a Python object.
object_type_at = _held("FPDFPageObj_GetType", _INT, _P)
object_matrix_at = _held("FPDFPageObj_GetMatrix", _INT, _P, _P)
object_bounds_at = _held("FPDFPageObj_GetBounds", _INT, _P, _P, _P, _P, _P)
text_font_size_at = _held("FPDFTextObj_GetFontSize", _INT, _P, _P)
text_font_at = _held("FPDFTextObj_GetFont", _HANDLE, _P)
char_box_at = _held("FPDFText_GetCharBox", _INT, _P, _INT, _P, _P, _P, _P)
