"""Every page carries a Content-Security-Policy that lets only the theme's own scripts run.

The policy is a ``<meta http-equiv>`` in each page's ``<head>``, before any
script or stylesheet; it allows scripts from the site and, by SHA-256, the
inline scripts the theme wrote, never one inside a generated page's
content. The browser side (no violation on the example, an injected script
refused) is tests/test_browser_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, write
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.livereload import LiveReloadServer

from mkdocs_dossier.safety import csp
from mkdocs_dossier.safety.csp import (
    SitePolicy,
    allow_added_scripts,
    parse_extra,
    scan,
    tile_source,
    with_policy,
)

RUNNABLE = ("", "text/javascript", "module")


def policy_of(page: BeautifulSoup) -> dict[str, list[str]]:
    """The page's policy, by directive; exactly one is expected."""
    metas = page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, metas
    out: dict[str, list[str]] = {}
    for part in metas[0]["content"].split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_scripts(page: BeautifulSoup) -> list[str]:
    """The page's inline scripts' text as a browser hashes it (CR LF read as LF)."""
    return [
        (s.string or "").replace("\r\n", "\n")
        for s in page.find_all("script")
        if not s.get("src") and s.get("type", "").lower() in RUNNABLE
    ]


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


THEME_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>var scope = "..";</script>
<script id="__config" type="application/json">{"base": ".."}</script>
<link rel="stylesheet" href="https://cdn.example.net/theme.css">
</head><body><article>{content}</article>
<script src="https://cdn.example.net/lib.js"></script>
<script>\r\nstart();\r\n</script></body></html>"""


def test_the_themes_inline_scripts_are_allowed_by_hash_and_json_is_not_hashed() -> None:
    html = THEME_PAGE.replace("{content}", "<p>text</p>")
    policy = policy_of(soup(with_policy(html, SitePolicy.make().for_page(html))))
    # The browser hashes the text with its CR LF read as LF.
    assert policy["script-src"] == [
        "'self'",
        sha256('var scope = "..";'),
        sha256("\nstart();\n"),
        "https://cdn.example.net",
    ]
    assert "https://cdn.example.net" in policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_a_script_inside_the_dossier_content_is_never_allowed() -> None:
    content = '<p>x</p><script>alert(1)</script><script src="https://evil.example/x.js"></script>'
    html = THEME_PAGE.replace("{content}", content)
    policy = policy_of(soup(with_policy(html, SitePolicy.make().for_page(html, content))))
    assert sha256("alert(1)") not in policy["script-src"]
    assert not any("evil.example" in s for s in policy["script-src"])
    assert sha256('var scope = "..";') in policy["script-src"]


def test_a_docs_pages_own_script_stays_allowed_beside_the_blocks_filled_in() -> None:
    own = "<p>lead</p><script>ownerWidget();</script><!--dossier-block at-a-glance-->"
    filled = own.replace("<!--dossier-block at-a-glance-->", "<script>alert(1)</script>")
    html = THEME_PAGE.replace("{content}", filled)
    policy = policy_of(soup(with_policy(html, SitePolicy.make().for_page(html, filled, own))))
    assert sha256("ownerWidget();") in policy["script-src"]
    assert sha256("alert(1)") not in policy["script-src"]


def test_the_policy_comes_first_in_head_after_the_charset() -> None:
    html = THEME_PAGE.replace("{content}", "")
    head = soup(with_policy(html, SitePolicy.make().for_page(html))).head
    first = [tag for tag in head.children if getattr(tag, "name", None)][:2]
    assert first[0].get("charset") == "utf-8"
    assert first[1].get("http-equiv") == "Content-Security-Policy"


@pytest.mark.parametrize(
    ("template", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://tiles.example.org:8080/{z}/{x}/{y}.png", "http://tiles.example.org:8080"),
        (None, None),
    ],
)
def test_map_tiles_are_allowed_from_their_server_only(template: str | None, source: str) -> None:
    assert tile_source(template) == source


def test_a_site_owners_sources_join_their_directives() -> None:
    policy = SitePolicy.make(
        None, "script-src https://stats.example.org; connect-src https://stats.example.org"
    ).directives
    assert policy["script-src"] == ("'self'", "https://stats.example.org")
    assert policy["connect-src"] == ("'self'", "https://stats.example.org")
    # A directive the base policy lacks starts from default-src.
    assert SitePolicy.make(None, "media-src https://v.example").directives["media-src"] == (
        "'self'",
        "https://v.example",
    )


@pytest.mark.parametrize(
    "extra", ["frame-ancestors 'none'", "report-uri /r", "script-src a, b", "Script_src x"]
)
def test_a_policy_addition_a_meta_cannot_carry_or_misspelt_is_refused(extra: str) -> None:
    with pytest.raises(ValueError, match="; "):
        parse_extra(extra)


def test_the_live_reload_script_mkdocs_serve_adds_is_allowed() -> None:
    html = THEME_PAGE.replace("{content}", "")
    built = with_policy(html, SitePolicy.make().for_page(html)).encode()
    # MkDocs' own injector, as the served page passes through it.
    served = LiveReloadServer._inject_js_into_html(object(), built, 1)  # type: ignore[arg-type]
    page = soup(served.decode())
    added = inline_scripts(page)[-1]
    assert "livereload" in added
    policy = policy_of(soup(allow_added_scripts(built, served).decode()))
    assert set(map(sha256, inline_scripts(page))) <= set(policy["script-src"])


# -- built sites ----------------------------------------------------------------

ARTICLE = """---
title: Detentions
date: 2017-11-14
people:
  - {name: Kem Sokha}
places:
  - {name: Kampong Trach, kind: district, lat: 10.56, lon: 104.47}
---
Kem Sokha was held near Kampong Trach.
"""


def _site(tmp_path: Path, theme: str, plugin: str = "") -> Path:
    write(
        tmp_path / "mkdocs.yml",
        f"site_name: Test\ntheme: {theme}\nplugins:\n  - search\n  - dossier:{plugin or ' {}'}\n",
    )
    write(tmp_path / "docs/index.md", "# Home\n\n<script>ownerWidget();</script>\n")
    write(tmp_path / "dossier/articles/a.md", ARTICLE)
    return tmp_path


def _pages(site: Path) -> list[Path]:
    return sorted((site / "site").rglob("*.html"))


@pytest.mark.parametrize("theme", ["material", "{name: mkdocs, highlightjs: false}"])
def test_every_page_of_both_themes_allows_exactly_its_own_inline_scripts(
    tmp_path: Path, theme: str
) -> None:
    site = _site(tmp_path, theme)
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    pages = _pages(site)
    assert len(pages) >= 8 and any(p.name == "404.html" for p in pages)
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        policy = policy_of(page)
        hashes = [s for s in policy["script-src"] if s.startswith("'sha256-")]
        assert sorted(hashes) == sorted(set(map(sha256, inline_scripts(page)))), path
        assert "https://tile.openstreetmap.org" in policy["img-src"]
        assert "'unsafe-inline'" not in policy["script-src"]
        head = page.head
        assert head is not None
        meta = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert not meta.find_all_previous(["script", "link", "style"]), path
    # The site owner's own docs/ page keeps its script.
    home = BeautifulSoup((site / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert sha256("ownerWidget();") in policy_of(home)["script-src"]


def test_the_policy_is_off_with_csp_false_and_extended_with_csp_extra(tmp_path: Path) -> None:
    off = _site(tmp_path / "off", "mkdocs", "\n      csp: false")
    assert mkdocs_build(off).returncode == 0
    for path in _pages(off):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"}), path
    extended = _site(
        tmp_path / "on", "mkdocs", "\n      csp_extra: 'script-src https://stats.example.org'"
    )
    assert mkdocs_build(extended).returncode == 0
    page = BeautifulSoup((extended / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "https://stats.example.org" in policy_of(page)["script-src"]


def test_a_mistaken_csp_extra_fails_the_build_saying_what_to_do(tmp_path: Path) -> None:
    site = _site(tmp_path, "mkdocs", "\n      csp_extra: \"frame-ancestors 'none'\"")
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "csp_extra: 'frame-ancestors' has no effect" in result.stderr
    assert "set it in the web server's Content-Security-Policy header" in result.stderr


_PIECES = [
    "<script>",
    "<SCRIPT type=module>",
    "<script src='//cdn.example.org/a.js'>",
    "<script a='>'>",
    "</script>",
    "</SCRIPT \n>",
    "</scriptx>",
    "<!--",
    "-->",
    "<link rel=stylesheet href=https://fonts.googleapis.com/css>",
    "x = 1;",
    "\r\n",
    "'",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_pages_scripts_are_read_as_the_one_pattern_of_the_html_parser_reads_them(
    html: str,
) -> None:
    """A script's text runs to the first ``</script`` (or the end), as one lazy pattern reads it.

    The scan finds a script's end apart from its start tag (a lazy ``(.*?)``
    tried the end tag at every character); what it finds must stay what that
    pattern found: comments hide scripts, an unclosed one runs to the end.
    """
    attrs = r"""((?:"[^"]*"|'[^']*'|[^'">])*)"""
    whole = re.compile(
        rf"<!--.*?(?:-->|\Z)|<script\b{attrs}>(.*?)(?:</script\s*>|\Z)|<link\b{attrs}>",
        re.IGNORECASE | re.DOTALL,
    )
    found, at = csp.Found(), 0
    while (start := csp._START.search(html, at)) is not None:
        match = whole.match(html, start.start())
        if match is None:
            at = start.end()
            continue
        at = match.end()
        script, body, link = match.groups()
        if script is not None:
            attributes = csp._attributes(script)
            if "src" in attributes:
                found.script_origins.append(csp._origin(attributes["src"]))
            elif attributes.get("type", "").strip().lower() in csp._RUNNABLE:
                found.inline.append(csp.InlineScript(csp._as_browser_reads(body)))
        elif link is not None:
            attributes = csp._attributes(link)
            if "stylesheet" in attributes.get("rel", "").lower().split():
                found.style_origins.append(csp._origin(attributes.get("href", "")))
    assert scan(html) == found
