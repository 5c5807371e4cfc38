"""Dirty builds of a site with Khmer text, and of a site whose language changes.

The search index separates the words of unspaced Khmer text (``site/search.py``);
a dirty build keeps the entries of the pages it does not make from the last
index, so these must be what a clean build makes of them. A change of the
site's language changes the labels of every generated page: the dirty build
after it must make them all again. Each dirty build of a serving process is
compared file for file (search index included) with a clean build of the
same sources (``test_dirty.py``'s harness).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from test_dirty import (
    _SERVE_DIRTY,
    _clean_build,
    _differences,
    _project,
    _replace_body,
    _serving,
)

KHMER = ROOT / "dossier" / "articles" / "rfa-2017-11-14-commune-chiefs-km.md"
#: A Khmer sentence whose words stand without spaces: "in Phnom Penh" inside it.
SENTENCE = "\n\nមន្ត្រីបាននិយាយនៅភ្នំពេញថាការបោះឆ្នោតនឹងប្រព្រឹត្តទៅ។\n"
SEPARATOR = "  - search:\n      separator: '[\\s\\u200b\\-]+'\n"


def _khmer_project(tmp_path: Path, theme: str) -> tuple[Path, Path, list[Path]]:
    """The benchmark's dossier with the example's Khmer article, on ``theme``;
    the file holding the theme's settings.

    With MkDocs' own theme, they are in a file mkdocs.yml inherits
    (``INHERIT``), as sites sharing settings do: a change there is a change
    of mkdocs.yml's configuration, though not of its text.
    """
    project, articles = _project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - search\n", SEPARATOR)
    holder = config
    if theme == "mkdocs":
        theme_block = "theme:\n  name: material\n"
        assert theme_block in text
        text = "INHERIT: base.yml\n" + text.replace(theme_block, "")
        holder = project / "base.yml"
        holder.write_text("theme:\n  name: mkdocs\n  highlightjs: false\n", encoding="utf-8")
    config.write_text(text, encoding="utf-8")
    khmer = project / "dossier" / "articles" / KHMER.name
    khmer.write_text(KHMER.read_text(encoding="utf-8"), encoding="utf-8")
    return project, holder, [khmer, *articles]


def _set_language(config: Path, key: str, value: str | None) -> None:
    """Set (or remove) ``theme.<key>``, the site's language, in the file holding the theme."""
    lines = [
        line
        for line in config.read_text(encoding="utf-8").splitlines()
        if not line.startswith(f"  {key}:")
    ]
    if value is not None:
        lines.insert(lines.index("theme:") + 1, f"  {key}: {value}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _set_plugin_language(config: Path, value: str) -> None:
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - dossier\n", f"  - dossier:\n      language: {value}\n"), encoding="utf-8"
    )


def _index_words(site: Path) -> set[str]:
    """The words of the search index, split at zero-width spaces and spaces."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {w for d in docs for w in d["text"].replace("\u200b", " ").split()}


def _serve_and_compare(
    tmp_path: Path, project: Path, edits: list[tuple[str, Callable[[], object]]]
) -> dict[str, dict[str, bytes]]:
    """Run the edits in a serving process; after each, its site equals a clean build's.

    Returns the served site's article pages after each step, by step name.
    """
    served = tmp_path / "served"
    seen: dict[str, dict[str, bytes]] = {}
    with _serving(_SERVE_DIRTY, project, served) as serve:
        for i, (what, edit) in enumerate([("first build", lambda: None), *edits]):
            if i:
                edit()
            assert serve.build(first=not i) == "built", what
            clean = _clean_build(project, tmp_path / f"clean-{i}")
            assert _differences(served, clean) == [], f"after {what}"
            seen[what] = {
                p.relative_to(served).as_posix(): p.read_bytes()
                for p in served.glob("*/*/index.html")
            }
            seen[what]["search"] = (served / "search" / "search_index.json").read_bytes()
    return seen


@pytest.mark.slow
@pytest.mark.parametrize(("theme", "key"), [("material", "language"), ("mkdocs", "locale")])
def test_dirty_builds_of_a_khmer_site_equal_clean_builds(
    tmp_path: Path, theme: str, key: str
) -> None:
    """A Khmer sentence added, an English article edited, the site's language
    set to Khmer, then the plugin's to French: after each, the dirty build's
    site (its search index with the Khmer words apart) is a clean build's."""
    project, holder, articles = _khmer_project(tmp_path, theme)
    khmer, english = articles[0], articles[4]
    config = project / "mkdocs.yml"
    edits: list[tuple[str, Callable[[], object]]] = [
        ("Khmer sentence", lambda: _replace_body(khmer, "\n\n", SENTENCE + "\n")),
        ("English edit", lambda: _replace_body(english, ". ", ". Then, ")),
        ("site language km", lambda: _set_language(holder, key, "km")),
        ("plugin language fr", lambda: _set_plugin_language(config, "fr")),
    ]
    seen = _serve_and_compare(tmp_path, project, edits)
    # The index has the word inside the new sentence on its own, as a reader types it.
    served = tmp_path / "served"
    assert "ភ្នំពេញ" in _index_words(served)
    assert "ភ្នំពេញ" not in SENTENCE.split()
    # Every generated page showed its labels in the new language (so the
    # dirty build had to make each again, which the comparison checked).
    for before, after in [
        ("English edit", "site language km"),
        ("site language km", "plugin language fr"),
    ]:
        unchanged = [p for p in seen[before] if seen[before][p] == seen[after].get(p)]
        assert unchanged == [], f"{after}: pages as before: {unchanged[:5]}"
