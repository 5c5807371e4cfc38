"""Relations read one way (the subject is the role of the object), on pages and in FtM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import html, mkdocs_build, section

pytestmark = pytest.mark.slow

ARTICLE = """
---
title: A family
date: 2017-11-14
people:
  - {name: Ana Example}
  - {name: Bo Example}
events:
  - name: Hearing
    date: 2017-11-14
    people:
      - {id: bo-example, role: heard}
relations:
  - {subject: ana-example, type: family, object: bo-example, role: daughter}
---

Ana Example is the daughter of Bo Example.
"""

SECOND = """
---
title: Another report
events:
  - name: Hearing
    date: 2017-11-14
    people:
      - {id: bo-example, role: heard}
---

Bo Example was heard.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("family")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: T\ntheme: mkdocs\nplugins: [search, {dossier: {ftm: true}}]\n"
    )
    articles = root / "dossier/articles"
    articles.mkdir(parents=True)
    (articles / "a.md").write_text(ARTICLE.lstrip())
    (articles / "b.md").write_text(
        SECOND.lstrip().replace("---\ntitle", "---\ndate: 2017-11-15\ntitle")
    )
    built = mkdocs_build(root, "--strict")
    assert built.returncode == 0, built.stderr
    return root


def _table(page, heading: str):
    return next(el for el in section(page, heading) if el.name == "table")


def test_family_reads_daughter_of_on_hers_and_daughter_on_his(site: Path) -> None:
    hers = _table(html(site, "people/ana-example/index.html"), "family")
    his = _table(html(site, "people/bo-example/index.html"), "family")
    assert [th.get_text() for th in hers.select("th")] == ["Family", "Sources"]
    assert hers.tbody.td.get_text(" ", strip=True) == "Daughter of Bo Example"
    assert his.tbody.td.get_text(" ", strip=True) == "Daughter: Ana Example"


def test_ftm_family_makes_the_subject_the_relative_of_the_object(site: Path) -> None:
    lines = [json.loads(x) for x in (site / "site/exports/ftm.jsonl").read_text().splitlines()]
    family = next(x for x in lines if x["schema"] == "Family")["properties"]
    # FtM: "relationship ... e.g. 'mother', where `relative` is the mother of `person`".
    assert family["person"] == ["dossier.people.bo-example"]
    assert family["relative"] == ["dossier.people.ana-example"]
    assert family["relationship"] == ["daughter"]


def test_a_participant_named_by_two_sources_is_one_row_with_both(site: Path) -> None:
    page = html(site, "events/hearing/index.html")
    items = [li.get_text(" ", strip=True) for li in section(page, "people")[0].select("li")]
    assert len(items) == 1
    assert "Another report" in items[0] and "A family" in items[0]


def test_undated_relations_have_no_when_column(site: Path) -> None:
    hers = _table(html(site, "people/ana-example/index.html"), "family")
    assert "When" not in [th.get_text() for th in hers.select("th")]


def test_a_byline_without_a_source_does_not_begin_with_a_dot(site: Path) -> None:
    byline = html(site, "articles/a/index.html").select_one(".dossier-byline")
    assert byline.get_text(strip=True) == "14 November 2017"
