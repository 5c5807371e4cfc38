"""What HTML made from editors' Markdown may hold: an allow-list, applied after Markdown.

Python-Markdown turns an editor's text into HTML with whatever extensions the
site enables (``attr_list`` lets ``{: onclick=...}`` set any attribute, raw
HTML passes through). So the HTML it made, not the Markdown, is what is
cleaned: by ammonia (through ``nh3``), which parses it as a browser does and
keeps only the tags, attributes and URL schemes listed here. Whatever the
extensions, nothing it keeps can run a script.
"""

from __future__ import annotations

import functools
import html
import re

import nh3

#: Schemes a link may use; anything else (``javascript:``, ``data:``...) is dropped.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: ammonia's own list of harmless tags, with the few Markdown extensions add
#: (tabbed content and task lists use inputs and labels, admonitions sections).
TAGS = frozenset(nh3.ALLOWED_TAGS | {"input", "label", "section"})

#: Attributes any allowed tag may keep: presentation and accessibility only.
#: (``style`` is not one: CSS can fetch URLs; tables keep their alignment.)
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden"})

#: Attributes particular tags may keep besides the generic ones.
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang", "name"},
    "abbr": set(),
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
}

#: The one CSS property kept (Python-Markdown's tables align cells with it).
STYLE_PROPERTIES = frozenset({"text-align"})

#: The plugin's own markers in a generated page (``markers.py``) are HTML
#: comments: they are kept; the editors' texts cannot hold one (:func:`disarm_markers`).
_MARKER = "<!--dossier-"

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


@functools.cache
def _cleaner() -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(SAFE_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=False,  # the plugin's markers; a comment cannot run anything
        link_rel=None,  # links are the dossier's own and its sources'; nothing to add
    )


def sanitize_html(text: str) -> str:
    """``text`` (HTML) with every tag, attribute and URL not on the allow-list removed."""
    return _cleaner().clean(text)


def disarm_markers(text: str) -> str:
    """An editor's Markdown that cannot pass for one of the plugin's markers.

    A marker is replaced by a map, a graph or a table once the page is made;
    written in an article it would put one where the editor has no say.
    """
    return text.replace(_MARKER, "&lt;!--dossier-") if _MARKER in text else text


def safe_url(url: str) -> bool:
    """Whether a link target is relative or uses http, https or mailto."""
    plain = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lstrip("<").lower()
    m = _SCHEME.match(plain)
    return m is None or m.group(1) in SAFE_SCHEMES
