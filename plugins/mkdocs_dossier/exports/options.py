"""The URLs and keys the exports share."""

from __future__ import annotations

from mkdocs_dossier.core.options import Options
from mkdocs_dossier.site.urls import page_url


def public_url(key: str, options: Options) -> str:
    """A page's URL: absolute under site_url, else relative to the site root."""
    path = page_url(key, options.directory_urls)
    if options.site_url:
        return options.site_url.rstrip("/") + "/" + path
    return path


def article_key(article_id: str) -> str:
    return f"articles/{article_id}"
