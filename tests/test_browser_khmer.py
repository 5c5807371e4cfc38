"""Khmer in a real browser: a reader types a Khmer name into the site's search."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import regex
from browser_support import Served, Tab, Traffic, new_context
from conftest import ROOT

pytestmark = pytest.mark.browser

#: The example's Khmer article, and words of it that stand only inside
#: unspaced text: "គំរាម" (threat) in "ច្រានចោលការគំរាមដាក់ទណ្ឌកម្ម",
#: "រំលាយ" (dissolve) in "ត្រូវរំលាយគណបក្ស".
KHMER_ARTICLE = "articles/rfa-2017-11-14-commune-chiefs-km/"
INNER_WORDS = ["គំរាម", "រំលាយ"]


@pytest.mark.parametrize("word", INNER_WORDS)
def test_the_words_searched_for_stand_only_inside_unspaced_text(word: str) -> None:
    """Else the search tests below would pass on an index split at spaces only."""
    text = (ROOT / "dossier" / (KHMER_ARTICLE.rstrip("/") + ".md")).read_text(encoding="utf-8")
    at = [m.start() for m in regex.finditer(regex.escape(word), text)]
    assert at
    for i in at:
        assert regex.match(r"\p{Khmer}", text[i - 1]) and regex.match(
            r"\p{Khmer}", text[i + len(word)]
        ), text[i - 10 : i + 20]


def material_search(tab: Tab, query: str) -> list[str]:
    """Type as a reader with a Khmer keyboard does; the result links, in order.

    Playwright types characters it has no key for by inserting the text,
    which fires no key events, while Material reads the query on ``keyup``:
    a reader's keyboard fires one per key, so the last key is released here
    as a real one.
    """
    page = tab.open("")
    page.keyboard.press("/")
    page.keyboard.type(query, delay=20)
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for()
    return [a.get_attribute("href") or "" for a in results.all()]


@pytest.mark.parametrize("query", ["ហ៊ុន សែន", "ហ៊ុន"])
def test_material_search_finds_a_person_by_khmer_name(tab: Tab, query: str) -> None:
    hrefs = material_search(tab, query)
    assert tab.served.url("people/hun-sen/") in hrefs[:3], hrefs


@pytest.mark.parametrize("word", INNER_WORDS)
def test_material_search_finds_a_khmer_word_inside_unspaced_text(tab: Tab, word: str) -> None:
    hrefs = material_search(tab, word)
    assert any(h.split("#")[0] == tab.served.url(KHMER_ARTICLE) for h in hrefs), hrefs


@pytest.fixture
def builtin_tab(
    chromium: Any, served_builtin_theme_site: Served, traffic: Traffic
) -> Iterator[Tab]:
    """A tab on the example site built with MkDocs' own theme."""
    context = new_context(chromium, served_builtin_theme_site, traffic)
    yield Tab(context.new_page(), served_builtin_theme_site)
    context.close()


def builtin_search(tab: Tab, query: str) -> list[str]:
    """Type into MkDocs' own search dialog; the result links (relative to the site)."""
    page = tab.open("")
    page.keyboard.press("s")
    box = page.locator("#mkdocs-search-query")
    box.wait_for()
    box.focus()
    page.keyboard.type(query, delay=20)
    page.keyboard.press("End")
    results = page.locator("#mkdocs-search-results a")
    results.first.wait_for()
    return [a.get_attribute("href") or "" for a in results.all()]


@pytest.mark.parametrize("query", ["ហ៊ុន សែន", "ហ៊ុន"])
def test_builtin_theme_search_finds_a_person_by_khmer_name(builtin_tab: Tab, query: str) -> None:
    hrefs = builtin_search(builtin_tab, query)
    assert any(h.split("#")[0].endswith("people/hun-sen/") for h in hrefs), hrefs


@pytest.mark.parametrize("word", INNER_WORDS)
def test_builtin_theme_search_finds_a_khmer_word_inside_unspaced_text(
    builtin_tab: Tab, word: str
) -> None:
    hrefs = builtin_search(builtin_tab, word)
    assert any(h.split("#")[0].endswith(KHMER_ARTICLE) for h in hrefs), hrefs
