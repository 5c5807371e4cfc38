"""The pages and files a dossier site is made of, for any host.

A host (the MkDocs plugin, ``dossier render``) takes :class:`Page` objects,
each a Markdown source with its URL, and the static files
(:func:`static_files`), and gives them to its site generator. What differs
between hosts is only when the markers are filled (``markers.py``): the
plugin fills the sections into the HTML Markdown made, and the maps and
drawings once the search index has read it; a host that hands Markdown to
another generator fills both into the Markdown (:func:`filled_markdown`),
as raw HTML blocks, which Markdown passes through as they are.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.mentions import expand_wikilinks
from mkdocs_dossier.core.schema import ENTITY_TYPES, json_schema
from mkdocs_dossier.pipeline import Lookup
from mkdocs_dossier.site import maps
from mkdocs_dossier.site.assets import site_assets
from mkdocs_dossier.site.encode import safe_json
from mkdocs_dossier.site.markers import Blocks
from mkdocs_dossier.site.render import Renderer
from mkdocs_dossier.site.urls import page_url


@dataclass(frozen=True)
class Page:
    """One generated page: where its Markdown source goes, its URL, and the Markdown."""

    #: The page's path in the docs folder, e.g. ``people/kem-sokha.md``.
    src_uri: str
    #: Its URL relative to the site root, e.g. ``people/kem-sokha/``.
    url: str
    #: Its Markdown, front matter included; sections and blocks are markers.
    markdown: str

    @property
    def in_nav(self) -> bool:
        """Index pages belong in the nav; entity and article pages do not (a theme
        embeds the whole nav in every page)."""
        return self.src_uri.endswith("/index.md")


def generated_pages(renderer: Renderer, directory_urls: bool = True) -> Iterator[Page]:
    """Every generated page of the renderer's dossier, index pages first."""
    for src_uri, markdown in renderer.pages().items():
        yield Page(src_uri, page_url(src_uri.removesuffix(".md"), directory_urls), markdown)


def static_files(with_maps: bool) -> dict[str, str | bytes]:
    """The files every dossier site has besides its pages, by their path in the site.

    The JSON schemas of the annotations, the plugin's stylesheet and script,
    and with maps Leaflet and the map script. (The exports and
    ``places.geojson`` are written by ``exports``, which reads the dossier.)
    """
    out: dict[str, str | bytes] = {}
    if with_maps:
        out.update(maps.leaflet_files())
        out.update(maps.own_files())
    for kind in ("article", *ENTITY_TYPES.values()):
        out[f"schema/{kind}.json"] = safe_json(json_schema(kind), indent=2) + "\n"
    out.update(site_assets())
    return out


def expand_links(page: Page, lookup: Lookup, problems: Problems, shown: str | None = None) -> str:
    """The page's Markdown with its ``[[wikilinks]]`` turned into links to ``.md`` sources.

    Problems are reported at ``shown`` (the path an editor knows the page
    by, e.g. ``docs/index.md``), by default the page's own path.
    """
    here = posixpath.dirname(page.src_uri) or "."

    def resolve(target: str, pos: Pos) -> str | None:
        return lookup.find(target, pos, problems)

    def link(key: str) -> str:
        return posixpath.relpath(f"{key}.md", here)

    return expand_wikilinks(page.markdown, resolve, link, Pos(shown or page.src_uri, 1, 1))


def filled_markdown(markdown: str, renderer: Renderer, page: str = "") -> str:
    """``markdown`` with every section and block marker replaced by its HTML.

    A marker without a key (the story at a glance an editor places in a docs
    page) gets ``page``, the page's source path, as ``Blocks.fill`` gives it.

    A marker is a line of its own followed by a blank line; the block put in
    its place holds no blank line, so a Markdown processor of either kind
    (Python-Markdown, or CommonMark, whose HTML blocks end at a blank line)
    reads it as one raw HTML block, and the Markdown after it as Markdown.
    """
    for blocks in (renderer.texts, renderer.blocks):
        markdown = _fill(markdown, blocks, page)
    return markdown


_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)")


def _fill(text: str, blocks: Blocks, page: str = "") -> str:
    pattern = re.compile(f"<!--{re.escape(blocks.prefix)} ([a-z-]+?)(?: ([^\\s<>]*))?-->")

    def block(m: re.Match[str]) -> str:
        return _BLANK_LINES.sub("", blocks.html(m[1], m[2] or page).strip("\n"))

    return pattern.sub(block, text)
