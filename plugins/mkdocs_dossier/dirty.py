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

import dataclasses
import functools
import hashlib
import json
import operator
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2

from mkdocs_dossier.core.memo import Memo, fresh
from mkdocs_dossier.core.mentions import WIKILINK
from mkdocs_dossier.core.model import Mention, Participant
from mkdocs_dossier.core.schema import ENTITY_TYPES
from mkdocs_dossier.exports.files import RecordKeys

#: Bumped when what the state holds, or how a digest is made, changes.
_VERSION = 6
#: A marker of a section (``dossier-text``) or block (``dossier-block``) in a
#: page's Markdown, filled in after Markdown (``site/markers.py``).
_MARKER = re.compile(r"<!--(dossier-text|dossier-block) ([a-z-]+) ([^\s<>]*)-->")
_STATE = "state.json"
T = TypeVar("T")


def digest(*parts: str | bytes) -> str:
    """A short content digest of ``parts`` (kept apart, so ``("ab", "c") != ("a", "bc")``)."""
    # Fed part by part (as b"\0".join would lay them out), not joined first: a
    # rebuild digests tens of megabytes, and a joined copy of them.
    h = hashlib.blake2b(digest_size=16)
    lengths = []
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        h.update(data)
        h.update(b"\0")
        lengths.append(len(data))
    # A part holding the separator cannot pass for two: the lengths are in the digest too.
    h.update(",".join(map(str, lengths)).encode())
    return h.hexdigest()


class Kept:
    """The core's step results of the last build, by each step's inputs.

    A :class:`~mkdocs_dossier.core.memo.Memo`: the plugin keeps one across
    ``mkdocs serve`` rebuilds, so a rebuild parses only the files that
    changed and scans only the articles whose text or the names changed.
    A result is kept pickled and handed out as a new copy each time (the
    core may change what it gets), unless the step says nothing changes it.
    What a build did not ask for is let go when it ends (:meth:`end`).
    """

    def __init__(self) -> None:
        # Keyed by the step and its inputs themselves, not a digest of them:
        # a dict compares them exactly, and a rebuild asks for 25,000 results
        # at 2,000 articles, whose digests cost a tenth of a body edit's rebuild.
        self._last: dict[tuple[str | bytes, ...], tuple[bool, Any]] = {}
        self._this: dict[tuple[str | bytes, ...], tuple[bool, Any]] = {}
        #: Steps made and reused in this build, by step name (for the log and tests).
        self.made: dict[str, int] = defaultdict(int)
        self.reused: dict[str, int] = defaultdict(int)
        #: Step -> the key of its last result asked for in this build.
        self._keys: dict[str, tuple[str | bytes, ...]] = {}

    def __call__(
        self,
        step: str,
        inputs: Sequence[str | bytes],
        make: Callable[[], T],
        shared: bool = False,
    ) -> T:
        key = self._keys[step] = (step, *inputs)
        kept = self._this.get(key) or self._last.get(key)
        if kept is not None:
            self._this[key] = kept
            self.reused[step] += 1
            return cast(T, kept[1] if kept[0] else pickle.loads(kept[1]))
        value = make()
        # Pickled at once: what the caller changes later is not what the step made.
        self._this[key] = (True, value) if shared else (False, pickle.dumps(value, protocol=5))
        self.made[step] += 1
        return value

    def begin(self) -> None:
        self.made.clear()
        self.reused.clear()
        self._keys = {}

    def key(self, step: str) -> str:
        """The digest of the inputs ``step`` was last asked for with in this build
        (``""``: not asked): what names its result, for the host's own digests."""
        key = self._keys.get(step)
        return digest(*key) if key is not None else ""

    def end(self) -> None:
        """This build's results are the ones kept; the rest is let go."""
        self._last, self._this = self._this, {}

    def forget(self) -> None:
        """A build that failed: keep what the last good one and this one made."""
        self._last.update(self._this)
        self._this = {}


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
    #: Digest of the settings alone, known before the nav: the pages' Markdown
    #: of the last build is reused only with the same.
    base: str = ""
    #: Generated page -> how it was made: ``[inputs, deps, targets, markers,
    #: pieces, links]`` (see :class:`_Page`), so the next build can tell that
    #: its inputs are the same.
    made: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class _Page:
    """The parts of a generated page's digest known in ``on_files``."""

    markdown: str
    links: str
    markers: list[str]
    #: The digests of its markers' HTML, when kept from the last build (the
    #: page was not made again); else this build's (:attr:`Rebuilds.pieces`).
    pieces: list[str] | None = None
    #: The ``[[link]]`` targets its Markdown writes, in order.
    targets: list[str] = field(default_factory=list)
    #: The pages whose records it shows: found in its Markdown as made.
    deps: set[str] = field(default_factory=set)
    #: The digest of its inputs (:meth:`Records.inputs`), when kept: the last build's.
    inputs: str | None = None


#: A link to a generated page in Markdown (``../people/x.md``) or HTML
#: (``../../people/x/``, ``../people/x.html``, ``people/x/#facts``).
_PAGE_LINK = re.compile(
    r"\b((?:articles|people|parties|organizations|places|events)/[^/\s\"'#?<>()\[\]]+?)"
    r"(?:\.md|\.html|/|#|\"|'|\)|$)"
)


def _shown_keys(text: str) -> set[str]:
    """Keys of the pages ``text`` links (more, never fewer: they are filtered later)."""
    return {m[1] for m in _PAGE_LINK.finditer(text)}


class Records:
    """Digests of what each page may show of every entity and article.

    ``own[key]``: all the page of ``key`` may show of it: the record, its
    relations, mentions and location, the pages whose description links it,
    and the entities whose facts name it (an event's participant, a place
    within). ``shown[key]``: what another page may show of it (no mentions:
    a body edit changes those of many entities, and only their own pages
    show them). ``groups``: what an index shows (all of a type, or all), made
    of ``shown`` too: no index shows mentions or an article's text.

    ``resolution``, if given, names the resolved dossier (the ``resolve``
    step's key, :meth:`Kept.key`): everything of an entity, a relation and
    an article's record comes from it, but the anchors that
    ``evidence.attach`` gives their citations. ``memo`` (a :class:`Kept`)
    then keeps each record's ``repr`` digest by the resolution, the key and
    those anchors: after a body edit only the records whose anchors moved
    are written out again; after a front matter edit each is (and an
    unchanged one keeps its digest: it is the digest of what it holds).

    ``uncited[key]`` (with ``articles_uncited``): what an article page may
    show of an entity it names, its record and location without its
    citations or those of its relations. The plugin's article page shows
    of another entity only its name, type, place and event facts and where
    it is, never the sources citing them; without it a new or deleted
    article made every article naming the same entities again (1,764 pages'
    Markdown at 2,000 articles, for 16 pages that changed). Off when the
    site overrides a template of the article page, which may show more.
    """

    def __init__(
        self,
        dossier: Any,
        linked: dict[str, list[str]],
        resolution: str = "",
        memo: Memo = fresh,
        articles_uncited: bool = False,
    ) -> None:
        dumps = _dumps
        # An entity's mentions are the ones found in the articles: each is
        # written out once, for the article's digest and the entity's (by id:
        # every mention lives in the dossier while this runs).
        written: dict[int, str] = {}

        def mentions(found: list[Mention]) -> str:
            out = []
            for mention in found:
                text = written.get(id(mention))
                if text is None:
                    text = written[id(mention)] = repr(_MENTION_FIELDS(mention))
                out.append(text)
            return "\n".join(out)

        def kept(key: str, anchors: str, make: Callable[[], str], step: str = "record") -> str:
            # The same resolution and anchors: the same record, so the digest
            # is the one a repr of it would give now.
            if not resolution:
                return make()
            return memo(step, (resolution, key, anchors), make, shared=True)

        entities = dossier.entities
        touching: dict[str, list[Any]] = defaultdict(list)
        for rel in dossier.relations:
            touching[rel.subject].append(rel)
            touching[rel.object].append(rel)
        self.shown: dict[str, str] = {}
        self.own: dict[str, str] = {}
        #: Entity -> what an article page may show of it (see above); empty: off.
        self.uncited: dict[str, str] = {}
        #: The digests dossier.json's records are found by (an entity's record
        #: holds its relations too: a digest of more than the record is one too).
        records: dict[str, str] = {}
        heads: dict[str, str] = {}
        founds: dict[str, str] = {}
        self.keys = RecordKeys(records, heads, founds)
        named_by: dict[str, list[str]] = defaultdict(list)
        for key, ent in entities.items():
            rels, where = touching.get(key, []), dossier.locations.get(key)
            anchors = _anchors(_holders(ent), rels) if resolution else ""
            record = kept(key, anchors, functools.partial(_record, ent, rels))
            records[key] = record
            self.shown[key] = digest(record, dumps(where))
            if articles_uncited:
                # No anchors: none of it is a citation.
                bare = kept(key, "", functools.partial(_uncited, ent, rels), "uncited")
                self.uncited[key] = digest(bare, dumps(where))
            for ref in _fact_refs(ent, entities):
                if ref != key:
                    named_by[ref].append(key)
        for ident in dossier.articles:
            founds[ident] = digest(mentions(dossier.found.get(ident, [])))
        for key in entities:
            self.own[key] = digest(
                self.shown[key],
                mentions(dossier.mentions.get(key, [])),
                "\0".join(linked.get(key, [])),
                *(self.shown[k] for k in named_by.get(key, [])),
            )
        for ident, article in dossier.articles.items():
            key = f"articles/{ident}"
            # All but the texts (the resolution holds no body either).
            head = heads[ident] = kept(key, "", functools.partial(_head, article))
            self.shown[key] = digest(head)
            # The texts as they are, not in a repr: that would copy and escape them.
            self.own[key] = digest(head, article.body, article.text, founds[ident])
        # An index shows what it lists, never mentions or article texts: by
        # ``shown``, so a body edit that changes no record makes none again.
        withheld = dumps(dossier.withheld)
        locations = digest(dumps(sorted(dossier.locations.items())))
        reports = digest(*(self.shown[f"articles/{i}"] for i in dossier.articles))
        self.groups: dict[str, str] = {
            "articles": digest(withheld, reports),
            "locations": locations,
            # The graph, the explore and the disputed pages: relations, places,
            # timelines and facts of every entity, the articles' records.
            "all": digest(
                withheld,
                dumps(dossier.conflicts),
                dumps(dossier.near_duplicates),
                locations,
                *self.shown.values(),
            ),
        }
        # An index shows articles too (the events' index lists the articles that
        # report them, by what their front matter says): every article's record.
        for plural, etype in ENTITY_TYPES.items():
            shown = [self.shown[k] for k, e in entities.items() if e.type == etype]
            self.groups[plural] = digest(reports, *shown)

    def inputs(self, uri: str, deps: Iterable[str]) -> str:
        """Digest of all page ``uri`` is made from, if it shows the pages ``deps``."""
        key = uri.removesuffix(".md")
        if key in self.own:
            parts = [key, self.own[key]]
            if key.startswith("places/"):
                parts.append(self.groups["locations"])  # the places nearby
        else:
            group = key.removesuffix("/index")
            parts = [key, self.groups.get(group, self.groups["all"])]
        shows = self.uncited if key.startswith("articles/") and self.uncited else self.shown
        parts += [f"{d} {shows.get(d) or self.shown.get(d, '-')}" for d in sorted(deps) if d != key]
        return digest(*parts)


def _record(ent: Any, rels: list[Any]) -> str:
    """Digest of an entity's record and its relations, as they are."""
    return digest(_dumps(ent), _dumps(rels))


def _uncited(ent: Any, rels: list[Any]) -> str:
    """Digest of an entity's record and its relations, their citations left out."""
    fields = [
        repr(getattr(ent, f.name))
        for f in dataclasses.fields(ent)
        if f.name not in ("facts", "citations")
    ]
    for name, facts in ent.facts.items():
        fields.append(repr((name, [(_value_uncited(f.value), f.state) for f in facts])))
    for rel in rels:
        fields.append(repr(dataclasses.replace(rel, citations=[])))
    return digest(*fields)


def _value_uncited(value: Any) -> Any:
    """A fact's value without citations (an event's participants carry one each)."""
    if isinstance(value, Participant):
        return (value.key, value.role)
    if isinstance(value, tuple | list):
        return [_value_uncited(v) for v in value]
    return value


def _head(article: Any) -> str:
    """Digest of an article's record but its texts."""
    return digest(_dumps(dataclasses.replace(article, body="", text="")))


def _holders(ent: Any) -> Iterable[Any]:
    """What holds an entity's citations: itself and each of its facts."""
    yield ent
    for facts in ent.facts.values():
        yield from facts


def _anchors(*groups: Iterable[Any]) -> str:
    """The anchor of every citation of ``groups``' holders, in order."""
    return "\0".join(
        c.anchor or "-" for holders in groups for holder in holders for c in holder.citations
    )


def _dumps(value: Any) -> str:
    """All of ``value`` as text, the same for equal values however they share objects.

    The model's classes are dataclasses, whose ``repr`` shows every field.
    (Not pickle: its memo writes a second use of one object as a reference,
    so two builds that share strings differently would differ; and it pickles
    a dataclass with slots field by field in Python, several times slower.)
    """
    return repr(value)


#: A mention's fields, all of them, as a tuple (whose repr is made in C, a
#: dataclass's in Python: 60,000 mentions at 2,000 articles).
_MENTION_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Mention)))


def _fact_refs(ent: Any, entities: dict[str, Any]) -> Iterable[str]:
    """The entities an entity's facts name (a participant, the place it is in)."""
    for facts in ent.facts.values():
        for fact in facts:
            yield from _value_refs(fact.value, entities)


def _value_refs(value: Any, entities: dict[str, Any]) -> Iterable[str]:
    if isinstance(value, str):
        if value in entities:
            yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _value_refs(item, entities)
    elif isinstance(getattr(value, "key", None), str) and value.key in entities:
        yield value.key


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
        #: What each page may show of each entity and article (set before the pages).
        self.records: Records | None = None
        #: Marker -> the keys of the pages its HTML links (see :meth:`record`).
        self._piece_keys: dict[str, set[str]] = {}
        #: Whether pages whose inputs are the last build's keep its Markdown.
        self._reuse = False
        #: Pages made again / kept as they were, in this build.
        self.remade: list[str] = []
        self.kept = 0
        #: The search index of the last build, by search plugin and page, when
        #: a dirty build saved it (the one that the next reads, not the file);
        #: and this build's, kept once it is saved.
        self._index: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self._next_index: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self._templates = jinja2.FileSystemBytecodeCache(str(folder / "templates"))

    # -- the build's steps, in order ------------------------------------------

    def begin(self, site_dir: str, dirty: bool, settings: str) -> None:
        """A build into ``site_dir``; ``dirty``: MkDocs skips the pages not modified."""
        self.dirty = dirty
        same = self.last.version == _VERSION and self.last.site_dir == site_dir
        self.known = self.last if dirty and same else State()
        self.next = State(site_dir=site_dir, settings=settings, base=settings)
        self.pieces = {}
        self._piece_keys = {}
        self._parts = {}
        self.built = set()
        self.everything = not dirty
        self._reuse = dirty and self.known.base == settings
        self.remade = []
        self.kept = 0
        self._next_index = {}

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
            marker = f"<!--{prefix} {kind} {key}-->"
            self.pieces[marker] = digest(out)
            if self.dirty:  # only a dirty build records what each page shows
                self._piece_keys[marker] = _shown_keys(out)
            return out

        blocks.html = html

    def page(
        self,
        uri: str,
        make: Callable[[], str],
        resolve: Callable[[str], str | None],
        piece: Callable[[str, str, str], str],
    ) -> Path:
        """Keep generated page ``uri``'s Markdown in the cache folder; its file there.

        ``make()`` makes the Markdown. A dirty build does not, if the page
        was made from the same inputs last time (:class:`Records`, the pages
        it showed): its Markdown and the digests of its sections are the
        last build's. Else the file is written again when the page's digest
        changed (so MkDocs builds it), or its Markdown did (so MkDocs reads
        the new text). ``piece(prefix, kind, key)`` makes a marker's HTML; a
        dirty build needs every one of a page it makes to know whether it changed.
        """
        path = self.folder / "pages" / uri
        if self._kept_page(uri, path, resolve):
            return path
        markdown = make()
        self.remade.append(uri)
        targets = _targets(markdown)
        parts = _Page(
            digest(markdown),
            _links(targets, resolve),
            [m[0] for m in _MARKER.finditer(markdown)],
            targets=targets,
            deps=_shown_keys(markdown) if self.dirty else set(),
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
        if changed or self.last.markdown.get(uri) != parts.markdown or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
        self.next.markdown[uri] = parts.markdown
        return path

    def _kept_page(self, uri: str, path: Path, resolve: Callable[[str], str | None]) -> bool:
        """Take page ``uri`` as the last build made it, if made from the same inputs."""
        last = self.known.made.get(uri) if self._reuse else None
        markdown = self.known.markdown.get(uri)
        if last is None or markdown is None or self.records is None:
            return False
        inputs, deps, targets, markers, pieces, links = last
        if self.records.inputs(uri, deps) != inputs or not path.is_file():
            return False
        if _links(targets, resolve) != links:  # it would show links leading elsewhere
            return False
        self._parts[uri] = _Page(markdown, links, markers, pieces, targets, set(deps), inputs)
        self.next.markdown[uri] = markdown
        self.kept += 1
        return True

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
        shown = _links(_targets(markdown), resolve)
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

        The last build's entries are those it kept in memory if this process
        made it (``mkdocs serve``: the index is not read back and parsed);
        else read from the index file.
        """
        for name, plugin in plugins:
            index = getattr(plugin, "search_index", None)
            if name.split("/")[-1] != "search" or index is None:
                continue
            attr = "_entries" if hasattr(index, "_entries") else "entries"
            new = _by_page(getattr(index, attr))
            if not self.everything:
                old = self._index.get(name) if self.known is self.last else None
                if old is None:
                    old = _by_page(_read_index(site / "search" / "search_index.json"))
                new = {url: (new if url in self.built else old).get(url, []) for url in pages}
                setattr(index, attr, [e for url in pages for e in new[url]])
                if hasattr(plugin, "search_index_prev"):
                    plugin.search_index_prev = None
            if self.dirty:  # only a dirty build reads the last one's
                self._next_index[name] = new

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

    def save(self, persist: bool = True) -> None:
        """Finish the pages' digests and keep what this build was made from.

        ``persist``: written to ``state.json`` too, for the next process. A
        ``mkdocs serve`` process keeps it in memory only: it builds into a
        folder of its own that no later process builds into, and writing
        the state of every page after each save cost a tenth of a rebuild.
        It removes the file instead, which would describe pages of the
        cache folder that it has written again.
        """
        known = self.records.shown if self.records is not None else {}
        for uri, parts in self._parts.items():
            pieces = parts.pieces
            if pieces is None:  # made in this build: its sections' links count too
                pieces = [self.pieces.get(m, "?") for m in parts.markers]
                for marker in parts.markers:
                    parts.deps |= self._piece_keys.get(marker, set())
                parts.deps = {d for d in parts.deps if d in known}
            # A kept page's parts are all the last build's: so is its digest.
            last = self.known.pages.get(uri) if parts.inputs is not None else None
            self.next.pages[uri] = last or digest(parts.markdown, parts.links, *pieces)
            if self.records is not None:
                # A kept page's inputs are the ones it was kept for.
                inputs = parts.inputs or self.records.inputs(uri, parts.deps)
                deps = sorted(parts.deps)
                made = [inputs, deps, parts.targets, parts.markers, pieces, parts.links]
                self.next.made[uri] = made
        for uri in set(self.last.markdown) - set(self.next.markdown):
            (self.folder / "pages" / uri).unlink(missing_ok=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / _STATE
        if persist:
            partial = path.with_suffix(".tmp")
            # vars(), not asdict(), which would copy every page's entry first.
            partial.write_text(json.dumps(vars(self.next)), encoding="utf-8")
            os.replace(partial, path)
        else:
            path.unlink(missing_ok=True)
        self.last = self.next
        self._index, self._next_index = self._next_index, {}

    def forget(self) -> None:
        """The last build failed and its site was thrown away (``serving.py``):
        the next build knows nothing of it, so it makes every page."""
        self.last = State()
        self._index = {}
        (self.folder / _STATE).unlink(missing_ok=True)

    # -- helpers ----------------------------------------------------------------

    def _digest(self, parts: _Page) -> str:
        # A piece this build did not make is unknown: the next build makes the page.
        pieces = parts.pieces
        if pieces is None:
            pieces = [self.pieces.get(m, "?") for m in parts.markers]
        return digest(parts.markdown, parts.links, *pieces)

    def _load(self) -> State:
        try:
            data = json.loads((self.folder / _STATE).read_text(encoding="utf-8"))
            return State(**data) if data.get("version") == _VERSION else State()
        except (OSError, ValueError, TypeError):
            return State()  # no state, or not ours: nothing is known, all is built


def _targets(markdown: str) -> list[str]:
    """What each ``[[link]]`` of ``markdown`` names, in order."""
    if "[[" not in markdown:
        return []
    return [m[1] for m in WIKILINK.finditer(markdown)]


def _links(targets: list[str], resolve: Callable[[str], str | None]) -> str:
    """Digest of where each ``[[link]]`` target leads now."""
    if not targets:
        return ""
    return digest(*(f"{t}\0{resolve(t.strip())}" for t in targets))


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
