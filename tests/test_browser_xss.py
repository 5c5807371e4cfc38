"""Script payloads in every text field never run in a reader's browser.

A dossier is built (Material, search, attr_list, no Content-Security-Policy:
the sanitiser and the scripts' sinks are tested alone) whose people, aliases,
roles, summaries, places, events, parties, organisations, relation roles,
article titles, bylines, sources, bodies and entity descriptions are each
one of PAYLOADS. Chromium opens every page with ``alert``, ``confirm``,
``prompt`` and ``print`` hooked, hovers and clicks every map marker and
cluster, hovers every graph node, and searches for each payload; none of
the hooks is ever called, and no element of any page has an ``on*``
attribute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import Served, Traffic, new_context, serve
from conftest import mkdocs_build

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<img src=x onerror=alert(document.domain)>",
    "'><img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<details open ontoggle=alert(1)>",
    "<!--><img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "<a href=javascript:alert(1)>x</a>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "{{constructor.constructor('alert(1)')()}}",
    "<style>@import 'javascript:alert(1)'</style>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '";alert(1);//',
    "</script><script>confirm(1)</script>",
    "<img src=x onerror=prompt(1)>",
    "<img src=x onerror=print()>",
    "`-alert(1)-`",
    "<base href=javascript:alert(1)//>",
]

HOOKS = """
window.__called = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function () { window.__called.push(name); };
}
"""

ON_ATTRIBUTES = """
() => Array.from(document.querySelectorAll("*")).flatMap(el =>
  Array.from(el.attributes).filter(a => /^on/i.test(a.name)).map(a => el.tagName + " " + a.name))
"""


def _q(text: str) -> str:
    return json.dumps(text)


def _article(i: int, group: list[tuple[int, str]]) -> str:
    people, places, orgs, events, relations = [], [], [], [], []
    for n, p in group:
        name = f"P{n} {p}"
        people.append(
            f"  - {{name: {_q('Person ' + name)}, aliases: [{_q('Alias ' + name)}], "
            f"role: {_q(p)}, summary: {_q(p)}}}"
        )
        places.append(
            f"  - {{name: {_q('Place ' + name)}, kind: town, summary: {_q(p)}, "
            f"lat: {10.5 + n * 0.001:.3f}, lon: {104.2 + n * 0.001:.3f}}}"
        )
        orgs.append(f"  - {{name: {_q('Org ' + name)}, summary: {_q(p)}}}")
        events.append(
            f"  - {{name: {_q('Event ' + name)}, date: 2017-11-{1 + n % 28:02d}, "
            f"place: {_q('Place ' + name)}, people: [{_q('Person ' + name)}]}}"
        )
        relations.append(
            f"  - {{subject: {_q('Person ' + name)}, type: member, "
            f"object: {_q('Org ' + name)}, role: {_q(p)}}}"
        )
    title, byline = group[0][1], group[-1][1]
    body = "\n\n".join(
        f'Paragraph {n}: {p} and [link](javascript:alert({n})) and text{{: onclick="alert({n})"}}'
        for n, p in group
    )
    return (
        f"---\ntitle: {_q(f'A{i} {title}')}\ndate: 2017-11-14\nsource: {_q(byline)}\n"
        f"byline: {_q(byline)}\nparties:\n  - {{name: {_q(f'Party {i} {title}')}}}\n"
        "people:\n"
        + "\n".join(people)
        + "\nplaces:\n"
        + "\n".join(places)
        + "\norganizations:\n"
        + "\n".join(orgs)
        + "\nevents:\n"
        + "\n".join(events)
        + "\nrelations:\n"
        + "\n".join(relations)
        + f"\n---\n{body}\n"
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("hostile")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\nsite_url: https://example.org/hostile/\n"
        # The policy (csp) is off: this tests the first wall, the sanitiser
        # and the scripts' sinks, alone; test_browser_csp tests the second.
        "theme: {name: material}\nplugins: [search, {dossier: {tiles: none, csp: false}}]\n"
        "markdown_extensions: [attr_list]\n",
        encoding="utf-8",
    )
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    articles = root / "dossier/articles"
    articles.mkdir(parents=True)
    numbered = list(enumerate(PAYLOADS))
    for i in range(0, len(numbered), 5):
        (articles / f"a{i}.md").write_text(_article(i, numbered[i : i + 5]), encoding="utf-8")
    people = root / "dossier/people"
    people.mkdir()
    (people / "described.md").write_text(
        "---\nname: Described Person\n---\n" + "\n\n".join(PAYLOADS) + "\n", encoding="utf-8"
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    served, stop = serve(root / "site", "https://example.org/hostile/")
    yield served
    stop()


@pytest.fixture(scope="module")
def page(chromium: Any, hostile: Served) -> Iterator[Any]:
    context = new_context(chromium, hostile, Traffic())
    context.add_init_script(HOOKS)
    tab = context.new_page()
    yield tab
    context.close()


def _pages(served: Served) -> list[str]:
    return sorted(
        p.relative_to(served.root).parent.as_posix() + "/"
        for p in served.root.rglob("index.html")
        if "assets" not in p.parts
    )


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    called = page.evaluate("window.__called")
    assert called == [], called
    assert page.evaluate(ON_ATTRIBUTES) == []


def test_the_hostile_dossier_has_every_kind_of_page(hostile: Served) -> None:
    kinds = {path.split("/")[0] for path in _pages(hostile)}
    assert {"articles", "people", "parties", "organizations", "places", "events", "graph"} <= kinds
    assert len(PAYLOADS) >= 25


def test_no_payload_runs_on_any_page_hovering_and_clicking_markers(
    hostile: Served, page: Any
) -> None:
    hovered = 0
    for path in _pages(hostile):
        page.goto(hostile.url("" if path == "./" else path), wait_until="load")
        _settle(page)
        for marker in page.locator(".dossier-map[data-ready] [data-keys]").all():
            if marker.is_visible():
                marker.hover(force=True)
                marker.click(force=True)
                hovered += 1
        for node in page.locator("svg.dossier-graph a.dossier-node").all()[:40]:
            hovered += _point_at_drawn_node(page, node)
        hovered += _point_at_graph_nodes(page)
        _settle(page)
    assert hovered > 50  # markers, clusters and nodes were really there to hover


#: Brings a drawn node's shape to the middle of the window and says where it
#: is (CSS pixels), or null if it is not drawn.
SHAPE_IN_VIEW = """a => {
    const shape = a.querySelector('circle, rect, polygon');
    if (!shape) return null;
    shape.scrollIntoView({block: 'center', inline: 'center'});
    const r = shape.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
}"""


def _point_at_drawn_node(page: Any, node: Any) -> int:
    """Move the mouse onto a node of a static drawing, as a reader would.

    Scrolled to the middle first, and pointed at its shape rather than the
    middle of its box (which may fall between the shape and its label):
    Playwright's forced hover scrolls once and gives up on a node whose box
    its scroll left outside the window (CI, 2026-12-04)."""
    if not node.is_visible():
        return 0
    at = node.evaluate(SHAPE_IN_VIEW)
    assert at is not None, "a visible node without a drawn shape"
    page.mouse.move(at["x"], at["y"])
    assert node.evaluate("a => a.matches(':hover')"), "the mouse is not on the node"
    return 1


#: Where each node of the interactive graph is on the page (CSS pixels).
GRAPH_NODES = """() => {
    const c = document.querySelector('.dossier-graph-canvas[data-ready]');
    if (!c) return [];
    const box = c.getBoundingClientRect();
    return c.dossierGraph.nodes().map(n => {
        const p = n.renderedPosition();
        return {x: box.left + p.x, y: box.top + p.y, name: n.data('name')};
    }).filter(p => p.x > box.left && p.x < box.right && p.y > box.top && p.y < box.bottom);
}"""


def _point_at_graph_nodes(page: Any) -> int:
    """Point at every node of a page's interactive graph (its connections are
    listed under it) and find a few by their payload names."""
    canvas = page.locator(".dossier-graph-canvas")
    if not canvas.count():
        return 0
    canvas.locator("xpath=self::*[@data-ready]").wait_for()
    canvas.scroll_into_view_if_needed()
    nodes = page.evaluate(GRAPH_NODES)
    for node in nodes:
        page.mouse.move(node["x"], node["y"])
    assert page.locator(".dossier-graph-focus-list li").count()  # a focus listed something
    for node in nodes[:5]:
        find = page.locator(".dossier-graph-find")
        find.fill(node["name"])
        find.press("Enter")
    return len(nodes)


def test_the_graph_page_draws_the_hostile_names(hostile: Served, page: Any) -> None:
    page.goto(hostile.url("graph/"), wait_until="load")
    assert _point_at_graph_nodes(page) > 20
    names = page.evaluate(
        "() => document.querySelector('.dossier-graph-canvas').dossierGraph"
        ".nodes().map(n => n.data('name'))"
    )
    assert any(PAYLOADS[0] in name for name in names)  # the payload, as text
    _settle(page)


def test_no_payload_runs_in_search_results(hostile: Served, page: Any) -> None:
    results = page.locator(".md-search-result__item")
    for n, payload in enumerate(PAYLOADS):
        page.goto(hostile.url(""), wait_until="load")
        page.keyboard.press("/")  # as a reader opens the search box
        page.keyboard.type(f"Person P{n}", delay=20)  # the person named with this payload
        results.first.wait_for(state="visible")
        results.first.hover(force=True)
        _settle(page)
        search = page.locator("input.md-search__input")
        search.fill("")
        page.keyboard.type(payload, delay=5)  # and the payload itself as the query
        _settle(page)
