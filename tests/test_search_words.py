"""Khmer (and Chinese) words inside unspaced text are words of the search index.

The index's entries get zero-width spaces between ICU's words
(``site/search.py``); the pages are left as they are. The browser tests
(``test_browser_khmer.py``) type such a word into each theme's search.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import html, mkdocs_build, write
from test_unspaced_scripts import CHINESE, KHMER

from mkdocs_dossier.core.scripts import separate_words
from mkdocs_dossier.site.search import splits_words

ZWSP = "\u200b"
SENTENCE = "នាយករដ្ឋមន្ត្រីហ៊ុន សែនបាននិយាយនៅភ្នំពេញថា ការបោះឆ្នោតនឹងប្រព្រឹត្តទៅ។"
#: A docs page of the site's own, in Khmer: its words are separated too.
DOCS_PAGE = "# អំពី\n\nឯកសារនេះនិយាយអំពីការបោះឆ្នោតនៅកម្ពុជា។\n"


def _words(text: str) -> list[str]:
    return re.split(r"[\s\u200b]+", text)


def test_khmer_words_inside_unspaced_text_are_set_apart() -> None:
    separated = separate_words(SENTENCE)
    assert separated.replace(ZWSP, "") == SENTENCE
    words = _words(separated)
    assert "ភ្នំពេញ" in words and "ហ៊ុន" in words and "និយាយ" in words
    assert "ភ្នំពេញ" not in SENTENCE.split()


def test_chinese_words_are_set_apart_and_latin_text_is_left_alone() -> None:
    assert {"柬埔寨", "首相"} <= set(_words(separate_words("柬埔寨首相洪森在金边说")))
    latin = "Hun Sen spoke in Phnom Penh, then left – café"
    assert separate_words(latin) == latin


def test_a_separator_splits_words_at_the_zero_width_space_or_not() -> None:
    assert splits_words(r"[\s\u200b\-]+")
    assert not splits_words(r"[\s\-]+")
    assert not splits_words(None)


def _site(tmp_path: Path, theme: str, separator: str | None) -> Path:
    search = f"{{search: {{separator: '{separator}'}}}}" if separator else "search"
    write(
        tmp_path / "mkdocs.yml", f"site_name: Test\ntheme: {theme}\nplugins: [{search}, dossier]\n"
    )
    write(tmp_path / "docs/index.md", "# Home\n")
    write(tmp_path / "docs/about-km.md", DOCS_PAGE)
    write(tmp_path / "dossier/articles/km.md", KHMER)
    write(tmp_path / "dossier/articles/zh.md", CHINESE)
    return tmp_path


def _index(site: Path) -> dict[str, list[dict[str, str]]]:
    docs = json.loads((site / "site/search/search_index.json").read_text(encoding="utf-8"))["docs"]
    pages: dict[str, list[dict[str, str]]] = {}
    for doc in docs:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    return pages


def _index_words(entries: list[dict[str, str]]) -> set[str]:
    words: set[str] = set()
    for entry in entries:
        text = re.sub(r"<[^>]+>", " ", entry["text"] + " " + entry["title"])
        words.update(_words(text))
    return words


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_the_search_index_has_the_words_of_unspaced_text(tmp_path: Path, theme: str) -> None:
    site = _site(tmp_path, theme, r"[\s\u200b\-]+")
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    index = _index(site)
    article = _index_words(index["articles/km/"])
    assert {"ភ្នំពេញ", "និយាយ", "ហ៊ុន"} <= article
    assert "首相" in _index_words(index["articles/zh/"])
    assert {"និយាយ", "កម្ពុជា"} <= _index_words(index["about-km/"])
    assert "zero-width spaces" not in result.stderr
    # The pages themselves are as the editor wrote them.
    page = html(site, "articles/km/index.html")
    body = " ".join(p.get_text() for p in page.select("p"))
    assert "នៅភ្នំពេញថា" in body and ZWSP not in body


def test_a_separator_without_the_zero_width_space_is_named_in_the_log(tmp_path: Path) -> None:
    site = _site(tmp_path, "mkdocs", None)
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "set plugins: search: separator: '[\\s\\u200b\\-]+'" in result.stderr, result.stderr
