"""Maps in a real browser: markers, popups, the overview, instant navigation, no-JS.

Tile requests never reach the network: the test's route answers each with a
blank PNG (``browser_support``), so a drawn map shows loaded tiles without
any third party being contacted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_support import PLACE, Served, Tab, Traffic, new_context, serve, site_url
from conftest import copy_example, mkdocs_build

from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser

DRAWN = ".dossier-map[data-ready]"


def marker_keys(page: Any) -> set[str]:
    """Keys of every place drawn on the page's maps, single markers and clusters alike."""
    keys = page.locator(f"{DRAWN} [data-keys]").evaluate_all(
        "els => els.map(el => el.getAttribute('data-keys'))"
    )
    return {key for group in keys for key in group.split()}


def key_of(path: str) -> str:
    return path.rstrip("/")


def test_place_map_draws_marker_whose_popup_links_to_the_page(tab: Tab) -> None:
    page = tab.open(PLACE)
    marker = page.locator(f'{DRAWN} path[data-keys~="{key_of(PLACE)}"]')
    marker.wait_for()
    assert page.locator(f"{DRAWN} img.leaflet-tile-loaded").count() > 0, "no tile drawn"
    marker.dispatch_event("click")
    popup_link = page.locator(f"{DRAWN} .leaflet-popup-content a", has_text="Kampong Trach").first
    popup_link.wait_for()
    href = popup_link.evaluate("a => a.href")
    assert href == tab.served.url(PLACE)
    assert tab.errors == []


def test_overview_map_shows_every_place(tab: Tab, dossier: Dossier) -> None:
    page = tab.open("places/")
    page.locator(f"{DRAWN} [data-keys]").first.wait_for()
    expected = {place.key for place in dossier.of_type("place")}
    assert marker_keys(page) == expected


def test_instant_navigation_from_person_to_place_redraws_the_map(
    tab: Tab, dossier: Dossier
) -> None:
    # Him Neang's office is in Kampong Trach: his page links it in a table
    # (a drawn map hides its list of places).
    page = tab.open("people/him-neang/")
    link = page.locator("article table a[href*='places/']").first
    place = key_of(link.evaluate("a => a.href").removeprefix(tab.served.base))
    page.evaluate("window.__samePage = true")  # survives only an instant (XHR) navigation
    link.click()
    page.wait_for_url(tab.served.url(place) + "/")
    # The theme swaps the content in after the URL changed: wait for the place's own page.
    page.locator("article h1", has_text=dossier.entities[place].title).wait_for()
    page.locator(f'{DRAWN} path[data-keys~="{place}"]').wait_for(timeout=5000)
    assert page.evaluate("window.__samePage === true"), "the theme reloaded the whole page"
    assert tab.errors == []


def test_maps_fall_back_to_a_list_of_places_without_javascript(
    no_js_tab: Tab, dossier: Dossier
) -> None:
    page = no_js_tab.open("places/")
    assert not page.locator(".dossier-map").first.is_visible()
    items = page.locator(".dossier-map-fallback li[data-key]")
    listed = {items.nth(i).get_attribute("data-key") for i in range(items.count())}
    assert listed == {place.key for place in dossier.of_type("place")}
    for i in range(items.count()):
        assert items.nth(i).locator("a").first.is_visible()


@pytest.fixture(scope="module")
def khmer_tab(chromium: Any, traffic: Traffic, tmp_path_factory) -> Iterator[Tab]:
    """A tab on the example site built with ``theme.language: km``."""
    out: Path = copy_example(tmp_path_factory.mktemp("example-km"))
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = "km"
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = mkdocs_build(out, "--strict")
    assert result.returncode == 0, result.stderr
    served: Served
    served, stop = serve(out / "site", site_url(out / "mkdocs.yml"))
    context = new_context(chromium, served, traffic)
    yield Tab(context.new_page(), served)
    context.close()
    stop()


def test_a_khmer_sites_maps_write_their_words_in_khmer(khmer_tab: Tab) -> None:
    # The words maps.js writes come from the page (data-labels), in its language.
    words = Language("km")
    approximate, places = words.gettext("approximate"), words.gettext("{n} places")
    assert approximate != "approximate" and places != "{n} places"
    page = khmer_tab.open("places/")
    page.locator(f"{DRAWN} [data-keys]").first.wait_for()
    # Zoomed out far enough, nearby places gather into a numbered cluster.
    cluster = page.locator(f"{DRAWN} .dossier-cluster").first
    for _ in range(5):
        if cluster.count():
            break
        page.locator(".dossier-map .leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)  # Leaflet's zoom animation (not a timing assertion)
    count = cluster.inner_text()
    assert cluster.get_attribute("title") == places.replace("{n}", count)
    # Kampong Trach Khang Lech is placed approximately (at its district).
    place = "places/kampong-trach-khang-lech"
    page = khmer_tab.open(place + "/")
    marker = page.locator(f'{DRAWN} path[data-keys~="{place}"]')
    marker.wait_for()
    marker.dispatch_event("click")
    meta = page.locator(f"{DRAWN} .dossier-popup-meta").first
    meta.wait_for()
    kind = words.gettext("commune").capitalize()
    assert meta.inner_text().startswith(f"{kind} · ")
    assert meta.inner_text().endswith(f"({approximate})")
    assert khmer_tab.errors == []
