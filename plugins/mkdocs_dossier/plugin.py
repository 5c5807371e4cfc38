"""The MkDocs adapter: hooks that call the core and hand MkDocs its pages.

Everything cross-page is computed in ``on_files`` so it exists before any page
renders; generated pages are ``File.generated`` objects, never files written
into ``docs_dir``. Entity and article pages are left out of the nav (a theme
embeds the whole nav in every page), index pages are in it.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import posixpath
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from mkdocs_dossier.core.docs_pages import body_line, docs_front_matter_problems
from mkdocs_dossier.core.errors import DossierError, Pos, Problem, Problems
from mkdocs_dossier.core.i18n import Language, untranslated
from mkdocs_dossier.core.memo import fresh
from mkdocs_dossier.core.mentions import expand_wikilinks
from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.core.options import CONFLICTS, LINK_MENTIONS, Options, option_docs
from mkdocs_dossier.core.timing import Timings
from mkdocs_dossier.dirty import Kept, Rebuilds, Records, site_settings
from mkdocs_dossier.exports.files import write_exports
from mkdocs_dossier.exports.ftm import INSTALL as FTM_INSTALL
from mkdocs_dossier.exports.ftm import ftm_available
from mkdocs_dossier.exports.geojson import places_geojson
from mkdocs_dossier.pipeline import Collector, Lookup, load_dossier
from mkdocs_dossier.safety.csp import SitePolicy, allow_added_scripts, with_policy
from mkdocs_dossier.safety.leaks import find_leaks, redact
from mkdocs_dossier.safety.sanitize import sanitize_html
from mkdocs_dossier.serving import StagedServe
from mkdocs_dossier.site.anchors import selector_safe, transliterated
from mkdocs_dossier.site.assets import SCRIPT, STYLESHEET
from mkdocs_dossier.site.backlinks import linked_from
from mkdocs_dossier.site.encode import safe_json
from mkdocs_dossier.site.head import head_tags
from mkdocs_dossier.site.language import (
    add_theme_folder,
    article_languages,
    mend_builtin_search,
    site_language,
)
from mkdocs_dossier.site.maps import tile_layer
from mkdocs_dossier.site.markers import Blocks, block_problems, exclude_block_sections
from mkdocs_dossier.site.pages import static_files
from mkdocs_dossier.site.render import ARTICLE_TEMPLATES, Renderer, overridden
from mkdocs_dossier.site.search import (
    BUILTIN_SEARCH,
    page_entries,
    reindex_builtin,
    search_plugins,
    separate_entry_words,
    splits_words,
)
from mkdocs_dossier.site.sections import Sections

log = get_plugin_logger(__name__)

_EXPORTS_PREFIX = "mkdocs-dossier-exports-"


class DossierConfig(base.Config):
    """Options of the ``dossier`` plugin in ``mkdocs.yml``, as MkDocs validates them.

    Each is described once, in :class:`~mkdocs_dossier.core.options.Options`
    (README's table too); :meth:`options` makes that object of them.
    """

    dossier_dir = c.Type(str, default="dossier")
    link_mentions = c.Choice(LINK_MENTIONS, default="first")
    conflicts = c.Choice(CONFLICTS, default="review")
    wikilinks = c.Type(bool, default=True)
    country = c.Optional(c.Type(str))
    maps = c.Type(bool, default=True)
    tiles = c.Type(str, default="OpenStreetMap.Mapnik")
    nearby = c.Type(int, default=5)
    nearby_km = c.Type((int, float), default=100.0)
    ftm = c.Type(bool, default=False)
    language = c.Optional(c.Type(str))
    publisher = c.Optional(c.Type(str))
    method = c.Optional(c.Type(str))
    key_entities = c.Optional(c.ListOfItems(c.Type(str)))
    cards = c.Type(int, default=6)
    latest_events = c.Type(int, default=5)
    csp = c.Type(bool, default=True)
    csp_extra = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=".cache/dossier")

    def options(self, site: MkDocsConfig) -> Options:
        """The build's options: these, with what the pages need of the site's settings.

        The one place where MkDocs' configuration becomes the core's.
        """
        plugin = {name: self[name] for name in option_docs("plugin")}
        plugin["nearby_km"] = float(plugin["nearby_km"])
        if plugin["key_entities"] is not None:
            plugin["key_entities"] = tuple(plugin["key_entities"])
        custom = site.theme.custom_dir
        return Options(
            **plugin,
            title=site.site_name,
            site_url=site.site_url or "",
            directory_urls=site.use_directory_urls,
            template_dirs=(Path(custom) / "dossier",) if custom else (),
        )


class DossierPlugin(BasePlugin[DossierConfig]):
    """Publishes an annotated story dossier with MkDocs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        #: ``--dirty``: MkDocs builds only the pages :attr:`rebuilds` finds changed.
        self.dirty = False
        #: What a build knows of the last one; kept across ``mkdocs serve`` rebuilds.
        self.rebuilds: Rebuilds | None = None
        #: Under ``mkdocs serve``, after the first build: rebuilds are made
        #: aside and served only when they pass (``serving.py``).
        self.serving: StagedServe | None = None
        #: The core's step results of the last build, reused by the next
        #: (``dirty.Kept``); only in a process that builds again (``serve``).
        self.kept: Kept | None = None
        #: Run by ``mkdocs serve``: each rebuild's state is kept in memory only.
        self.serve = False
        #: Python's garbage collector across this process's builds (``pipeline.py``).
        self.collector = Collector()
        self._reset()

    def _reset(self) -> None:
        self._forget_exports()
        self.dossier: Dossier | None = None
        #: Protected entity key -> its real names and aliases, for the leak scan.
        self.protected: dict[str, list[str]] = {}
        self.lookup: Lookup | None = None
        self.root: Path | None = None
        self.generated: set[str] = set()
        #: Seconds per stage of this build, logged at debug level after it.
        self.timings = Timings()
        #: This build's files, to name the source of a leaking file (:meth:`_origins`).
        self.files: Files | None = None
        #: The docs folder's name, as sources in docs/ are shown.
        self.docs = "docs"
        #: This build's options (:meth:`DossierConfig.options`), set in ``on_config``.
        self.options = Options()
        #: Fills in the generated pages' big HTML blocks (maps, graphs) once indexed.
        self.blocks: Blocks | None = None
        #: Fills in the generated pages' sections (tables, timelines, snippets)
        #: after Markdown, before search (``sections.py``).
        self.texts: Blocks | None = None
        #: The page whose blocks are filled in, with its content without them.
        self._unfilled: tuple[Page, str] | None = None
        #: The generated page written last, whose content the next page lets go.
        self._written: Page | None = None
        #: Writes those sections; holds the mentions until every page has them.
        self.sections: Sections | None = None
        #: Where this build's exports are written, outside docs_dir and dossier/;
        #: removed once MkDocs has copied them into the site.
        self.exports_dir: tempfile.TemporaryDirectory[str] | None = None
        #: The site's language (labels, dates) and the generated pages written in another.
        self.language = Language()
        self.page_languages: dict[str, str] = {}
        #: Search entries whose Khmer (Thai, Chinese...) words this build separated.
        self.separated = 0
        #: Every page's Content-Security-Policy before its hashes; None: off (``csp``).
        self.policy: SitePolicy | None = None

    # -- hooks ------------------------------------------------------------

    @event_priority(100)  # before Material's search reads the theme's language file
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        if self.serving is not None:  # a rebuild of mkdocs serve: made aside (serving.py)
            config.site_dir = str(self.serving.staging)
        options = self.options = self.config.options(config)
        self.language = Language(site_language(options.language, config.theme))
        missing = untranslated(self.language.code)
        if missing:
            # Not a warning: --strict must not fail for a language the catalogue lacks.
            log.info(
                "%d of the plugin's messages have no '%s' translation and are written in "
                "English (dossier check lists them)",
                len(missing),
                self.language.code,
            )
        add_theme_folder(config.theme)
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = options.root(base_dir)
        if not self.root.is_dir():
            raise PluginError(
                f"{options.dossier_dir}: the dossier folder does not exist; "
                "create it or set the plugin's dossier_dir option"
            )
        if options.ftm and not ftm_available():
            raise PluginError(
                "dossier: ftm: the FtM export needs the followthemoney package; "
                f"run {FTM_INSTALL}, or set ftm: false"
            )
        # Heading ids such as "2017" are no valid selectors (site/anchors.py).
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = selector_safe(toc.get("slugify") or transliterated)
        cache = (base_dir / options.cache_dir).resolve()
        for inside, name in (
            (Path(config.docs_dir).resolve(), "docs_dir"),
            (self.root, "dossier_dir"),
        ):
            if cache.is_relative_to(inside):
                raise PluginError(
                    f"{options.cache_dir}: the cache folder is inside {name}; "
                    "set the plugin's cache_dir option to a folder outside it"
                )
        if self.rebuilds is None or self.rebuilds.folder != cache:
            self.rebuilds = Rebuilds(cache)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        if options.maps:
            try:
                tile_layer(options.tiles)  # a mistake fails here, before anything is built
            except ValueError as err:
                raise PluginError(f"dossier: tiles: {err}") from err
            # Leaflet and maps.js are not added to every page: dossier.js
            # loads them on pages that draw a map (its NEEDS).
        if options.csp:
            self.policy = self._policy(options)
        return config

    @staticmethod
    def _policy(options: Options) -> SitePolicy:
        tiles = tile_layer(options.tiles) if options.maps else None
        try:
            return SitePolicy.make(tiles["url"] if tiles else None, options.csp_extra or "")
        except ValueError as err:
            raise PluginError(f"dossier: csp_extra: {err}") from err

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keeps this instance across ``mkdocs serve`` rebuilds, with :attr:`rebuilds`."""
        self.dirty = dirty
        self.serve = command == "serve"
        # A one-off build has nothing to reuse: it pays nothing for keeping.
        self.kept = Kept() if command == "serve" or dirty else None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.root is not None
        if self.kept is not None:
            self.kept.begin()
        self.dossier = load_dossier(
            self.root, self.options, self.timings, self.kept or fresh, self.collector
        )
        # Before any problem is logged: messages are cleaned of these names.
        self.protected = self.dossier.protected
        with self.timings.stage("resolve"):
            self.lookup = Lookup(self.dossier.entities)
        self._report(self.dossier.problems)
        with self.timings.stage("render"):
            renderer = Renderer(
                self.dossier,
                self.options,
                bytecode_cache=self.rebuilds.templates() if self.rebuilds else None,
                language=self.language,
            )
            try:
                sources = renderer.page_sources()
            except DossierError as err:  # a mistake in an override template
                self._report(err.problems)
                raise
            self.blocks = renderer.blocks
            # The story at a glance links only to pages the site has.
            renderer.glance.pages = set(files.src_uris) | set(sources)
            self._report(self._placed(renderer.glance.problems, config))
            self.texts = renderer.texts
            self.sections = renderer.sections
            self.page_languages = article_languages(self.dossier, self.language.code)
            try:
                self._add_pages(files, config, renderer, sources)
            except DossierError as err:  # a mistake in an override template
                self._report(err.problems)
                raise
            for src_uri, content in static_files(self.options.maps).items():
                self._add(files, config, src_uri, content)
        if self.options.maps:
            with self.timings.stage("maps"):
                self._add_map_files(files, config)
        with self.timings.stage("exports"):
            self._add_exports(files, config)
        self.protected = self.dossier.protected
        # Pages are rendered and exports written. Later hooks need the lookup
        # and the protected names; the map and graph blocks filled in
        # on_page_context keep entities, relations and locations, not texts.
        # What is let go here MkDocs reuses for its pages instead of adding
        # to the build's peak RSS.
        self.dossier.release_texts()
        self.dossier = None
        self.files = files
        self.docs = Path(config.docs_dir).name
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.generated and page.file.abs_src_path:
            # MkDocs drops a docs page's broken front matter without a word.
            shown_path = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
            self._report(docs_front_matter_problems(page.file.content_string, shown_path))
            if self.blocks is not None:
                source = page.file.content_string
                kinds = self.blocks.kinds()
                self._report(block_problems(source, markdown, shown_path, kinds))
        if page.file.src_uri in self.generated:
            # MkDocs has read the page and never reads it again; a page it reads
            # from disk is not kept either, so let the generated text go.
            page.file.content_string = ""
        with self.timings.stage("pages"):
            return self._expand(markdown, page, config)

    def _expand(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """Expand ``[[wikilinks]]`` in one page's Markdown."""
        if "[[" not in markdown:
            return markdown  # most pages: nothing to set up for
        if self.lookup is None or (
            not self.options.wikilinks and page.file.src_uri not in self.generated
        ):
            return markdown
        problems = Problems()
        lookup = self.lookup
        src_dir = posixpath.dirname(page.file.src_uri)

        def resolve(target: str, pos: Pos) -> str | None:
            return lookup.find(target, pos, problems)

        def link(key: str) -> str:
            return posixpath.relpath(f"{key}.md", src_dir or ".")

        if page.file.src_uri in self.generated:
            start = Pos(page.file.src_uri, 1, 1)
        else:
            shown = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
            start = Pos(shown, body_line(page.file.content_string, markdown), 1)
        result = expand_wikilinks(markdown, resolve, link, start)
        self._report(problems)
        return result

    @event_priority(100)  # first, so the search index and other plugins see the sections
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Clean a generated page's HTML, then put its tables, timelines and snippets in.

        The page's Markdown holds the editors' texts: whatever the site's
        Markdown extensions made of them is cut to the allow-list
        (``sanitize.py``). The sections were left out of the Markdown as
        markers (``sections.py``): Python-Markdown has nothing to find in
        HTML made in advance, and they are the plugin's templates' own.
        """
        if self.texts is None or page.file.src_uri not in self.generated:
            return html
        with self.timings.stage("sanitize"):
            html = sanitize_html(html)
        with self.timings.stage("texts"):
            try:
                html = self.texts.fill(exclude_block_sections(html))
            except DossierError as err:  # a mistake in an override fragment
                self._report(err.problems)
                raise
        lang = self.page_languages.get(page.file.src_uri)
        return f'<div lang="{lang}">\n{html}\n</div>' if lang else html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page's content is made (MkDocs converts all before it renders any)."""
        if self.sections is not None:
            self.sections.release()  # the mentions: no page reads them any more
            self.sections = None
            self.texts = None  # and its makers, with the names and URLs they keep
        # The [[link]] lookup (every name of every entity) is for Markdown,
        # all converted by now; each build makes its own.
        self.lookup = None
        if self.kept is not None and self.rebuilds is not None and env.bytecode_cache is None:
            # The theme's templates, compiled once for every rebuild (Material's
            # take half a second each time); Jinja checks each against its source.
            env.bytecode_cache = self.rebuilds.templates()
        return env

    @event_priority(-100)  # after the search plugins have indexed the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Put the maps and graph drawings into a generated page's content.

        They were left out of its Markdown as markers (``render.Blocks``), so
        neither Python-Markdown nor the search index has parsed them. Filled
        here, into the page's content rather than the whole page the theme
        makes of it, they are copied in with a fifth of the HTML.
        """
        if self._written is not None:
            # Written and every plugin's on_post_page done: nothing reads its
            # content again. MkDocs would keep every page's until the build
            # ends, 56 MiB of sections' HTML at 2,000 articles, which is
            # still held when the search index is written (the build's peak).
            self._written.content = ""
            self._written = None
        if self.rebuilds is not None:
            self.rebuilds.built.add(page.url)
        generated = page.file.src_uri in self.generated
        for search in search_plugins(config.plugins.items()):
            builtin = type(search).__module__.startswith(BUILTIN_SEARCH)
            if builtin:
                reindex_builtin(search, page)
            entries = page_entries(search, page.url)
            if generated and builtin:
                _unescape_titles(entries, page.url)
            with self.timings.stage("search words"):
                self.separated += separate_entry_words(entries)
        if not generated:
            self._fill_docs_page(page)
            return context
        if self.blocks is not None and page.content:
            with self.timings.stage("blocks"):
                self._unfilled = (page, page.content)
                page.content = self.blocks.fill(page.content)
        return context

    def _fill_docs_page(self, page: Page) -> None:
        """Put the blocks an editor placed in a docs page (the story at a glance) in.

        Like a generated page's, after the search index has read it: the
        block repeats the entities' names and summaries, which would make
        the home page a hit for every one of them.
        """
        if self.blocks is None or not page.content or "<!--dossier-block " not in page.content:
            return
        with self.timings.stage("blocks"):
            self._unfilled = (page, page.content)
            try:
                page.content = self.blocks.fill(page.content, page.file.src_uri)
            except DossierError as err:  # a mistake in an override template
                self._report(err.problems)
                raise

    @event_priority(100)  # first: the page is written, its blocks are in the output
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Give the page back its content without the blocks; add the head's tags.

        MkDocs keeps every page's content until the build ends; with the
        maps and drawings in, that would be all of them at once. The tags
        are link previews' and search engines' (``site/head.py``).
        """
        dossier_text = self._dossier_text(page)
        if self._unfilled is not None and self._unfilled[0] is page:
            page.content = self._unfilled[1]
        self._unfilled = None
        if self.kept is None and page.file.src_uri in self.generated:
            self._written = page  # a one-off build; serve's rebuilds may read it
        description = str(page.meta.get("description") or config.site_description or "")
        output = head_tags(
            output,
            title=str(page.title or config.site_name),
            description=description,
            site_name=config.site_name,
            url=page.canonical_url or "",
            home=page.is_homepage,
        )
        if self.policy is None:
            return output
        with self.timings.stage("csp"):
            return with_policy(output, self.policy.for_page(output, *dossier_text))

    def _dossier_text(self, page: Page) -> tuple[str, str]:
        """The page's content if dossier/ text is in it, and the part of it docs/ wrote.

        Inline scripts in the first but not the second are never allowed by
        the page's policy: a generated page's content, the blocks filled
        into a docs page.
        """
        content = page.content or ""
        if page.file.src_uri in self.generated:
            return content, ""
        if self._unfilled is not None and self._unfilled[0] is page:
            return content, self._unfilled[1]
        return "", ""

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The theme's own pages (404.html) get the policy too."""
        if self.policy is None or not template_name.endswith(".html"):
            return output_content
        return with_policy(output_content, self.policy.for_page(output_content))

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Sections of generated pages named in the site's language; a dirty build
        makes every page again if the nav all pages show changed."""
        if config.nav is None:  # MkDocs named the sections after their folders
            _title_generated_sections(nav.items, self.generated)
        if self.rebuilds is not None:
            dests = [f.abs_dest_path for f in files.documentation_pages()]
            self.rebuilds.nav(str(nav), dests)
        return nav

    @event_priority(50)  # before the search plugins write their index
    def _complete_site(self, *, config: MkDocsConfig) -> None:
        """After a dirty build: the pages it kept in the search index, removed pages' files gone."""
        if self.rebuilds is None or self.files is None:
            return
        site = Path(config.site_dir)
        pages = [f.page.url for f in self.files.documentation_pages() if f.page is not None]
        self.rebuilds.merge_search(config.plugins.items(), pages, site)
        self._advise_separator(config)
        if self.dirty:
            made = len(self.rebuilds.built)
            log.info(f"dirty build: {made} of {len(pages)} pages built, the others kept")
            log.debug(
                f"dirty build: {len(self.rebuilds.remade)} pages' Markdown made again, "
                f"{self.rebuilds.kept} kept: {self.rebuilds.remade[:12]}"
            )
        self.rebuilds.remove_stale(site, (f.dest_uri for f in self.files))
        self.rebuilds.save(persist=not self.serve)
        if self.kept is not None:
            self.kept.end()
            log.debug(f"reuse: made {dict(self.kept.made)}, reused {dict(self.kept.reused)}")

    def _advise_separator(self, config: MkDocsConfig) -> None:
        """Say what to set when the index has separated words its search does not split."""
        if not self.separated:
            return
        for search in search_plugins(config.plugins.items()):
            separator = search.config.get("separator")
            if not splits_words(separator):
                # Information, not a warning: --strict must not fail for it.
                log.info(
                    "search: %d entries have Khmer (or other unspaced) words separated by "
                    "zero-width spaces, which the separator %r does not split at, so a word "
                    "inside unspaced text is not found; set plugins: search: separator: "
                    "'[\\s\\u200b\\-]+' (docs/editors.md, Search in Khmer)",
                    self.separated,
                    separator,
                )

    @event_priority(-100)  # last, after search and every plugin has written its files
    def _check_site(self, *, config: MkDocsConfig) -> None:
        """Log stage timings; fail the build if a protected name reached any built file."""
        self._forget_exports()  # MkDocs copied them into the site before this event
        search = config.plugins.get("search")
        if type(search).__module__.startswith(BUILTIN_SEARCH):
            mend_builtin_search(Path(config.site_dir))
        for line in self.timings.lines():
            log.debug(line)
        log.debug(f"stages total {self.timings.total:.3f}s")
        if not self.protected:
            return
        site = Path(config.site_dir)
        leaks = find_leaks(site, self.protected)
        if not leaks:
            return
        origins = self._origins()
        lines = []
        for rel, key in leaks:
            origin = origins.get(rel)
            source = f" (from {origin})" if origin else ""
            # The path itself may spell the name (a page of another entity
            # called like the protected one): the message must not.
            lines.append(
                redact(
                    f"{site.name}/{rel}{source}: the real name or an alias of protected {key} "
                    "appears; write its display name instead",
                    self.protected,
                )
            )
        # Nothing of this build stays behind for a careless deploy to publish:
        # the page, its sitemap entry, its folder, the search index all go.
        shutil.rmtree(site, ignore_errors=True)
        lines.append(
            f"{site.name}/: the whole built site was removed, so nothing of it can be "
            "deployed; fix the sources named above and build again"
        )
        raise PluginError("\n".join(lines))

    on_post_build = CombinedEvent(_complete_site, _check_site)

    def on_build_error(self, *, error: Exception) -> None:
        self._forget_exports()
        if self.kept is not None:
            self.kept.forget()

    def on_shutdown(self) -> None:
        self._forget_exports()
        if self.serving is not None:
            self.serving.close()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the dossier; serve only rebuilds that pass, and say when one failed."""
        if self.root is not None:
            server.watch(str(self.root))
        serving = self.serving = StagedServe(
            Path(server.root),
            dirty=self.dirty,
            redact=lambda text: redact(text, self.protected),
            on_failure=self._forget_failed_build,
        )
        server.builder = serving.wrap(server.builder)
        inject = getattr(server, "_inject_js_into_html", None)
        if inject is not None:  # MkDocs 1.6's livereload: every served HTML page passes here
            # The live-reload script it adds is inline: the page's policy allows it.
            server._inject_js_into_html = lambda html, epoch: serving.banner(
                allow_added_scripts(html, inject(html, epoch))
            )
        return server

    def _forget_failed_build(self) -> None:
        """A rebuild failed: its dirty-build state describes no site that is served."""
        if self.rebuilds is not None:
            self.rebuilds.forget()

    # -- helpers ----------------------------------------------------------

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        content: str | bytes | None = None,
        *,
        abs_src_path: Path | None = None,
    ) -> None:
        """Add a generated file unless the user wrote one at that path in docs/.

        Its text is ``content``, or the file at ``abs_src_path`` (outside docs/).
        """
        if src_uri in files.src_uris:  # (src_uri is already a POSIX path)
            return  # a page the user wrote in docs/ wins over the generated one
        in_nav = not src_uri.endswith(".md") or src_uri.endswith("/index.md")
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        if abs_src_path is not None:
            file = File.generated(
                config, src_uri, abs_src_path=str(abs_src_path), inclusion=inclusion
            )
        else:
            assert content is not None
            file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        files.append(file)
        self.generated.add(src_uri)

    def _add_pages(
        self, files: Files, config: MkDocsConfig, renderer: Renderer, sources: list[str]
    ) -> None:
        """The generated pages, each from its file in the cache folder (``dirty.py``).

        A dirty build makes again only those whose inputs changed.
        """
        assert self.rebuilds is not None and self.texts is not None and self.blocks is not None
        assert self.dossier is not None
        texts, blocks, lookup = self.texts, self.blocks, self.lookup
        assert lookup is not None
        # The languages too: the labels of every page, and the theme's words,
        # change with them, and they may be set in a file mkdocs.yml inherits.
        theme = config.theme
        languages = f"{self.language.code} {theme.get('language')} {theme.get('locale')}"
        settings = site_settings(
            f"{self.config!r} {languages}",
            config.config_file_path,
            config.site_url,
            config.theme.custom_dir,
        )
        # Served rebuilds are made in a copy of the served site (serving.py):
        # the state describes that site.
        site_dir = str(self.serving.served) if self.serving else config.site_dir
        self.rebuilds.begin(site_dir, self.dirty, settings)
        if self.dirty:
            # What each page is made from, so the next dirty build can keep
            # those whose inputs are the same. Only a dirty build: a clean one
            # makes every page anyway, and would pay 6% of its time at 500
            # articles; the first dirty build after it makes every page's
            # Markdown (MkDocs still builds only the changed ones) and records them.
            with self.timings.stage("inputs"):
                # The resolution's name lets Records digest records by it.
                resolution = self.kept.key("resolve") if self.kept is not None else ""
                linked = linked_from(self.dossier)
                memo = self.kept or fresh
                uncited = not overridden(self.options, ARTICLE_TEMPLATES)
                self.rebuilds.records = Records(self.dossier, linked, resolution, memo, uncited)
        else:
            self.rebuilds.records = None
        self.rebuilds.record(texts)
        self.rebuilds.record(blocks)

        def resolve(target: str) -> str | None:
            return lookup.find(target, Pos("", 1, 1), Problems())

        def piece(prefix: str, kind: str, key: str) -> str:
            return (texts if prefix == texts.prefix else blocks).html(kind, key)

        for src_uri in sources:
            if src_uri not in files.src_uris:  # else a page in docs/ wins (_add)
                make = functools.partial(renderer.page, src_uri)
                path = self.rebuilds.page(src_uri, make, resolve, piece)
                self._add(files, config, src_uri, abs_src_path=path)
        for file in files.documentation_pages():
            if file.src_uri not in self.generated and file.abs_src_path:
                content = file.content_string
                # The blocks it places (the story at a glance) as they will be filled.
                kinds = [kind for kind, _ in blocks.keyless(content, "")]
                placed = [blocks.html(kind, file.src_uri) for kind in kinds]
                markdown = content if self.options.wikilinks else ""
                dest = file.abs_dest_path
                self.rebuilds.docs_page(file.src_uri, markdown, dest, resolve, placed)

    def _add_map_files(self, files: Files, config: MkDocsConfig) -> None:
        """places.geojson (Leaflet and the map script are among the static files)."""
        assert self.dossier is not None
        geojson = places_geojson(self.dossier, self.options.directory_urls)
        self._add(files, config, "places.geojson", safe_json(geojson, indent=2) + "\n")

    def _add_exports(self, files: Files, config: MkDocsConfig) -> None:
        """The open-data exports (docs/exports.md)."""
        assert self.dossier is not None
        # Written to a private folder and copied by MkDocs, not held as strings
        # for the whole build: 30 MB at 2,000 articles.
        memo = self.kept or fresh
        records = self.rebuilds.records if self.rebuilds else None
        keys = records.keys if records is not None else None
        written = write_exports(self.dossier, self.options, self._exports_folder(), memo, keys)
        for src_uri, path in written.items():
            self._add(files, config, src_uri, abs_src_path=path)

    def _exports_folder(self) -> Path:
        """A private folder for this build's exports, removed once MkDocs has copied them."""
        self._forget_exports()
        self.exports_dir = tempfile.TemporaryDirectory(prefix=_EXPORTS_PREFIX)
        return Path(self.exports_dir.name)

    def _forget_exports(self) -> None:
        """Remove the folder this build's exports were written to, if there is one."""
        exports_dir = getattr(self, "exports_dir", None)
        if exports_dir is not None:
            exports_dir.cleanup()
            self.exports_dir = None

    def _origins(self) -> dict[str, str]:
        """Built file -> the source it came from, to name sources in leak reports.

        Made only when something leaked: one entry per file of the site.
        """
        return {
            f.dest_uri: f.src_uri if f.src_uri in self.generated else f"{self.docs}/{f.src_uri}"
            for f in self.files or []
        }

    def _placed(self, problems: list[Problem], config: MkDocsConfig) -> list[Problem]:
        """Problems of the plugin's options, at the line of mkdocs.yml that says the value."""
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        out = []
        for problem in problems:
            word = problem.message.split("'")[1] if problem.message.count("'") >= 2 else ""
            at = next((i for i, line in enumerate(lines) if word and word in line), None)
            pos = Pos(path.name, at + 1, lines[at].index(word) + 1) if at is not None else None
            out.append(dataclasses.replace(problem, pos=pos or Pos(path.name, 1, 1)))
        return out

    def _report(self, problems: Problems | list[Problem]) -> None:
        """Log the problems (fatal ones stop the build), never with a protected name."""
        fatal = [p for p in problems if p.severity == "fatal"]
        for problem in problems:
            if problem.severity == "review" and self.options.conflicts != "error":
                # Sources disagree in real stories: a conflict is for review,
                # not a broken build, unless the editor asks (conflicts: error).
                log.info(f"review: {redact(str(problem), self.protected)}")
            elif problem.severity != "fatal":
                log.warning(redact(str(problem), self.protected))
        if fatal:
            raise PluginError("\n".join(redact(str(p), self.protected) for p in fatal))


def _unescape_titles(entries: list[dict[str, Any]], url: str) -> None:
    """Give MkDocs' own search index the page's title as text, not as escaped HTML.

    Generated titles are HTML-escaped because themes print ``page.title``
    unescaped; the built-in search plugin stores text that its script
    escapes itself, so there the escaping would show twice. (Material's
    search stores HTML, and keeps the escaped title as it is.) ProperDocs'
    search plugin is MkDocs' under its own name.
    """
    for entry in entries:
        if entry["location"] == url:
            entry["title"] = html.unescape(entry["title"])


def site_options(site: MkDocsConfig) -> Options:
    """The build options of a loaded ``mkdocs.yml``: its ``dossier`` plugin's, or the
    defaults (with the site's settings) when it lists no such plugin."""
    plugin = site.plugins.get("dossier")
    if isinstance(plugin, DossierPlugin):
        return plugin.config.options(site)
    defaults = DossierConfig()
    defaults.load_dict({})
    defaults.validate()
    return defaults.options(site)


def _title_generated_sections(items: list[Any], generated: set[str]) -> None:
    """A section MkDocs made of a folder of generated pages takes its index page's title.

    MkDocs names such a section after the folder ("People", "Organizations"),
    in English whatever the site's language; its index page has the title
    the plugin wrote in that language ("បុគ្គល"). Sections of the site's own
    folders keep their names.
    """
    for item in items:
        if not isinstance(item, Section):
            continue
        for child in item.children:
            if not isinstance(child, Page):
                continue
            src = child.file.src_uri
            if src.endswith("index.md") and src in generated:
                title = get_data(child.file.content_string)[1].get("title")
                item.title = str(title) if title else item.title
