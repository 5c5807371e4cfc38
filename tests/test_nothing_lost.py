"""Nothing lost: every annotation of a generated dossier ends up on the site,
attributed to the article that made it (count annotations in, attributions out)."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dossier.core.model import slugify
from mkdocs_dossier.core.resolve import RESERVED_IDS
from mkdocs_dossier.pipeline import load_dossier
from mkdocs_dossier.site.render import Renderer

_WORD = st.from_regex(r"[A-Z][a-z]{2,7}", fullmatch=True)
_NAME = st.builds(lambda a, b: f"{a} {b}" if b else a, _WORD, st.one_of(st.none(), _WORD))
_ROLE = st.text(alphabet="abc XYZ*_<>&#[]()-.!|`\\'\"", min_size=1, max_size=20).filter(
    lambda t: t.strip() == t and t.strip() not in ("", "~", "null") and not t.startswith(("-", "#"))
)
FOLDERS = ("people", "parties", "places")


@st.composite
def dossiers(draw: st.DrawFn) -> list[dict]:
    """Articles as front-matter dicts; names are unique across types by their slug."""
    names = draw(
        st.lists(_NAME, min_size=1, max_size=8, unique_by=lambda n: slugify(n)).filter(
            lambda ns: not any(slugify(n) in RESERVED_IDS for n in ns)
        )
    )
    typed = {n: draw(st.sampled_from(FOLDERS)) for n in names}
    articles = []
    for number in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
        front: dict = {"title": f"Article {number}", "date": f"2017-11-{10 + number}"}
        for name in chosen:
            item: dict = {"name": name}
            if typed[name] == "people" and draw(st.booleans()):
                item["role"] = draw(_ROLE)
            if typed[name] == "places":
                # Located, so the map layer has nothing to report about them.
                item["lat"], item["lon"] = 10.5 + 0.01 * len(front), 104.5
                if draw(st.booleans()):
                    item["kind"] = "town"
            front.setdefault(typed[name], []).append(item)
        mentioned = draw(st.lists(st.sampled_from(names), max_size=4))
        body = " ".join(f"{n} spoke." for n in mentioned) or "No names."
        articles.append({"front": front, "body": body, "mentioned": mentioned, "types": typed})
    return articles


def _write(root: Path, articles: list[dict]) -> None:
    for number, article in enumerate(articles):
        path = root / "articles" / f"article-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(article["front"], allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front}---\n{article['body']}\n", encoding="utf-8")


def _cited_articles(page: str) -> set[str]:
    """Articles a page links to: from its Markdown headings and its HTML sections."""
    markdown = re.findall(r"\(\.\./articles/(article-\d+)\.md", page)
    sections = BeautifulSoup(page, "html.parser").select('a[href*="articles/article-"]')
    linked = [re.search(r"articles/(article-\d+)/", a["href"]) for a in sections]
    return set(markdown) | {m[1] for m in linked if m}


def _pages(dossier: Any) -> dict[str, str]:
    """Every generated page's Markdown with its sections written in, as readers get them."""
    renderer = Renderer(dossier)
    return {uri: renderer.texts.fill(text) for uri, text in renderer.pages().items()}


@settings(max_examples=40, deadline=None)
@given(dossiers())
def test_every_annotation_is_on_an_entity_page_attributed(articles: list[dict]) -> None:
    annotations_in: Counter = Counter()
    mentions_in = set()
    facts_in = []
    annotated = {item["name"] for a in articles for f in FOLDERS for item in a["front"].get(f, [])}
    for number, article in enumerate(articles):
        for name in set(article["mentioned"]) & annotated:
            mentions_in.add((f"{article['types'][name]}/{slugify(name)}", f"article-{number}"))
        for folder in FOLDERS:
            for item in article["front"].get(folder, []):
                key = f"{folder}/{slugify(item['name'])}"
                annotations_in[key, f"article-{number}"] += 1
                if "role" in item:
                    facts_in.append((key, item["role"], f"article-{number}"))
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), articles)
        dossier = load_dossier(Path(tmp))
    assert dossier.problems == []
    pages = _pages(dossier)
    attributions_out = {
        (key, article)
        for key in dossier.entities
        for article in _cited_articles(pages[f"{key}.md"])
    }
    # Every annotation and every mention in a text is attributed, and nothing else is.
    assert sum(annotations_in.values()) >= len(annotations_in)
    assert attributions_out == set(annotations_in) | mentions_in
    for key, role, article in facts_in:
        rows = [
            tr.find_all("td")
            for tr in BeautifulSoup(pages[f"{key}.md"], "html.parser").select("tr")
        ]
        roles = [row for row in rows if row and row[0].get_text() == "Role"]
        assert any(
            # A role that sources state differently is marked as such.
            re.fullmatch(
                rf"{re.escape(role)}( \((sources differ|as of [^)]+)\))?", row[1].get_text()
            )
            and row[2].find("a", href=re.compile(f"/articles/{article}/(#|$)"))
            for row in roles
        ), (key, role, roles)


@settings(max_examples=20, deadline=None)
@given(dossiers())
def test_every_article_and_entity_has_its_page(articles: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), articles)
        dossier = load_dossier(Path(tmp))
    pages = Renderer(dossier).pages()
    names = {item["name"] for a in articles for f in FOLDERS for item in a["front"].get(f, [])}
    assert len(dossier.entities) == len(names)
    assert {f"articles/article-{n}.md" for n in range(len(articles))} <= set(pages)
    assert {f"{key}.md" for key in dossier.entities} <= set(pages)
