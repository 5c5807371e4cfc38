"""What MkDocs' own search indexes of a page: what Material's indexes, with its boost.

Material's search leaves out what ``data-search-exclude`` marks (the
breadcrumbs, the facts table, sections holding only a drawing) and weighs a
page by its front matter's ``search.boost``; MkDocs' own did neither, so
"Sokha" found the arrest event first with a snippet of table cells
(``site/search.py``, ``assets/lunr-document-boost.js``). The browser test
``test_browser_reader.py`` types the query into both themes.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from mkdocs_dossier.site.search import page_boost, without_excluded

PAGE = """<nav data-search-exclude><a href="../">People</a> ›</nav>
<h1 id="kem-sokha">Kem Sokha</h1>
<p>President of the CNRP &amp; <em>leader</em>.</p>
<table data-search-exclude><tr><th>Fact</th><td>Value<br>more</td></tr></table>
<h2 id="map" data-search-exclude>Map</h2>
<div class="dossier-map"><div><img src="x.png"></div></div>
<h3 id="inside">Inside the map section</h3>
<h2 id="timeline">Timeline</h2>
<ul><li>3 September 2017 · Arrest<hr></li></ul>
"""


def test_marked_elements_and_a_marked_headings_section_are_left_out() -> None:
    kept = BeautifulSoup(without_excluded(PAGE), "html.parser")
    assert [h["id"] for h in kept.find_all(["h1", "h2", "h3"])] == ["kem-sokha", "timeline"]
    assert kept.find("nav") is None and kept.find("table") is None
    assert kept.find("div", class_="dossier-map") is None
    assert kept.find("p").get_text() == "President of the CNRP & leader."
    assert kept.find("li").get_text().startswith("3 September 2017")


def test_a_page_without_marks_is_left_as_it_is() -> None:
    page = "<h1 id='a'>A &amp; B</h1><p>Text<br/>here &#8212; <!-- note --></p>"
    assert without_excluded(page) == page


def test_a_boost_is_a_positive_number_of_the_front_matters_search() -> None:
    assert page_boost({"search": {"boost": 3}}) == 3.0
    assert page_boost({"search": {"boost": 0.5}}) == 0.5
    for meta in ({}, {"search": {"boost": 0}}, {"search": {"boost": True}}, {"search": 3}):
        assert page_boost(meta) is None, meta


def _entries(site: Path, url: str) -> list[dict[str, object]]:
    index = json.loads((site / "site" / "search" / "search_index.json").read_text("utf-8"))
    return [d for d in index["docs"] if d["location"].split("#")[0] == url]


def test_mkdocs_theme_index_has_a_persons_summary_first_and_his_pages_boost(
    example_site_builtin_theme: Path,
) -> None:
    entries = _entries(example_site_builtin_theme, "people/kem-sokha/")
    page = entries[0]
    assert str(page["text"]).startswith(
        "Kem Sokha President of the opposition Cambodia National Rescue Party"
    )
    assert not any("Fact Value Source" in str(e["text"]) for e in entries)
    assert not any("People ›" in str(e["text"]) for e in entries)
    assert {e["boost"] for e in entries} == {3.0}
    event = _entries(example_site_builtin_theme, "events/kem-sokha-arrest/")
    assert {e["boost"] for e in event} == {2.0}
    lunr = (example_site_builtin_theme / "site" / "search" / "lunr.js").read_text("utf-8")
    assert (
        "lunr.Builder.prototype.add = function (doc, attributes)"
        in lunr.split("Added by mkdocs-dossier")[-1]
    )
