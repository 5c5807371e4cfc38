"""The sections' HTML comes from fragments (templates/fragments/) an editor can override."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build

#: Four entities with facts (or other names), and one article.
ARTICLE = """
---
title: Test article
date: 2017-11-14
source: RFA
people:
  - name: Kem Sokha
    party: CNRP
    role: Opposition leader
  - name: Hun Sen
    aliases: ["ហ៊ុន សែន"]
parties:
  - {name: Cambodia National Rescue Party, id: cnrp, aliases: [CNRP]}
places:
  - {name: Phnom Penh, coordinates: [11.55, 104.92]}
---
Kem Sokha, leader of the CNRP, was arrested in Phnom Penh.

Hun Sen spoke.
"""

#: An override of the facts table: a definition list, each fact's value and sources.
FACTS_AS_LIST = """\
<dl class="custom-facts">
{% for row in rows %}
<dt>{{ row.label }}</dt><dd>{{ row.value.text or "" }}
{%- for c in row.sources %} [{{ c.label }}]{% endfor %}</dd>
{% endfor %}
{% for name, lang in aliases %}<dt>{{ aliases_label }}</dt><dd>{{ name }}</dd>{% endfor %}
</dl>
"""


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every built entity and article page, parsed, by its folder (``people/kem-sokha``)."""
    out = {}
    for path in (site / "site").glob("*/*/index.html"):
        key = path.parent.relative_to(site / "site").as_posix()
        out[key] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    return out


def _entity_pages(pages: dict[str, BeautifulSoup]) -> dict[str, BeautifulSoup]:
    return {k: p for k, p in pages.items() if not k.startswith("articles/")}


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_an_overridden_fragment_is_on_every_page_that_uses_it(make_site, theme: str) -> None:
    site = make_site(
        {
            "dossier/articles/a.md": ARTICLE,
            "overrides/dossier/fragments/facts_table.html.j2": FACTS_AS_LIST,
        },
        theme=f"{{name: {theme}, custom_dir: overrides}}",
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    pages = _pages(site)
    entities = _entity_pages(pages)
    # Each of the four entities has a fact or another name: each page a facts table.
    assert set(entities) == {
        "people/kem-sokha",
        "people/hun-sen",
        "parties/cnrp",
        "places/phnom-penh",
    }
    for key, page in entities.items():
        (facts,) = page.select("dl.custom-facts")
        assert facts.find("dt"), key
        # The plugin's own table is not there too.
        assert not page.select("table[data-search-exclude]"), key
    facts = {
        key: [(dt.get_text(), dt.find_next_sibling("dd").get_text()) for dt in page.select("dt")]
        for key, page in entities.items()
    }
    assert ("Role", "Opposition leader [RFA, 14 November 2017]") in facts["people/kem-sokha"]
    assert ("Also known as", "ហ៊ុន សែន") in facts["people/hun-sen"]
    assert ("Also known as", "CNRP") in facts["parties/cnrp"]
    # Pages with no facts table use none: the article keeps its own sections.
    assert not pages["articles/a"].select("dl.custom-facts")
    # The other fragments are the plugin's: the relations table is still a table.
    assert pages["people/kem-sokha"].select("table")


def test_without_an_override_the_plugins_fragment_writes_the_table(make_site) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE})
    assert mkdocs_build(site, "--strict").returncode == 0
    page = _pages(site)["people/kem-sokha"]
    (table,) = page.select("table[data-search-exclude]")
    heads = [th.get_text() for th in table.select("thead th")]
    assert heads == ["Fact", "Value", "Source"]
    (row,) = [tr for tr in table.select("tbody tr") if tr.td.get_text() == "Role"]
    value, source = row.select("td")[1:]
    assert value.get_text() == "Opposition leader"
    assert source["data-label"] == "Source"
    assert source.a["href"] == "../../articles/a/#p-1"
    assert source.a.get_text() == "RFA, 14 November 2017, ¶1"


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_a_script_in_a_fact_value_stays_text(make_site, theme: str) -> None:
    article = ARTICLE.replace("role: Opposition leader", f"role: '{PAYLOAD}'").replace(
        "aliases: [CNRP]", f"aliases: [CNRP, '{PAYLOAD}']"
    )
    site = make_site({"dossier/articles/a.md": article}, theme=theme)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    pages = _pages(site)
    for key in ("people/kem-sokha", "parties/cnrp"):
        (table,) = pages[key].select("table[data-search-exclude]")
        assert not table.select("script, img"), key
        assert any(PAYLOAD in td.get_text() for td in table.select("td")), key
    for key, page in pages.items():
        # The themes' own scripts have a src or no alert; the payload's would be inline.
        assert not [s for s in page.select("script") if "alert" in s.get_text()], key
        assert not page.select("img[onerror]"), key


@pytest.mark.parametrize(
    ("fragment", "line", "message"),
    [
        ("<table>\n{% for row in rows %}\n", 2, "TemplateSyntaxError"),
        ("<table>\n{{ rows.nothing.here }}\n</table>\n", 2, "UndefinedError"),
    ],
)
def test_a_mistake_in_an_override_fragment_is_reported_at_its_line(
    make_site, fragment: str, line: int, message: str
) -> None:
    site = make_site(
        {
            "dossier/articles/a.md": ARTICLE,
            "overrides/dossier/fragments/facts_table.html.j2": fragment,
        },
        theme="{name: mkdocs, custom_dir: overrides}",
    )
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    where = f"overrides/dossier/fragments/facts_table.html.j2:{line}:1: the template"
    assert any(where in e for e in errors), result.stderr
