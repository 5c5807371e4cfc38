"""Relative URLs between pages: the string-only relpath against posixpath's."""

from __future__ import annotations

import itertools
import posixpath
from pathlib import Path

import pytest

from mkdocs_dossier.site.urls import relpath

PAGES = [
    "",
    ".",
    "people/",
    "people",
    "people/kem-sokha/",
    "people/kem-sokha.html",
    "people/index.html",
    "places/kampong-trach/",
    "places/kampong-trach/index.html",
    "places/x/y/z/",
    "a/./b/",
    "articles/rfa-2017-11-14-us-rejects-charges/",
    "graph/",
    "graph/index.html",
    "p%C3%A9ople/k%20s/",
    "../outside/",
    "people/../places/",
    "/abs/path/",
]


@pytest.mark.parametrize("start", PAGES)
def test_relpath_is_posixpaths(start: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # posixpath resolves against the working directory: ours must not depend on it.
    monkeypatch.chdir(tmp_path)
    for path in PAGES:
        if not path:
            with pytest.raises(ValueError):
                posixpath.relpath(path, start or ".")
            continue
        assert relpath(path, start) == posixpath.relpath(path, start or "."), (path, start)


def test_relpath_on_every_pair_of_generated_page_folders() -> None:
    folders = ["people", "people/a", "places/b", "articles/c", "graph", "events/d/e"]
    for path, start in itertools.product(folders, repeat=2):
        for suffix in ("", "/", "/index.html"):
            assert relpath(path + suffix, start) == posixpath.relpath(path + suffix, start)
