"""Page content: the resolved dossier becomes Markdown pages, through Jinja2.

Templates live in ``templates/`` and can be overridden by a file of the same
name in ``<theme custom_dir>/dossier/``. Autoescape is always on; the ``md``
filter additionally escapes Markdown syntax, so a name such as ``*NO*`` or
``<script>`` is shown as written and never interpreted. Links the Markdown
holds are links to ``.md`` sources, so MkDocs resolves them for any
``use_directory_urls`` and validates them.

What a page shows in tables and lists (facts, relations, timelines, mention
snippets, index lists) is not Markdown: templates print a marker for each,
and ``sections.py`` writes its HTML after Markdown (see :class:`Blocks`).
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import math
import os
import re
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import jinja2
from markupsafe import Markup, escape

from .errors import DossierError, Pos, Problem
from .memo import Memo
from .model import Dossier, Entity, PartialDate, Participant, Relation
from .schema import ENTITY_TYPES, PLURAL, TYPE_LABELS
from .sections import Sections, period_key

if TYPE_CHECKING:  # imported where used: they import this module
    from .graph import GraphViews
    from .timeline import Timelines

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


def page_path(key: str) -> str:
    """The Markdown source path of an entity's or article's page."""
    return f"{key}.md"


def link(key: str) -> str:
    """Markdown URL of a page from any generated page (all sit one folder deep)."""
    return f"../{key}.md"


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

    A marker names what it shows, not where a previous build kept it, so a
    page's Markdown reused from an earlier ``mkdocs serve`` build
    (``incremental.py``) is filled in by the current build.

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
        self._pattern = re.compile(f"<!--{prefix} ([a-z-]+) ([^\\s<>]*)-->{tail}")
        #: What every marker starts with; found with ``str.find`` (see :meth:`fill`).
        self._start = f"<!--{prefix} "
        self._makers: dict[str, Callable[[str], str]] = {}
        #: Blocks kept from the previous ``mkdocs serve`` build (``memo.py``),
        #: scoped by the structure: a block is made from structural data only.
        self.memo: Memo | None = None
        #: Whole filled pages kept from the previous ``mkdocs serve`` build,
        #: by page and HTML (:meth:`fill_page`).
        self.pages: Memo | None = None

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

    def html(self, kind: str, key: str) -> str:
        """The block a marker stands for; empty if it names nothing known."""
        make = self._makers.get(kind)
        if make is None:
            return ""
        if self.memo is None:
            return str(make(unquote(key)))
        return self.memo.scoped((kind, key), lambda: str(make(unquote(key))))

    def fill(self, text: str) -> str:
        """``text`` (a page's HTML) with every marker replaced by its block.

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
            parts.append(self.html(found[1], found[2]))
            done = found.end()
            at = text.find(start, done)
        parts.append(text[done:])
        return "".join(parts)

    def fill_page(
        self, uri: str, text: str, reused: bool, prepare: Callable[[str], str] = str
    ) -> str:
        """:meth:`fill` for the page ``uri``, kept whole in :attr:`pages` for the next build.

        ``reused``: the page's Markdown was reused from the previous ``mkdocs
        serve`` build because nothing it shows changed (``incremental.py``);
        with the same HTML, it gets the same blocks, without making or
        looking up each one. ``prepare`` runs on the HTML first (its result
        is kept with the blocks). Any other page is filled afresh, since its
        blocks may differ even where its markers do not.
        """
        if self.pages is None:
            return self.fill(prepare(text))
        key = (uri, text)
        if reused:
            return self.pages.scoped(key, lambda: self.fill(prepare(text)))
        return self.pages.put_scoped(key, self.fill(prepare(text)))


class Related:
    """Indexes across the dossier, built once so no page scans everything."""

    def __init__(self, dossier: Dossier) -> None:
        self.relations: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
        self.events: dict[str, list[tuple[Entity, str | None]]] = defaultdict(list)
        self.children: dict[str, list[Entity]] = defaultdict(list)
        self.articles: dict[str, list[str]] = defaultdict(list)
        for rel in dossier.relations:
            if rel.type == "participant":
                continue
            self.relations[rel.subject].append(("out", rel))
            self.relations[rel.object].append(("in", rel))
        for ent in dossier.entities.values():
            if ent.type == "event":
                for key, role in _event_members(ent):
                    self.events[key].append((ent, role))
            for parent in ent.values("in"):
                self.children[parent].append(ent)
        for article in dossier.articles.values():
            for key in article.annotated:
                self.articles[key].append(article.id)
        for events in self.events.values():
            events.sort(key=lambda pair: event_sort_key(pair[0]))


def _event_members(event: Entity) -> Iterable[tuple[str, str | None]]:
    seen = set()
    for fname in ("people", "parties", "organizations"):
        for fact in event.facts.get(fname, []):
            part: Participant
            for part in fact.value:
                if (part.key, part.role) not in seen:
                    seen.add((part.key, part.role))
                    yield part.key, part.role
    for place in event.values("place"):
        yield place, None


def event_sort_key(event: Entity) -> tuple:
    date = event.first("date")
    return (date.sort_key() if date else (9999, 13, 32), event.title.lower())


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so a ``mkdocs serve`` rebuild compiles none.

    Jinja keys a template by its name and checks its source's checksum, so
    an edited template or an override is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def template_problem(err: Exception, name: str) -> Problem | None:
    """Where in which template file ``err`` arose, as a fatal problem; None if in none.

    Jinja reports a syntax error's file and line; an error while rendering
    is placed by the traceback, whose template frames Jinja gives the
    template's file and line.
    """
    if isinstance(err, jinja2.TemplateSyntaxError):
        where, line, message = err.filename or name, err.lineno or 1, err.message or str(err)
    else:
        frames = [
            (frame.f_code.co_filename, lineno)
            for frame, lineno in traceback.walk_tb(err.__traceback__)
            if frame.f_code.co_filename.endswith(".j2")
        ]
        if not frames:
            return None
        (where, line), message = frames[-1], f"{type(err).__name__}: {err}"
    return Problem(
        Pos(_shown_path(where), line, 1),
        f"the template {name} failed: {message}",
        "fix the template, or remove it from the theme's custom_dir to use the plugin's own",
        severity="fatal",
    )


def _shown_path(path: str) -> str:
    """``path`` relative to the folder the build runs in when it is below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative


#: One per process: a handful of templates, each a few kilobytes compiled.
_COMPILED = _CompiledTemplates()


def _indexes(
    dossier: Dossier, directory_urls: bool, memo: Memo | None
) -> tuple[Related, Timelines, GraphViews]:
    """The dossier's cross-page indexes, or the last serve build's if they still hold.

    A rebuild whose sources differ in article bodies alone resolves to the
    same :class:`Dossier` object (``build._resolved``), and the indexes
    read nothing of the bodies: so they are reused if they were made from
    this very object, under the same scope.
    """
    from .graph import GraphViews
    from .timeline import Timelines

    def make() -> tuple[Dossier, Related, Timelines, GraphViews]:
        graphs = GraphViews(dossier, functools.partial(name_in, dossier), directory_urls)
        return dossier, Related(dossier), Timelines(dossier), graphs

    if memo is None:
        return make()[1:]
    made = memo.scoped(("indexes", directory_urls), make)
    if made[0] is not dossier:
        made = memo.put_scoped(("indexes", directory_urls), make())
    return made[1:]


class Renderer:
    """Renders every generated page of a dossier to Markdown."""

    def __init__(
        self,
        dossier: Dossier,
        template_dirs: Iterable[Path] = (),
        maps: Callable[[Related], Any] | None = None,
        directory_urls: bool = True,
        memo: Memo | None = None,
    ) -> None:
        """``memo``: kept from the previous ``mkdocs serve`` build and scoped by
        everything but article bodies; the cross-page indexes (relations,
        timelines, the graph), made from that alone, are taken from it.
        """
        from .maps import DeferredMaps
        from .ties import relation_groups

        self.dossier = dossier
        self.related, timelines, graphs = _indexes(dossier, directory_urls, memo)
        #: Makes the pages' big HTML blocks when the plugin asks (``Blocks.fill``).
        self.blocks = Blocks()
        #: Makes the pages' structured sections (``sections.py``), filled in
        #: before the search plugin reads the page.
        self.texts = Blocks("dossier-text", flow=True)
        #: Builds map blocks (``maps.Maps``); ``None`` leaves maps out of pages.
        self.maps = maps(self.related) if maps else None
        # Not self.name_of: the drawings are made after the pages, and a bound
        # method would keep this renderer (templates, caches) alive.

        def groups(key: str) -> list[Any]:
            return relation_groups(key, self.related.relations.get(key, []), self.name_of)

        self.sections = Sections(
            dossier,
            self.related,
            timelines,
            groups,
            self.name_of,
            self.group_by_party,
            directory_urls,
        )
        for kind, make in self.sections.makers().items():
            self.texts.register(kind, make)
        self.blocks.register("graph-full", lambda _key: graphs.full().svg)
        self.blocks.register("graph-neighbourhood", graphs.neighbourhood)
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            jinja2.PackageLoader("mkdocs_dossier", "templates"),
        ]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_COMPILED,
            # One build renders with this environment: no need to stat every
            # template file again each time a page imports or extends it.
            auto_reload=False,
        )
        self.env.filters.update(
            md=md_escape,
            tojson=lambda v: Markup(safe_json(v)),
            groupby_party=self.group_by_party,
            sort_events=lambda events: sorted(events, key=event_sort_key),
        )
        self.env.tests.update(
            startingwith=lambda value, prefix: str(value).startswith(prefix),
        )
        self.env.globals.update(
            d=dossier,
            rel=self.related,
            link=link,
            label=TYPE_LABELS,
            plural=PLURAL,
            name_of=self.name_of,
            section=self.texts.marker,
            period_key=period_key,
            mentions_outline=self.mentions_outline,
            date_label=date_label,
            front_matter=front_matter,
            maps=DeferredMaps(self.maps, self.blocks) if self.maps else None,
            timelines=timelines,
            relation_groups=groups,
            graph_full=lambda: dataclasses.replace(
                graphs.full(), svg=self.blocks.marker("graph-full")
            ),
            graph_neighbourhood=lambda e: (
                self.blocks.marker("graph-neighbourhood", e.key)
                if graphs.graph.degree(e.key)
                else Markup("")
            ),
            graph_caption=lambda e: graphs.caption(e.key),
        )

    # -- helpers used by templates --------------------------------------

    def name_of(self, key: str) -> str:
        return name_in(self.dossier, key)

    def mentions_outline(self, ent: Entity) -> Markup:
        """The *Mentions* section of an entity page: a heading per article, then its snippets.

        The snippets themselves are ``mentions`` markers (``sections.py``);
        the headings stay Markdown, so the table of contents lists the articles.
        """
        groups = self.sections.mention_groups(ent.key)
        sources = self.related.articles.get(ent.key, [])
        if not groups and not sources:
            return Markup("")
        out = ["\n## Mentions\n\n"]
        for ident in groups:
            a = self.dossier.articles[ident]
            out.append(f"### [{md_escape(a.title)}](../articles/{escape(a.id)}.md)\n\n")
            out.append(f"{self.texts.marker('mentions', f'{ent.key}@{ident}')}\n\n")
        if any(ident not in groups for ident in sources):
            out.append("Annotated without a mention in the text:\n\n")
            out.append(f"{self.texts.marker('unmentioned', ent.key)}\n")
        return Markup("".join(out))

    def group_by_party(self, people: list[Entity]) -> list[tuple[str | None, list[Entity]]]:
        """People grouped under each party they belong to; those with none last."""
        groups: dict[str | None, list[Entity]] = defaultdict(list)
        for person in people:
            parties = [
                r.object
                for _, r in self.related.relations.get(person.key, [])
                if r.subject == person.key
                and r.type == "member"
                and r.object.startswith("parties/")
            ]
            for party in sorted(set(parties)) or [None]:
                groups[party].append(person)
        return sorted(
            groups.items(),
            key=lambda kv: (kv[0] is None, self.name_of(kv[0]).lower() if kv[0] else ""),
        )

    # -- pages ------------------------------------------------------------

    def render(self, template: str, **context: Any) -> str:
        """The page ``template`` makes; a template's mistake is a fatal :class:`Problem`.

        An override in the theme's ``custom_dir`` is the editor's own file:
        its mistakes are reported at their line, not as a Python traceback.
        """
        try:
            return self.env.get_template(template).render(**context)
        except Exception as err:
            problem = template_problem(err, template)
            if problem is None:
                raise  # not in a template: the plugin's own fault, shown whole
            raise DossierError([problem]) from err

    def entity_page(self, ent: Entity) -> str:
        return self.render(f"{ent.type}.md.j2", e=ent)

    def article_page(self, article_id: str) -> str:
        return self.render("article.md.j2", a=self.dossier.articles[article_id])

    def index_page(self, plural: str) -> str:
        if plural == "articles":
            return self.render("articles_index.md.j2")
        etype = ENTITY_TYPES[plural]
        return self.render(
            f"{etype}_index.md.j2", etype=etype, entities=self.dossier.of_type(etype)
        )

    def pages(self, reuse: Mapping[str, str] | None = None) -> dict[str, str]:
        """Every generated page, by its source path (``people/kem-sokha.md``).

        Pages found in ``reuse`` (see ``incremental.py``) are taken from it
        instead of rendered again.
        """
        reuse = reuse or {}

        def page(uri: str, make: Callable[[], str]) -> str:
            return reuse[uri] if uri in reuse else make()

        out = {"articles/index.md": page("articles/index.md", lambda: self.index_page("articles"))}
        out["graph/index.md"] = page("graph/index.md", lambda: self.render("graph.md.j2"))
        for plural in ENTITY_TYPES:
            uri = f"{plural}/index.md"
            out[uri] = page(uri, lambda plural=plural: self.index_page(plural))
        for ident in self.dossier.articles:
            uri = f"articles/{ident}.md"
            out[uri] = reuse[uri] if uri in reuse else self.article_page(ident)
        for key, ent in self.dossier.entities.items():
            uri = page_path(key)
            out[uri] = reuse[uri] if uri in reuse else self.entity_page(ent)
        return out


def name_in(dossier: Dossier, key: str) -> str:
    """The published name of an entity or the title of an article (``articles/<id>``)."""
    ent = dossier.entities.get(key)
    if ent is not None:
        return ent.title
    article = dossier.articles.get(key.removeprefix("articles/"))
    return article.title if article else key


def date_label(date: PartialDate | None, ent: Entity | None = None) -> str:
    if date is None:
        return "undated"
    text = date.label()
    if ent is not None and ent.first("approximate"):
        text = f"about {text}"
    if ent is not None and ent.first("scheduled"):
        text = f"{text} (scheduled)"
    return text


def front_matter(**values: Any) -> Markup:
    """A YAML front matter block; values are JSON, which YAML reads as-is.

    The title and tags are HTML-escaped: both the ``mkdocs`` and the
    ``material`` theme print ``page.title`` unescaped (in ``<title>``, the
    header, the search index), and Material's search results insert titles and
    tags as HTML, so a name like ``</title><script>`` would otherwise become markup.
    """
    if isinstance(values.get("title"), str):
        values["title"] = html.escape(values["title"])
    if isinstance(values.get("tags"), list):
        values["tags"] = [html.escape(str(tag)) for tag in values["tags"]]
    lines = ["---"]
    for key, value in values.items():
        if value is not None:
            lines.append(f"{key}: {safe_json(value)}")
    lines.append("---")
    return Markup("\n".join(lines) + "\n")
