"""A reader's browser contacts nobody but the site itself and the map tiles.

Readers of a dossier may be watched; loading a page must not tell a font
service, an analytics host or a CDN who reads what. Every request Chromium
makes while pages load is recorded (requests that would leave the machine
are answered or refused by the test, so nothing actually leaves). The only
third party allowed is the tile provider the site is configured with, and
with ``tiles: none`` there is none at all.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import PLACE, Served, Tab, Traffic, new_context, reader_pages, serve, site_url
from conftest import ROOT, mkdocs_build
from mkdocs.config import load_config

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.maps import tile_layer

pytestmark = pytest.mark.browser


def configured_tiles(mkdocs_yml: Path) -> re.Pattern[str] | None:
    """The URLs the configured tile provider serves tiles from, as a pattern."""
    config = load_config(str(mkdocs_yml))
    layer = tile_layer(config.plugins["dossier"].config.tiles)
    if layer is None:
        return None
    parts = re.split(r"(\{[a-z]+\})", layer["url"])
    return re.compile(
        "".join(
            "[a-z0-9]+" if part in ("{s}", "{z}", "{x}", "{y}") else re.escape(part)
            for part in parts
            if part != "{r}"
        )
        + "$"
    )


@pytest.fixture(scope="session")
def example_without_tiles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example site built with the plugin option ``tiles: none``, served."""
    out = tmp_path_factory.mktemp("no-tiles")
    for name in ("docs", "dossier", "seeds"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, out / name)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [_without_tiles(plugin) for plugin in config["plugins"]]
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = mkdocs_build(out, "--strict")
    assert result.returncode == 0, result.stderr
    assert configured_tiles(out / "mkdocs.yml") is None
    served, stop = serve(out / "site", site_url(out / "mkdocs.yml"))
    yield served
    stop()


def visit(chromium: Any, served: Served, paths: list[str]) -> Traffic:
    """Load each page in a fresh profile; every request the browser made."""
    traffic = Traffic()
    context = new_context(chromium, served, traffic)
    tab = Tab(context.new_page(), served)
    for path in paths:
        tab.open(path)
    context.close()
    assert len(traffic.requests) > len(paths)  # pages, then their styles and scripts
    return traffic


def third_party(traffic: Traffic, served: Served) -> list[str]:
    return sorted(
        {
            url
            for url in traffic.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and not url.startswith(served.origin + "/")
        }
    )


def test_pages_contact_only_the_configured_tile_provider(
    chromium: Any, served_site: Served, dossier: Dossier
) -> None:
    tiles = configured_tiles(ROOT / "mkdocs.yml")
    assert tiles is not None, "the example site is expected to show map tiles"
    traffic = visit(chromium, served_site, reader_pages(dossier))
    others = [url for url in third_party(traffic, served_site) if not tiles.match(url)]
    assert others == []
    assert traffic.tiles, "no map tile was requested, so the maps were not tested"


def test_without_tiles_pages_contact_no_third_party(
    chromium: Any, example_without_tiles: Served, dossier: Dossier
) -> None:
    traffic = visit(chromium, example_without_tiles, reader_pages(dossier))
    assert third_party(traffic, example_without_tiles) == []


def test_without_tiles_the_map_still_draws_its_markers(
    chromium: Any, example_without_tiles: Served
) -> None:
    context = new_context(chromium, example_without_tiles, Traffic())
    page = Tab(context.new_page(), example_without_tiles).open(PLACE)
    page.locator(f'.dossier-map[data-ready] path[data-keys~="{PLACE.rstrip("/")}"]').wait_for()
    assert page.locator(".dossier-map img.leaflet-tile").count() == 0
    context.close()


def _without_tiles(plugin: str | dict) -> str | dict:
    """The dossier plugin's entry, bare or with options, set to ``tiles: none``."""
    if plugin == "dossier":
        return {"dossier": {"tiles": "none"}}
    if isinstance(plugin, dict) and "dossier" in plugin:
        return {"dossier": {**(plugin["dossier"] or {}), "tiles": "none"}}
    return plugin
