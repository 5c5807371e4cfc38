"""Relative URLs between the site's pages, computed from strings alone."""

from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import quote


def page_url(key: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a page (``people/kem-sokha/``), as MkDocs makes it."""
    if key == "index":  # the home page
        return "" if directory_urls else "index.html"
    if key.endswith("/index"):
        key = key[: -len("index")]
        return key if directory_urls else f"{key}index.html"
    return f"{key}/" if directory_urls else f"{key}.html"


def relative_url(from_key: str, to_key: str, directory_urls: bool) -> str:
    """The URL of ``to_key``'s page as MkDocs writes it in the page of ``from_key``."""
    here = page_url(from_key, directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    target = page_url(to_key, directory_urls)
    rel = relpath(target, base.rstrip("/"))
    return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)


def relpath(path: str, start: str) -> str:
    """What ``posixpath.relpath(path, start)`` gives for two site-relative paths.

    ``posixpath.relpath`` makes both paths absolute first, which asks the
    operating system for the working directory twice per call; the map and
    graph blocks make hundreds of thousands of URLs in a large build. Page
    URLs hold no ``..``, so comparing their parts is enough; anything else
    goes to ``posixpath``.
    """
    if not path or ".." in path or ".." in start or path[0] == "/" or start[:1] == "/":
        return posixpath.relpath(path, start or ".")
    to = [p for p in path.split("/") if p and p != "."]
    here = [p for p in start.split("/") if p and p != "."]
    return _relative(to, here)


def _relative(to: list[str], here: list[str]) -> str:
    """The path from folder ``here`` to ``to``, both given as their parts."""
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + to[common:]
    return "/".join(parts) if parts else "."


class Hrefs:
    """Links between generated pages, written exactly as MkDocs writes links to ``.md`` files.

    MkDocs (``mkdocs.utils.get_relative_url``) quotes both URLs, drops the
    last part of the page's URL when it names a file, then climbs to the
    longest common folder: ``people/a/`` links to ``people/b/`` as ``../b/``.
    A page's folder is worked out once (:meth:`base`) and each target's URL
    once per build, since the same pages are linked from many others.
    """

    def __init__(self, directory_urls: bool) -> None:
        self.directory_urls = directory_urls
        #: Page key -> its quoted URL's parts, and whether the URL ends in a slash.
        self._targets: dict[str, tuple[list[str], bool]] = {}

    def _url(self, key: str) -> str:
        return quote(page_url(key, self.directory_urls))  # as MkDocs' File.url

    def base(self, page_key: str) -> list[str]:
        """The folder, as parts, that links on the page of ``page_key`` start from."""
        url = self._url(page_key)
        folder, _, last = url.rpartition("/")
        return [p for p in (folder if "." in last else url).split("/") if p]

    def href(self, base: list[str], key: str, anchor: str | None = None) -> str:
        """URL of ``key``'s page from a page whose :meth:`base` is ``base``, HTML-escaped."""
        found = self._targets.get(key)
        if found is None:
            url = self._url(key)
            found = self._targets[key] = ([p for p in url.split("/") if p], url.endswith("/"))
        parts, slash = found
        rel = _relative(parts, base)
        if slash:
            rel += "/"
        if anchor:
            rel = f"{rel}#{anchor}"
        return escape(rel)
