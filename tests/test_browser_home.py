"""The home page's story at a glance as a reader meets it: both themes, desktop and phone."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
import test_browser_reader
from browser_support import Tab, axe_findings, require
from test_browser_reader import SIDEWAYS, phone, shot
from test_standards import theme_error, vnu_messages

pytestmark = pytest.mark.browser

#: The same readers as tests/test_browser_reader.py: both themes, desktop and phone.
reader = test_browser_reader.reader
rtab = test_browser_reader.rtab

#: The cards and events the example's mkdocs.yml asks for (key_entities, latest_events).
CARDS = 6
EVENTS = 5


def _latest_day(iso: str) -> tuple[int, ...]:
    parts = [int(p) for p in iso.split("-")]
    return (*parts, *(13, 32)[len(parts) - 1 :])


def _open_home(tab: Tab) -> Any:
    page = tab.open("")
    page.locator(".dossier-glance .dossier-map[data-ready]").wait_for()
    return page


def test_home_draws_a_map_and_lists_the_cards_and_latest_events(rtab: Tab) -> None:
    page = _open_home(rtab)
    glance = page.locator(".dossier-glance")
    # The overview map is drawn (Leaflet loaded on this page) with its markers.
    assert page.evaluate("typeof window.L") == "object"
    drawn = glance.locator(".dossier-map .leaflet-marker-icon, .dossier-map path.dossier-marker")
    assert drawn.count() >= 2
    assert drawn.first.is_visible()
    assert glance.locator(".dossier-map-fallback").is_hidden()
    # The key people and organisations as cards, each a visible link to its page.
    cards = glance.locator(".dossier-card")
    assert cards.count() == CARDS
    first = cards.first.locator(".dossier-card-name a")
    assert first.inner_text() == "Kem Sokha" and first.is_visible()
    assert first.get_attribute("href").endswith("people/kem-sokha/")
    # The latest events, newest first, dated.
    events = glance.locator(".dossier-latest li")
    assert events.count() == EVENTS
    dates = events.locator("time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    # A date known to the month only counts as its month's end, as the timeline reads it.
    assert dates == sorted(dates, key=_latest_day, reverse=True), dates
    assert events.first.locator("a").is_visible()
    # Cards sit side by side on a desktop, one per row on a phone.
    lefts = cards.evaluate_all("cs => cs.map(c => Math.round(c.getBoundingClientRect().left))")
    assert (len(set(lefts)) == 1) == phone(rtab), lefts
    assert page.evaluate(SIDEWAYS) == {"extra": 0, "scrolled": 0}
    shot(rtab, "home-glance")
    assert rtab.errors == []


def test_a_marker_of_the_home_map_opens_a_popup_that_links_a_place(rtab: Tab) -> None:
    page = _open_home(rtab)
    marker = page.locator(".dossier-glance .dossier-map path.dossier-marker").first
    marker.dispatch_event("click")
    popup = page.locator(".dossier-glance .leaflet-popup-content a").first
    popup.wait_for()
    assert "/places/" in popup.get_attribute("href")


def test_axe_finds_no_violation_on_the_home_page(rtab: Tab) -> None:
    found = axe_findings(_open_home(rtab))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("site", ["example_site", "example_site_builtin_theme"])
def test_the_nu_checker_finds_no_error_on_the_home_page(
    site: str, request: pytest.FixtureRequest
) -> None:
    require("Java", shutil.which("java") is not None, "install default-jre-headless")
    home = request.getfixturevalue(site) / "site" / "index.html"
    assert 'class="dossier-glance"' in home.read_text(encoding="utf-8")
    messages = vnu_messages([home])
    ours = [f"{m.get('lastLine')}: {m['message']}" for m in messages if not theme_error(m)]
    assert ours == [], "\n".join(ours)
