"""The timeline (events index) in a real browser (the graph: test_browser_graph.py)."""

from __future__ import annotations

import pytest
from browser_support import Tab

from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser


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
