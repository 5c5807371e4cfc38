"""Rebuilds that reuse pages give exactly the pages a full build gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs_dossier import incremental
from mkdocs_dossier.build import load_dossier
from mkdocs_dossier.render import Renderer

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate


def _render(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(pages rendered reusing the previous build's, pages rendered from scratch).

    Both with their blocks filled in, as the plugin does in the final HTML:
    a reused page's markers must give this build's maps and drawings.
    """
    dossier = load_dossier(root)
    renderer = Renderer(dossier)
    reuse = incremental.reusable(dossier, dossier.structure)
    pages = renderer.pages(reuse)
    incremental.remember(dossier, dossier.structure, pages)
    fill = renderer.blocks.fill
    return {u: fill(t) for u, t in pages.items()}, {u: fill(t) for u, t in renderer.pages().items()}


@pytest.fixture
def story(tmp_path: Path) -> Path:
    generate.generate(30, tmp_path, seed=5)
    root = tmp_path / "dossier/dossier"
    _render(root)  # the first build, remembered
    return root


def _articles(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.md"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_body_edit_rerenders_only_touched_pages_and_matches_full_render(story: Path) -> None:
    article = _articles(story)[3]
    body = article.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    first_sentence = body.strip().split(". ")[0]
    # Drop a sentence, so mentions move and paragraph snippets change.
    _edit(article, first_sentence + ". ", "")
    reuse = incremental.reusable(load_dossier(story), load_dossier(story).structure)
    assert reuse, "a body edit should let most pages be reused"
    assert f"articles/{article.stem}.md" not in reuse
    pages, full = _render(story)
    assert pages == full


def test_removing_a_mention_updates_the_entity_that_lost_it(story: Path) -> None:
    dossier = load_dossier(story)
    article = _articles(story)[5]
    mentioned = [
        (key, m) for key, ms in dossier.mentions.items() for m in ms if m.article == article.stem
    ]
    key, mention = mentioned[-1]
    text = article.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    article.write_text(head + "\n---\n" + body.replace(mention.text, "someone"), encoding="utf-8")
    pages, full = _render(story)
    assert pages == full
    after = load_dossier(story).mentions.get(key, [])
    count = sum(m.article == article.stem for m in after)
    assert count < sum(1 for k, _ in mentioned if k == key)


def test_front_matter_edit_renders_everything_again(story: Path) -> None:
    article = _articles(story)[0]
    _edit(article, 'source: "', 'source: "The ')
    dossier = load_dossier(story)
    assert incremental.reusable(dossier, dossier.structure) == {}
    pages, full = _render(story)
    assert pages == full


def test_template_or_setting_change_renders_everything_again(story: Path, tmp_path: Path) -> None:
    dossier = load_dossier(story)
    before = incremental.settings_digest(dossier.structure, "link_mentions=first", [])
    custom = tmp_path / "overrides"
    generate._write(custom / "article.md.j2", "{{ a.title|md }}\n")
    assert incremental.settings_digest(dossier.structure, "link_mentions=all", []) != before
    assert incremental.settings_digest(dossier.structure, "link_mentions=first", [custom]) != before
