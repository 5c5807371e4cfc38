"""What the plugin does to the search plugins' indexes: Khmer (Thai, Chinese...) words apart.

MkDocs' own search and Material's split a page's text into words at their
``separator`` (spaces and hyphens by default), so a Khmer word inside
unspaced text ("ភ្នំពេញ" in "នៅភ្នំពេញថា") was no word of the index and no
query found it. Each page's entries get a zero-width space between the
words ICU finds in unspaced scripts (``core.scripts.separate_words``), as
Material itself does for Chinese with jieba; the separator must include
``\\u200b`` (docs/editors.md says what to set). The page itself is left
as it is.

The entries are changed right after the search plugin added them, in the
same hook for every page a build makes, clean or dirty; a dirty build keeps
the other pages' entries from the last index (``dirty.py``), which were
made the same way. So a dirty build's index is a clean build's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mkdocs_dossier.core.scripts import WORD_SEPARATOR, separate_words

#: The modules of MkDocs' own search plugin, and of ProperDocs' (the same plugin).
BUILTIN_SEARCH = ("mkdocs.contrib.search", "properdocs.contrib.search")


def search_plugins(plugins: Iterable[tuple[str, Any]]) -> list[Any]:
    """The search plugins of a site (MkDocs' ``search``, Material's ``material/search``)."""
    return [
        plugin
        for name, plugin in plugins
        if name.split("/")[-1] == "search" and getattr(plugin, "search_index", None) is not None
    ]


def index_entries(plugin: Any) -> list[dict[str, Any]]:
    """A search plugin's entries so far (MkDocs' ``_entries``, Material's ``entries``)."""
    index = plugin.search_index
    entries = getattr(index, "_entries", None)
    if entries is None:
        entries = getattr(index, "entries", [])
    return entries  # type: ignore[no-any-return]


def page_entries(plugin: Any, url: str) -> list[dict[str, Any]]:
    """The entries of page ``url``: the last ones added, as the plugin has just indexed it."""
    entries = index_entries(plugin)
    out: list[dict[str, Any]] = []
    for entry in reversed(entries):
        if str(entry.get("location", "")).split("#", 1)[0] != url:
            break
        out.append(entry)
    out.reverse()
    return out


def separate_entry_words(entries: Iterable[dict[str, Any]]) -> int:
    """Separate the unspaced words of each entry's title and text; how many entries changed."""
    changed = 0
    for entry in entries:
        touched = False
        for field in ("title", "text"):
            value = entry.get(field)
            if isinstance(value, str) and not value.isascii():
                separated = separate_words(value)
                if separated != value:
                    entry[field] = separated
                    touched = True
        changed += touched
    return changed


def splits_words(separator: str | None) -> bool:
    """Whether a search ``separator`` splits words at the zero-width space.

    The separator is a JavaScript regular expression; the common ones read
    the same in Python. One Python cannot read is given the benefit of the
    doubt (no message about it).
    """
    if not separator:
        return False
    try:
        return len(re.split(separator, f"a{WORD_SEPARATOR}b")) > 1
    except re.error:
        return True
