"""Page content: the resolved dossier becomes Markdown pages, through Jinja2.

Templates live in ``templates/`` and can be overridden by a file of the same
name in ``<theme custom_dir>/dossier/``. Autoescape is always on; the ``md``
filter additionally escapes Markdown syntax, so a name such as ``*NO*`` or
``<script>`` is shown as written and never interpreted. Links the Markdown
holds are links to ``.md`` sources, so MkDocs resolves them for any
``use_directory_urls`` and validates them.

What a page shows in tables and lists (facts, relations, timelines, mention
snippets, index lists) is not Markdown: templates print a marker for each,
and ``sections.py`` writes its HTML after Markdown (see :class:`Blocks`)."""

from __future__ import annotations

import dataclasses
import functools
import html
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.claims import source_label
from mkdocs_dossier.core.errors import DossierError
from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import Citation, Dossier, Entity, PartialDate
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.core.schema import ENTITY_TYPES, PLURAL, fact_label
from mkdocs_dossier.site.sections import Sections, period_key

if TYPE_CHECKING:  # imported where used: they import this module
    from mkdocs_dossier.core.timeline import Timelines
    from mkdocs_dossier.site.graph import GraphViews
from mkdocs_dossier.core.indexes import Related, event_sort_key
from mkdocs_dossier.site.encode import attribute_json, md_escape, safe_json
from mkdocs_dossier.site.explore import story_range
from mkdocs_dossier.site.fragments import Fragments, environment, template_problem
from mkdocs_dossier.site.glance import Glance
from mkdocs_dossier.site.markers import Blocks

#: The node types of the interactive graph, in its legend's order.
GRAPH_TYPES = ("person", "party", "organization", "event", "place")
#: What an article page is made from (``article.md.j2`` and what it takes in):
#: an override of any may show more of the entities the article names.
ARTICLE_TEMPLATES = (
    "article.md.j2",
    "_macros.md.j2",
    "fragments/in_this_article.html.j2",
    "fragments/map.html.j2",
)


def cite_href(cite: Citation, owner: str) -> str:
    """Markdown URL of the paragraph a citation points at (the owner's page for an entity file)."""
    if cite.article is None:
        return link(owner)
    return link(f"articles/{cite.article}") + (f"#{cite.anchor}" if cite.anchor else "")


def page_path(key: str) -> str:
    """The Markdown source path of an entity's or article's page."""
    return f"{key}.md"


def link(key: str) -> str:
    """Markdown URL of a page from any generated page (all sit one folder deep)."""
    return f"../{key}.md"


def _indexes(
    dossier: Dossier, directory_urls: bool, language: Language, fragments: Fragments
) -> tuple[Related, Timelines, GraphViews]:
    """The dossier's cross-page indexes: relations, timelines, the graph (drawn by fragments)."""
    from mkdocs_dossier.core.timeline import Timelines
    from mkdocs_dossier.site.graph import GraphViews

    name_of = functools.partial(name_in, dossier)
    graphs = GraphViews(dossier, name_of, directory_urls, language, fragments)
    return Related(dossier), Timelines(dossier), graphs


class Renderer:
    """Renders every generated page of a dossier to Markdown."""

    def __init__(
        self,
        dossier: Dossier,
        options: Options | None = None,
        bytecode_cache: jinja2.BytecodeCache | None = None,
        language: Language | None = None,
    ) -> None:
        """``options``: the URL style, the override templates and the maps
        (``Options.maps``). ``bytecode_cache``: compiled templates a host keeps
        between builds (Jinja checks each against its template's source)."""
        from mkdocs_dossier.core.ties import relation_groups
        from mkdocs_dossier.site.maps import DeferredMaps, Maps

        options = options or Options()
        directory_urls = options.directory_urls
        self.dossier = dossier
        #: The site's language: the words and dates the pages are written in.
        self.language = language or Language()
        loader = template_loader(options)
        #: The sections' HTML fragments (``templates/fragments/``), each compiled once.
        self.fragments = Fragments(loader, self.language, bytecode_cache)
        self.related, timelines, graphs = _indexes(
            dossier, directory_urls, self.language, self.fragments
        )
        #: Makes the pages' big HTML blocks when the plugin asks (``Blocks.fill``).
        self.blocks = Blocks()
        #: Makes the pages' structured sections (``sections.py``), filled in
        #: before the search plugin reads the page.
        self.texts = Blocks("dossier-text", flow=True)
        #: Builds map blocks (``maps.Maps``); ``None`` leaves maps out of pages.
        self.maps = (
            Maps(dossier, self.related, options, self.language, self.fragments)
            if options.maps
            else None
        )
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
            self.language,
            self.fragments,
        )
        for kind, make in self.sections.makers().items():
            self.texts.register(kind, make)
        self.blocks.register("graph-full", lambda _key: graphs.full().svg)
        # A marker too: the page's HTML is cleaned of SVG before blocks go in.
        self.blocks.register("graph-legend", lambda _key: graphs.full().legend)
        self.blocks.register("graph-neighbourhood", graphs.neighbourhood)
        # Made when a docs page is written, after the pages: nothing of this
        # renderer (its templates, caches) is kept for it.
        glance_env = environment(loader, self.language, None, keep_trailing_newline=False)
        glance_env.globals.update(
            label=labels(self.language),
            date_label=functools.partial(date_label, language=self.language),
            types=ENTITY_TYPES,
        )
        _ = self.language.gettext
        self.glance = Glance(
            dossier,
            self.related,
            options,
            functools.partial(render_with, glance_env),
            functools.partial(self.maps.overview, label=_("Map of the story's places"))
            if self.maps
            else None,
        )
        self.blocks.register("at-a-glance", self.glance.html)
        # The pages' templates write Markdown: their last newline is kept.
        self.env = environment(loader, self.language, bytecode_cache, keep_trailing_newline=True)
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
            label=labels(self.language),
            plural=PLURAL,
            name_of=self.name_of,
            section=self.texts.marker,
            period_key=period_key,
            linked_from=self.sections.linked_keys,
            mentions_outline=self.mentions_outline,
            date_label=functools.partial(date_label, language=self.language),
            period_label=self.language.period,
            front_matter=front_matter,
            maps=DeferredMaps(self.maps, self.blocks) if self.maps else None,
            timelines=timelines,
            relation_groups=groups,
            graph_full=lambda: dataclasses.replace(
                graphs.full(),
                svg=self.blocks.marker("graph-full"),
                legend=self.blocks.marker("graph-legend"),
            ),
            graph_neighbourhood=lambda e: (
                self.blocks.marker("graph-neighbourhood", e.key)
                if graphs.graph.degree(e.key)
                else Markup("")
            ),
            graph_caption=lambda e: graphs.caption(e.key),
            graph_interactive=lambda: self.blocks.marker("graph"),
            explore_range=lambda: self.blocks.marker("explore"),
            claim_value=self.claim_value,
            source_label=lambda cite: source_label(cite, dossier.articles, self.language),
            fact_label=lambda name: fact_label(name, self.language.gettext),
            cite_href=cite_href,
            types=ENTITY_TYPES,
        )
        self.blocks.register("graph", self._graph_block(graphs))
        self.blocks.register("explore", self._explore_block())

    def _graph_block(self, graphs: GraphViews) -> Any:
        """Makes the interactive graph's block (``fragments/graph.html.j2``) when a page is written.

        A closure over the fragments and the graph only: the renderer itself
        (its pages, caches) is not kept alive for it.
        """
        fragments = self.fragments
        types = {t: self.language.gettext(glossary.KINDS[t].single) for t in GRAPH_TYPES}

        def make(ident: str) -> str:
            data = graphs.browser_data()
            return fragments.render(
                "graph",
                ident=f"dossier-graph-{ident or 'all'}",
                data=attribute_json(data),
                count=len(data["nodes"]),
                types=types,
            )

        return make

    def _explore_block(self) -> Any:
        """Makes the Explore page's date range (``fragments/explore.html.j2``) when written.

        Worked out now, while the dossier is at hand; the closure keeps the
        fragments and that data only, not the renderer.
        """
        fragments, found = self.fragments, story_range(self.dossier)

        def make(_key: str) -> str:
            if found is None:
                return ""
            return fragments.render(
                "explore",
                data=attribute_json(found.data()),
                first=found.first,
                last=found.last,
                ticks=found.ticks,
            )

        return make

    # -- helpers used by templates --------------------------------------

    def name_of(self, key: str) -> str:
        return name_in(self.dossier, key)

    def claim_value(self, value: Any) -> Markup:
        """A claimed value as Markdown: a link to an entity, a reader's date, or text."""
        if isinstance(value, str) and value in self.dossier.entities:
            return Markup(f"[{md_escape(self.name_of(value))}]({link(value)})")
        if isinstance(value, PartialDate):
            return md_escape(self.language.partial(value))
        return md_escape(value)

    def mentions_outline(self, ent: Entity) -> Markup:
        """The *Mentions* section of an entity page: a heading per article, then its snippets.

        The snippets themselves are ``mentions`` markers (``sections.py``);
        the headings stay Markdown, so the table of contents lists the articles.
        """
        groups = self.sections.mention_groups(ent.key)
        sources = self.related.articles.get(ent.key, [])
        if not groups and not sources:
            return Markup("")
        _ = self.language.gettext
        heading = md_escape(_("Mentions"))
        out = [f"\n## {heading}\n\n"]
        for ident in groups:
            a = self.dossier.articles[ident]
            out.append(f"### [{md_escape(a.title)}](../articles/{escape(a.id)}.md)\n\n")
            out.append(f"{self.texts.marker('mentions', f'{ent.key}@{ident}')}\n\n")
        if any(ident not in groups for ident in sources):
            out.append(md_escape(_("Annotated without a mention in the text:")) + "\n\n")
            out.append(f"{self.texts.marker('unmentioned', ent.key)}\n")
        return Markup("".join(out))

    def group_by_party(self, people: list[Entity]) -> list[tuple[str | None, list[Entity]]]:
        """People grouped under each party they belong to; those with none last."""
        groups: dict[str | None, list[Entity]] = defaultdict(list)
        for person in people:
            parties: list[str | None] = [
                r.object
                for _, r in self.related.relations.get(person.key, [])
                if r.subject == person.key
                and r.type == "member"
                and r.object.startswith("parties/")
            ]
            for party in sorted(set(parties), key=str) or [None]:
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
        return render_with(self.env, template, **context)

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

    def pages(self) -> dict[str, str]:
        """Every generated page, by its source path (``people/kem-sokha.md``)."""
        return {src_uri: self.page(src_uri) for src_uri in self.page_sources()}

    def page_sources(self) -> list[str]:
        """The source path of every generated page, index pages first."""
        # Called once a build: a mistake in an override fragment is found
        # now, not on the page it first fills (a dirty build may fill none).
        self.fragments.compile_all()
        out = ["articles/index.md", "graph/index.md", "explore/index.md", "disputed/index.md"]
        out += [f"{plural}/index.md" for plural in ENTITY_TYPES]
        out += [f"articles/{ident}.md" for ident in self.dossier.articles]
        out += [page_path(key) for key in self.dossier.entities]
        return list(dict.fromkeys(out))

    def page(self, src_uri: str) -> str:
        """The Markdown of one generated page (a host that kept the others makes only some).

        An article or entity whose id is ``index`` has the index's path: its page wins.
        """
        key = src_uri.removesuffix(".md")
        if key in self.dossier.entities:
            return self.entity_page(self.dossier.entities[key])
        if key.startswith("articles/") and key.removeprefix("articles/") in self.dossier.articles:
            return self.article_page(key.removeprefix("articles/"))
        if src_uri == "graph/index.md":
            return self.render("graph.md.j2")
        if src_uri == "explore/index.md":
            return self.render("explore.md.j2")
        if src_uri == "disputed/index.md":
            return self.render("disputed.md.j2")
        return self.index_page(src_uri.removesuffix("/index.md"))


def overridden(options: Options, templates: Iterable[str]) -> bool:
    """Whether the site overrides any of ``templates`` (in ``custom_dir/dossier``)."""
    return any((folder / name).is_file() for folder in options.template_dirs for name in templates)


def template_loader(options: Options) -> jinja2.BaseLoader:
    """The plugin's templates, an override in the theme's ``custom_dir/dossier`` first."""
    return jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in options.template_dirs]),
            jinja2.PackageLoader("mkdocs_dossier", "templates"),
        ]
    )


def render_with(env: jinja2.Environment, template: str, **context: Any) -> str:
    """What ``template`` makes; a template's mistake is a fatal :class:`Problem`.

    An override in the theme's ``custom_dir`` is the editor's own file:
    its mistakes are reported at their line, not as a Python traceback.
    """
    try:
        return env.get_template(template).render(**context)
    except Exception as err:
        problem = template_problem(err, template)
        if problem is None:
            raise  # not in a template: the plugin's own fault, shown whole
        raise DossierError([problem]) from err


def labels(language: Language) -> dict[str, tuple[str, ...]]:
    """Each entity type's name, singular and plural, in the site's language."""
    return {
        t: tuple(language.gettext(word) for word in words) for t, words in glossary.KINDS.items()
    }


def name_in(dossier: Dossier, key: str) -> str:
    """The published name of an entity or the title of an article (``articles/<id>``)."""
    ent = dossier.entities.get(key)
    if ent is not None:
        return ent.title
    article = dossier.articles.get(key.removeprefix("articles/"))
    return article.title if article else key


def date_label(
    date: PartialDate | None, ent: Entity | None = None, language: Language | None = None
) -> str:
    language = language or Language()
    _ = language.gettext
    if date is None:
        return _("undated")
    text = language.partial(date)
    if ent is not None and ent.approximate:
        text = _("about {date}").format(date=text)
    status = ent.first("status") if ent is not None else None
    if status and status != "held":
        text = f"{text} ({_(status)})"
    return text


def front_matter(**values: Any) -> Markup:
    """A YAML front matter block; values are JSON, which YAML reads as-is.

    The title and tags are HTML-escaped: both the ``mkdocs`` and the
    ``material`` theme print ``page.title`` unescaped (in ``<title>``, the
    header, the search index), and Material's search results insert titles and
    tags as HTML, so a name like ``</title><script>`` would otherwise become markup.
    """
    for name in ("title", "description"):  # the themes print the description unescaped too
        if isinstance(values.get(name), str):
            values[name] = html.escape(values[name])
    if isinstance(values.get("tags"), list):
        values["tags"] = [html.escape(str(tag)) for tag in values["tags"]]
    lines = ["---"]
    for key, value in values.items():
        if value is not None:
            lines.append(f"{key}: {safe_json(value)}")
    lines.append("---")
    return Markup("\n".join(lines) + "\n")
