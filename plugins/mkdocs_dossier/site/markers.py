"""Markers: placeholders for big HTML (maps, drawings, sections) filled after Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, unquote

from markupsafe import Markup

from mkdocs_dossier.core.errors import Pos, Problem

#: A heading whose section holds nothing but a block (``Blocks``): a map or a
#: drawing, written into the page after the search plugin has read it.
_BLOCK_ONLY_SECTION = re.compile(
    r'(<h([1-6]) id="[^"]*")(>[^\n]*?</h\2>\n(?:<figure[^>]*>\n)?<!--dossier-block )'
)


def exclude_block_sections(html: str) -> str:
    """Mark the sections that hold only a map or a drawing as not to be searched.

    Search would index them as a bare *Map* or *Connections* heading: on a
    big dossier thousands of identical hits, and a fifth of the search index
    (mkdocs-material skips a section whose heading has ``data-search-exclude``;
    the table of contents still lists it).
    """
    if "<!--dossier-block " not in html:
        return html
    return _BLOCK_ONLY_SECTION.sub(r"\1 data-search-exclude\3", html)


#: Anything an editor may have meant as a block marker in a docs page.
_WRITTEN_MARKER = re.compile(r"<!--\s*dossier-block\s+(\S*?)\s*(?:\s\S+?\s*)?-->")


_EXACT_MARKER = re.compile(r"<!--dossier-block [a-z-]+(?: [^\s<>]*)?-->")


def block_problems(source: str, markdown: str, shown: str, kinds: list[str]) -> list[Problem]:
    """Problems of the block markers in a docs/ page's Markdown (its body), at their line.

    A marker nothing fills would leave the block out without a word.
    """
    if "dossier-block" not in markdown:
        return []
    head = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    first = head.count("\n") + 1
    problems = []
    for found in _WRITTEN_MARKER.finditer(markdown):
        if found[1] in kinds and _EXACT_MARKER.fullmatch(found[0]):
            continue
        before = markdown[: found.start()]
        pos = Pos(shown, first + before.count("\n"), found.start() - before.rfind("\n"))
        problems.append(
            Problem(
                pos,
                f"no dossier block is called '{found[1]}'",
                f"write <!--dossier-block at-a-glance--> on a line of its own (blocks: "
                f"{', '.join(kinds)})",
            )
        )
    return problems


class Blocks:
    """Big raw-HTML blocks (maps, graph drawings) kept out of the pages' Markdown.

    A map's JSON and fallback list or a graph's SVG can be most of a page.
    Python-Markdown's HTML block parser, its tree processors and the search
    plugin would all parse them to no purpose (they hold no Markdown, and
    their text repeats what the page says anyway). So a template prints a
    tiny marker, an HTML comment on a line of its own, and :meth:`fill`
    replaces the markers in the page's HTML, once the search index has read
    it, with the blocks, made only then from the data computed for the build:
    no more than one page's blocks exist at a time, and they are not in the
    search index.

    The same mechanism, with the ``dossier-text`` prefix, carries the pages'
    tables and lists (``sections.py``): those are filled in right after
    Markdown instead, so the search index has them.
    """

    def __init__(self, prefix: str = "dossier-block", flow: bool = False) -> None:
        #: Markers look like ``<!--PREFIX KIND KEY-->``.
        self.prefix = prefix
        # Python-Markdown puts a blank line after a raw HTML block; ``flow``
        # blocks stand for Markdown it would have joined with one newline.
        tail = "(?:\n(?=\n))?" if flow else ""
        # The key may be left out (``<!--dossier-block at-a-glance-->``, as an
        # editor writes it in a docs page): it is then the page's (``fill``).
        self._pattern = re.compile(f"<!--{prefix} ([a-z-]+?)(?: ([^\\s<>]*))?-->{tail}")
        #: What every marker starts with; found with ``str.find`` (see :meth:`fill`).
        self._start = f"<!--{prefix} "
        self._makers: dict[str, Callable[[str], str]] = {}

    def register(self, kind: str, make: Callable[[str], str]) -> None:
        """``make(key)`` gives the HTML of the blocks of this kind."""
        self._makers[kind] = make

    def marker(self, kind: str, key: str = "") -> Markup:
        """The placeholder a template prints where the block goes.

        A kind nothing makes would leave the page without that part and
        without a word, so a misspelt one in an override template fails.
        """
        if kind not in self._makers:
            known = ", ".join(sorted(self._makers))
            raise ValueError(f"no {self.prefix} block is called {kind!r}; use one of: {known}")
        return Markup(f"<!--{self.prefix} {kind} {quote(key, safe='/')}-->")

    def kinds(self) -> list[str]:
        """The kinds of block there are, sorted."""
        return sorted(self._makers)

    def keyless(self, text: str, page: str) -> list[tuple[str, str]]:
        """(kind, the marker as the page will have it) of each marker in ``text`` with no
        key, which :meth:`fill` gives ``page``."""
        return [
            (found[1], f"<!--{self.prefix} {found[1]} {quote(page, safe='/')}-->")
            for found in self._pattern.finditer(text)
            if found[2] is None
        ]

    def html(self, kind: str, key: str) -> str:
        """The block a marker stands for; empty if it names nothing known."""
        make = self._makers.get(kind)
        if make is None:
            return ""
        return str(make(unquote(key)))

    def fill(self, text: str, page: str = "") -> str:
        """``text`` (a page's HTML) with every marker replaced by its block.

        A marker without a key gets ``page``, the source path of the page
        it is on (``index.md``): a block that links elsewhere needs it.

        The same as ``self._pattern.sub``, but the markers are looked for
        with ``str.find``: ``re`` searches for a pattern's literal start one
        character at a time, and this runs over every page's whole HTML
        (130 MB at 2,000 articles), where ``str.find`` skips ahead.
        """
        start = self._start
        at = text.find(start)
        if at < 0:
            return text
        parts = []
        done = 0
        while at >= 0:
            found = self._pattern.match(text, at)
            if found is None:  # the prefix, but no marker: left as it is
                at = text.find(start, at + 1)
                continue
            parts.append(text[done:at])
            parts.append(self.html(found[1], found[2] or page))
            done = found.end()
            at = text.find(start, done)
        parts.append(text[done:])
        return "".join(parts)
