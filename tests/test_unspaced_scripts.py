"""Articles written in Khmer and Chinese: names linked where they stand, snippets end at ។ or 。."""

from __future__ import annotations

from conftest import html, mkdocs_build, section

KHMER = """
---
title: ការចាប់ខ្លួនលោក កឹម សុខា
date: 2017-11-14
source: RFA
language: km
people:
  - {name: Hun Sen, aliases: [ហ៊ុន សែន]}
  - {name: Kem Sokha, aliases: [កឹម សុខា]}
places:
  - {name: Phnom Penh, kind: city, aliases: [ភ្នំពេញ]}
---
លោក កឹម សុខា ត្រូវបានចាប់ខ្លួន។ នាយករដ្ឋមន្ត្រីហ៊ុន សែនបាននិយាយនៅភ្នំពេញថា ការបោះឆ្នោតនឹងប្រព្រឹត្តទៅ។
បន្ទាប់មកគាត់បានចាកចេញ។
"""

CHINESE = """
---
title: 洪森谈选举
date: 2017-11-14
source: RFA
language: zh
people:
  - {name: Hun Sen, aliases: [洪森]}
places:
  - {name: Phnom Penh, kind: city, aliases: [金边]}
---
柬埔寨首相洪森在金边说，选举将如期举行。他随后离开了。
"""


def _links(site, page: str) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in html(site, page).select("p a[href]")}


def test_khmer_names_inside_unspaced_text_are_linked(make_site) -> None:
    site = make_site({"dossier/articles/km.md": KHMER})
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    links = _links(site, "articles/km/index.html")
    assert links["ហ៊ុន សែន"].endswith("people/hun-sen/")
    assert links["ភ្នំពេញ"].endswith("places/phnom-penh/")
    assert links["កឹម សុខា"].endswith("people/kem-sokha/")


def test_khmer_snippet_ends_at_the_khmer_full_stop(make_site) -> None:
    site = make_site({"dossier/articles/km.md": KHMER})
    assert mkdocs_build(site, "--strict").returncode == 0
    page = html(site, "places/phnom-penh/index.html")
    quotes = [
        li.get_text(" ", strip=True) for el in section(page, "mentions") for li in el.select("li")
    ]
    assert any("នាយករដ្ឋមន្ត្រីហ៊ុន សែនបាននិយាយនៅភ្នំពេញថា ការបោះឆ្នោតនឹងប្រព្រឹត្តទៅ។" in q for q in quotes), (
        quotes
    )
    assert not any("ចាប់ខ្លួន" in q or "ចាកចេញ" in q for q in quotes), quotes


def test_chinese_names_are_linked_and_snippets_end_at_the_ideographic_stop(make_site) -> None:
    site = make_site({"dossier/articles/zh.md": CHINESE})
    assert mkdocs_build(site, "--strict").returncode == 0
    links = _links(site, "articles/zh/index.html")
    assert links["洪森"].endswith("people/hun-sen/")
    assert links["金边"].endswith("places/phnom-penh/")
    page = html(site, "people/hun-sen/index.html")
    quotes = [
        li.get_text("", strip=True) for el in section(page, "mentions") for li in el.select("li")
    ]
    assert any("柬埔寨首相洪森在金边说，选举将如期举行。" in q for q in quotes), quotes
    assert not any("离开" in q for q in quotes), quotes
