"""The interactive relationship graph (Cytoscape.js) as readers use it.

Each test runs on mkdocs-material and on MkDocs' own theme, at 1366x900 and
at 390x844 with touch (the ``reader`` fixture of test_browser_reader).
Cytoscape paints on a canvas, so the tests read its state (zoom, rendered
font sizes, classes) through the instance graph.js leaves on its container.
"""

from __future__ import annotations

from typing import Any

import pytest
import test_browser_reader
from browser_support import PERSON, Tab, Traffic
from test_browser_reader import SIDEWAYS, phone, shot

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.graph import RelationGraph

pytestmark = pytest.mark.browser

# The reader's browser contexts: both themes, desktop and phone.
reader = test_browser_reader.reader
rtab = test_browser_reader.rtab

CANVAS = ".dossier-graph-canvas[data-ready]"
KAMPONG_TRACH = "places/kampong-trach"
DETENTIONS = "events/kampong-trach-detentions"

#: Every painted label's size on screen: Cytoscape's font size (in the
#: graph's units) times the zoom.
LABELS = """() => {
    const cy = document.querySelector('.dossier-graph-canvas').dossierGraph;
    return cy.nodes('.labelled').map(n => ({
        id: n.id(),
        px: parseFloat(n.style('font-size')) * cy.zoom(),
        label: n.style('label'),
        shown: n.visible() && parseFloat(n.style('font-size')) * cy.zoom()
            >= parseFloat(n.style('min-zoomed-font-size')),
    }));
}"""

#: Where a node is on the page, in CSS pixels.
WHERE = """id => {
    const c = document.querySelector('.dossier-graph-canvas');
    const p = c.dossierGraph.getElementById(id).renderedPosition();
    const box = c.getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
}"""

CLASSES = """() => {
    const cy = document.querySelector('.dossier-graph-canvas').dossierGraph;
    return Object.fromEntries(cy.nodes().map(n => [n.id(), n.classes()]));
}"""


def open_graph(tab: Tab) -> Any:
    page = tab.open("graph/")
    page.locator(CANVAS).wait_for()
    return page


def find(page: Any, name: str) -> None:
    """Focus a node the way a reader finds one: by typing its name."""
    box = page.locator(".dossier-graph-find")
    box.fill(name)
    box.press("Enter")


def test_labels_are_at_least_12px_on_screen_at_the_initial_zoom(rtab: Tab) -> None:
    page = open_graph(rtab)
    labels = page.evaluate(LABELS)
    # Enough names to read the story by; none painted below 12 px.
    assert len(labels) >= (5 if phone(rtab) else 15), labels
    assert all(label["px"] >= 12 for label in labels), labels
    assert all(label["shown"] and label["label"] for label in labels), labels
    shot(rtab, "graph")  # the view a reader first sees, before zooming out
    # Zoomed out, the labels that stay are still 12 px or more.
    page.locator(".dossier-graph-zoom-out").click()
    page.locator(".dossier-graph-zoom-out").click()
    page.wait_for_timeout(300)  # the relabelling runs 90 ms after the view moves
    assert all(label["px"] >= 12 for label in page.evaluate(LABELS))
    assert page.evaluate(SIDEWAYS) == {"extra": 0, "scrolled": 0}
    shot(rtab, "graph-zoomed-out")
    assert rtab.errors == []


def test_focusing_a_node_highlights_its_neighbours_and_lists_them(
    rtab: Tab, dossier: Dossier
) -> None:
    page = open_graph(rtab)
    key = PERSON.rstrip("/")
    find(page, "Kem Sokha")
    page.locator(f"{CANVAS}[data-focus='{key}']").wait_for()
    classes = page.evaluate(CLASSES)
    near = set(RelationGraph(dossier).adjacent[key])
    assert near and all("near" in classes[k] for k in near)
    assert "focus" in classes[key]
    others = set(classes) - near - {key}
    assert others and all("faded" in classes[k] and "near" not in classes[k] for k in others)
    # Under the graph, the same neighbours as a list of links to their pages.
    items = page.locator(".dossier-graph-focus-list > li > a")
    hrefs = set(items.evaluate_all("els => els.map(a => a.href)"))
    assert hrefs == {rtab.served.url(f"{k}/") for k in near}
    head = page.locator(".dossier-graph-focus-head a")
    assert head.inner_text() == "Kem Sokha"
    if phone(rtab):
        shot(rtab, "graph-focused")
    assert rtab.errors == []


def test_kampong_trach_is_joined_to_the_detentions_event(rtab: Tab) -> None:
    page = open_graph(rtab)
    joined = page.evaluate(
        """([place, event]) => {
            const cy = document.querySelector('.dossier-graph-canvas').dossierGraph;
            return cy.getElementById(place).edgesWith(cy.getElementById(event))
                .map(e => e.data('label'));
        }""",
        [KAMPONG_TRACH, DETENTIONS],
    )
    assert joined == ["happened at"]
    find(page, "Kampong Trach")
    page.locator(f"{CANVAS}[data-focus='{KAMPONG_TRACH}']").wait_for()
    listed = page.locator(".dossier-graph-focus-list > li > a").evaluate_all(
        "els => els.map(a => a.href)"
    )
    assert rtab.served.url(f"{DETENTIONS}/") in listed


def test_a_node_focuses_when_pointed_at_or_tapped_and_opens_on_click_or_second_tap(
    rtab: Tab, dossier: Dossier
) -> None:
    page = open_graph(rtab)
    key = "people/hun-sen"
    where = page.evaluate(WHERE, key)
    if phone(rtab):
        # A finger has no hover: its first tap focuses, the second opens.
        page.touchscreen.tap(where["x"], where["y"])
    else:
        page.mouse.move(where["x"], where["y"])
    page.locator(f"{CANVAS}[data-focus='{key}']").wait_for()
    assert page.url == rtab.served.url("graph/")
    if phone(rtab):
        page.touchscreen.tap(where["x"], where["y"])
    else:
        page.mouse.click(where["x"], where["y"])
    page.wait_for_url(rtab.served.url(f"{key}/"))
    page.locator("h1", has_text=dossier.entities[key].title).first.wait_for()
    assert rtab.errors == []


def test_only_pages_that_draw_a_graph_load_its_script(rtab: Tab, traffic: Traffic) -> None:
    graph_files = ("cytoscape", "graph.js", "graph.css")
    for path in ("", "events/", PERSON):
        traffic.clear()
        rtab.open(path)
        assert not [u for u in traffic.requests if any(f in u for f in graph_files)], path
    traffic.clear()
    open_graph(rtab)
    loaded = {u.rsplit("/", 1)[1] for u in traffic.requests}
    assert {"cytoscape-3.35.0.min.js", "graph.js", "graph.css"} <= loaded


#: The drawn nodes' box on screen against the canvas's, both in CSS pixels.
DRAWN = """() => {
    const c = document.querySelector('.dossier-graph-canvas');
    const box = c.dossierGraph.nodes(':visible').renderedBoundingBox({includeLabels: false});
    return {w: box.w, h: box.h, x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2,
            cw: c.clientWidth, ch: c.clientHeight};
}"""


def test_the_drawing_fills_its_canvas_at_first_sight(rtab: Tab) -> None:
    page = open_graph(rtab)
    page.wait_for_timeout(300)  # any late resize of the container has been seen
    d = page.evaluate(DRAWN)
    # Fitted: the drawing spans the canvas in one direction at least, and stays inside it.
    assert max(d["w"] / d["cw"], d["h"] / d["ch"]) >= 0.85, d
    assert d["x1"] >= 0 and d["y1"] >= 0 and d["x2"] <= d["cw"] and d["y2"] <= d["ch"], d


def test_the_zoom_and_show_all_buttons_stay_together_on_one_line(rtab: Tab) -> None:
    page = open_graph(rtab)
    tops = page.locator(".dossier-graph-tools button").evaluate_all(
        "bs => bs.map(b => Math.round(b.getBoundingClientRect().top))"
    )
    # "+", "−" and "Show all" side by side, not "+" on the name's line and "−" under it.
    assert len(tops) == 3 and len(set(tops)) == 1, tops
    if phone(rtab):
        # On a phone the name box has the line above to itself.
        find = page.locator(".dossier-graph-find").bounding_box()
        assert find["y"] + find["height"] <= tops[0], (find, tops)
