"""The Explore page as built: its date range spans the story and marks each dated event."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.dates import last_day, span


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / path).read_text(encoding="utf-8"), "lxml")


def test_the_range_spans_the_events_and_sources_and_marks_each_dated_event(
    example_site: Path, dossier: Dossier
) -> None:
    page = _page(example_site, "explore/index.html")
    block = page.select_one(".dossier-explore")
    data = json.loads(block["data-range"])
    spans = {e.key: span(e) for e in dossier.of_type("event") if e.date is not None}
    sources = [a.date for a in dossier.articles.values() if a.date is not None]
    first = min([s[0] for s in spans.values()] + [d.first_day().isoformat() for d in sources])
    last = max([s[1] for s in spans.values()] + [last_day(d) for d in sources])
    assert (data["first"], data["last"]) == (first, last)
    assert {e["key"]: (e["from"], e["to"]) for e in data["events"]} == spans
    start, end = page.select_one("#dossier-explore-from"), page.select_one("#dossier-explore-to")
    assert (start["min"], start["max"], start["value"]) == (first, last, first)
    assert (end["min"], end["max"], end["value"]) == (first, last, last)
    # Both inputs are labelled, and the form waits hidden for the script.
    assert {label["for"] for label in block.select("label")} == {start["id"], end["id"]}
    assert block.select_one("form").has_attr("hidden")
    ticks = block.select(".dossier-explore-tick")
    assert len(ticks) == len(spans)
    lefts = [float(t["style"].split(":")[1].strip().rstrip("%")) for t in ticks]
    assert lefts == sorted(lefts) and lefts[0] >= 0 and lefts[-1] <= 100


def test_the_page_holds_the_whole_timeline_the_map_and_the_graph(example_site: Path) -> None:
    explore = _page(example_site, "explore/index.html")
    events = _page(example_site, "events/index.html")

    def timeline(page: BeautifulSoup) -> list[str]:
        main = page.select_one("article")
        return [t["datetime"] for t in main.select("li > p > time[datetime]")]

    assert timeline(explore) == timeline(events) != []
    assert explore.select_one(".dossier-map-block .dossier-map-fallback li") is not None
    assert explore.select_one(".dossier-graph-block .dossier-graph-canvas") is not None
    nav = [a.get_text(strip=True) for a in explore.select("nav.md-nav--primary a")]
    assert "Explore" in nav
