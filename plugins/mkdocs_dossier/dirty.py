"""Dirty builds: which pages a rebuild makes again, and what it keeps whole.

``mkdocs serve --dirty`` and ``mkdocs build --dirty`` skip every page whose
``File.is_modified()`` is false: its source is older than the page built from
it. A generated page has no source of its own, so each one's Markdown is kept
in the cache folder (the ``cache_dir`` option, outside docs/ and dossier/) and
written again only when the page changed; then its file is newer than the
built page, and MkDocs builds it. *Changed* is decided by a digest of all the
page shows: its Markdown, where its ``[[links]]`` lead, and the HTML of every
section and block filled into it after Markdown (backlinks with their
snippets, relation tables, timelines, maps, drawings). A page under docs/
whose ``[[links]]`` now lead elsewhere, and every page when the settings or
the nav changed, is made again by dating its built file back.

What a dirty build leaves out, :class:`Rebuilds` puts back: the search index
entries of the pages it did not make (taken from the last build's index), and
it removes the built files of pages that are gone. All it knows of the last
build lives in this one object, which the plugin keeps across ``mkdocs
serve`` rebuilds and writes to ``state.json`` in the cache folder for the next
process (a CI cache holding the folder and the site).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from mkdocs_dossier.core.mentions import WIKILINK

#: Bumped when what the state holds, or how a digest is made, changes.
_VERSION = 1
#: A marker of a section (``dossier-text``) or block (``dossier-block``) in a
#: page's Markdown, filled in after Markdown (``site/markers.py``).
_MARKER = re.compile(r"<!--(dossier-text|dossier-block) ([a-z-]+) ([^\s<>]*)-->")
_STATE = "state.json"


def digest(*parts: str) -> str:
    """A short content digest of ``parts`` (kept apart, so ``("ab", "c") != ("a", "bc")``)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class State:
    """What one build was made from, as the next one compares it."""

    version: int = _VERSION
    #: The site folder built; another folder's state says nothing of this one.
    site_dir: str = ""
    #: Digest of the settings and the nav every page is built with.
    settings: str = ""
    #: Page (``people/kem-sokha.md``) -> digest of everything it shows.
    pages: dict[str, str] = field(default_factory=dict)
    #: Generated page -> digest of the Markdown kept for it in the cache folder.
    markdown: dict[str, str] = field(default_factory=dict)
    #: Every file of the built site, by its path in the site.
    site: list[str] = field(default_factory=list)


@dataclass
class _Page:
    """The parts of a generated page's digest known in ``on_files``."""

    markdown: str
    links: str
    markers: list[str]


class Rebuilds:
    """What a rebuild knows of the last build and decides from it, owned by the plugin."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        #: The last build that finished, as read from or written to the folder.
        self.last = self._load()
        self.dirty = False
        #: The last build, if this one continues its site; else nothing.
        self.known = State()
        #: What this build is made from, saved when it finishes.
        self.next = State()
        #: Marker -> digest of its HTML in this build (see :meth:`record`).
        self.pieces: dict[str, str] = {}
        #: Generated page -> the parts of its digest, finished once its
        #: markers are filled (a clean build fills them while it writes the page).
        self._parts: dict[str, _Page] = {}
        #: URLs of the pages this build made (the rest it kept from the last).
        self.built: set[str] = set()
        #: Whether every page is made again (settings or nav changed).
        self.everything = False
        self._templates = jinja2.FileSystemBytecodeCache(str(folder / "templates"))

    # -- the build's steps, in order ------------------------------------------

    def begin(self, site_dir: str, dirty: bool, settings: str) -> None:
        """A build into ``site_dir``; ``dirty``: MkDocs skips the pages not modified."""
        self.dirty = dirty
        same = self.last.version == _VERSION and self.last.site_dir == site_dir
        self.known = self.last if dirty and same else State()
        self.next = State(site_dir=site_dir, settings=settings)
        self.pieces = {}
        self._parts = {}
        self.built = set()
        self.everything = not dirty

    def templates(self) -> jinja2.BytecodeCache:
        """The page templates, compiled once and kept in the folder for every build."""
        (self.folder / "templates").mkdir(parents=True, exist_ok=True)
        return self._templates

    def record(self, blocks: Any) -> None:
        """Note the digest of every piece ``blocks`` (a ``markers.Blocks``) makes.

        A clean build fills every page, so this gives each page's digest
        without making anything twice.
        """
        make = blocks.html
        prefix = blocks.prefix

        def html(kind: str, key: str) -> str:
            out = str(make(kind, key))
            self.pieces[f"<!--{prefix} {kind} {key}-->"] = digest(out)
            return out

        blocks.html = html

    def page(
        self,
        uri: str,
        markdown: str,
        resolve: Callable[[str], str | None],
        piece: Callable[[str, str, str], str],
    ) -> Path:
        """Keep generated page ``uri``'s Markdown in the cache folder; its file there.

        The file is written again when the page's digest changed (so MkDocs
        builds it), or its Markdown did (so MkDocs reads the new text).
        ``piece(prefix, kind, key)`` makes a marker's HTML; a dirty build needs
        every one to know which pages changed.
        """
        parts = _Page(
            digest(markdown), _links(markdown, resolve), [m[0] for m in _MARKER.finditer(markdown)]
        )
        self._parts[uri] = parts
        changed = False
        if self.dirty:
            for marker in parts.markers:
                if marker not in self.pieces:
                    found = _MARKER.fullmatch(marker)
                    assert found is not None
                    self.pieces[marker] = digest(piece(found[1], found[2], found[3]))
            changed = self._digest(parts) != self.known.pages.get(uri)
        path = self.folder / "pages" / uri
        if changed or self.last.markdown.get(uri) != parts.markdown or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
        self.next.markdown[uri] = parts.markdown
        return path

    def docs_page(
        self,
        uri: str,
        markdown: str,
        dest: str,
        resolve: Callable[[str], str | None],
        blocks: Sequence[str] = (),
    ) -> None:
        """A page under docs/: made again when where its ``[[links]]`` lead changed,
        or the HTML of a block it places (``blocks``: each one's HTML) did."""
        if "[[" not in markdown and not blocks:
            return
        shown = _links(markdown, resolve) if "[[" in markdown else ""
        if blocks:
            shown = digest(shown, *(digest(html) for html in blocks))
        self.next.pages[uri] = shown
        if self.dirty and self.known.pages.get(uri) != shown:
            _date_back(dest)

    def nav(self, nav: str, dests: Iterable[str]) -> None:
        """The nav every page shows: if it or the settings changed, every page is made again."""
        self.next.settings = digest(self.next.settings, nav)
        if self.dirty and self.next.settings != self.known.settings:
            self.everything = True
            for dest in dests:
                _date_back(dest)

    def merge_search(
        self, plugins: Iterable[tuple[str, Any]], pages: list[str], site: Path
    ) -> None:
        """Give the search index the entries of the pages this dirty build did not make.

        ``pages`` are the URLs of every page in the order MkDocs builds them,
        which is the order of a clean build's index: each page's entries are
        this build's if it made the page, else the last build's (read from
        the index it wrote), and a page that is gone has none. Works for
        MkDocs' own search (``_entries``) and Material's (``entries``, whose
        own dirty merge assumes one page changed, so it is switched off).
        """
        if self.everything:
            return
        for name, plugin in plugins:
            index = getattr(plugin, "search_index", None)
            if name.split("/")[-1] != "search" or index is None:
                continue
            attr = "_entries" if hasattr(index, "_entries") else "entries"
            old = _by_page(_read_index(site / "search" / "search_index.json"))
            new = _by_page(getattr(index, attr))
            merged = [e for url in pages for e in (new if url in self.built else old).get(url, [])]
            setattr(index, attr, merged)
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def remove_stale(self, site: Path, files: Iterable[str]) -> list[str]:
        """Delete the built files of the last build that this one no longer has."""
        self.next.site = sorted(set(files))
        if not self.known.site:
            return []
        gone = sorted(set(self.known.site) - set(self.next.site))
        for rel in gone:
            path = site / rel
            path.unlink(missing_ok=True)
            for parent in path.parents:
                if parent == site or not parent.is_relative_to(site):
                    break
                try:
                    parent.rmdir()  # only while empty
                except OSError:
                    break
        return gone

    def save(self) -> None:
        """Finish the pages' digests and keep what this build was made from."""
        for uri, parts in self._parts.items():
            self.next.pages[uri] = self._digest(parts)
        for uri in set(self.last.markdown) - set(self.next.markdown):
            (self.folder / "pages" / uri).unlink(missing_ok=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / _STATE
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(asdict(self.next)), encoding="utf-8")
        os.replace(partial, path)
        self.last = self.next

    def forget(self) -> None:
        """The last build failed and its site was thrown away (``serving.py``):
        the next build knows nothing of it, so it makes every page."""
        self.last = State()
        (self.folder / _STATE).unlink(missing_ok=True)

    # -- helpers ----------------------------------------------------------------

    def _digest(self, parts: _Page) -> str:
        # A piece this build did not make is unknown: the next build makes the page.
        pieces = [self.pieces.get(m, "?") for m in parts.markers]
        return digest(parts.markdown, parts.links, *pieces)

    def _load(self) -> State:
        try:
            data = json.loads((self.folder / _STATE).read_text(encoding="utf-8"))
            return State(**data) if data.get("version") == _VERSION else State()
        except (OSError, ValueError, TypeError):
            return State()  # no state, or not ours: nothing is known, all is built


def _links(markdown: str, resolve: Callable[[str], str | None]) -> str:
    """Digest of where each ``[[link]]`` of ``markdown`` leads now."""
    if "[[" not in markdown:
        return ""
    return digest(*(f"{m[1]}\0{resolve(m[1].strip())}" for m in WIKILINK.finditer(markdown)))


def _date_back(dest: str) -> None:
    """Make MkDocs count a built page as older than its source, so it is built again."""
    if os.path.isfile(dest):
        os.utime(dest, (0, 0))


def _read_index(path: Path) -> list[dict[str, Any]]:
    try:
        docs = json.loads(path.read_text(encoding="utf-8")).get("docs", [])
    except (OSError, ValueError, AttributeError):
        return []
    return docs if isinstance(docs, list) else []


def _by_page(entries: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Search entries by the URL of their page (``people/x/`` of ``people/x/#facts``)."""
    pages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        pages[str(entry.get("location", "")).split("#", 1)[0]].append(entry)
    return pages


def site_settings(
    plugin: str, config_file: str | None, site_url: str | None, custom_dir: str | None
) -> str:
    """Digest of what every page is built with: the plugin's options, mkdocs.yml,
    the site's URL and the theme's override files (names and times).

    The plugin's own code needs no part: what it makes is in the pages' digests.
    """
    parts = [plugin, site_url or ""]
    if config_file and os.path.isfile(config_file):
        parts.append(Path(config_file).read_text(encoding="utf-8", errors="replace"))
    if custom_dir and os.path.isdir(custom_dir):
        for top, dirs, names in os.walk(custom_dir):
            dirs.sort()
            for name in sorted(names):
                stat = os.stat(os.path.join(top, name))
                parts.append(f"{top}/{name} {stat.st_mtime_ns} {stat.st_size}")
    return digest(*parts)
