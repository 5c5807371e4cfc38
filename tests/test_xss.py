"""Nothing injected: hostile names, texts and URLs reach every page type, the
search index and the JSON files only as text, in both themes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, write
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mkdocs_dossier.safety.sanitize import safe_url, sanitize_html
from mkdocs_dossier.site.encode import safe_json

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TITLE_BREAK = "</title><img src=x onerror=alert(1)>"

ARTICLE = f"""
---
title: {json.dumps(TITLE_BREAK + " " + SCRIPT)}
date: 2017-11-14
source: {json.dumps(SCRIPT)}
byline: {json.dumps(IMG)}
url: "https://example.org/a_(b)"
people:
  - name: {json.dumps(SCRIPT)}
    aliases: [{json.dumps(IMG)}]
    role: {json.dumps(IMG)}
    summary: "[x](javascript:alert(1))"
parties:
  - name: {json.dumps(TITLE_BREAK)}
organizations:
  - {{name: "{{{{ 7*7 }}}} <b>bold</b>", kind: "<svg onload=alert(1)>"}}
places:
  - {{name: "<iframe src=javascript:alert(1)>", kind: town, lat: 10.6, lon: 104.2}}
events:
  - name: "<script>alert(2)</script> event"
    date: 2017
    people: [{json.dumps(SCRIPT)}]
    place: "<iframe src=javascript:alert(1)>"
relations:
  - subject: {json.dumps(SCRIPT)}
    type: member
    object: {json.dumps(TITLE_BREAK)}
    role: {json.dumps(IMG)}
---
Here {SCRIPT} spoke; {IMG} too.

A [bad link](javascript:alert(1)) and [another](JaVaScRiPt:alert(1) "t"), an
![image](data:text/html,<script>alert(1)</script>) and <a href="javascript:alert(1)">raw</a>.

[ref]: &#106;avascript:alert(1)

See [ref][] and <javascript:alert(1)> and <img src=x onerror=alert(1)>.

<div onclick="alert(1)">block</div>
"""

DESCRIBED = f"""
---
name: Other Person
summary: {json.dumps(IMG)}
---
Description with {SCRIPT} and [x](javascript:alert(1)).
"""

HOSTILE_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "base", "form"}


def _signature(el) -> tuple[str, tuple[str, ...]]:
    return (el.name, tuple(sorted(el.attrs)))


#: Classes of the SVG drawings and the form the plugin itself makes (graph.py,
#: the Explore page's date range in fragments/explore.html.j2); their content
#: and attributes are still checked like every other element's.
OURS = {"svg": {"dossier-graph", "dossier-graph-legend"}, "form": {"dossier-explore-range"}}


def _ours(el) -> bool:
    return bool(OURS.get(el.name, set()) & set(el.get("class") or []))


def injected(soup: BeautifulSoup, chrome: Counter | None = None) -> list[str]:
    """Every element or attribute in the page that no template of ours or the theme made.

    ``chrome`` counts the script, svg and form elements of a page of the theme
    without dossier content; a page may have those, and no more.
    """
    found = []
    hostile: Counter = Counter()
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if attr.startswith("on"):
                found.append(f"<{el.name} {attr}>")
            if attr in (
                "href",
                "xlink:href",
                "src",
                "action",
                "data",
                "formaction",
            ) and not safe_url(text):
                found.append(f"<{el.name} {attr}={text!r}>")
        if el.name in HOSTILE_TAGS and not _ours(el):
            hostile[_signature(el)] += 1
    extra = hostile - (chrome or Counter())
    return found + [f"<{name} {' '.join(attrs)}>" for name, attrs in sorted(extra)]


#: Elements that can run or load active content whatever their attributes.
ACTIVE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "form",
    "svg",
    "style",
    "meta",
    "link",
}


def runnable(soup: BeautifulSoup) -> list[str]:
    """Handlers, unsafe URLs and active elements: what could run a script."""
    found = [f for f in injected(soup) if not f.startswith("<img")]
    found += [f"<{el.name}>" for el in soup.find_all(True) if el.name in ACTIVE_TAGS]
    img_handlers = [
        f"<img {a}>" for el in soup.find_all("img") for a in el.attrs if a.startswith("on")
    ]
    return found + img_handlers


def _chrome(site: Path) -> Counter:
    """Scripts, icons and forms of the theme's own home page, which holds no dossier content."""
    home = BeautifulSoup((site / "site/index.html").read_text(encoding="utf-8"), "lxml")
    return Counter(_signature(el) for el in home.find_all(True) if el.name in HOSTILE_TAGS)


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def xss_site(request, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp(f"xss-{request.param}")
    write(
        site / "mkdocs.yml",
        f"site_name: Test\ntheme: {request.param}\nplugins: [search, dossier]\n",
    )
    write(site / "docs/index.md", "# Home\n")
    write(site / "dossier/articles/a.md", ARTICLE)
    write(site / "dossier/people/other.md", DESCRIBED)
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def _pages(site: Path) -> list[Path]:
    return sorted((site / "site").rglob("*.html"))


def test_every_page_type_is_built(xss_site: Path) -> None:
    built = {p.relative_to(xss_site / "site").parts[0] for p in _pages(xss_site)}
    assert {"articles", "people", "parties", "organizations", "places", "events"} <= built


#: What the sanitiser rightly keeps of the article body's two images
#: (``![image](data:...)`` and twice ``<img src=x onerror=...>``): no handler, no unsafe source.
BODY_IMAGES = Counter({("img", ("alt",)): 1, ("img", ("src",)): 2})


def test_no_page_holds_injected_markup(xss_site: Path) -> None:
    chrome = _chrome(xss_site)
    problems = {}
    for page in _pages(xss_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        allowed = chrome + BODY_IMAGES if page.parent.name == "a" else chrome
        if found := injected(soup, allowed):
            problems[page.relative_to(xss_site).as_posix()] = found
    assert problems == {}


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("people/script-alert-1-script/index.html", SCRIPT),
        ("parties/title-img-src-x-onerror-alert-1/index.html", TITLE_BREAK),
        ("places/iframe-src-javascript-alert-1/index.html", "<iframe src=javascript:alert(1)>"),
        ("organizations/7-7-b-bold-b/index.html", "{{ 7*7 }} <b>bold</b>"),
        ("events/script-alert-2-script-event/index.html", "<script>alert(2)</script> event"),
        ("articles/a/index.html", f"{TITLE_BREAK} {SCRIPT}"),
    ],
)
def test_names_show_as_written_in_heading_and_title(xss_site: Path, page: str, name: str) -> None:
    soup = BeautifulSoup((xss_site / "site" / page).read_text(encoding="utf-8"), "lxml")
    assert soup.h1.get_text() == name
    assert soup.title.get_text() == f"{name} - Test"


def test_article_text_loses_scripts_and_unsafe_links_and_keeps_safe_ones(xss_site: Path) -> None:
    soup = BeautifulSoup(
        (xss_site / "site/articles/a/index.html").read_text(encoding="utf-8"), "lxml"
    )
    here = next(p for p in soup.find_all("p") if p.get_text().startswith("Here"))
    assert " ".join(here.get_text(" ").split()) == 'Here spoke; "> too.'
    assert here.find("script") is None and here.find("img").attrs == {"src": "x"}
    raw = soup.find("a", string="raw")
    assert raw is not None and raw.get("href") is None
    links = next(p for p in soup.find_all("p") if p.get_text().startswith("A bad link"))
    assert [a.get("href") for a in links.find_all("a", string=True)] == [None, None, None]
    assert soup.find("a", string="Read the original")["href"] == "https://example.org/a_(b)"
    assert soup.find("div", string="block").attrs == {}


def test_search_index_holds_no_markup_from_content(xss_site: Path) -> None:
    index = json.loads((xss_site / "site/search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text", "tags"):
            if "material" in xss_site.name and field in doc:  # Material's index holds HTML...
                values = doc[field] if isinstance(doc[field], list) else [doc[field]]
                for value in values:
                    assert injected(BeautifulSoup(value, "html.parser")) == [], doc["location"]
    titles = {d["title"] for d in index["docs"]}
    if "material" in xss_site.name:
        titles = {BeautifulSoup(t, "html.parser").get_text() for t in titles}
    # ...MkDocs' holds text that its script escapes: either way the title shows as written.
    assert SCRIPT in titles and TITLE_BREAK in titles
    if "material" in xss_site.name:
        tags = {
            BeautifulSoup(t, "html.parser").get_text()
            for d in index["docs"]
            for t in d.get("tags", [])
        }
        assert tags == {IMG}


def test_generated_json_cannot_close_a_script_element(xss_site: Path) -> None:
    for path in (xss_site / "site").rglob("*.*json"):
        if "search" in path.parts:
            continue  # MkDocs' own file, checked above
        raw = path.read_text(encoding="utf-8")
        assert "<" not in raw and "\u2028" not in raw and "\u2029" not in raw, path
        json.loads(raw)


def test_safe_json_escapes_script_end_and_line_separators() -> None:
    value = {"name": "</script><!-- \u2028\u2029 & >"}
    text = safe_json(value)
    assert not any(ch in text for ch in "<>&\u2028\u2029")
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/", True),
        ("mailto:desk@example.org", True),
        ("../people/kem-sokha.md", True),
        ("#p-1", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
    ],
)
def test_safe_url_allows_only_http_https_mailto_and_relative(url: str, safe: bool) -> None:
    assert safe_url(url) is safe


_PIECES = st.sampled_from(
    ["<", ">", "/", "script", "img", " src=x", " onerror=alert(1)", "javascript:", "data:",
     "[", "]", "(", ")", "![", "]:", "\n", "\n\n", "`", "```\n", "    ", '"', "'", "&#106;",
     "alert(1)", "<!--", "-->", "<a href=", "http://x", "*", "\\", " ", "a", ":", "<div>",
     "```", "~~~", "\\`", "``", "# ", "- ", "| a |", "\n---\n", "{: onclick=x}"]
)  # fmt: skip


#: Extensions sites enable; attr_list lets Markdown set any attribute.
_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "footnotes", "def_list"]


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
# Markdown closes a run of three backticks with a single one: the tag after is raw.
@example("```<`<a href=javascript:>`")
@example("``a`\n- b`<img src=x onerror=alert(1)>`")
@example('Some text{: onclick="alert(document.cookie)"}')
@example("<!--><img src=x onerror=alert(1)>")
def test_sanitized_markdown_never_renders_to_markup(text: str) -> None:
    rendered = sanitize_html(markdown.markdown(text, extensions=_EXTENSIONS))
    assert runnable(BeautifulSoup(rendered, "html.parser")) == []


_JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: st.lists(inner) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, indent=st.integers(0, 3), margin=st.sampled_from(["", "  "]))
def test_indented_safe_json_is_the_json_modules_text(value, indent, margin) -> None:
    """Indented, safe_json is the json module's text, escaped, each line after the margin."""
    expected = json.dumps(
        value, ensure_ascii=True, sort_keys=True, indent=indent, separators=(",", ": ")
    )
    expected = expected.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert safe_json(value, indent=indent, margin=margin) == expected.replace("\n", "\n" + margin)


def test_indented_safe_json_leaves_unusual_values_to_the_json_module() -> None:
    class Text(str):
        pass

    value = {"a": [Text("<x>"), float("nan")], 1: {"b": ()}}
    assert safe_json({"a": [Text("<x>"), float("nan")]}, indent=1, margin="  ") == (
        '{\n   "a": [\n    "\\u003cx\\u003e",\n    NaN\n   ]\n  }'
    )
    with pytest.raises(TypeError):  # mixed key types cannot be sorted, as in the json module
        safe_json(value, indent=1)


def test_attribute_lists_set_no_handler_in_articles_or_descriptions(tmp_path: Path) -> None:
    """attr_list (which Material's tags plugin turns on) lets Markdown set any attribute."""
    write(
        tmp_path / "mkdocs.yml",
        "site_name: Test\nplugins: [search, dossier]\nmarkdown_extensions: [attr_list]\n",
    )
    write(tmp_path / "docs/index.md", "# Home\n")
    handler = '{: onclick="alert(document.cookie)" style="color:red" class="kept" }'
    write(
        tmp_path / "dossier/articles/a.md",
        f"---\ntitle: A\ndate: 2017-11-14\npeople: [Kem Sokha]\n---\nSome text{handler}\n\n"
        f"Some text\n{handler}\n\n## Heading {handler}\n\n"
        "[link](https://example.org/){: onmouseover=alert(1) }\n",
    )
    write(
        tmp_path / "dossier/people/kem-sokha.md",
        f"---\nname: Kem Sokha\n---\nLeader\n{handler}\n",
    )
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    for page in ("articles/a/index.html", "people/kem-sokha/index.html"):
        soup = BeautifulSoup((tmp_path / "site" / page).read_text(encoding="utf-8"), "lxml")
        content = soup.select_one('[role="main"]')  # the page's content, not the theme's chrome
        assert runnable(content) == [], page
        kept = content.find_all(class_="kept")
        assert kept and all({"onclick", "style"}.isdisjoint(el.attrs) for el in kept), page
    article = BeautifulSoup(
        (tmp_path / "site/articles/a/index.html").read_text(encoding="utf-8"), "lxml"
    )
    assert article.find("a", string="link").attrs == {"href": "https://example.org/"}
