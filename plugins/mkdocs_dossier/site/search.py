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
from html.parser import HTMLParser
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


#: What Material's search leaves out of a page and MkDocs' own does not.
EXCLUDE = "data-search-exclude"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Excluder(HTMLParser):
    """Copies HTML but for elements marked ``data-search-exclude``.

    As Material's search does: a marked element goes with everything in
    it, and a marked heading takes its section (up to the next heading of
    its level or above) with it. The rest is copied as written (entities
    unconverted), as the search plugin would have read it.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip_depth = 0  # open elements inside a marked one, itself included
        self.section_level = 0  # a marked heading's level, while its section is left out

    def _kept(self, text: str) -> None:
        if not self.skip_depth and not self.section_level:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HEADINGS and self.section_level and int(tag[1]) <= self.section_level:
            self.section_level = 0
        marked = any(name == EXCLUDE for name, _ in attrs)
        if self.skip_depth:
            self.skip_depth += tag not in _VOID
        elif marked and tag in _HEADINGS:
            self.section_level = int(tag[1])
            self.skip_depth = 1
        elif marked:
            self.skip_depth = int(tag not in _VOID)
        else:
            self._kept(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not any(name == EXCLUDE for name, _ in attrs):
            self._kept(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= tag not in _VOID
            return
        self._kept(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self._kept(data)

    def handle_entityref(self, name: str) -> None:
        self._kept(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._kept(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._kept(f"<!--{data}-->")


def without_excluded(html: str) -> str:
    """The page's HTML without what ``data-search-exclude`` marks (see :class:`_Excluder`)."""
    if EXCLUDE not in html:
        return html
    parser = _Excluder()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def reindex_builtin(plugin: Any, page: Any) -> None:
    """Index a page for MkDocs' own search again, leaving out what Material's leaves out.

    MkDocs' search reads every element, so a person's result began "People ›
    Kem Sokha … Fact Value Source" (breadcrumbs, then the facts table's
    cells) where Material's shows the summary. Each entry also gets the
    page's ``search.boost`` (front matter), which MkDocs' search ignores and
    the site's lunr.js reads (``assets/lunr-document-boost.js``).
    """
    content = page.content or ""
    if EXCLUDE in content:
        entries = index_entries(plugin)
        stale = len(page_entries(plugin, page.url))
        del entries[len(entries) - stale :]
        page.content = without_excluded(content)
        try:
            plugin.search_index.add_entry_from_context(page)
        finally:
            page.content = content
    boost = page_boost(page.meta)
    if boost is not None:
        for entry in page_entries(plugin, page.url):
            entry["boost"] = boost


def page_boost(meta: dict[str, Any]) -> float | None:
    """A page's ``search: boost:`` from its front matter, if it is a positive number."""
    search = meta.get("search")
    boost = search.get("boost") if isinstance(search, dict) else None
    if isinstance(boost, bool) or not isinstance(boost, int | float) or boost <= 0:
        return None
    return float(boost)
