"""The tags a page's ``<head>`` gets for link previews and search engines.

Themes write a ``<meta name="description">`` from the page's front matter
(mkdocs-material) or, MkDocs' own theme, only on the home page with the
site's description. Every page gets Open Graph and Twitter tags from its
title and description (an entity's summary), and a description where the
theme wrote none, from ``templates/head.html.j2``.
"""

from __future__ import annotations

import functools
import html
import re

import jinja2

_DESCRIPTION = re.compile(r"<meta\s+name=[\"']description[\"']", re.IGNORECASE)


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mkdocs_dossier", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("head.html.j2")


def head_tags(
    output: str, *, title: str, description: str, site_name: str, url: str, home: bool
) -> str:
    """``output`` (a whole page) with the tags put before its ``</head>``.

    ``title`` may come HTML-escaped (generated pages' titles are, for the
    themes): it is unescaped, then escaped once by the template.
    """
    end = output.find("</head>")
    if end < 0:
        return output
    tags = _template().render(
        has_description=bool(_DESCRIPTION.search(output, 0, end)),
        title=html.unescape(title),
        description=html.unescape(description),
        site_name=site_name,
        url=url,
        home=home,
    )
    return output[:end] + tags + output[end:]
