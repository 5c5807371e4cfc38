"""Shared fixtures: small dossiers written into tmp_path, and site builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
#: Fixtures for tests in a real browser: served site, Chromium, tabs (tests/browser_support.py).
pytest_plugins = ["browser_support"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """A site folder with mkdocs.yml, docs/index.md and the given dossier files."""

    def make(files: dict[str, str], theme: str = "mkdocs", extra: str = "") -> Path:
        write(
            tmp_path / "mkdocs.yml",
            f"site_name: Test\ntheme: {theme}\nplugins: [search, dossier]\n{extra}",
        )
        write(tmp_path / "docs/index.md", "# Home\n")
        for name, text in files.items():
            write(tmp_path / name, text)
        return tmp_path

    return make


def mkdocs_build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def built_site(make_site: Callable[..., Path]) -> Callable[..., Path]:
    """A site made as ``make_site`` makes it and built with --strict (or not): it must build."""

    def build(
        files: dict[str, str], theme: str = "mkdocs", extra: str = "", strict: bool = True
    ) -> Path:
        site = make_site(files, theme=theme, extra=extra)
        result = mkdocs_build(site, *(["--strict"] if strict else []))
        assert result.returncode == 0, result.stderr
        return site

    return build


def arrest_article(kem_sokha: str = "", more: str = "", body: str = "") -> str:
    """The small test article: Kem Sokha of the CNRP arrested, reported by RFA on 14 November 2017.

    ``kem_sokha``: more of his front matter lines (``role: President``);
    ``more``: front matter after his (more people, ``places:``), before the
    party's; ``body``: the text after "Kem Sokha, leader of the CNRP, was
    arrested" (its full stop, more paragraphs).
    """
    head = textwrap.dedent(
        """
        ---
        title: Test article
        date: 2017-11-14
        source: RFA
        people:
          - name: Kem Sokha
            party: CNRP
        """
    )
    person = "".join(f"    {line}\n" for line in textwrap.dedent(kem_sokha).splitlines() if line)
    party = "parties:\n  - {name: Cambodia National Rescue Party, id: cnrp, aliases: [CNRP]}\n"
    text = "Kem Sokha, leader of the CNRP, was arrested"
    extra = textwrap.dedent(more).lstrip("\n")
    return f"{head}{person}{extra}{party}---\n{text}{body}"


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / path).read_text(encoding="utf-8"), "lxml")


EXAMPLE = ("mkdocs.yml", "docs", "dossier", "seeds")


def copy_example(dest: Path, source: Path = ROOT) -> Path:
    """Copy the example project (config, docs, dossier, seeds) from ``source`` into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example dossier of this repository, built once with --strict."""
    out = copy_example(tmp_path_factory.mktemp("example"))
    result = mkdocs_build(out, "--strict")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def example_site_builtin_theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example dossier on MkDocs' own ``mkdocs`` theme, built once with --strict."""
    import yaml

    out = copy_example(tmp_path_factory.mktemp("example-builtin-theme"))
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    # highlightjs: false, as README says: the theme would load it from a CDN.
    config["theme"] = {"name": "mkdocs", "highlightjs": False}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = mkdocs_build(out, "--strict")
    assert result.returncode == 0, result.stderr
    return out


def section(page: BeautifulSoup, heading_id: str) -> list:
    """The elements after the heading with this id, up to the next heading of its level."""
    heading = page.find(id=heading_id)
    assert heading is not None, f"no heading #{heading_id}"
    out = []
    for el in heading.find_next_siblings():
        if el.name == heading.name:
            break
        out.append(el)
    return out


def content(page: BeautifulSoup):
    """The page's own content, without the theme's nav, header and footer."""
    found = page.select_one("article.md-content__inner") or page.select_one("[role=main]")
    assert found is not None, "no content element"
    return found
