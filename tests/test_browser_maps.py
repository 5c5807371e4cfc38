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
import test_browser_reader
import yaml
from browser_support import PLACE, Served, Tab, Traffic, new_context, serve, site_url
from conftest import copy_example, mkdocs_build
from test_browser_reader import shot

from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser

DRAWN = ".dossier-map[data-ready]"

reader = test_browser_reader.reader
rtab = test_browser_reader.rtab

#: Places of the article's map that stand close together: Kampong Trach is a
#: district of Kampot Province, in Cambodia. Zoomed all the way out their
#: points are less than 2 px apart (about 1.1 degrees of latitude at 0.7 px
#: a degree), so drawn at their points only the top marker could be clicked.
TOGETHER = ("places/cambodia", "places/kampot-province", "places/kampong-trach")


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
    # On to a second page with a map: the theme swapped <head> in again, and
    # the map still has Leaflet's and our style sheets (a map without them
    # has no height and its tiles strewn down the page).
    page.locator("nav a[href$='places/']").first.click()
    page.wait_for_url(tab.served.url("places/"))
    page.locator("article h1", has_text="Places").wait_for()
    page.locator(f"{DRAWN} [data-keys]").first.wait_for(timeout=5000)
    assert page.evaluate("window.__samePage === true"), "the theme reloaded the whole page"
    styled = page.locator(DRAWN).evaluate(
        "el => ({overflow: getComputedStyle(el).overflow, height: el.clientHeight,"
        " pane: getComputedStyle(el.querySelector('.leaflet-map-pane')).position})"
    )
    assert styled["overflow"] == "hidden" and styled["pane"] == "absolute", styled
    assert styled["height"] > 200, styled
    assert tab.errors == []


def test_closing_a_popup_leaves_the_page_as_it_was(tab: Tab) -> None:
    # The close button is a link to "#close": in mkdocs-material its click
    # reached the instant navigation, which loaded the page again at #close
    # without Leaflet's style sheet.
    page = tab.open(PLACE)
    url = page.url
    page.locator(DRAWN).scroll_into_view_if_needed()
    _click_marker_opens_its_popup(page, key_of(PLACE), "Kampong Trach")
    close = page.locator(f"{DRAWN} .leaflet-popup-close-button")
    close.click()
    page.locator(f"{DRAWN} .leaflet-popup").wait_for(state="detached")
    page.wait_for_load_state("networkidle")
    assert page.url == url
    overflow = page.locator(DRAWN).evaluate("el => getComputedStyle(el).overflow")
    assert overflow == "hidden", "Leaflet's style sheet is gone"
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


#: Whether the open popup has stayed where it is for 300 ms (polled each frame).
POPUP_AT_REST = """() => {
    const popup = document.querySelector('.dossier-map[data-ready] .leaflet-popup');
    if (!popup) return false;
    const box = popup.getBoundingClientRect();
    const at = box.x + ',' + box.y;
    if (window.__dossierPopupAt !== at) {
        window.__dossierPopupAt = at;
        window.__dossierPopupSince = performance.now();
        return false;
    }
    return performance.now() - window.__dossierPopupSince > 300;
}"""


def _click_marker_opens_its_popup(page: Any, key: str, title: str) -> None:
    """A real click at the centre of the place's marker, where a reader would tap."""
    marker = page.locator(f'{DRAWN} path[data-keys~="{key}"]')
    box = marker.bounding_box()
    assert box is not None, f"no marker for {key}"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    first = page.locator(f"{DRAWN} .leaflet-popup-content p > a").first
    first.wait_for(timeout=3000)
    # Leaflet then pans the map to show the popup whole (250 ms): a click in
    # that time (its close button) lands where the button was, not on it.
    page.wait_for_function(POPUP_AT_REST)
    # The popup of the marker clicked, not of one drawn over it.
    assert first.inner_text() == title, (key, first.inner_text())


def test_markers_that_cover_each_other_spread_so_each_can_be_clicked(
    rtab: Tab, dossier: Dossier
) -> None:
    article = next(a.id for a in dossier.articles.values() if set(TOGETHER) <= set(a.annotated))
    for key in TOGETHER:
        title = dossier.entities[key].title
        page = rtab.open(f"articles/{article}/")
        page.locator(DRAWN).scroll_into_view_if_needed()
        # At the map's first zoom (the story's places fit in it) ...
        _click_marker_opens_its_popup(page, key, title)
        page.locator(f"{DRAWN} .leaflet-popup-close-button").click()
        # ... and zoomed all the way out, where the three would be one dot.
        zoom_out = page.locator(f"{DRAWN} .leaflet-control-zoom-out")
        for _ in range(20):
            if "leaflet-disabled" in (zoom_out.get_attribute("class") or ""):
                break
            zoom_out.click()
            page.wait_for_timeout(350)  # Leaflet's zoom animation (not a timing assertion)
        assert "leaflet-disabled" in (zoom_out.get_attribute("class") or "")
        _click_marker_opens_its_popup(page, key, title)
    # Each spread marker keeps a leg to its true point.
    assert page.locator(f"{DRAWN} path.dossier-marker-leg").count() >= len(TOGETHER)
    shot(rtab, "article-map-zoomed-out")
    assert rtab.errors == []
