"""The Content-Security-Policy in Chromium, on the example site in both themes.

Every kind of page opens without a single policy violation (listened to as
``securitypolicyviolation`` events and in the console), its maps, graph and
search still work, mkdocs-material's instant navigation included; and a
script put into a page's HTML after the build, as a sanitiser bypass would
put it there, is refused while the page's own scripts still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import PLACE, Tab, Traffic, reader_pages
from test_browser_khmer import builtin_search, material_search
from test_browser_reader import THEMES, themed_context, themed_tab

from mkdocs_dossier.core.model import Dossier

pytestmark = pytest.mark.browser

#: Every violation of the page's policy, kept across instant navigation.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
  e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || "")));
"""

#: What a sanitiser bypass would leave in a page: a script and a handler.
INJECTED = (
    '<script>window.__ran = "script";</script>'
    '<img src="x" onerror="window.__ran = &quot;handler&quot;" alt="">'
)


#: Whether the page holds the injected script.
INJECTED_THERE = """() => Array.from(document.scripts)
    .some(s => !s.src && s.textContent.includes('__ran'))"""


@pytest.fixture(scope="module", params=list(THEMES))
def site(request: pytest.FixtureRequest, chromium: Any, traffic: Traffic) -> Iterator[Any]:
    """A browser context on one theme's example site, listening for violations."""
    context = themed_context(request, chromium, traffic, request.param, "desktop")
    context.add_init_script(LISTEN)
    yield context
    context.close()


@pytest.fixture
def ctab(site: Any) -> Iterator[Tab]:
    tab = themed_tab(site)
    yield tab
    tab.page.close()


def violations(tab: Tab) -> list[str]:
    return [*tab.page.evaluate("window.__violations"), *tab.errors]


def material(tab: Tab) -> bool:
    return tab.page.context.dossier_theme == "material"


def test_no_page_of_the_example_violates_its_policy(ctab: Tab, dossier: Dossier) -> None:
    for path in [*reader_pages(dossier), "parties/", "organizations/", "exports/", "404.html"]:
        page = ctab.open(path)
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.count() == 1, path
        directives = [d.split() for d in (policy.get_attribute("content") or "").split(";")]
        assert "'unsafe-inline'" not in next(d for d in directives if d[0] == "script-src")
        assert violations(ctab) == [], path


def test_maps_draw_with_their_tiles_under_the_policy(ctab: Tab, traffic: Traffic) -> None:
    traffic.clear()
    page = ctab.open(PLACE)
    page.locator(".dossier-map[data-ready] [data-keys]").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert traffic.tiles, "no map tile was requested: the policy refused the tile server"
    page.locator(".dossier-map[data-ready] [data-keys]").first.click(force=True)
    page.locator(".dossier-popup a").first.wait_for()
    assert violations(ctab) == []


def test_the_graph_draws_and_focuses_under_the_policy(ctab: Tab) -> None:
    page = ctab.open("graph/")
    page.locator(".dossier-graph-canvas[data-ready]").wait_for()
    find = page.locator(".dossier-graph-find")
    find.fill("Kem Sokha")
    find.press("Enter")
    page.locator(".dossier-graph-focus-list li").first.wait_for()
    assert violations(ctab) == []


def test_search_finds_a_person_under_the_policy(ctab: Tab) -> None:
    hrefs = (material_search if material(ctab) else builtin_search)(ctab, "Sokha")
    assert any(h.split("#")[0].endswith("people/kem-sokha/") for h in hrefs), hrefs
    assert violations(ctab) == []


@pytest.fixture
def material_tab(request: pytest.FixtureRequest, chromium: Any, traffic: Traffic) -> Iterator[Tab]:
    """A tab on the mkdocs-material site (MkDocs' own theme loads every page afresh)."""
    context = themed_context(request, chromium, traffic, "material", "desktop")
    context.add_init_script(LISTEN)
    tab = themed_tab(context)
    yield tab
    context.close()


def test_instant_navigation_keeps_to_the_first_pages_policy(material_tab: Tab) -> None:
    """mkdocs-material swaps pages in by script: the policy of the page first
    loaded stays in force, and the next page's scripts must still pass it."""
    ctab = material_tab
    page = ctab.open("places/")
    page.evaluate("window.__same_document = true")
    page.locator(f'.md-content a[href$="{PLACE.rstrip("/").rsplit("/", 1)[1]}/"]').first.click()
    page.wait_for_url(ctab.served.url(PLACE))
    page.locator(".dossier-map[data-ready] [data-keys]").first.wait_for()
    assert page.evaluate("window.__same_document") is True  # it was an instant navigation
    page.locator(".md-header__inner").wait_for()
    assert violations(ctab) == []


def test_a_script_put_into_a_page_after_the_build_does_not_run(ctab: Tab) -> None:
    url = ctab.served.url(PLACE)

    def inject(route: Any) -> None:
        response = route.fetch()
        body = response.text()
        at = body.index("</h1>") + len("</h1>")
        route.fulfill(response=response, body=body[:at] + INJECTED + body[at:])

    ctab.page.route(url, inject)
    page = ctab.open(PLACE)
    assert page.evaluate(INJECTED_THERE)  # it is in the page
    page.locator(".dossier-map[data-ready] [data-keys]").first.wait_for()  # ours still run
    assert page.evaluate("window.__ran") is None
    refused = page.evaluate("window.__violations")
    assert any(v.startswith("script-src-elem inline") for v in refused), refused
    assert any(v.startswith("script-src-attr inline") for v in refused), refused
