"""The timeline (events index) and the relationship graph in a real browser."""

from __future__ import annotations

import pytest
from browser_support import Tab

from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser

#: For each node of the graph: its link, and whether a click on the middle of its
#: shape reaches that link (not a label or shape of another node drawn on top).
NODE_HITS = """() => [...document.querySelectorAll('svg.dossier-graph a.dossier-node')].map(a => {
    const shape = a.querySelector('circle, ellipse, polygon, rect, path');
    a.scrollIntoView({block: 'center'});
    const box = shape.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {
        href: new URL(a.getAttribute('href') || a.getAttribute('xlink:href'), location.href).href,
        own: !!hit && hit.closest('a') === a,
    };
})"""


def test_timeline_lists_every_event_and_its_links_open_them(tab: Tab, dossier: Dossier) -> None:
    page = tab.open("events/")
    hrefs = set(page.locator("article li a[href]").evaluate_all("els => els.map(a => a.href)"))
    expected = {tab.served.url(f"{event.key}/") for event in dossier.of_type("event")}
    assert expected <= hrefs, sorted(expected - hrefs)
    event = dossier.of_type("event")[0]
    page.locator(f"article li a[href$='{event.key.split('/')[1]}/']").first.click()
    page.wait_for_url(tab.served.url(f"{event.key}/"))
    page.locator("article h1", has_text=event.title).wait_for()
    assert tab.errors == []


def test_graph_draws_every_node_as_a_link_to_its_page(tab: Tab, dossier: Dossier) -> None:
    page = tab.open("graph/")
    drawing = page.locator("svg.dossier-graph").first
    assert drawing.is_visible()
    assert drawing.bounding_box()["width"] > 200
    nodes = page.evaluate(NODE_HITS)
    assert len(nodes) > 10
    pages = {tab.served.url(f"{key}/"): key for key in dossier.entities}
    assert {node["href"] for node in nodes} <= set(pages)
    covered = [node["href"] for node in nodes if not node["own"]]
    assert covered == [], "shapes drawn over by another node"
    index, person = next((i, n["href"]) for i, n in enumerate(nodes) if "/people/" in n["href"])
    node = page.locator("svg.dossier-graph a.dossier-node").nth(index)
    node.locator("circle, ellipse, polygon, rect, path").first.click()
    page.wait_for_url(person)
    page.locator("article h1", has_text=dossier.entities[pages[person]].title).wait_for()
    assert tab.errors == []
