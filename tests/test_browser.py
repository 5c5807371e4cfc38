"""The example site in a real browser (Chromium), as a reader uses it.

The site is built once, served on a loopback port under its site_url path,
and every request that would leave the machine is answered by the test (see
``browser_support.py``), so nothing here needs the network.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from browser_support import PARTY, PERSON, PLACE, Tab, reader_pages, screenshot
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_pages_load_without_console_error(tab: Tab, dossier: Dossier) -> None:
    for path in reader_pages(dossier):
        page = tab.open(path)
        assert page.locator("article h1").first.is_visible(), path
    assert tab.errors == []


def test_search_finds_person_by_surname(tab: Tab) -> None:
    hrefs = search(tab, "Sokha")
    assert hrefs[0] == tab.served.url(PERSON), hrefs  # his page before "Arrest of Kem Sokha"


def test_search_finds_party_by_acronym(tab: Tab) -> None:
    hrefs = search(tab, "CNRP")
    assert tab.served.url(PARTY) in hrefs[:3], hrefs


def search(tab: Tab, query: str) -> list[str]:
    """Type into the theme's search box as a reader does; the result links, in order."""
    page = tab.open("")
    page.keyboard.press("/")
    page.keyboard.type(query, delay=20)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for()
    return [a.get_attribute("href") or "" for a in results.all()]


#: Where a reader landed: the paragraph holding the anchor, and whether it is in view.
LANDED = """id => {
    const el = document.getElementById(id);
    const para = el.closest('p, li, blockquote') || el.parentElement;
    const box = para.getBoundingClientRect();
    const header = document.querySelector('header');
    const top = header ? header.getBoundingClientRect().bottom : 0;
    return {
        hash: location.hash,
        text: para.innerText,
        visible: box.top >= top - 1 && box.top < innerHeight,
        marked: para.classList.contains('dossier-target') || !!para.querySelector(':target'),
    };
}"""


def test_backlink_lands_on_the_quoted_paragraph(tab: Tab) -> None:
    page = tab.open(PERSON)
    backlink = page.locator("h2#mentions ~ ul li a[href*='#p-']").first
    snippet = _norm(backlink.locator("xpath=..").inner_text()).split(": ", 1)[1]
    anchor = backlink.get_attribute("href").rsplit("#", 1)[1]
    backlink.click()
    page.wait_for_url(re.compile(rf"#{anchor}$"))
    page.wait_for_function("id => !!document.getElementById(id)", arg=anchor)
    with contextlib.suppress(PlaywrightTimeout):  # the theme scrolls after swapping pages
        page.wait_for_function(f"id => ({LANDED})(id).visible", arg=anchor, timeout=5000)
    landed = page.evaluate(LANDED, anchor)
    assert landed["hash"] == f"#{anchor}"
    assert snippet.rstrip("…. ") in _norm(landed["text"])
    assert landed["visible"], "the paragraph is scrolled out of view or under the header"
    assert landed["marked"], "the paragraph is not highlighted"
    assert tab.errors == []


def test_backlink_opened_directly_marks_its_paragraph_as_target(tab: Tab) -> None:
    """A backlink opened in a new tab (a full page load) targets the paragraph anchor."""
    page = tab.open(PERSON)
    href = page.locator("h2#mentions ~ ul li a[href*='#p-']").first.evaluate("a => a.href")
    page.goto(href)
    target = page.evaluate("document.querySelector(':target')?.id ?? null")
    assert target == href.rsplit("#", 1)[1]
    assert page.locator(":target").evaluate("el => el.closest('p') !== null")


def test_places_are_listed_without_javascript(no_js_tab: Tab, dossier: Dossier) -> None:
    page = no_js_tab.open("places/")
    shown = {_norm(a.inner_text()) for a in page.locator("article a[href]").all()}
    expected = {place.title for place in dossier.of_type("place")}
    assert expected <= shown, expected - shown


def _overflow(page: Any) -> dict[str, Any]:
    """How far the page scrolls sideways, and the elements sticking out."""
    return page.evaluate(
        """() => {
            const doc = document.scrollingElement;
            window.scrollTo(10000, window.scrollY);
            const scrolled = window.scrollX;
            window.scrollTo(0, window.scrollY);
            // An element inside a box that scrolls or clips sideways and
            // itself fits the screen is the box's business, not the page's.
            const inFittingBox = el => {
                const clips = ['auto', 'scroll', 'hidden', 'clip'];
                for (let box = el.parentElement; box && box.tagName !== 'ARTICLE';
                     box = box.parentElement) {
                    if (clips.includes(getComputedStyle(box).overflowX)
                        && box.getBoundingClientRect().right <= doc.clientWidth + 1) return true;
                }
                return false;
            };
            const wide = [...document.querySelectorAll('article *')]
                .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1
                    && !el.closest('.md-typeset__scrollwrap, pre, .leaflet-container')
                    && !inFittingBox(el))
                .slice(0, 5)
                .map(el => el.tagName + '.' + el.getAttribute('class') + ': '
                    + el.textContent.slice(0, 40));
            return {extra: doc.scrollWidth - doc.clientWidth, scrolled, wide};
        }"""
    )


def test_entity_pages_do_not_scroll_sideways_on_a_phone(mobile_tab: Tab, dossier: Dossier) -> None:
    for path in reader_pages(dossier):
        page = mobile_tab.open(path)
        overflow = _overflow(page)
        assert overflow == {"extra": 0, "scrolled": 0, "wide": []}, path


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_screenshots_fit_the_screen_width(request: pytest.FixtureRequest, width: str) -> None:
    """Screenshots for people to look at; each full-page shot as wide as the screen."""
    context = request.getfixturevalue(width)
    tab = Tab(context.new_page(), request.getfixturevalue("served_site"))
    for label, path in [("home", ""), ("person", PERSON), ("place", PLACE), ("events", "events/")]:
        page = tab.open(path)
        shot = screenshot(page, f"{label}-{width}")
        png_width = int.from_bytes(shot.read_bytes()[16:20], "big")
        expected = page.viewport_size["width"] * page.evaluate("devicePixelRatio")
        assert png_width == expected, f"{label}: the page is wider than the {width} screen"
    tab.page.close()
    assert tab.errors == []
