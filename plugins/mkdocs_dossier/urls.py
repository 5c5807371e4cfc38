"""Relative URLs between the site's pages, computed from strings alone."""

from __future__ import annotations

import posixpath


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
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + to[common:]
    return "/".join(parts) if parts else "."
