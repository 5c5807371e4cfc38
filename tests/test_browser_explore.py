"""The Explore page as a reader uses it: one date range for the map, the graph and the timeline.

Both themes, desktop and phone (the readers of tests/test_browser_reader.py).
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
import test_browser_reader
from browser_support import Tab, axe_findings, require
from bs4 import BeautifulSoup
from test_browser_reader import SIDEWAYS, shot
from test_standards import theme_error, vnu_messages

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.dates import span

pytestmark = pytest.mark.browser

reader = test_browser_reader.reader
rtab = test_browser_reader.rtab

#: From Kem Sokha's arrest (the story's first day) to the end of September 2017.
SEPTEMBER = ("2017-09-03", "2017-09-30")

#: What each view shows: places with a marker on the map (clusters count
#: their places), timeline items not hidden, graph nodes not hidden.
SHOWN = """() => {
    const root = document.querySelector('article.md-content__inner, [role=main]');
    const map = root.querySelector('.dossier-map');
    const canvas = root.querySelector('.dossier-graph-canvas');
    const items = [...root.querySelectorAll('li')].filter(li =>
        li.querySelector(':scope > p > time[datetime]')
        && !li.closest('.dossier-explore, .dossier-map-block, .dossier-graph-block'));
    return {
        places: [...map.querySelectorAll('[data-keys]')]
            .reduce((n, el) => n + el.getAttribute('data-keys').split(' ').length, 0),
        timeline: items.filter(li => li.getClientRects().length > 0).length,
        nodes: canvas.dossierGraph.nodes().filter(n => !n.hasClass('hidden')).length,
    };
}"""


#: Where the map's markers are drawn, from its top left corner, and its size and zoom.
MAP_VIEW = """() => {
    const map = document.querySelector('.dossier-map[data-ready]');
    const box = map.getBoundingClientRect();
    return {
        zoom: map.getAttribute('data-zoom'), width: box.width, height: box.height,
        markers: [...map.querySelectorAll('[data-keys]')].map(el => {
            const r = el.getBoundingClientRect();
            return [r.x + r.width / 2 - box.x, r.y + r.height / 2 - box.y];
        }),
    };
}"""

#: The theme's table of contents: links to this page's timeline headings from
#: outside the article; whether each is listed (visible) and its heading shown.
TOC = """() => {
    const root = document.querySelector('article.md-content__inner, [role=main]');
    return [...document.querySelectorAll('a')]
        .filter(a => a.hash && !root.contains(a) && a.pathname === location.pathname)
        .map(a => [a, document.getElementById(decodeURIComponent(a.hash.slice(1)))])
        .filter(([a, h]) => h && root.contains(h) && /^H[34]$/.test(h.tagName))
        .map(([a, h]) => ({id: h.id, listed: a.checkVisibility(), shown: h.checkVisibility()}));
}"""


def _framed(view: dict[str, Any]) -> bool:
    """Whether the map frames its markers: all inside it, their middle near its middle."""
    xs = [x for x, _ in view["markers"]]
    ys = [y for _, y in view["markers"]]
    inside = all(0 <= x <= view["width"] and 0 <= y <= view["height"] for x, y in view["markers"])
    middle = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    near = (
        abs(middle[0] - view["width"] / 2) < 0.1 * view["width"]
        and abs(middle[1] - view["height"] / 2) < 0.1 * view["height"]
    )
    return inside and near


def _open_explore(tab: Tab, query: str = "") -> Any:
    page = tab.open("explore/" + query)
    page.locator(".dossier-explore[data-ready]").wait_for(state="attached")
    page.locator(".dossier-map[data-ready]").wait_for()
    page.locator(".dossier-graph-canvas[data-ready]").wait_for()
    return page


def _meets(iso: str, first: str, last: str) -> bool:
    """Whether a timeline date (a year, a month or a day) may fall within the range."""
    start = iso + ("-01-01", "-01", "")[(len(iso) - 4) // 3]
    end = iso + ("-12-31", "-31", "")[(len(iso) - 4) // 3]
    return start <= last and end >= first


def _events_in(dossier: Dossier, first: str, last: str) -> int:
    spans = [span(e) for e in dossier.of_type("event")]
    return sum(1 for s in spans if s is not None and s[0] <= last and s[1] >= first)


def _dated(dossier: Dossier) -> int:
    return sum(1 for e in dossier.of_type("event") if e.date is not None)


def test_moving_the_range_filters_the_map_the_timeline_and_the_graph(
    rtab: Tab, dossier: Dossier
) -> None:
    page = _open_explore(rtab)
    whole = page.evaluate(SHOWN)
    assert min(whole.values()) > 0, whole
    whole_view = page.evaluate(MAP_VIEW)
    page.fill("#dossier-explore-from", SEPTEMBER[0])
    page.fill("#dossier-explore-to", SEPTEMBER[1])
    september = page.evaluate(SHOWN)
    # The map frames the places still shown (September's: Cambodia alone,
    # drawn at the whole story's zoom near the map's top edge).
    page.wait_for_function(
        "z => document.querySelector('.dossier-map[data-ready]').getAttribute('data-zoom') !== z",
        arg=whole_view["zoom"],
    )
    september_view = page.evaluate(MAP_VIEW)
    assert _framed(september_view), september_view
    # Fewer of each, and not none: the arrest, where it happened, who took part.
    for view, count in september.items():
        assert 0 < count < whole[view], (view, september, whole)
    # Every timeline item left is dated within the range (or spans into it).
    dates = page.locator("article.md-content__inner, [role=main]").evaluate(
        """root => [...root.querySelectorAll('li > p > time[datetime]')]
            .filter(t => t.getClientRects().length > 0 && !t.closest('.dossier-map-block'))
            .map(t => t.getAttribute('datetime'))"""
    )
    assert dates and all(_meets(d, *SEPTEMBER) for d in dates), dates
    status = page.locator(".dossier-explore-status").inner_text()
    assert status == f"{_events_in(dossier, *SEPTEMBER)} of {_dated(dossier)} events in this range"
    assert page.evaluate(SIDEWAYS) == {"extra": 0, "scrolled": 0}
    shot(rtab, "explore-september")
    # The address keeps the range: reloading it restores the same view.
    assert f"from={SEPTEMBER[0]}" in page.url and f"to={SEPTEMBER[1]}" in page.url
    page.reload(wait_until="load")
    page.locator(".dossier-graph-canvas[data-ready]").wait_for()
    page.locator(".dossier-map[data-ready]").wait_for()
    assert page.input_value("#dossier-explore-from") == SEPTEMBER[0]
    assert page.input_value("#dossier-explore-to") == SEPTEMBER[1]
    assert page.evaluate(SHOWN) == september
    # The whole story again: every view as it was, and the address without a range.
    page.get_by_role("button", name="The whole story").click()
    assert page.evaluate(SHOWN) == whole
    # ... and the whole story's view again.
    assert page.evaluate(MAP_VIEW)["zoom"] == whole_view["zoom"]
    assert "from=" not in page.url
    shot(rtab, "explore")
    assert rtab.errors == []


def test_a_shared_address_opens_the_page_on_its_range(rtab: Tab, dossier: Dossier) -> None:
    page = _open_explore(rtab, f"?from={SEPTEMBER[0]}&to={SEPTEMBER[1]}")
    assert page.input_value("#dossier-explore-from") == SEPTEMBER[0]
    shown = page.locator(".dossier-explore").get_attribute("data-shown")
    assert shown == str(_events_in(dossier, *SEPTEMBER))
    # A heading left with nothing under it goes too: November's is hidden.
    months = page.locator("h4").evaluate_all(
        "hs => hs.filter(h => h.getClientRects().length > 0).map(h => h.textContent.trim())"
    )
    assert [m for m in months if "November" in m] == [], months
    # The table of contents lists no heading the range hid.
    entries = page.evaluate(TOC)
    assert [e for e in entries if e["listed"] and not e["shown"]] == [], entries
    if rtab.page.context.dossier_theme == "material":  # MkDocs' own lists only h2 headings
        hidden = {e["id"] for e in entries if not e["shown"]}
        assert "november-2017" in hidden, entries
        assert any(e["listed"] for e in entries if e["id"] == "september-2017"), entries


def test_without_javascript_the_page_is_the_plain_timeline_and_lists(no_js_tab: Tab) -> None:
    page = no_js_tab.open("explore/")
    assert page.locator(".dossier-explore-range").is_hidden()
    assert page.locator(".dossier-map-fallback li").first.is_visible()
    items = page.locator("article li > p > time[datetime]")
    assert items.count() > 5
    assert all(items.nth(i).is_visible() for i in range(items.count()))


def test_the_readers_nav_and_the_home_page_lead_to_explore(rtab: Tab) -> None:
    page = rtab.open("")
    ways = page.locator(".dossier-ways a", has_text="Explore")
    assert ways.count() == 1 and ways.get_attribute("href").rstrip("/").endswith("explore")
    nav = page.locator("nav a[href$='explore/'], .navbar a[href$='explore/']")
    assert nav.count() >= 1


def test_axe_finds_no_violation_on_the_explore_page(rtab: Tab) -> None:
    found = axe_findings(_open_explore(rtab, f"?from={SEPTEMBER[0]}&to={SEPTEMBER[1]}"))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("site", ["example_site", "example_site_builtin_theme"])
def test_the_nu_checker_finds_no_error_on_the_explore_page(
    site: str, request: pytest.FixtureRequest
) -> None:
    require("Java", shutil.which("java") is not None, "install default-jre-headless")
    explore = request.getfixturevalue(site) / "site" / "explore" / "index.html"
    page = BeautifulSoup(explore.read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".dossier-explore .dossier-explore-range") is not None
    messages = vnu_messages([explore])
    ours = [f"{m.get('lastLine')}: {m['message']}" for m in messages if not theme_error(m)]
    assert ours == [], "\n".join(ours)
