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

import json
import re
from pathlib import Path
from typing import Any

from mkdocs_dossier.core.i18n import DEFAULT
from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.core.scripts import separate_words

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


def separate_indexed_words(site_dir: Path) -> None:
    """Put zero-width spaces between the Khmer (Thai, Chinese...) words of the search index.

    Both search plugins (Material's and MkDocs' own) write
    ``search/search_index.json`` with the pages' text as it stands; a Khmer
    name inside unspaced text is found only if the index splits it off. The
    page itself is left as it is. The search's ``separator`` must include
    ``\\u200b`` (Material's Khmer language file does; see docs/editors.md).
    """
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return
    raw = index.read_text(encoding="utf-8")
    if raw.isascii() and "\\u" not in raw:
        return
    data = json.loads(raw)
    changed = False
    for doc in data.get("docs", []):
        for field in ("title", "text"):
            value = doc.get(field)
            if isinstance(value, str) and not value.isascii():
                separated = separate_words(value)
                changed = changed or separated != value
                doc[field] = separated
    if changed:
        index.write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )


#: Appended to MkDocs' own search's copy of lunr.js (see the file).
UNICODE_TRIMMER = Path(__file__).resolve().parent.parent / "assets" / "lunr-unicode-trimmer.js"


def mend_builtin_search(site_dir: Path) -> None:
    """Make MkDocs' own search keep non-Latin words: lunr's trimmer, replaced.

    MkDocs' search plugin has no option for its pipeline, so the site's copy
    of ``search/lunr.js`` gets a trimmer that knows letters of every script.
    """
    lunr = site_dir / "search" / "lunr.js"
    if not lunr.is_file():
        return
    script = lunr.read_text(encoding="utf-8")
    extra = UNICODE_TRIMMER.read_text(encoding="utf-8")
    if extra not in script:
        lunr.write_text(script + extra, encoding="utf-8")
