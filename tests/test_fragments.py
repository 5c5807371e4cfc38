"""The sections' HTML comes from fragments (templates/fragments/) an editor can override."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import arrest_article, content, mkdocs_build, write

#: Four entities with facts (or other names), and one article.
ARTICLE = arrest_article(
    "role: Opposition leader",
    more="""
      - name: Hun Sen
        aliases: ["ហ៊ុន សែន"]
    places:
      - {name: Phnom Penh, coordinates: [11.55, 104.92]}
    """,
    body=" in Phnom Penh.\n\nHun Sen spoke.\n",
)

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
def test_an_overridden_fragment_is_on_every_page_that_uses_it(built_site, theme: str) -> None:
    site = built_site(
        {
            "dossier/articles/a.md": ARTICLE,
            "overrides/dossier/fragments/facts_table.html.j2": FACTS_AS_LIST,
        },
        theme=f"{{name: {theme}, custom_dir: overrides}}",
    )
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


def test_without_an_override_the_plugins_fragment_writes_the_table(built_site) -> None:
    site = built_site({"dossier/articles/a.md": ARTICLE})
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
def test_a_script_in_a_fact_value_stays_text(built_site, theme: str) -> None:
    article = ARTICLE.replace("role: Opposition leader", f"role: '{PAYLOAD}'").replace(
        "aliases: [CNRP]", f"aliases: [CNRP, '{PAYLOAD}']"
    )
    site = built_site({"dossier/articles/a.md": article}, theme=theme, strict=False)
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


#: A dossier with something for every section: two articles (the second
#: annotates Hun Sen but never names him), two summaries of Kem Sokha, an
#: event with a participant at a place inside another, and a description of
#: Kem Sokha linking the CNRP.
SECTIONS = {
    "dossier/articles/a.md": """
    ---
    title: Arrest article
    date: 2017-09-04
    source: RFA
    people:
      - name: Kem Sokha
        party: CNRP
        summary: Leader of the opposition.
      - name: Hun Sen
    parties:
      - {name: Cambodia National Rescue Party, id: cnrp, aliases: [CNRP]}
    places:
      - {name: Phnom Penh, kind: city, coordinates: [11.55, 104.92]}
      - {name: Tuol Kork, kind: district, in: Phnom Penh, coordinates: [11.58, 104.9]}
    events:
      - name: Arrest of Kem Sokha
        date: 2017-09-03
        place: Tuol Kork
        people:
          - {id: kem-sokha, role: arrested}
        summary: He was arrested at home.
    ---
    Kem Sokha, leader of the CNRP, was arrested in Tuol Kork, Phnom Penh.

    Hun Sen spoke.
    """,
    "dossier/articles/b.md": """
    ---
    title: Later article
    date: 2017-11-14
    source: VOA
    people:
      - name: Kem Sokha
        summary: Jailed opposition leader.
      - name: Hun Sen
    ---
    Kem Sokha stayed in jail.
    """,
    "dossier/people/kem-sokha.md": """
    ---
    name: Kem Sokha
    ---
    Kem Sokha leads the [[cnrp|Cambodia National Rescue Party]].
    """,
}

#: An override of each fragment: a list of class custom-<name>, an item per
#: thing the plugin gave it, written from the fields README's table names.
OVERRIDES = {
    "timeline": "{% for e in entries %}<li>{{ e.when }} {{ e.link.name }}</li>{% endfor %}",
    "mentions": "{% for m in mentions %}<li>{{ m.para }} {{ m.snippet }}</li>{% endfor %}",
    "linked_from": "{% for link, relation in pages %}<li>{{ link.name }}</li>{% endfor %}",
    "in_this_article": (
        "{% for label, links in groups %}"
        '<li>{{ label }}: {{ links|map(attribute="name")|join(", ") }}</li>{% endfor %}'
    ),
    "article_list": (
        "{% for when, link, source in articles %}"
        "<li>{{ when }} {{ link.name }} ({{ source }})</li>{% endfor %}"
    ),
    "entity_list": "{% for link, summary in entities %}<li>{{ link.name }}</li>{% endfor %}",
    "participants": "{% for p in people %}<li>{{ p.link.name }}: {{ p.role }}</li>{% endfor %}",
    "place_tree": (
        "{% for p in places recursive %}<li>{{ p.link.name }} ({{ p.kind }})"
        "{% if p.children %}<ul>{{ loop(p.children) }}</ul>{% endif %}</li>{% endfor %}"
    ),
    "summaries": "{% for summary, sources in summaries %}<li>{{ summary }}</li>{% endfor %}",
    "trail": '<li><a href="{{ index.href }}">{{ index.name }}</a></li>',
    "unmentioned": "{% for link in articles %}<li>{{ link.name }}</li>{% endfor %}",
    "map": "{% for p in places %}<li>{{ p.name }} ({{ p.kind }})</li>{% endfor %}",
    "graph_drawing": "{% for n in nodes %}<li>{{ n.label }} ({{ n.type }})</li>{% endfor %}",
}

#: Where each fragment is used in SECTIONS' site, and what it lists there:
#: each page's lists, in page order. The trail is on every entity page.
USED = {
    "timeline": {
        "people/kem-sokha": [["3 September 2017 Arrest of Kem Sokha"]],
        "places/phnom-penh": [["3 September 2017 Arrest of Kem Sokha"]],
        "places/tuol-kork": [["3 September 2017 Arrest of Kem Sokha"]],
        # The events index: a timeline per month.
        "events": [
            ["3 September 2017 Arrest of Kem Sokha", "4 September 2017 Arrest article"],
            ["14 November 2017 Later article"],
        ],
        # The Explore page lists the same months.
        "explore": [
            ["3 September 2017 Arrest of Kem Sokha", "4 September 2017 Arrest article"],
            ["14 November 2017 Later article"],
        ],
    },
    "mentions": {
        "people/kem-sokha": [
            ["1 Kem Sokha, leader of the CNRP, was arrested in Tuol Kork, Phnom Penh."],
            ["1 Kem Sokha stayed in jail."],
        ],
        "people/hun-sen": [["2 Hun Sen spoke."]],
        **{
            key: [["1 Kem Sokha, leader of the CNRP, was arrested in Tuol Kork, Phnom Penh."]]
            for key in (
                "parties/cnrp",
                "places/phnom-penh",
                "places/tuol-kork",
                "events/arrest-of-kem-sokha",
            )
        },
    },
    "linked_from": {"parties/cnrp": [["Kem Sokha"]]},
    "in_this_article": {
        "articles/a": [
            [
                "People: Hun Sen, Kem Sokha",
                "Parties: Cambodia National Rescue Party",
                "Places: Phnom Penh, Tuol Kork",
                "Events: Arrest of Kem Sokha",
            ]
        ],
        "articles/b": [["People: Hun Sen, Kem Sokha"]],
    },
    "article_list": {
        "articles": [
            ["14 November 2017 Later article (VOA)", "4 September 2017 Arrest article (RFA)"]
        ]
    },
    "entity_list": {
        # The people index lists them by party: the CNRP's, then no party's.
        "people": [["Kem Sokha"], ["Hun Sen"]],
        "parties": [["Cambodia National Rescue Party"]],
        # A place's page lists the places inside it.
        "places/phnom-penh": [["Tuol Kork"]],
    },
    "participants": {"events/arrest-of-kem-sokha": [["Kem Sokha: arrested"]]},
    "place_tree": {"places": [["Phnom Penh (city)Tuol Kork (district)"]]},
    "summaries": {"people/kem-sokha": [["Jailed opposition leader.", "Leader of the opposition."]]},
    "trail": {
        "people/kem-sokha": [["People"]],
        "people/hun-sen": [["People"]],
        "parties/cnrp": [["Parties"]],
        "places/phnom-penh": [["Places"]],
        "places/tuol-kork": [["Places"]],
        "events/arrest-of-kem-sokha": [["Events"]],
    },
    "unmentioned": {"people/hun-sen": [["Later article"]]},
    "map": {
        # A place's map: itself and the places inside it; an event's: where it
        # happened; a person's and an article's: where their events happened.
        "places/phnom-penh": [["Phnom Penh (city)", "Tuol Kork (district)"]],
        "places/tuol-kork": [["Tuol Kork (district)"]],
        "events/arrest-of-kem-sokha": [["Tuol Kork (district)"]],
        "people/kem-sokha": [["Tuol Kork (district)"]],
        "articles/a": [["Phnom Penh (city)", "Tuol Kork (district)"]],
        # The overview map of the places index, and of the Explore page.
        "places": [["Phnom Penh (city)", "Tuol Kork (district)"]],
        "explore": [["Phnom Penh (city)", "Tuol Kork (district)"]],
    },
    # Each connected entity's drawing of its connections: itself, then its
    # neighbours by type (names of more than 26 characters shortened).
    "graph_drawing": {
        "people/kem-sokha": [
            [
                "Kem Sokha (person)",
                "Cambodia National Rescue… (party)",
                "Arrest of Kem Sokha (event)",
            ]
        ],
        "parties/cnrp": [["Cambodia National Rescue… (party)", "Kem Sokha (person)"]],
        "events/arrest-of-kem-sokha": [
            ["Arrest of Kem Sokha (event)", "Kem Sokha (person)", "Tuol Kork (place)"]
        ],
        "places/tuol-kork": [
            ["Tuol Kork (place)", "Arrest of Kem Sokha (event)", "Phnom Penh (place)"]
        ],
        "places/phnom-penh": [["Phnom Penh (place)", "Tuol Kork (place)"]],
    },
}


def _all_pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every built page but the home, parsed, by its folder (``people``, ``people/hun-sen``)."""
    return {
        path.parent.relative_to(site / "site").as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "lxml"
        )
        for path in (site / "site").glob("*/**/index.html")
    }


def test_every_fragment_has_an_override_case() -> None:
    from mkdocs_dossier.site.fragments import NAMES

    # Tested on their own: the tables, the blocks, and the drawings' shape
    # macro and legend (no page of the default templates shows the legend).
    blocks = {"facts_table", "relations_table", "graph", "explore", "graph_shape", "graph_legend"}
    assert set(OVERRIDES) == set(USED) == set(NAMES) - blocks


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def overridden(request, tmp_path_factory) -> dict[str, BeautifulSoup]:
    """SECTIONS' site with every fragment but the tables and the graph overridden."""
    site = tmp_path_factory.mktemp(f"overridden-{request.param}")
    write(
        site / "mkdocs.yml",
        f"""
        site_name: Test
        theme: {{name: {request.param}, custom_dir: overrides}}
        plugins: [search, dossier]
        """,
    )
    write(site / "docs/index.md", "# Home\n")
    for name, text in SECTIONS.items():
        write(site / name, text)
    for name, body in OVERRIDES.items():
        path = site / f"overrides/dossier/fragments/{name}.html.j2"
        write(path, f'<ul class="custom-{name}">{body}</ul>\n')
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    return _all_pages(site)


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_each_overridden_fragment_is_on_every_page_that_uses_it(
    overridden: dict[str, BeautifulSoup], name: str
) -> None:
    seen = {
        key: [
            [li.get_text() for li in ul.find_all("li", recursive=False)]
            for ul in page.select(f"ul.custom-{name}")
        ]
        for key, page in overridden.items()
    }
    assert {k: v for k, v in seen.items() if v} == USED[name]


#: An override of the Explore page's date range: the story's span and its events' ticks.
EXPLORE_AS_LIST = """\
<div class="custom-explore" data-range='{{ data }}'>
<p class="custom-explore-span">{{ first }} to {{ last }}</p>
<ul>{% for tick in ticks %}
<li>{{ tick.day }} {{ tick.name }} ({{ tick.left }}%)</li>
{% endfor %}</ul>
</div>
"""


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_an_overridden_explore_fragment_is_the_explore_pages_range(built_site, theme: str) -> None:
    site = built_site(
        {**SECTIONS, "overrides/dossier/fragments/explore.html.j2": EXPLORE_AS_LIST},
        theme=f"{{name: {theme}, custom_dir: overrides}}",
    )
    pages = _all_pages(site)
    explore = content(pages["explore"])
    (custom,) = explore.select("div.custom-explore")
    # The story runs from its first event to its last source; one dated event.
    assert custom.select_one(".custom-explore-span").get_text() == "2017-09-03 to 2017-11-14"
    assert [li.get_text() for li in custom.select("li")] == [
        "2017-09-03 Arrest of Kem Sokha (0.0%)"
    ]
    assert json.loads(custom["data-range"])["events"] == [
        {"key": "events/arrest-of-kem-sokha", "from": "2017-09-03", "to": "2017-09-03"}
    ]
    # The plugin's own range is gone; the page's map, graph and timeline stay.
    assert not explore.select(".dossier-explore-range")
    assert explore.select(".dossier-map") and explore.select(".dossier-graph-canvas")
    assert [t["datetime"] for t in explore.select("li time")] == [
        "2017-09-03",
        "2017-09-04",
        "2017-11-14",
    ]
    # No other page draws a range.
    assert [k for k, p in pages.items() if p.select("div.custom-explore")] == ["explore"]


def _hostile(files: dict[str, str]) -> dict[str, str]:
    """SECTIONS with PAYLOAD in every text a fragment shows (titles, sources, roles,
    summaries, names, a snippet, a relation's role)."""
    quoted = f"'{PAYLOAD}'"
    a = (
        files["dossier/articles/a.md"]
        .replace("title: Arrest article", f"title: {quoted}")
        .replace("source: RFA", f"source: {quoted}")
        .replace("Leader of the opposition.", quoted)
        .replace("name: Tuol Kork,", f"name: 'Tuol Kork {PAYLOAD}', id: tuol-kork,")
        .replace("place: Tuol Kork", "place: tuol-kork")
        .replace("name: Cambodia National Rescue Party,", f"name: 'The party {PAYLOAD}',")
        .replace("role: arrested", f"role: {quoted}")
        .replace("He was arrested at home.", quoted)
        .replace("Phnom Penh.\n", f"Phnom Penh, saying `{PAYLOAD}`.\n")
        .replace(
            "    ---\n    Kem",
            "    relations:\n"
            f"      - {{subject: kem-sokha, type: member, object: cnrp, role: {quoted}}}\n"
            "    ---\n    Kem",
        )
    )
    b = files["dossier/articles/b.md"].replace("title: Later article", f"title: {quoted}")
    return {**files, "dossier/articles/a.md": a, "dossier/articles/b.md": b}


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_hostile_text_in_every_fragment_stays_text(built_site, theme: str) -> None:
    site = built_site(_hostile(SECTIONS), theme=theme)
    pages = _all_pages(site)
    for name, used in USED.items():
        if name == "trail":  # its words are the plugin's own ("People")
            continue
        lists = [ul for key in used for ul in content(pages[key]).select("ul")]
        assert any(PAYLOAD in ul.get_text() for ul in lists), name
    for key, page in pages.items():
        # The themes' own scripts have a src or no alert; the payload's would be inline.
        assert not [s for s in page.select("script") if "alert" in s.get_text()], key
        assert not page.select("img[onerror]"), key


#: An override of the drawings' shape macro: every node a square of class custom-shape.
SHAPE_AS_SQUARE = """\
{%- macro shape(s) -%}
<rect class="custom-shape" data-kind="{{ s.kind }}" fill="{{ s.fill }}" width="9" height="9"/>
{%- endmacro -%}
"""


def test_an_overridden_node_shape_draws_every_node_of_every_drawing(built_site) -> None:
    site = built_site(
        {**SECTIONS, "overrides/dossier/fragments/graph_shape.html.j2": SHAPE_AS_SQUARE},
        theme="{name: mkdocs, custom_dir: overrides}",
    )
    drawn = {}
    for key, page in _all_pages(site).items():
        for svg in content(page).select("svg.dossier-graph"):
            nodes = svg.select("a.dossier-node")
            kinds = [shape["data-kind"] for shape in svg.select("rect.custom-shape")]
            # One custom shape per node, and none of the plugin's own shapes.
            assert len(kinds) == len(nodes), key
            assert not svg.select("circle, polygon, rect:not(.custom-shape)"), key
            drawn[key] = kinds
    # Every connected entity's page draws its connections, each type its shape.
    assert drawn == {
        "people/kem-sokha": ["circle", "square", "triangle"],
        "parties/cnrp": ["square", "circle"],
        "events/arrest-of-kem-sokha": ["triangle", "circle", "hexagon"],
        "places/tuol-kork": ["hexagon", "triangle", "hexagon"],
        "places/phnom-penh": ["hexagon", "hexagon"],
    }


def test_the_graph_pages_drawing_and_legend_are_overridable(tmp_path: Path) -> None:
    import jinja2

    from mkdocs_dossier.core.i18n import Language
    from mkdocs_dossier.pipeline import load_dossier
    from mkdocs_dossier.site.fragments import Fragments
    from mkdocs_dossier.site.graph import GraphViews

    write(tmp_path / "dossier/articles/a.md", SECTIONS["dossier/articles/a.md"])
    write(tmp_path / "overrides/fragments/graph_shape.html.j2", SHAPE_AS_SQUARE)
    write(
        tmp_path / "overrides/fragments/graph_legend.html.j2",
        '<ul class="custom-legend" aria-label="{{ label }}">'
        "{% for item in items %}<li>{{ item.name }}</li>{% endfor %}</ul>\n",
    )
    dossier = load_dossier(tmp_path / "dossier")
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(tmp_path / "overrides")),
            jinja2.PackageLoader("mkdocs_dossier", "templates"),
        ]
    )
    views = GraphViews(
        dossier,
        lambda key: dossier.entities[key].name,
        fragments=Fragments(loader, Language()),
    )
    full = views.full()
    legend = BeautifulSoup(full.legend, "lxml")
    (items,) = legend.select("ul.custom-legend")
    assert [li.get_text() for li in items.find_all("li")] == [
        "Person",
        "Party",
        "Organisation",
        "Event",
        "Place",
    ]
    drawing = BeautifulSoup(full.svg, "lxml")
    (svg,) = drawing.select("svg.dossier-graph")
    # The full drawing is the plugin's, with the overridden shape for each node.
    assert len(svg.select("rect.custom-shape")) == len(svg.select("a.dossier-node")) == 5
    assert not svg.select("circle, polygon")
