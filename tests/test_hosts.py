"""The dossier's core under other hosts than MkDocs.

ProperDocs (the maintained continuation of MkDocs 1.x) runs the plugin
unchanged and must build the example as MkDocs does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT, copy_example, write

pytestmark = pytest.mark.slow

EPOCH = {"SOURCE_DATE_EPOCH": "1510617600", "PYTHONHASHSEED": "0"}


def _build(tool: str, site: Path, out: str, *args: str) -> Path:
    env = {**os.environ, **EPOCH, "PYTHONPATH": str(ROOT / "plugins")}
    command = [sys.executable, "-m", tool, "build", "--strict", "-d", out, *args]
    result = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return site / out


def _page(path: Path) -> bytes:
    """A built page as parsed, without the generator's name (the one thing hosts differ in)."""
    tree = lxml.html.fromstring(path.read_bytes())
    for meta in tree.xpath("//meta[@name='generator']"):
        meta.getparent().remove(meta)
    return lxml.html.tostring(tree, encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): _page(p) if p.suffix == ".html" else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_properdocs_builds_the_example_as_mkdocs_does(tmp_path: Path) -> None:
    site = copy_example(tmp_path)
    properdocs = _build("properdocs", site, "properdocs", "-f", "mkdocs.yml")
    mkdocs = _build("mkdocs", site, "mkdocs")
    generator = lxml.html.parse(properdocs / "index.html").xpath("//meta[@name='generator']")
    assert "ProperDocs" in generator[0].get("content")  # it was ProperDocs that built it
    from_properdocs, from_mkdocs = _files(properdocs), _files(mkdocs)
    assert len([name for name in from_properdocs if name.endswith(".html")]) > 30
    assert sorted(from_properdocs) == sorted(from_mkdocs)
    assert [name for name in from_mkdocs if from_properdocs[name] != from_mkdocs[name]] == []


def test_properdocs_search_index_holds_titles_as_written(tmp_path: Path) -> None:
    """ProperDocs' own search stores text, as MkDocs' does: the title is not escaped twice."""
    write(tmp_path / "mkdocs.yml", "site_name: Test\ntheme: mkdocs\nplugins: [search, dossier]\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    write(
        tmp_path / "dossier/articles/a.md",
        """
        ---
        title: Fish & chips <b>now</b>
        date: 2017-11-14
        source: Radio Free Asia
        people:
          - name: Tom & Jerry
        ---
        Tom & Jerry spoke.
        """,
    )
    titles = {}
    for tool in ("mkdocs", "properdocs"):
        built = _build(tool, tmp_path, tool, "-f", "mkdocs.yml")
        index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
        titles[tool] = {d["location"]: d["title"] for d in index["docs"]}
    assert titles["properdocs"]["people/tom-jerry/"] == "Tom & Jerry"
    assert titles["properdocs"]["articles/a/"] == "Fish & chips <b>now</b>"
    assert titles["properdocs"] == titles["mkdocs"]
