"""The HTML fragments a page's sections are written with: ``templates/fragments/``.

Each section (a facts table, a timeline, a list of snippets) is one Jinja
template, rendered once per marker with everything it shows worked out in
Python (``sections.py``): the template only writes the markup, so an editor
can change it with a file of the same name in ``<custom_dir>/dossier/``.
Autoescape is on. Values are plain text, escaped by the template; only URLs
(``Hrefs.href``, escaped already) come as ``Markup``. In text between tags
the default fragments use the ``text`` filter, which escapes as
Python-Markdown does (``&``, ``<``, ``>``), so the HTML is what these
sections were as Markdown; a plain ``{{ value }}`` escapes quotes too and is
the one to use in an attribute.

A build compiles each fragment once, on first use, and keeps it on its
:class:`Fragments` (the renderer's): pages are filled thousands of times, and
a template lookup per page would be that many loader checks.
"""

from __future__ import annotations

import html
import os
import traceback
from collections.abc import MutableMapping
from typing import Any

import jinja2
from markupsafe import Markup

from mkdocs_dossier.core.errors import DossierError, Pos, Problem
from mkdocs_dossier.core.i18n import Language

#: The fragments, by the name sections render them with: what each holds.
NAMES = (
    "facts_table",
    "relations_table",
    "graph",  # the interactive relationship graph's tools, canvas and panel
    "graph_drawing",  # a static SVG drawing of the graph: the graph page's, an entity's
    "graph_legend",  # the static drawing's legend of node shapes
    "graph_shape",  # the macro both draw a node's shape with
    "map",  # a map's container and its list of places for readers without JavaScript
    "explore",  # the Explore page's date range
    "summaries",
    "participants",
    "timeline",
    "mentions",
    "unmentioned",
    "in_this_article",
    "trail",
    "linked_from",
    "entity_list",
    "place_tree",
    "article_list",
)


def text(value: Any) -> Markup:
    """Text for between tags, escaped as Python-Markdown escapes it (quotes kept)."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value), quote=False))


def svg_text(value: Any) -> Markup:
    """Text for inline SVG, in content or an attribute: quotes escaped too, and
    brackets as references, so Markdown and the ``[[link]]`` expansion find nothing."""
    escaped = html.escape(str(value), quote=True)
    return Markup(escaped.replace("[", "&#91;").replace("]", "&#93;"))


class _Environment(jinja2.Environment):
    """An environment whose templates see its globals as they are when each is loaded.

    Jinja chains a template's globals to the environment's (a ``ChainMap``),
    and every render copies them into a new context through it: ten lookups
    through the chain each time, most of a small fragment's rendering. The
    plugin sets its globals before it loads a template and never after
    (Jinja's own advice), so a plain dict gives each template the same names.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def environment(
    loader: jinja2.BaseLoader,
    language: Language,
    bytecode_cache: jinja2.BytecodeCache | None,
    *,
    keep_trailing_newline: bool,
) -> jinja2.Environment:
    """A Jinja environment for the plugin's templates: the pages' and the fragments'.

    Autoescaped, strict about undefined names (a misspelt name in an
    override is an error, not an empty string), the site's words installed
    for ``{% trans %}`` and ``_()``; ``auto_reload`` off, as one build
    renders with it and need not stat every file again each time a page
    imports or extends it.
    """
    env = _Environment(
        loader=loader,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
        bytecode_cache=bytecode_cache,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        language.translations, newstyle=True
    )
    return env


class Fragments:
    """The build's compiled fragments, rendered by name (``facts_table``)."""

    def __init__(
        self,
        loader: jinja2.BaseLoader,
        language: Language,
        bytecode_cache: jinja2.BytecodeCache | None = None,
    ) -> None:
        """``loader``: the pages' own (custom_dir first); ``language``: the site's words."""
        # An environment of their own: a fragment sees what it is given (and
        # the site's words, for an override that adds some), not the pages'
        # globals; and a fragment file's last newline is its end, not HTML.
        self.env = environment(loader, language, bytecode_cache, keep_trailing_newline=False)
        self.env.filters["text"] = text
        self.env.filters["svg_text"] = svg_text
        self._templates: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        """The compiled fragment ``name``: an override in custom_dir, or the plugin's."""
        found = self._templates.get(name)
        if found is None:
            path = f"fragments/{name}.html.j2"
            try:
                found = self._templates[name] = self.env.get_template(path)
            except Exception as err:
                raise _failed(err, path) from err
        return found

    def compile_all(self) -> None:
        """Compile every fragment now, so a mistake in an override stops the build early."""
        for name in NAMES:
            self.template(name)

    def render(self, name: str, **context: Any) -> str:
        """The HTML of fragment ``name``; a template's mistake is a fatal :class:`Problem`."""
        template = self.template(name)
        try:
            return template.render(context)
        except Exception as err:
            raise _failed(err, f"fragments/{name}.html.j2") from err


def _failed(err: Exception, name: str) -> Exception:
    """``err`` as the build's error when it arose in a template file."""
    problem = template_problem(err, name)
    return err if problem is None else DossierError([problem])


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
