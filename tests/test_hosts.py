"""The dossier's core under other hosts than MkDocs.

ProperDocs (the maintained continuation of MkDocs 1.x) runs the plugin
unchanged and must build the example as MkDocs does. ``dossier render``
writes the pages as Markdown for a generator without the plugin: MkDocs
alone must build from it the same pages, with every link and anchor valid.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import ROOT, copy_example, write
from test_reproducible import broken_links

from mkdocs_dossier.cli import main

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


# -- dossier render + a plain MkDocs build -----------------------------------


def _plain_config(site: Path, docs_dir: str, prefix: str = "", nav: bool = True) -> Path:
    """The example's mkdocs.yml without the plugin: only search, the assets it printed."""
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    config["docs_dir"] = docs_dir
    css = ["dossier.css"]  # dossier.js brings Leaflet to pages with a map
    js = ["dossier.js"]
    config["extra_css"] = [f"{prefix}assets/dossier/{name}" for name in css]
    config["extra_javascript"] = [f"{prefix}assets/dossier/{name}" for name in js]
    # As `dossier render` prints it (a Python name, which yaml.safe_dump cannot write).
    config["markdown_extensions"] = [{"toc": {"slugify": "SLUGIFY"}}]
    # What `dossier render` prints, after the site's own (the pages for editors).
    config["not_in_nav"] = config.get("not_in_nav", "") + f"/{prefix}*/*.md\n!/{prefix}*/index.md\n"
    if not nav:
        del config["nav"]
    path = site / "plain.yml"
    text = yaml.safe_dump(config, allow_unicode=True)
    text = text.replace("SLUGIFY", "!!python/name:mkdocs_dossier.site.anchors.slugify")
    path.write_text(text, encoding="utf-8")
    return path


def _main_in(site: Path, *args: str) -> int:
    """The ``dossier`` command run in ``site``, as an editor runs it there."""
    cwd = Path.cwd()
    os.chdir(site)
    try:
        return main(list(args))
    finally:
        os.chdir(cwd)


def _render(site: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    status = _main_in(site, "render", *args)
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def _content(path: Path) -> lxml.html.HtmlElement:
    (found,) = lxml.html.parse(path).xpath("//article[contains(@class, 'md-content__inner')]")
    return found


def _shown(element: lxml.html.HtmlElement) -> tuple[str, list[str], list[str]]:
    """What a reader gets of a page: its words, its links and its anchors.

    Whitespace between blocks and the search-only ``data-search-exclude``
    (which the plugin adds after Markdown) are not part of it.
    """
    words = " ".join(element.text_content().split())
    links = [a.get("href") for a in element.iter("a") if a.get("href")]
    ids = [el.get("id") for el in element.iter() if el.get("id")]
    return words, links, ids


def test_render_with_docs_then_plain_mkdocs_builds_the_plugins_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])  # the exports' date
    printed = _render(site, "--with-docs", "rendered", capsys=capsys)
    assert "  - assets/dossier/dossier.css" in printed.splitlines()
    assert "  !/*/index.md" in printed.splitlines()
    with_plugin = _build("mkdocs", site, "with-plugin")
    plain = _build("mkdocs", site, "plain", "-f", str(_plain_config(site, "rendered")))
    files = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*") if p.is_file())
    expected = sorted(
        p.relative_to(with_plugin).as_posix() for p in with_plugin.rglob("*") if p.is_file()
    )
    assert files == expected
    pages = [name for name in files if name.endswith(".html") and name != "404.html"]
    assert len(pages) > 40
    differ = [
        name
        for name in pages
        if _shown(_content(plain / name)) != _shown(_content(with_plugin / name))
    ]
    assert differ == []
    for name in ("exports/dossier.json", "exports/ftm.jsonl", "places.geojson"):
        assert (plain / name).read_bytes() == (with_plugin / name).read_bytes()
    assert broken_links(plain, "/cambodia-dossier/") == []


def test_render_into_docs_then_plain_mkdocs_has_every_generated_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``dossier render docs/_dossier``: the pages under the folder's path, links valid."""
    site = copy_example(tmp_path)
    with_plugin = _build("mkdocs", site, "with-plugin")
    for page in (site / "docs").glob("*.md"):
        page.unlink()  # the hand-written pages link to the generated ones at the top
    write(site / "docs/index.md", "# Home\n\n[People](_dossier/people/index.md)\n")
    _render(site, "docs/_dossier", capsys=capsys)
    config = _plain_config(site, "docs", prefix="_dossier/", nav=False)
    plain = _build("mkdocs", site, "plain", "-f", str(config))
    generated = {
        p.relative_to(with_plugin).as_posix()
        for p in with_plugin.glob("*/**/index.html")
        if p.relative_to(with_plugin).parts[0] not in {"editors", "exports", "benchmarks", "search"}
    }
    rendered = {
        p.relative_to(plain / "_dossier").as_posix() for p in plain.glob("_dossier/**/index.html")
    }
    assert len(generated) > 40
    assert rendered == generated
    assert broken_links(plain, "/cambodia-dossier/") == []


def test_render_refuses_an_editors_script_with_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "mkdocs.yml", "site_name: Test\nplugins: [search, dossier]\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    write(
        tmp_path / "dossier/articles/a.md",
        """
        ---
        title: A
        date: 2017-11-14
        source: Radio Free Asia
        ---
        Text <script>alert(1)</script> and <b onclick="alert(2)">bold</b>.
        """,
    )
    status = _main_in(tmp_path, "render", "out")
    err = capsys.readouterr().err
    assert status == 1
    assert "dossier/articles/a.md:6:1: HTML that the plugin's cleaner removes" in err
    assert "b onclick" in err and "script" in err
    assert not (tmp_path / "out").exists()


def test_render_refuses_to_replace_the_docs_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy_example(tmp_path)
    status = _main_in(site, "render", "docs")
    assert status == 2
    assert "would replace docs_dir" in capsys.readouterr().err
    assert (site / "docs/index.md").is_file()


def test_generated_pages_are_objects_with_source_url_and_markdown() -> None:
    """The public API: a dossier's pages without any site generator."""
    import mkdocs_dossier
    from mkdocs_dossier.core.options import Options
    from mkdocs_dossier.site.render import Renderer

    dossier = mkdocs_dossier.load_dossier(ROOT / "dossier")
    for directory_urls, url in ((True, "people/kem-sokha/"), (False, "people/kem-sokha.html")):
        renderer = Renderer(dossier, Options(directory_urls=directory_urls))
        pages = {p.src_uri: p for p in mkdocs_dossier.generated_pages(renderer, directory_urls)}
        page = pages["people/kem-sokha.md"]
        assert isinstance(page, mkdocs_dossier.Page)
        assert page.url == url
        assert page.markdown.startswith('---\ntitle: "Kem Sokha"\n')
        assert not page.in_nav and pages["people/index.md"].in_nav
    index = pages["people/index.md"]
    assert (index.url, index.markdown.splitlines()[0]) == ("people/index.html", "---")
    own = {f"{key}.md" for key in dossier.entities} | {f"articles/{a}.md" for a in dossier.articles}
    indexes = {
        "articles",
        "disputed",
        "events",
        "explore",
        "graph",
        "organizations",
        "parties",
        "people",
    }
    assert set(pages) - own == {f"{name}/index.md" for name in indexes | {"places"}}
    assert own <= set(pages)
