"""The example dossier built by MkDocs: timeline, relations, graph and exports."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from conftest import copy_example, html, mkdocs_build, section
from lxml import etree

pytestmark = pytest.mark.slow

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _timeline_items(page) -> list:
    """Timeline lines in page order: list items that start with a <time>."""
    return [li for li in page.select("article li, .md-content li, [role=main] li") if li.time]


def _item_for(items: list, href_part: str):
    found = [li for li in items if li.find("a", href=lambda h: h and href_part in h)]
    assert found, f"no timeline item links to {href_part}"
    return found[0]


def test_timeline_lists_the_arrest_before_the_14_november_events(example_site: Path) -> None:
    items = _timeline_items(html(example_site, "events/index.html"))
    hrefs = [li.find("a")["href"] for li in items]
    arrest = next(i for i, h in enumerate(hrefs) if "kem-sokha-arrest" in h)
    fourteenth = [i for i, li in enumerate(items) if li.time["datetime"] == "2017-11-14"]
    assert fourteenth and arrest < min(fourteenth)
    assert items[arrest].time["datetime"] == "2017-09-03"


def test_supreme_court_decision_is_marked_scheduled(example_site: Path) -> None:
    items = _timeline_items(html(example_site, "events/index.html"))
    item = _item_for(items, "supreme-court-cnrp-decision")
    flags = [s.get_text(strip=True) for s in item.select(".dossier-flag")]
    assert "scheduled" in flags
    other = _item_for(items, "kem-sokha-arrest")
    assert not other.select(".dossier-flag-scheduled")


def test_approximate_month_is_labelled_and_closes_its_month(example_site: Path) -> None:
    page = html(example_site, "events/index.html")
    items = _timeline_items(page)
    approx = _item_for(items, "mccain-durbin-resolution")
    assert approx.time["datetime"] == "2017-11"
    assert {"approximate date", "day not known"} <= {
        s.get_text(strip=True) for s in approx.select(".dossier-flag")
    }
    # In plain words, once: the date's qualifiers share one parenthesis.
    when = " ".join(approx.p.get_text(" ", strip=True).split()).split(" · ")[0]
    assert when == "November 2017 ( approximate date , day not known )", when
    november = [li.time["datetime"] for li in items if li.time["datetime"].startswith("2017-11")]
    assert november[-1] == "2017-11" and "2017-11-16" in november[:-1]


def test_article_is_on_the_timeline_as_a_source(example_site: Path) -> None:
    items = _timeline_items(html(example_site, "events/index.html"))
    item = _item_for(items, "articles/rfa-2017-11-14-us-rejects-charges")
    assert item.time["datetime"] == "2017-11-14"
    assert item.select_one(".dossier-flag-source")


def _table_rows(page, heading_id: str) -> list[list]:
    table = next(el for el in section(page, heading_id) if el.name == "table")
    return [tr.find_all("td") for tr in table.select("tbody tr")]


def test_cnrp_page_lists_members_with_their_roles(example_site: Path) -> None:
    page = html(example_site, "parties/cnrp/index.html")
    rows = {cells[0].get_text(strip=True): cells for cells in _table_rows(page, "members")}
    assert rows["Kem Sokha"][1].get_text(strip=True) == "President"
    assert rows["Kem Sokha"][0].a["href"] == "../../people/kem-sokha/"
    assert {"Srey Ann", "Cheng Tann", "Prum Ngean"} <= set(rows)
    assert rows["Srey Ann"][1].get_text(strip=True) == "commune chief"
    # The last cell: no "When" column, as no relation of the example is dated.
    sources = rows["Kem Sokha"][-1].find_all("a")
    assert any("articles/rfa-2017-11-14-us-rejects-charges" in a["href"] for a in sources)


def test_person_page_shows_membership_from_the_other_side(example_site: Path) -> None:
    page = html(example_site, "people/kem-sokha/index.html")
    rows = _table_rows(page, "member-of")
    assert [(c[0].get_text(strip=True), c[1].get_text(strip=True)) for c in rows] == [
        ("Cambodia National Rescue Party", "President")
    ]


def test_place_timeline_includes_events_in_places_within(example_site: Path) -> None:
    page = html(example_site, "places/kampot-province/index.html")
    items = [li for el in section(page, "timeline") for li in el.select("li") if li.time]
    item = _item_for(items, "kampong-trach-detentions")
    assert item.find("a", href="../kampong-trach/")


def _inline_svg(page) -> etree._Element:
    svg = page.select_one("svg.dossier-graph")
    assert svg is not None, "no graph drawn"
    return etree.fromstring(str(svg).encode())


def _graph_data(page) -> dict:
    canvas = page.select_one(".dossier-graph-block .dossier-graph-canvas[data-graph]")
    assert canvas is not None, "no interactive graph"
    return json.loads(canvas["data-graph"])


def test_graph_page_hands_every_node_to_the_browser_with_a_link_to_its_page(
    example_site: Path,
) -> None:
    page = html(example_site, "graph/index.html")
    data = _graph_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["people/kem-sokha"]["name"] == "Kem Sokha"
    assert nodes["people/kem-sokha"]["url"] == "../people/kem-sokha/"
    for node in nodes.values():  # every node's link resolves to a built page
        assert (example_site / "site/graph" / node["url"] / "index.html").resolve().is_file()
    assert nodes["events/kampong-trach-detentions"]["from"] == "2017-11-14"
    assert nodes["events/kampot-cnrp-offices-watch"]["to"] == "2017-11-30"  # November 2017
    canvas = page.select_one(".dossier-graph-canvas")
    assert canvas.get("role") == "region" and canvas.get("aria-label")
    assert canvas.has_attr("hidden")  # drawn by the script; the table is there without it
    nav = {a.get_text(strip=True) for a in page.select("nav a")}
    assert "Relationship graph" in nav


def test_graph_joins_events_to_their_places_in_the_drawing_and_the_table(
    example_site: Path,
) -> None:
    page = html(example_site, "graph/index.html")
    data = _graph_data(page)
    ids = [n["id"] for n in data["nodes"]]
    pairs = {(ids[a], ids[b]): label for a, b, label in data["edges"]}
    joined = pairs.get(("events/kampong-trach-detentions", "places/kampong-trach")) or pairs.get(
        ("places/kampong-trach", "events/kampong-trach-detentions")
    )
    assert joined == "happened at"
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("table tbody tr")
    ]
    detentions = "Detention of CNRP commune officials in Kampong Trach"
    assert any(
        {row[0], row[2]} == {detentions, "Kampong Trach"} and row[1] == "happened at"
        for row in rows
    ), rows


def test_entity_page_shows_its_neighbourhood(example_site: Path) -> None:
    svg = _inline_svg(html(example_site, "parties/cnrp/index.html"))
    hrefs = {a.get(XLINK_HREF) for a in svg.iter(f"{SVG}a")}
    assert {"../../people/kem-sokha/", "../../people/srey-ann/", "./"} <= hrefs


def test_ftm_export_loads_back_valid_with_kem_sokha_membership(example_site: Path) -> None:
    from followthemoney import model

    lines = (example_site / "site/exports/ftm.jsonl").read_text("utf-8").splitlines()
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in lines]
    by_id = {p.id: p for p in proxies}
    for proxy in proxies:
        proxy.schema.validate(proxy.to_dict())
        assert all(proxy.get(p) for p in proxy.schema.required), proxy.id
    memberships = [p for p in proxies if p.schema.name == "Membership"]
    pairs = {
        (by_id[m.first("member")].caption, by_id[m.first("organization")].caption, m.first("role"))
        for m in memberships
    }
    assert ("Kem Sokha", "Cambodia National Rescue Party", "President") in pairs
    schemas = {p.schema.name for p in proxies}
    assert {"Person", "Organization", "PublicBody", "Address", "Event", "Article"} <= schemas
    assert {"Occupancy", "Documentation"} <= schemas


def test_ics_parses_with_icalendar(example_site: Path) -> None:
    cal = icalendar.Calendar.from_ical((example_site / "site/exports/events.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    arrest = events["events/kem-sokha-arrest@mkdocs-dossier"]
    assert str(arrest["summary"]) == "Arrest of Kem Sokha"
    assert arrest.decoded("dtstart").isoformat() == "2017-09-03"
    assert str(events["events/supreme-court-cnrp-decision@mkdocs-dossier"]["status"]) == (
        "TENTATIVE"
    )
    assert str(arrest["url"]) == "https://example.org/cambodia-dossier/events/kem-sokha-arrest/"


def test_dossier_json_and_timeline_json_are_published(example_site: Path) -> None:
    data = json.loads((example_site / "site/exports/dossier.json").read_text("utf-8"))
    assert data["schema_version"] == "1.0"
    assert any(e["key"] == "parties/cnrp" for e in data["entities"])
    tl = json.loads((example_site / "site/exports/timeline.json").read_text("utf-8"))
    assert tl["events"][0]["unique_id"] == "events-kem-sokha-arrest"


def test_exports_page_links_the_exports(example_site: Path) -> None:
    page = html(example_site, "exports/index.html")
    hrefs = {a["href"] for a in page.select("a[href]")}
    assert {"dossier.json", "ftm.jsonl", "events.ics", "timeline.json"} <= hrefs


def test_two_builds_give_identical_exports_and_graph(example_site: Path, tmp_path: Path) -> None:
    again = copy_example(tmp_path / "again", source=example_site)
    assert mkdocs_build(again, "--strict").returncode == 0
    compared = [
        *(f"exports/{n}" for n in ("dossier.json", "ftm.jsonl", "events.ics", "timeline.json")),
        "graph/index.html",
        "parties/cnrp/index.html",
        "events/index.html",
    ]
    for path in compared:
        first = (example_site / "site" / path).read_bytes()
        assert first == (again / "site" / path).read_bytes(), path


def test_connections_say_a_participants_part_in_plain_words(example_site: Path) -> None:
    page = html(example_site, "people/kem-sokha/index.html")
    # The drawing's lines, named by their titles (the table below it says the same).
    rows = [" ".join(t.get_text(" ", strip=True).split()) for t in page.select("line > title")]
    assert "Kem Sokha — arrested — Arrest of Kem Sokha" in rows, rows
    assert "Kem Sokha — member, President — Cambodia National Rescue Party" in rows, rows
    assert not [r for r in rows if "took part:" in r or "member:" in r]


def test_a_places_facts_leave_out_the_geocoders_country_code(example_site: Path) -> None:
    page = html(example_site, "places/kampong-trach/index.html")
    labels = [
        " ".join(th.get_text(" ", strip=True).split())
        for th in page.select("table tr > *:first-child")
    ]
    assert "Kind" in labels and "In" in labels, labels
    assert "Country code" not in labels
