"""Heading ids that are valid CSS selectors.

Python-Markdown's table of contents makes ``2017`` of a heading "2017" (the
events page has one per year); ``#2017`` is not a valid selector, and themes'
scripts that look headings up by ``querySelector`` fail on it (MkDocs' own
theme: "'#2017' is not a valid selector"). The site's slugify, whichever it
is, is wrapped so that an id starting with a digit gets a letter first.
"""

from __future__ import annotations

from collections.abc import Callable

from anyascii import anyascii
from markdown.extensions.toc import slugify as _markdown_slugify

Slugify = Callable[[str, str], str]

#: Put before an id that would start with a digit (``2017`` -> ``h-2017``).
PREFIX = "h-"


def transliterated(value: str, separator: str) -> str:
    """Python-Markdown's slug of a heading's transliteration (anyascii, as entity ids use).

    Its own slug drops every non-Latin letter, so a Khmer heading got the id
    ``_1``; ``## ព្រឹត្តិការណ៍`` now gets ``proettekarn``. ASCII headings keep
    the ids they had, accented Latin ones too (both drop the accents).
    """
    return _markdown_slugify(anyascii(value), separator)


def selector_safe(slugify: Slugify) -> Slugify:
    """``slugify`` whose ids never start with a digit; wrapping twice changes nothing."""
    if getattr(slugify, "dossier_selector_safe", False):
        return slugify

    def safe(value: str, separator: str) -> str:
        slug = slugify(value, separator)
        return f"{PREFIX}{slug}" if slug[:1].isdigit() else slug

    safe.dossier_selector_safe = True  # type: ignore[attr-defined]
    return safe


#: The plugin's slugify (transliterated, selector-safe): what ``dossier render``
#: tells a site without the plugin to set as its ``toc`` slugify.
slugify = selector_safe(transliterated)
