"""The one encoder of JSON for the browser, and Markdown escaping of values."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring_ascii as _json_str
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:  # imported where used: they import this module
    pass


# ``>`` is left to HTML escaping: "&gt;" opens no blockquote, and "\\&gt;" would show the backslash.
_MD_SPECIAL = "\\`*_{}[]()#+-.!|~"


#: Both escapes in one ``str.translate`` (called tens of thousands of times a
#: build): Markdown's specials get a backslash, then ``&``, ``<`` and ``>``
#: become entities as ``html.escape(..., quote=False)`` makes them.
_MD_ESCAPES = str.maketrans(
    {**{c: "\\" + c for c in _MD_SPECIAL}, "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)


def md_escape(text: Any) -> Markup:
    """Text safe to place anywhere in Markdown: HTML- and Markdown-escaped."""
    return Markup(str(text).translate(_MD_ESCAPES))


def safe_json(value: Any, *, indent: int | None = None, margin: str = "") -> str:
    """JSON that is safe inside a ``<script>`` element and in any file.

    ``<``, ``>`` and ``&`` are escaped so no string can close the element or
    open a comment; ``ensure_ascii`` escapes U+2028 and U+2029, which end a
    line in older JavaScript. Keys are sorted so output is byte-stable.
    ``margin`` (with ``indent``) starts every line but the first, for a value
    written inside an indented document.
    """
    if indent is None:
        text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    else:
        text = _indented_json(value, indent, margin)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Unusual(Exception):
    """A value :func:`_indented` leaves to the json module."""


def _indented_json(value: Any, indent: int, margin: str) -> str:
    """``json.dumps(value, ensure_ascii=True, sort_keys=True, indent=indent)``, same text.

    The json module encodes in C only without ``indent``; with it, in Python
    generators, five times slower (2 s of the exports at 2,000 articles).
    This writes the same text, each string through the module's own C
    escaper; a value it does not know (a subclass, a non-string key, NaN)
    goes back to the json module.
    """
    try:
        return _indented(value, " " * indent, "\n" + margin)
    except _Unusual:
        text = json.dumps(
            value, ensure_ascii=True, sort_keys=True, indent=indent, separators=(",", ": ")
        )
        return text.replace("\n", "\n" + margin)


def _indented(value: Any, step: str, level: str) -> str:
    """One value at ``level`` (a line break and the indentation of its line)."""
    kind = type(value)
    if kind is str:
        return _json_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    inner = level + step
    if kind is dict:
        if not value:
            return "{}"
        parts = []
        for key, item in sorted(value.items()):
            if type(key) is not str:
                raise _Unusual
            # Strings, most of the leaves, without a call of their own.
            text = _json_str(item) if type(item) is str else _indented(item, step, inner)
            parts.append(_json_str(key) + ": " + text)
        return "{" + inner + ("," + inner).join(parts) + level + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        items = [
            _json_str(item) if type(item) is str else _indented(item, step, inner) for item in value
        ]
        return "[" + inner + ("," + inner).join(items) + level + "]"
    raise _Unusual
