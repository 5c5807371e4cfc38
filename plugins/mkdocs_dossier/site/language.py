"""The site's language: which it is, the theme files it needs, headings and ``lang``.

The plugin writes its labels and dates in the site's language
(:class:`~mkdocs_dossier.core.i18n.Language`): the plugin's ``language``
option, else the theme's (Material's ``theme.language``, MkDocs' own
``theme.locale``), else English. Material has no Khmer interface, so the
plugin adds a theme folder holding ``partials/languages/km.html``; a site's
``custom_dir`` comes before it and still overrides it. Heading ids of
non-Latin headings are transliterated (as entity ids are) instead of
Python-Markdown's ``_1`` (``site/anchors.py``). An article in another language than the site's
is marked with ``lang`` on its page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs_dossier.core.i18n import DEFAULT
from mkdocs_dossier.core.model import Dossier

_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
THEME_FOLDER = Path(__file__).resolve().parent.parent / "theme"


def site_language(option: str | None, theme: Any) -> str:
    """The site's language tag (``km``, ``pt-BR``)."""
    for value in (option, theme.get("language"), theme.get("locale")):
        if value:
            return str(value).replace("_", "-")
    return DEFAULT


def add_theme_folder(theme: Any) -> None:
    """Put the plugin's theme folder after the site's custom_dir, before the theme's own."""
    folder = str(THEME_FOLDER)
    if folder in theme.dirs:
        return
    custom = getattr(theme, "custom_dir", None)
    first = Path(theme.dirs[0]).resolve() if theme.dirs else None
    at = 1 if custom and first == Path(custom).resolve() else 0
    theme.dirs.insert(at, folder)


def article_languages(dossier: Dossier, site: str) -> dict[str, str]:
    """Article pages (``articles/<id>.md``) whose text is in another language than the site's."""
    base = site.split("-")[0].lower()
    out = {}
    for ident, article in dossier.articles.items():
        lang = article.meta.get("language")
        # Only a well-formed tag goes into the attribute (BCP 47: letters, digits, hyphens).
        if isinstance(lang, str) and _TAG.fullmatch(lang) and lang.split("-")[0].lower() != base:
            out[f"articles/{ident}.md"] = lang
    return out


#: Appended to MkDocs' own search's copy of lunr.js (see the files): a trimmer
#: that keeps letters of every script, and each entry's page boost honoured.
LUNR_ADDITIONS = tuple(
    Path(__file__).resolve().parent.parent / "assets" / name
    for name in ("lunr-unicode-trimmer.js", "lunr-document-boost.js")
)


def mend_builtin_search(site_dir: Path) -> None:
    """Make MkDocs' own search keep non-Latin words and rank a page by its boost.

    MkDocs' search plugin has no option for its pipeline or weights, so the
    site's copy of ``search/lunr.js`` gets a trimmer that knows letters of
    every script, and ``add`` takes an entry's ``boost`` (``site/search.py``).
    """
    lunr = site_dir / "search" / "lunr.js"
    if not lunr.is_file():
        return
    script = lunr.read_text(encoding="utf-8")
    extra = "".join(
        part
        for part in (f.read_text(encoding="utf-8") for f in LUNR_ADDITIONS)
        if part not in script
    )
    if extra:
        lunr.write_text(script + extra, encoding="utf-8")
