"""What a first-time reader meets, in both themes, on a desktop and a phone.

Each test runs on mkdocs-material and on MkDocs' own theme, at 1366x900 and
at 390x844 with touch (the ``reader`` fixture), against the example site.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import (
    PERSON,
    PLACE,
    SCREENSHOTS,
    Served,
    Tab,
    Traffic,
    new_context,
    reader_pages,
)

from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser

THEMES = {"material": "served_site", "mkdocs": "served_builtin_theme_site"}
SCREENS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture(scope="module", params=[(t, s) for t in THEMES for s in SCREENS], ids=str)
def reader(request: pytest.FixtureRequest, chromium: Any, traffic: Traffic) -> Iterator[Any]:
    """A browser context on one theme's site at one screen size."""
    theme, screen = request.param
    context = themed_context(request, chromium, traffic, theme, screen)
    yield context
    context.close()


def themed_context(
    request: pytest.FixtureRequest, chromium: Any, traffic: Traffic, theme: str, screen: str
) -> Any:
    """A new browser context on one theme's site at one screen size (of THEMES, SCREENS)."""
    served: Served = request.getfixturevalue(THEMES[theme])
    context = new_context(chromium, served, traffic, **SCREENS[screen])
    context.dossier_theme = theme
    context.dossier_screen = screen
    context.dossier_served = served
    return context


def themed_tab(context: Any) -> Tab:
    """A new tab in a context of :func:`themed_context`."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    return Tab(page, context.dossier_served)


@pytest.fixture
def rtab(reader: Any) -> Iterator[Tab]:
    tab = themed_tab(reader)
    yield tab
    tab.page.close()


def phone(tab: Tab) -> bool:
    return tab.page.context.dossier_screen == "phone"


def shot(tab: Tab, name: str) -> None:
    """A full-page screenshot for people to look at, named by theme and screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = tab.page.context
    path = SCREENSHOTS / f"{name}-{context.dossier_theme}-{context.dossier_screen}.png"
    tab.page.screenshot(path=str(path), full_page=True)


def all_pages(dossier: Dossier) -> list[str]:
    return [*reader_pages(dossier), "events/", "parties/", "organizations/", "exports/"]


SIDEWAYS = """() => {
    const doc = document.scrollingElement;
    window.scrollTo(10000, window.scrollY);
    const scrolled = window.scrollX;
    window.scrollTo(0, 0);
    return {extra: doc.scrollWidth - doc.clientWidth, scrolled};
}"""

#: Tables wider than the content column they sit in.
WIDE_TABLES = """() => {
    const main = document.querySelector('article.md-content__inner, [role=main]');
    const right = main.getBoundingClientRect().right;
    return [...main.querySelectorAll('table')]
        .filter(t => t.getBoundingClientRect().right > right + 1
            || t.scrollWidth > t.clientWidth + 1)
        .map(t => t.innerText.slice(0, 40));
}"""


def test_no_page_scrolls_sideways_and_no_table_overflows(rtab: Tab, dossier: Dossier) -> None:
    for path in all_pages(dossier):
        page = rtab.open(path)
        assert page.evaluate(SIDEWAYS) == {"extra": 0, "scrolled": 0}, path
        assert page.evaluate(WIDE_TABLES) == [], path
    assert rtab.errors == []


def test_tables_on_a_phone_are_stacked_rows_with_labels(rtab: Tab) -> None:
    page = rtab.open(PERSON)
    role = page.locator("table tbody td[data-label='Role']").first
    if not phone(rtab):
        assert role.evaluate("td => getComputedStyle(td).display") == "table-cell"
        return
    assert role.evaluate("td => getComputedStyle(td).display") == "block"
    label = role.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Role"'
    # A docs page's Markdown table gets its labels from dossier.js.
    page = rtab.open("exports/")
    cell = page.locator("article table tbody td, [role=main] table tbody td").nth(1)
    assert cell.get_attribute("data-label")


def test_heading_ids_are_valid_selectors(rtab: Tab, dossier: Dossier) -> None:
    for path in ["events/", PERSON, PLACE]:
        page = rtab.open(path)
        bad = page.evaluate(
            """() => [...document.querySelectorAll('h1[id], h2[id], h3[id], h4[id]')]
                .map(h => h.id)
                .filter(id => { try { document.querySelector('#' + id); return false; }
                                catch (e) { return true; } })"""
        )
        assert bad == [], path
    assert rtab.errors == []


def test_pages_without_a_map_load_no_leaflet(rtab: Tab, traffic: Traffic) -> None:
    traffic.clear()
    page = rtab.open("events/")
    assert page.locator(".dossier-map").count() == 0
    assert not [u for u in traffic.requests if "leaflet" in u or u.endswith("maps.js")]
    traffic.clear()
    page = rtab.open(PLACE)
    page.locator(".dossier-map[data-ready]").wait_for()
    loaded = {u.rsplit("/", 1)[1] for u in traffic.requests}
    assert {"leaflet.js", "leaflet.css", "maps.js", "maps.css"} <= loaded
    assert traffic.refused == []


def test_map_tiles_are_not_styled_as_images_in_text(rtab: Tab) -> None:
    page = rtab.open(PLACE)
    page.locator(".dossier-map img.leaflet-tile-loaded").first.wait_for()
    styles = page.locator(".dossier-map img.leaflet-tile").evaluate_all(
        """imgs => imgs.map(i => { const s = getComputedStyle(i);
            return [s.marginTop, s.borderTopWidth, s.paddingTop]; })"""
    )
    assert styles and all(s == ["0px", "0px", "0px"] for s in styles), styles[:3]


def test_drawn_map_hides_the_coordinates_list_and_its_popup_tells_kind_and_point(
    rtab: Tab,
) -> None:
    page = rtab.open(PLACE)
    marker = page.locator(f'.dossier-map[data-ready] path[data-keys~="{PLACE.rstrip("/")}"]')
    marker.wait_for()
    assert not page.locator(".dossier-map-fallback").is_visible()
    marker.dispatch_event("click")
    meta = page.locator(".leaflet-popup-content .dossier-popup-meta").first
    meta.wait_for()
    assert meta.inner_text().startswith("District · 10.")
    assert "° N" in meta.inner_text()
    shot(rtab, "place")


def test_entity_page_has_breadcrumbs_and_its_type_links_to_the_index(rtab: Tab) -> None:
    page = rtab.open(PERSON)
    trail = page.locator("nav.dossier-trail[aria-label=Breadcrumb]")
    assert trail.locator("xpath=following-sibling::h1[1]").inner_text() == "Kem Sokha"
    kind = trail.locator("a")
    assert kind.inner_text().strip().lower() == "people"
    assert kind.evaluate("a => a.href") == rtab.served.url("people/")
    kind.click()
    page.wait_for_url(rtab.served.url("people/"))
    page.locator("h1", has_text="People").first.wait_for()
    assert rtab.errors == []


def test_kem_sokha_lists_the_entity_pages_that_link_to_him(rtab: Tab) -> None:
    page = rtab.open(PERSON)
    items = page.locator("h2#linked-from + ul > li")
    texts = [" ".join(t.split()) for t in items.all_inner_texts()]
    assert any(t.startswith("Hun Sen") for t in texts), texts
    assert "Cambodia National Rescue Party — member, President" in texts
    # Each is a link to a page that does link back here.
    href = items.filter(has_text="Hun Sen").locator("a").first.evaluate("a => a.href")
    page = rtab.open(href.removeprefix(rtab.served.base))
    assert page.locator("article a[href$='kem-sokha/'], [role=main] a[href$='kem-sokha/']").count()


def test_entity_page_has_its_summary_as_description_and_preview_tags(rtab: Tab) -> None:
    page = rtab.open(PERSON)
    summary = page.locator("h1 + p").first.inner_text().strip()
    meta = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('meta[name], meta[property]')]
            .map(m => [m.getAttribute('name') || m.getAttribute('property'), m.content]))"""
    )
    assert meta["description"] == summary
    assert meta["og:description"] == summary
    assert meta["og:title"] == "Kem Sokha"
    assert meta["twitter:card"] == "summary"
    assert meta["og:url"].endswith("/people/kem-sokha/")
    assert page.locator("meta[name=description]").count() == 1


def _in_cambodia(dossier: Dossier) -> set[str]:
    return {
        key
        for key, loc in dossier.locations.items()
        if 9.5 <= loc.lat <= 15 and 102 <= loc.lon <= 108 and key in dossier.entities
    }


#: Keys of the places whose markers or clusters lie inside their map's box.
INSIDE = """() => {
    const map = document.querySelector('.dossier-map[data-ready]');
    const box = map.getBoundingClientRect();
    return [...map.querySelectorAll('[data-keys]')].filter(el => {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
    }).flatMap(el => el.getAttribute('data-keys').split(' '));
}"""


def test_overview_map_frames_cambodia_and_its_cluster_opens_into_markers(
    rtab: Tab, dossier: Dossier
) -> None:
    page = rtab.open("places/")
    page.locator(".dossier-map[data-ready] [data-keys]").first.wait_for()
    cambodian = _in_cambodia(dossier)
    assert len(cambodian) >= 5
    assert cambodian <= set(page.evaluate(INSIDE))
    # Zoomed out, nearby places gather into a cluster; a click splits it.
    cluster = page.locator(".dossier-map[data-ready] .dossier-cluster").first
    for _ in range(5):
        if cluster.count():
            break
        page.locator(".dossier-map .leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)  # Leaflet's zoom animation (not a timing assertion)
    before = page.locator(".dossier-map[data-ready] [data-keys]").count()
    cluster.click()
    page.wait_for_function(
        "n => document.querySelectorAll('.dossier-map[data-ready] [data-keys]').length > n",
        arg=before,
    )
    assert page.locator(".leaflet-popup").count() == 0, "the cluster opened a list, not markers"
    shot(rtab, "overview-map")


def test_article_map_frames_where_the_story_happens(rtab: Tab, dossier: Dossier) -> None:
    article = next(iter(dossier.articles))
    page = rtab.open(f"articles/{article}/")
    page.locator(".dossier-map[data-ready] [data-keys]").first.wait_for()
    inside = set(page.evaluate(INSIDE))
    assert _in_cambodia(dossier) & {m for m in inside} == _in_cambodia(dossier) & set(
        k for k in dossier.locations if k in inside
    )
    assert "places/kampong-trach" in inside and "places/cambodia" in inside


def test_one_finger_swipe_over_a_map_scrolls_the_page_on_a_phone(rtab: Tab) -> None:
    page = rtab.open(PLACE)
    if not phone(rtab):
        # With a mouse there is no touch mode: the map drags as Leaflet's maps do.
        map_box = page.locator(".dossier-map[data-ready]")
        map_box.wait_for()
        assert map_box.get_attribute("data-touch") is None
        grab = ".dossier-map[data-ready].leaflet-grab, .dossier-map[data-ready] .leaflet-grab"
        assert page.locator(grab).count() >= 1
        return
    map_box = page.locator(".dossier-map[data-ready]")
    map_box.wait_for()
    map_box.scroll_into_view_if_needed()
    box = map_box.bounding_box()
    assert map_box.get_attribute("data-touch") == "scrolls-page"
    start = page.evaluate("window.scrollY")
    pane = page.locator(".dossier-map .leaflet-map-pane")
    moved_before = pane.evaluate("p => p.style.transform")
    # One finger, moved up 250px over the map (the test fails with dragging on).
    cdp = page.context.new_cdp_session(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - 25 * step}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function("y => window.scrollY > y + 100", arg=start)
    assert pane.evaluate("p => p.style.transform") == moved_before, "the map moved"


#: An entity's Connections drawing: its names' size on screen (the SVG's font
#: size times its scale), whether its figure scrolls, and whether the page's
#: own entity (the bold name) and the caption are in the figure's visible part.
DRAWING = """() => {
    const svg = document.querySelector('.dossier-graph-figure > svg.dossier-graph');
    const figure = svg.parentElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(
        t => parseFloat(getComputedStyle(t).fontSize) * scale);
    const own = svg.querySelector('text[font-weight=bold]').getBoundingClientRect();
    const seen = figure.getBoundingClientRect();
    const caption = figure.querySelector('figcaption').getBoundingClientRect();
    return {
        caption_seen: caption.left >= seen.left && caption.right <= seen.right,
        smallest: Math.min(...sizes),
        scrolls: figure.scrollWidth > figure.clientWidth,
        own_seen: own.left >= seen.left && own.right <= seen.right,
    };
}"""


def test_an_entitys_connections_drawing_is_readable_on_a_phone_and_a_desktop(rtab: Tab) -> None:
    for path in (PERSON, PLACE, "events/kampong-trach-detentions/"):
        page = rtab.open(path)
        drawing = page.evaluate(DRAWING)
        if phone(rtab):
            # Its own size, names at 12 px, sideways inside the figure, opened
            # at the page's entity; scaled to 358 px they were 5 px.
            assert drawing["smallest"] >= 12, (path, drawing)
            assert drawing["scrolls"] and drawing["own_seen"], (path, drawing)
        else:
            # Whole in its column, and not scaled below 12 px (760 units wide
            # in mkdocs-material's 688 px column, its names were 10.9 px).
            assert not drawing["scrolls"] and drawing["own_seen"], (path, drawing)
            assert drawing["smallest"] >= 12, (path, drawing)
        # Its caption is read whole, wherever the drawing is scrolled to.
        assert drawing["caption_seen"], (path, drawing)
        assert page.evaluate(SIDEWAYS) == {"extra": 0, "scrolled": 0}, path
    assert rtab.errors == []


def test_screenshots_of_the_pages_a_reader_meets(rtab: Tab, dossier: Dossier) -> None:
    """For people to look at: home, graph, a person, a place, an event, both themes and widths."""
    pages = {
        "home": "",
        "graph": "graph/",
        "person": PERSON,
        "place-page": PLACE,
        "event": "events/kampong-trach-detentions/",
    }
    for name, path in pages.items():
        page = rtab.open(path)
        if page.locator(".dossier-map").count():
            page.locator(".dossier-map[data-ready]").first.wait_for()
        if page.locator(".dossier-graph-canvas").count():
            # Drawn, not the empty box before Cytoscape has run.
            page.locator(".dossier-graph-canvas[data-ready]").first.wait_for()
        assert page.evaluate(SIDEWAYS) == {"extra": 0, "scrolled": 0}, path
        shot(rtab, name)
    assert rtab.errors == []


def search_results(tab: Tab, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the theme's search as a reader does: each result's link and snippet.

    Material opens its search on "/", MkDocs' own theme on "s"; both read
    the query on keyup: the query is filled in and one key released, so the
    results are the whole query's, not a prefix's. The snippet is the first paragraph a result shows
    under its title (Material lists a page's matching sections in one result).
    """
    page = tab.open("")
    material = tab.page.context.dossier_theme == "material"
    page.keyboard.press("/" if material else "s")
    box = page.locator("input.md-search__input" if material else "#mkdocs-search-query")
    box.wait_for()
    box.fill(query)
    box.press("End")
    item = ".md-search-result__item" if material else "#mkdocs-search-results article"
    page.locator(item).first.wait_for()
    return page.locator(item).evaluate_all(
        """items => items.map(item => ({
            href: item.querySelector('a').href,
            snippet: item.querySelector('p')?.textContent.trim() ?? '',
        }))"""
    )


#: The prose a reader meets first on a page: its paragraphs between the name and
#: the first section, as one normalised string.
LEAD = """() => {
    const h1 = document.querySelector('article h1, [role=main] h1');
    const lead = [];
    for (let el = h1.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) {
        if (el.tagName === 'P') lead.push(el.innerText);
    }
    return lead.join(' ').split(/\\s+/).join(' ');
}"""


def test_searching_a_surname_finds_the_persons_page_first_with_its_summary(rtab: Tab) -> None:
    results = search_results(rtab, "Sokha")
    first = results[0]
    assert first["href"].split("#")[0] == rtab.served.url(PERSON), results[:3]
    # What the result shows is his page's prose (the summary, the paragraph
    # naming him), not the flattened cells of the facts table or the trail.
    lead = rtab.open(PERSON).evaluate(LEAD)
    snippet = " ".join(first["snippet"].split()).removeprefix("Kem Sokha ")
    assert len(snippet) >= 60 and snippet in lead, (snippet, lead)
    for result in results:
        assert "Fact Value Source" not in result["snippet"], result
        assert "›" not in result["snippet"], result
    assert rtab.errors == []
