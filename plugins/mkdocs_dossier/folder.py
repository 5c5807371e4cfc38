"""The second host: the dossier's pages as a folder of Markdown, for any site generator.

``dossier render OUT_DIR`` does what the MkDocs plugin does, without an MkDocs
build: it loads the dossier (``pipeline.load_dossier``), renders the same
pages (``site.pages``), expands their ``[[links]]``, fills their sections,
maps and drawings in as raw HTML (the plugin fills them into the HTML after
Markdown) and writes them with the static files and the exports. The folder
is a docs folder, or part of one: a generator that reads Markdown with raw
HTML (MkDocs without the plugin, ProperDocs, Zensical) builds it.

The plugin cleans the HTML Markdown makes of the editors' texts
(``safety/sanitize.py``); here the Markdown goes to another generator,
which cleans nothing. So an editor's text whose HTML the cleaner would
change (raw HTML, an attribute list, a ``javascript:`` link) is refused
with its position, and a protected name found in the folder deletes the
file, as the plugin deletes it from a built site.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown

from mkdocs_dossier.core.docs_pages import docs_front_matter_problems
from mkdocs_dossier.core.errors import Pos, Problem, Problems
from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.exports.files import write_exports
from mkdocs_dossier.exports.ftm import INSTALL as FTM_INSTALL
from mkdocs_dossier.exports.ftm import ftm_available
from mkdocs_dossier.exports.geojson import places_geojson
from mkdocs_dossier.pipeline import Lookup, load_dossier
from mkdocs_dossier.plugin import site_options
from mkdocs_dossier.safety.leaks import find_leaks, redact
from mkdocs_dossier.safety.sanitize import sanitize_html
from mkdocs_dossier.site.assets import SCRIPT, STYLESHEET
from mkdocs_dossier.site.encode import safe_json
from mkdocs_dossier.site.language import site_language
from mkdocs_dossier.site.pages import (
    Page,
    expand_links,
    filled_markdown,
    generated_pages,
    static_files,
)
from mkdocs_dossier.site.render import Renderer


@dataclass(frozen=True)
class Rendered:
    """What :func:`render_folder` wrote, and what the site's configuration needs."""

    #: Every file written, by its path in the folder.
    files: list[str]
    #: Stylesheets and scripts every page needs, by their path in the folder.
    css: list[str]
    javascript: list[str]
    #: The problems found (a protected name's leak among them); none: all written.
    problems: list[Problem]


def render_folder(config_file: Path, out_dir: Path, with_docs: bool = False) -> Rendered:
    """Write the site's generated pages, static files and exports into ``out_dir``.

    ``with_docs``: copy the site's own docs folder in too, its ``[[links]]``
    expanded, so that ``out_dir`` is a whole docs folder (it must then be
    outside docs_dir).

    ``config_file`` is the site's ``mkdocs.yml``, read with MkDocs' own
    loader (the plugin's options as the plugin reads them). ``out_dir`` is
    the command's: whatever was in it is replaced. Nothing is written when a
    problem is fatal or an editor's text holds HTML the plugin would cut.
    """
    config = _load_config(config_file)
    options = site_options(config)
    base = Path(config.config_file_path).resolve().parent
    root = options.root(base)
    out = out_dir.resolve()
    docs = Path(config.docs_dir).resolve()
    _refuse_unsafe_target(out, base, root, docs)
    if with_docs and out.is_relative_to(docs):
        raise ValueError(f"{out}: a folder inside docs_dir cannot hold docs_dir; give another")
    problems = Problems()
    if not root.is_dir():
        problems.add(
            Pos(options.dossier_dir),
            "the dossier folder does not exist",
            "create it or set the plugin's dossier_dir option",
            severity="fatal",
        )
        return Rendered([], [], [], list(problems))
    if options.ftm and not ftm_available():
        problems.add(
            Pos("mkdocs.yml"),
            "the FtM export (ftm: true) needs the followthemoney package",
            f"run {FTM_INSTALL}, or set ftm: false",
            severity="fatal",
        )
        return Rendered([], [], [], list(problems))
    dossier = load_dossier(root, options)
    problems.extend(dossier.problems)
    renderer = Renderer(
        dossier,
        options,
        language=Language(site_language(options.language, config.theme)),
    )
    unsafe = list(_unsafe_texts(dossier, config))
    problems.extend(unsafe)
    if unsafe or any(p.severity == "fatal" for p in problems):
        return Rendered([], [], [], list(problems))
    # The story at a glance links to the pages the folder will have: the
    # docs pages, and each generated page as it is made (before any docs page).
    renderer.glance.pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    made = _site_files(dossier, renderer, options, problems)
    if with_docs:
        made = itertools.chain(made, _docs_files(docs, dossier, renderer, options, problems))
    files = _write(out, made, options, dossier)
    for rel, key in find_leaks(out, dossier.protected):
        leaking = out / rel
        if leaking.is_dir():
            shutil.rmtree(leaking, ignore_errors=True)
        else:
            leaking.unlink(missing_ok=True)
        if rel in files:
            files.remove(rel)
        problems.add(
            Pos(redact(f"{out_dir.as_posix()}/{rel}", dossier.protected)),
            f"the real name or an alias of protected {key} appears; the file was deleted",
            "write its display name instead",
            severity="fatal",
        )
    # dossier.js loads Leaflet and maps.js on pages that draw a map.
    css = [STYLESHEET]
    javascript = [SCRIPT]
    return Rendered(sorted(files), css, javascript, list(problems))


def _load_config(config_file: Path) -> Any:
    from mkdocs.config import load_config

    return load_config(str(config_file))


def _refuse_unsafe_target(out: Path, base: Path, root: Path, docs: Path) -> None:
    """The folder is replaced: it must not be, or hold, the site's own sources."""
    for kept, what in ((base, "the site's folder"), (root, "the dossier"), (docs, "docs_dir")):
        if out == kept or kept.is_relative_to(out):
            raise ValueError(
                f"{out}: the folder would replace {what}; give a folder of its own, "
                "e.g. docs/_dossier"
            )


def _site_files(
    dossier: Dossier, renderer: Renderer, options: Options, problems: Problems
) -> Iterator[tuple[str, str | bytes]]:
    """Every page, filled in, then the static files and places.geojson."""
    lookup = Lookup(dossier.entities)
    for page in generated_pages(renderer, options.directory_urls):
        renderer.glance.pages.add(page.src_uri)
        markdown = expand_links(page, lookup, problems)
        yield page.src_uri, filled_markdown(markdown, renderer)
    yield from static_files(options.maps).items()
    if options.maps:
        geojson = places_geojson(dossier, options.directory_urls)
        yield "places.geojson", safe_json(geojson, indent=2) + "\n"


def _docs_files(
    docs: Path, dossier: Dossier, renderer: Renderer, options: Options, problems: Problems
) -> Iterator[tuple[str, str | bytes]]:
    """The site's own docs folder, as the plugin hands it to MkDocs: its Markdown
    with ``[[links]]`` expanded (the ``wikilinks`` option), the blocks it places
    (the story at a glance) filled in, and its front matter checked; dot files
    left out, as MkDocs leaves them out.

    Coming after the generated pages, a page written in docs/ wins over the
    generated one at the same path, as in the plugin.
    """
    lookup = Lookup(dossier.entities)
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.suffix != ".md":
            yield rel, path.read_bytes()
            continue
        text = path.read_text(encoding="utf-8-sig")
        shown = f"{docs.name}/{rel}"
        problems.extend(docs_front_matter_problems(text, shown))
        if options.wikilinks:
            text = expand_links(Page(rel, rel, text), lookup, problems, shown)
        yield rel, filled_markdown(text, renderer, rel)


def _write(
    out: Path, files: Iterator[tuple[str, str | bytes]], options: Options, dossier: Dossier
) -> list[str]:
    """Replace ``out`` with the files and the exports; the paths written."""
    if out.exists():
        shutil.rmtree(out)
    written: dict[str, None] = {}  # (a docs page may replace a generated one)
    for rel, content in files:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="\n")
        written[rel] = None
    written.update(dict.fromkeys(write_exports(dossier, options, out)))
    return list(written)


def _unsafe_texts(dossier: Dossier, config: Any) -> Iterator[Problem]:
    """The editors' texts whose HTML the plugin's cleaner would change.

    Each is made into HTML as the site would (its Markdown extensions) and
    compared, tag by tag and attribute by attribute, with what the cleaner
    keeps of it.
    """
    md = python_markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    texts = [(Pos(a.path, a.body_line, 1), a.text) for a in dossier.articles.values()]
    texts += [
        (e.description_pos or Pos(e.key), e.description)
        for e in dossier.entities.values()
        if e.description
    ]
    for pos, text in texts:
        made = md.reset().convert(text)
        lost = _tags(made) - _tags(sanitize_html(made))
        if lost:
            shown = ", ".join(sorted(lost)[:3])
            yield Problem(
                pos,
                f"HTML that the plugin's cleaner removes ({shown}) cannot be published "
                "by dossier render",
                "write it as Markdown, or build the site with the plugin",
            )


def _tags(html: str) -> set[str]:
    """Each start tag of ``html`` with one of its attributes (``a href``), and alone."""
    found: set[str] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.add(tag)
            found.update(f"{tag} {name}" for name, _ in attrs)

    collector = Collector(convert_charrefs=True)
    collector.feed(html)
    collector.close()
    return found
