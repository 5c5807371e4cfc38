"""What the exports are made with, and the URLs and keys they share."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_dossier.site.urls import page_url


@dataclass(frozen=True)
class ExportOptions:
    """What the exports need from the site's configuration."""

    title: str = "Dossier"
    #: The site's public URL, for absolute links; relative paths without it.
    site_url: str = ""
    directory_urls: bool = True
    #: Write ``ftm.jsonl`` (the plugin's ``ftm`` option; needs the followthemoney package).
    ftm: bool = False


def public_url(key: str, options: ExportOptions) -> str:
    """A page's URL: absolute under site_url, else relative to the site root."""
    path = page_url(key, options.directory_urls)
    if options.site_url:
        return options.site_url.rstrip("/") + "/" + path
    return path


def article_key(article_id: str) -> str:
    return f"articles/{article_id}"
