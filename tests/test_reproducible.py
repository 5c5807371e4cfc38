"""Byte-identical builds and a site without broken internal links.

Two builds of the example site, in processes with different hash seeds (so any
output that depends on set or dict order would differ), must produce the same
files byte for byte; ``SOURCE_DATE_EPOCH`` pins the only date MkDocs writes
(the sitemap's). Every internal link and anchor of every built page resolves,
in the configuration the crawl in test_standards.py does not serve.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import lxml.html
import pytest
import yaml
from conftest import copy_example


def _build(site: Path, out: str, **env: str) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", out],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    return site / out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    site = copy_example(tmp_path)
    epoch = {"SOURCE_DATE_EPOCH": "1510617600"}
    first = _files(_build(site, "one", PYTHONHASHSEED="1", **epoch))
    second = _files(_build(site, "two", PYTHONHASHSEED="2", **epoch))
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


# --- internal links --------------------------------------------------------

_LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}


def _target(page: str, url: str, site: Path, base: str) -> tuple[str, str] | None:
    """The built file an internal URL of ``page`` names, and its fragment; None if external.

    ``base`` is the path of the site's URL (``/cambodia-dossier/``), which
    absolute links such as those of the 404 page start with.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path, fragment = urldefrag(url)
    if not path:
        return page, fragment
    path = unquote(path)
    if path.startswith("/"):
        path = path.removeprefix(base) if path.startswith(base) else f"../outside{path}"
        rel = posixpath.normpath(path or ".")
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or not path or (site / rel).is_dir():
        rel = posixpath.join(rel, "index.html")
    return rel, fragment


def broken_links(site: Path, base: str = "/") -> list[str]:
    """Every internal link or anchor of every built page that leads nowhere."""
    ids: dict[str, set[str]] = {}

    def anchors(rel: str) -> set[str]:
        if rel not in ids:
            tree = lxml.html.fromstring((site / rel).read_bytes())
            ids[rel] = {el.get("id") for el in tree.iter() if el.get("id")}
            ids[rel] |= {el.get("name") for el in tree.iter("a") if el.get("name")}
        return ids[rel]

    broken = []
    for file in sorted(site.rglob("*.html")):
        page = file.relative_to(site).as_posix()
        tree = lxml.html.fromstring(file.read_bytes())
        for tag, attr in _LINKING.items():
            for el in tree.iter(tag):
                url = (el.get(attr) or "").strip()
                found = _target(page, url, site, base) if url else None
                if found is None:
                    continue
                rel, fragment = found
                if rel.startswith("..") or not (site / rel).is_file():
                    broken.append(f"{page}: {url} -> no file {rel}")
                elif fragment and rel.endswith(".html") and fragment not in anchors(rel):
                    broken.append(f"{page}: {url} -> no anchor #{fragment} in {rel}")
    return broken


@pytest.mark.slow
def test_no_broken_internal_link_with_builtin_theme_and_file_urls(tmp_path: Path) -> None:
    site = copy_example(tmp_path)
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(theme={"name": "mkdocs"}, use_directory_urls=False)
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = _build(site, "site")
    assert len(list(built.rglob("*.html"))) > 30
    assert broken_links(built, _base(site)) == []


def _base(site: Path) -> str:
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    return urlsplit(config.get("site_url") or "/").path or "/"


def test_example_site_has_no_broken_internal_link(example_site: Path) -> None:
    assert broken_links(example_site / "site", _base(example_site)) == []


def test_link_walker_finds_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="a/#nowhere">bad</a>')
    (tmp_path / "a/index.html").write_text('<p id="here"><a href="../gone.html">x</a></p>')
    assert broken_links(tmp_path) == [
        "a/index.html: ../gone.html -> no file gone.html",
        "index.html: a/#nowhere -> no anchor #nowhere in a/index.html",
    ]
