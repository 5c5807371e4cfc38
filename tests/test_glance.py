"""The story at a glance: the block an editor places in a docs page (the home page)."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from conftest import content, html, mkdocs_build, write

MARKER = "<!--dossier-block at-a-glance-->"

ARREST = """
---
title: Opposition leader arrested
date: 2017-09-04
source: RFA
people:
  - {name: Kem Sokha, summary: President of the CNRP., party: cnrp}
  - {name: Hun Sen, summary: Prime Minister.}
parties:
  - {name: Cambodia National Rescue Party, id: cnrp}
places:
  - {name: Phnom Penh, kind: city, lat: 11.56, lon: 104.92}
events:
  - {name: Arrest of Kem Sokha, date: 2017-09-03, people: [Kem Sokha], place: Phnom Penh}
---
Kem Sokha was arrested. Kem Sokha is the CNRP's leader. Hun Sen spoke.
"""

DETENTIONS = """
---
title: Commune chiefs detained
date: 2017-11-14
source: RFA
people:
  - {name: Kem Sokha}
  - {name: Srey Ann, protected: true, display: A commune chief}
  - {name: Cheng Tann, summary: Commune chief.}
parties:
  - {name: Cambodia National Rescue Party, id: cnrp}
events:
  - {name: Detention of commune chiefs, date: 2017-11-14, people: [Srey Ann, Cheng Tann]}
  - {name: Supreme Court decision, date: 2017-11-16, status: scheduled}
  - {name: Elections, date: 2018, status: scheduled}
---
Kem Sokha is still detained. A commune chief and Cheng Tann were taken into custody.
"""

FILES = {"dossier/articles/arrest.md": ARREST, "dossier/articles/detentions.md": DETENTIONS}


def _home(site: Path, text: str = f"# Home\n\nThe lead.\n\n{MARKER}\n") -> Path:
    write(site / "docs/index.md", text)
    return site


def _build(site: Path) -> None:
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr


def _glance(site: Path):
    block = content(html(site, "index.html")).select_one(".dossier-glance")
    assert block is not None, "no story at a glance on the home page"
    return block


def _target(site: Path, href: str) -> Path:
    """The built file a link on the home page leads to."""
    path = posixpath.normpath(href.split("#", 1)[0])
    file = site / "site" / path
    return file / "index.html" if file.is_dir() else file


def test_home_shows_publisher_coverage_cards_map_latest_events_and_method(make_site) -> None:
    site = _home(make_site(FILES))
    (site / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: mkdocs\nplugins:\n  - search\n  - dossier:\n"
        "      publisher: The Example Desk\n      method: Annotated by hand from two reports.\n",
        encoding="utf-8",
    )
    _build(site)
    block = _glance(site)
    about = block.select_one(".dossier-glance-about").get_text(" ", strip=True)
    assert "Published by The Example Desk" in about
    # First and last date of the sources and of the events that took place
    # (the scheduled decision and elections are not coverage).
    assert [t["datetime"] for t in block.select(".dossier-glance-about time")] == [
        "2017-09-03",
        "2017-11-14",
    ]
    assert block.select_one("#dossier-method + p").get_text(strip=True) == (
        "Annotated by hand from two reports."
    )
    # Cards: by how much the sources say (articles citing, then statements and
    # mentions); the protected person is not put forward.
    names = [a.get_text(strip=True) for a in block.select(".dossier-card-name a")]
    assert names[:3] == ["Kem Sokha", "Cambodia National Rescue Party", "Cheng Tann"]
    assert "A commune chief" not in names and "Srey Ann" not in names
    assert "President of the CNRP." in block.select(".dossier-card")[0].get_text()
    for a in block.select("a[href]"):
        if not a["href"].startswith("#"):
            assert _target(site, a["href"]).is_file(), a["href"]
    # Latest events: newest first, each with its date.
    events = block.select(".dossier-latest li")
    assert [li.time["datetime"] for li in events] == [
        "2018",
        "2017-11-16",
        "2017-11-14",
        "2017-09-03",
    ]
    assert "scheduled" in events[0].time.get_text()
    assert events[-1].a.get_text(strip=True) == "Arrest of Kem Sokha"
    # The overview map, drawn from links that lead from the home page.
    data = json.loads(block.select_one(".dossier-map")["data-map"])
    assert [m["url"] for m in data["markers"]] == ["places/phnom-penh/"]
    ways = {a.get_text(strip=True) for a in block.select(".dossier-ways a")}
    assert {"Relationship graph", "People", "Places", "Articles"} <= ways


def test_editor_chooses_the_cards_and_their_order(make_site) -> None:
    site = _home(make_site(FILES))
    (site / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: mkdocs\nplugins:\n  - search\n  - dossier:\n"
        "      key_entities: [people/hun-sen, Cambodia National Rescue Party]\n"
        "      latest_events: 2\n",
        encoding="utf-8",
    )
    _build(site)
    block = _glance(site)
    names = [a.get_text(strip=True) for a in block.select(".dossier-card-name a")]
    assert names == ["Hun Sen", "Cambodia National Rescue Party"]
    assert len(block.select(".dossier-latest li")) == 2


def test_an_unknown_key_entity_is_reported_at_its_line_of_mkdocs_yml(make_site) -> None:
    site = _home(make_site(FILES))
    (site / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: mkdocs\nplugins:\n  - search\n  - dossier:\n"
        "      key_entities:\n        - people/kem-sokha\n        - people/nobody\n",
        encoding="utf-8",
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode != 0
    assert (
        "mkdocs.yml:8:11: key_entities: no person, party or organisation is called "
        "'people/nobody'; write its id"
    ) in result.stderr


def test_a_misspelt_block_is_reported_at_its_line(make_site) -> None:
    site = _home(make_site(FILES), "# Home\n\nLead.\n\n<!-- dossier-block at-a-glanse -->\n")
    result = mkdocs_build(site, "--strict")
    assert result.returncode != 0
    assert "docs/index.md:5:1: no dossier block is called 'at-a-glanse'" in result.stderr


def test_the_block_is_not_in_the_search_index(make_site) -> None:
    """Search would find the home page for every card's name and summary."""
    site = _home(make_site(FILES))
    _build(site)
    assert _glance(site).select(".dossier-card")
    index = json.loads((site / "site/search/search_index.json").read_text(encoding="utf-8"))
    home = [d for d in index["docs"] if d["location"].split("#")[0] == ""]
    assert home and not any("President of the CNRP" in d["text"] for d in home)


def test_the_block_links_only_to_pages_the_site_has(make_site) -> None:
    site = _home(make_site(FILES))
    _build(site)
    ways = {a.get_text(strip=True) for a in _glance(site).select(".dossier-ways a")}
    assert "Open data" not in ways  # no docs/exports.md in this site
    assert "Explore" not in ways or (site / "site/explore/index.html").is_file()
    write(site / "docs/exports.md", "# Open data\n")
    _build(site)
    ways = {a.get_text(strip=True) for a in _glance(site).select(".dossier-ways a")}
    assert "Open data" in ways


def test_a_custom_dir_template_replaces_the_block(make_site) -> None:
    site = _home(make_site(FILES))
    (site / "mkdocs.yml").write_text(
        "site_name: Test\nplugins: [search, dossier]\n"
        "theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        encoding="utf-8",
    )
    write(
        site / "overrides/dossier/glance.html.j2",
        '<p class="dossier-glance">{% for e, url, w in cards %}{{ e.title }};{% endfor %}</p>\n',
    )
    _build(site)
    assert _glance(site).get_text(strip=True).startswith("Kem Sokha;")
