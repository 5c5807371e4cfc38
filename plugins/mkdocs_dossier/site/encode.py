"""The one encoder of JSON for the browser, and Markdown escaping of values."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

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
    written inside an indented document (JSON strings hold no line break).
    """
    if indent is None:
        text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(
            value, ensure_ascii=True, sort_keys=True, indent=indent, separators=(",", ": ")
        )
        if margin:
            text = text.replace("\n", "\n" + margin)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def attribute_json(value: Any) -> Markup:
    """JSON for a single-quoted HTML attribute (``data-graph='...'``).

    ``safe_json`` already writes ``<``, ``>`` and ``&`` as ``\\u`` escapes, so
    the only character left that could end the attribute is ``'``. Double
    quotes stay as they are, which keeps big data a third smaller than with
    ``&#34;`` everywhere. The data rides in an attribute, not a ``<script
    type="application/json">``: mkdocs-material's instant navigation
    re-creates every script of a new page without its type, and would run
    the JSON as JavaScript.
    """
    return Markup(safe_json(value).replace("'", "&#39;"))
