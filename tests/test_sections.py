"""Sections written as HTML after Markdown: links, search and the table of contents."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from conftest import arrest_article, html, mkdocs_build
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from mkdocs_dossier.site.markers import Blocks
from mkdocs_dossier.site.urls import Hrefs, page_url

ARTICLE = arrest_article("role: President", body=".\n\nThe CNRP was dissolved.\n")

_KEYS = st.sampled_from(
    [
        "people/kem-sokha",
        "people/hun-sen",
        "people/index",
        "parties/cnrp",
        "articles/2017-11-14-rfa",
        "articles/index",
        "events/index",
        "places/phnom-penh",
        "graph/index",
        "people/khmer-\u179f",
    ]
)


@given(here=_KEYS, there=_KEYS, directory_urls=st.booleans())
def test_section_links_are_the_urls_mkdocs_writes(
    here: str, there: str, directory_urls: bool
) -> None:
    hrefs = Hrefs(directory_urls)
    target = quote(page_url(there, directory_urls))
    expected = get_relative_url(target, quote(page_url(here, directory_urls)))
    assert hrefs.href(hrefs.base(here), there) == expected
    assert hrefs.href(hrefs.base(here), there, "p-2") == f"{expected}#p-2"


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_sections_are_searchable_and_no_marker_is_left(built_site, theme: str) -> None:
    site = built_site({"dossier/articles/a.md": ARTICLE}, theme=theme)
    for path in (site / "site").rglob("*.html"):
        assert "<!--dossier-" not in path.read_text(encoding="utf-8"), path
    # The drawings are filled in once the search plugin has read the page.
    (drawing,) = html(site, "people/kem-sokha/index.html").select("svg.dossier-graph")
    assert drawing.title.get_text() == "Connections of Kem Sokha"
    index = json.loads((site / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert not any("Connections of" in d["text"] for d in index["docs"])
    person = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("people/kem"))
    # The snippet (mentions) and the source (the Member of table) are found;
    # both themes leave the facts table out (data-search-exclude; MkDocs' own
    # by site/search.py), so a result shows the summary and text, not
    # "Fact Value Source ...".
    assert "was arrested" in person
    assert "RFA" in person
    assert "Fact Value Source" not in person and "Role" not in person.split("Sources")[-1]


def test_section_headings_stay_in_the_table_of_contents(built_site) -> None:
    site = built_site({"dossier/articles/a.md": ARTICLE}, theme="material")
    page = html(site, "people/kem-sokha/index.html")
    toc = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert {"Member of", "Mentions", "Test article"} <= set(toc)
    heading = page.find("h3", string="Test article") or page.find("h3")
    snippets = heading.find_next_sibling("ul")
    assert snippets.find("a", href="../../articles/a/#p-1")
    assert "was arrested" in snippets.get_text()


def test_sections_holding_only_a_map_or_drawing_are_left_out_of_search(built_site) -> None:
    site = built_site(
        {
            "dossier/articles/a.md": ARTICLE.replace(
                "parties:",
                "places:\n  - {name: Phnom Penh, coordinates: [11.55, 104.92]}\nparties:",
            )
        },
        theme="material",
    )
    page = html(site, "people/kem-sokha/index.html")
    heading = page.find("h2", id="connections")
    assert heading.has_attr("data-search-exclude")
    assert heading.find_next_sibling("figure").select("svg")
    assert not page.find("h2", id="mentions").has_attr("data-search-exclude")
    toc = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert "Connections" in toc
    place = html(site, "places/phnom-penh/index.html")
    assert place.find("h2", id="map").has_attr("data-search-exclude")
    index = json.loads((site / "site/search/search_index.json").read_text(encoding="utf-8"))
    titles = {d["location"]: d["title"] for d in index["docs"]}
    assert "people/kem-sokha/#connections" not in titles
    assert "places/phnom-penh/#map" not in titles
    assert titles.get("people/kem-sokha/#mentions") == "Mentions"


def test_misspelt_section_in_an_override_template_fails_the_build(make_site) -> None:
    site = make_site(
        {
            "dossier/articles/a.md": ARTICLE,
            "overrides/dossier/person.md.j2": (
                '{% extends "entity.md.j2" %}\n{% block related %}'
                '{{ section("fact", e.key) }}{% endblock %}\n'
            ),
        },
        theme="{name: mkdocs, custom_dir: overrides}",
    )
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "no dossier-text block is called 'fact'; use one of:" in result.stderr
    assert "person.md.j2" in result.stderr


#: Pieces of page HTML around markers: real markers, broken ones, near misses.
_PIECES = st.sampled_from(
    [
        "<p>text</p>",
        "\n",
        "\n\n",
        "<!--",
        "<!--dossier-block ",
        "<!--dossier-block map-entity people/kem-sokha-->",
        "<!--dossier-block map-entity people/k%C3%A9m-->",
        "<!--dossier-block graph-full -->",
        "<!--dossier-block unknown x-->",
        "<!--dossier-block map-entity bad key-->",
        "<!--dossier-block MAP x-->",
        "<!--dossier-text facts people/kem-sokha-->",
        "<!--dossier-block <!--dossier-block graph-full -->",
        "-->",
    ]
)


@given(pieces=st.lists(_PIECES, max_size=12), flow=st.booleans())
def test_filling_markers_equals_the_pattern_replacing_them(pieces: list[str], flow: bool) -> None:
    """``Blocks.fill`` finds markers with ``str.find``; the result is the regex's."""
    blocks = Blocks(flow=flow)
    for kind in ("map-entity", "graph-full"):
        blocks.register(kind, lambda key, kind=kind: f"<div {kind}>{key}</div>")
    text = "".join(pieces)
    expected = blocks._pattern.sub(lambda m: blocks.html(m[1], m[2]), text)
    assert blocks.fill(text) == expected
