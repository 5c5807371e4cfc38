"""The example dossier (the RFA report of 14 Nov 2017), built with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import content, html, section

ARTICLE = "articles/rfa-2017-11-14-us-rejects-charges"
PEOPLE = [
    "prak-sokhonn", "w-patrick-murphy", "matt-pottinger", "kem-sokha", "hun-sen", "ted-cruz",
    "john-mccain", "dick-durbin", "srey-ann", "cheng-tann", "prum-ngean", "him-neang",
    "mao-chanmeakthurith", "nareth-muong", "richard-finney",
]  # fmt: skip
EXPECTED = (
    [f"people/{p}" for p in PEOPLE]
    + ["parties/cnrp", "parties/cpp"]
    + [f"organizations/{o}" for o in (
        "us-state-department", "us-treasury-department", "us-mission-to-asean",
        "supreme-court-of-cambodia", "rfa-khmer-service", "east-asia-summit")]
    + [f"places/{p}" for p in (
        "cambodia", "united-states", "manila", "philippines", "kampot-province", "kampot-town",
        "kampong-trach", "boeng-sala-khang-cheung", "kampong-trach-khang-lech")]
    + [f"events/{e}" for e in (
        "kem-sokha-arrest", "hun-sen-dismisses-sanctions-threats", "manila-meeting-2017-11-14",
        "us-mission-to-asean-statement", "kampong-trach-detentions",
        "supreme-court-cnrp-decision", "mccain-durbin-resolution", "kampot-cnrp-offices-watch",
        "cambodia-elections-2018")]
)  # fmt: skip


@pytest.mark.parametrize("key", EXPECTED)
def test_every_entity_of_the_story_has_its_page(example_site: Path, key: str) -> None:
    page = html(example_site, f"{key}/index.html")
    assert page.h1 is not None and page.h1.get_text(strip=True)


def test_kem_sokha_page_cites_the_paragraph_about_his_detention(example_site: Path) -> None:
    page = html(example_site, "people/kem-sokha/index.html")
    items = [li for el in section(page, "mentions") for li in el.select("li")]
    detention = [li for li in items if "continued detention of Kem Sokha" in li.get_text()]
    assert detention, "no snippet quoting the detention sentence"
    href = detention[0].a["href"]
    assert href.startswith(f"../../{ARTICLE}/#p-")
    anchor = href.split("#")[1]
    article = html(example_site, f"{ARTICLE}/index.html")
    paragraph = article.find(id=anchor).find_parent("p")
    assert "continued detention of Kem Sokha" in paragraph.get_text()


def test_commune_name_links_to_the_commune_not_the_district(example_site: Path) -> None:
    article = html(example_site, f"{ARTICLE}/index.html")
    links = {a.get_text(): a["href"] for a in content(article).select("p a[href]")}
    assert links["Kampong Trach Khang Lech"] == "../../places/kampong-trach-khang-lech/"
    assert links["Kampong Trach"] == "../../places/kampong-trach/"


def test_entity_pages_stay_out_of_the_nav_and_indexes_are_in_it(example_site: Path) -> None:
    home = html(example_site, "index.html")
    nav = [a["href"] for a in home.select("nav.md-nav--primary a[href]")]
    assert any(h.endswith("people/") for h in nav)
    assert not any("kem-sokha" in h for h in nav)


def test_people_index_groups_members_under_their_party(example_site: Path) -> None:
    page = html(example_site, "people/index.html")
    cnrp = [
        a.get_text()
        for el in section(page, "cambodia-national-rescue-party")
        for a in el.select("a")
    ]
    assert {"Kem Sokha", "Srey Ann", "Cheng Tann", "Prum Ngean"} <= set(cnrp)
