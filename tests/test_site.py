"""Real `mkdocs build` runs on small sites, checked by parsing the HTML."""

from __future__ import annotations

import pytest
from conftest import arrest_article, html, mkdocs_build, section

ARTICLE = arrest_article(
    more="""
    places:
      - {name: Kampong Trach, kind: district}
      - {name: Kampong Trach Khang Lech, kind: commune, in: Kampong Trach}
    """,
    body=".\n\nIn Kampong Trach Khang Lech commune of Kampong Trach, `Kem Sokha` stayed.\n",
)


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_alias_links_to_party_page(built_site, theme: str, directory_urls: bool) -> None:
    site = built_site(
        {"dossier/articles/a.md": ARTICLE},
        theme=theme,
        extra=f"use_directory_urls: {str(directory_urls).lower()}\n",
    )
    page = "articles/a/index.html" if directory_urls else "articles/a.html"
    links = {a.get_text(): a["href"] for a in html(site, page).select("p a[href]")}
    party = "../../parties/cnrp/" if directory_urls else "../parties/cnrp.html"
    assert links["CNRP"] == party


def test_longest_place_name_links_to_commune(built_site) -> None:
    site = built_site({"dossier/articles/a.md": ARTICLE})
    links = {
        a.get_text(): a["href"]
        for a in html(site, "articles/a/index.html").select("p a")
        if a.get("href")
    }
    assert links["Kampong Trach Khang Lech"].endswith("places/kampong-trach-khang-lech/")
    assert links["Kampong Trach"].endswith("places/kampong-trach/")


def test_entity_page_lists_backlink_with_snippet(built_site) -> None:
    site = built_site({"dossier/articles/a.md": ARTICLE})
    page = html(site, "people/kem-sokha/index.html")
    items = [
        li
        for el in section(page, "mentions")
        for li in el.select("li")
        if li.find("a", href="../../articles/a/#p-1")
    ]
    assert items, "no backlink to the paragraph"
    assert "was arrested" in items[0].get_text()


def test_user_page_wins_over_generated_one(built_site) -> None:
    site = built_site(
        {"dossier/articles/a.md": ARTICLE, "docs/people/kem-sokha.md": "# Written by hand\n"},
        strict=False,
    )
    assert html(site, "people/kem-sokha/index.html").h1.get_text() == "Written by hand"


def test_wikilink_in_docs_page(built_site) -> None:
    site = built_site(
        {
            "dossier/articles/a.md": ARTICLE,
            "docs/about.md": "See [[kem-sokha|the leader]] and [[CNRP]].\n",
        }
    )
    links = {
        a.get_text(): a["href"] for a in html(site, "about/index.html").select("[role=main] p a")
    }
    assert links == {"the leader": "../people/kem-sokha/", "CNRP": "../parties/cnrp/"}


def test_unknown_wikilink_fails_strict_build_with_position(make_site) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE, "docs/about.md": "Hi\n\nSee [[Nobody]].\n"})
    result = mkdocs_build(site, "--strict")
    assert result.returncode != 0
    assert "docs/about.md:3:5: the link [[Nobody]] names no entity" in result.stderr


def test_json_schema_is_published_and_accepts_the_example_front_matter(built_site) -> None:
    import json

    import frontmatter
    import jsonschema

    site = built_site({"dossier/articles/a.md": ARTICLE})
    schema = json.loads((site / "site/schema/article.json").read_text())
    meta = frontmatter.loads(ARTICLE.strip()).metadata
    meta["date"] = str(meta["date"])
    jsonschema.validate(meta, schema)


def test_wikilink_error_counts_lines_after_front_matter(make_site) -> None:
    page = "---\ntitle: About\n---\n\nSee [[Nobody]].\n"
    site = make_site({"dossier/articles/a.md": ARTICLE, "docs/about.md": page})
    result = mkdocs_build(site, "--strict")
    assert "docs/about.md:5:5: the link [[Nobody]] names no entity" in result.stderr


def test_site_under_a_sub_path_links_relatively(built_site) -> None:
    site = built_site(
        {"dossier/articles/a.md": ARTICLE}, extra="site_url: https://example.org/news/dossier/\n"
    )
    page = html(site, "people/kem-sokha/index.html")
    hrefs = [a["href"] for a in page.select("[role=main] a[href]")]
    assert "../../parties/cnrp/" in hrefs
    assert not [h for h in hrefs if h.startswith("/")]


SECOND = """
---
title: Second report
date: 2017-11-20
source: Other Paper
people:
  - name: Kem Sokha
    role: Opposition leader
---
Kem Sokha remained in prison.
"""


def test_entity_in_two_articles_shows_both_sources_and_both_roles(built_site) -> None:
    site = built_site(
        {
            "dossier/articles/a.md": ARTICLE.replace(
                "    party: CNRP", "    party: CNRP\n    role: President of the CNRP"
            ),
            "dossier/articles/b.md": SECOND,
        }
    )
    page = html(site, "people/kem-sokha/index.html")
    articles = [h.get_text(strip=True) for h in page.select("h3")]
    assert articles == ["Test article", "Second report"]
    rows = {
        tr.select("td")[1].get_text(" ", strip=True): tr.select("td")[2]
        for tr in page.select("table tbody tr")
        if tr.td.get_text() == "Role"
    }
    # A role is a value over time: the newer report's first, the older one as of its date.
    assert list(rows) == ["Opposition leader", "President of the CNRP (as of 14 November 2017)"]
    assert rows["Opposition leader"].a["href"] == "../../articles/b/#p-1"


def test_exports_are_copied_from_a_private_folder_that_is_removed(make_site, tmp_path) -> None:
    """Exports are written outside docs/ and dossier/, copied, and the folder removed."""
    import os
    import subprocess
    import sys

    site = make_site({"dossier/articles/a.md": ARTICLE})
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    assert result.returncode == 0, result.stderr
    assert '"key": "people/kem-sokha"' in (site / "site/exports/dossier.json").read_text()
    assert (site / "site/exports/events.ics").is_file()
    assert list(scratch.iterdir()) == []
    assert not (site / "docs/exports").exists()
    assert not any(
        p.name.endswith((".json", ".ics", ".jsonl")) for p in (site / "dossier").rglob("*")
    )
