"""Protected people and embargoes: what an editor withholds never reaches the site."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from conftest import html, mkdocs_build, write

from mkdocs_dossier.pipeline import Options, load_dossier
from mkdocs_dossier.safety.leaks import find_leaks

REAL = ["Jane Roe", "Roe"]

PROTECTED = """
---
title: Jane Roe speaks out
date: 2017-11-14
source: RFA
people:
  - name: Jane Roe
    aliases: [Roe]
    protected: true
    display: Commune official A
    role: commune chief
  - name: Kem Sokha
    summary: Met Jane Roe in 2016.
places:
  - {name: Kampot, kind: town, lat: 10.61, lon: 104.18, summary: Where Jane Roe lives.}
events:
  - name: Meeting in Kampot
    date: 2016
    place: Kampot
    people: [Jane Roe, Kem Sokha]
relations:
  - {subject: Roe, type: tie, object: Kem Sokha, role: adviser to Jane Roe}
---
Jane Roe said Kem Sokha was right.

Later, ROE left the commune, and [[Jane Roe]] was not seen again.
"""

SECOND = """
---
title: A later report
date: 2017-11-20
people:
  - Jane Roe
---
Nobody has heard from Jane Roe since.
"""


BINARY = {".gz", ".png", ".jpg", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".webp", ".gif"}


def _site_text(site: Path) -> str:
    """Every built file's text (pages, search index, map data, exports, ...) and
    every HTML page's visible text, case-folded."""
    parts = []
    for path in sorted((site / "site").rglob("*")):
        if path.is_file() and path.suffix not in BINARY:
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append(text)
            if path.suffix == ".html":
                parts.append(html(site, path.relative_to(site / "site").as_posix()).get_text(" "))
    return " ".join(" ".join(parts).split()).casefold()


def test_protected_person_gets_an_id_from_the_pseudonym(tmp_path: Path) -> None:
    write(tmp_path / "dossier/articles/a.md", PROTECTED)
    write(tmp_path / "dossier/articles/b.md", SECOND)
    dossier = load_dossier(tmp_path / "dossier")
    assert not dossier.problems
    person = dossier.entities["people/commune-official-a"]
    assert (person.name, person.title, person.aliases) == ("Commune official A",) * 2 + ([],)
    assert {c.article for c in person.citations} == {"a", "b"}
    assert dossier.protected == {"people/commune-official-a": ["Jane Roe", "Roe"]}
    assert "Roe" not in dossier.articles["a"].body + dossier.articles["b"].text
    assert dossier.articles["a"].title == "Commune official A speaks out"


def test_protected_id_spelling_the_name_is_refused(tmp_path: Path) -> None:
    write(
        tmp_path / "dossier/articles/a.md",
        """
        ---
        title: T
        date: 2017
        people:
          - {name: Jane Roe, id: roe-c, protected: true, display: Official A}
          - {name: Sam Sary, protected: true}
        ---
        """,
    )
    problems = [str(p) for p in load_dossier(tmp_path / "dossier").problems]
    assert problems == [
        "dossier/articles/a.md:5:26: the id 'roe-c' of a protected person spells part of "
        "the real name; remove 'id:' (the display name gives the id) or choose an unrelated id",
        "dossier/articles/a.md:6:33: the protected person has no 'display:'; add 'display:' "
        "with the pseudonym to publish, e.g. 'Commune official A'",
    ]


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_real_name_appears_nowhere_in_the_built_site(make_site, theme: str) -> None:
    site = make_site(
        {"dossier/articles/a.md": PROTECTED, "dossier/articles/b.md": SECOND}, theme=theme
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    text = _site_text(site)
    assert "commune official a" in text
    for name in REAL:
        assert re.search(rf"(?<!\w){name.casefold()}(?!\w)", text) is None, name
    page = html(site, "people/commune-official-a/index.html")
    assert page.h1.get_text() == "Commune official A"
    # The person's page carries map data (scanned above with everything else).
    maps = [el["data-map"] for el in page.select("[data-map]")]
    assert maps and all("meeting in kampot" in m.casefold() for m in maps)
    place = html(site, "places/kampot/index.html").get_text(" ")
    assert "Where Commune official A lives." in " ".join(place.split())
    article = html(site, "articles/a/index.html")
    links = [a.get_text() for a in article.select("p a[href*=commune-official-a]")]
    assert links and set(links) == {"Commune official A"}


def test_name_planted_in_a_docs_page_fails_the_build(make_site) -> None:
    site = make_site(
        {"dossier/articles/a.md": PROTECTED, "docs/about.md": "# About\n\nWe met Jane\nRoe.\n"}
    )
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert (
        "site/about/index.html (from docs/about.md): the real name or an alias of protected "
        "people/commune-official-a appears; write its display name instead" in result.stderr
    )
    assert "Jane" not in result.stderr
    assert not (site / "site/about/index.html").exists()


EMBARGOED = """
---
title: Embargoed scoop
date: 2017-11-16
embargo: 2017-11-16T09:00:00+07:00
people:
  - name: Kem Sokha
    role: Secret role
  - name: Hun Sen
relations:
  - {subject: Kem Sokha, type: tie, object: Hun Sen}
---
Hun Sen met Kem Sokha in secret.
"""

PUBLIC = """
---
title: Public report
date: 2017-11-14
people:
  - name: Kem Sokha
---
Kem Sokha was arrested.
"""


def _epoch(moment: str) -> str:
    return str(int(dt.datetime.fromisoformat(moment).timestamp()))


def test_embargoed_article_is_left_out_entirely_until_its_time(make_site, monkeypatch) -> None:
    site = make_site({"dossier/articles/scoop.md": EMBARGOED, "dossier/articles/pub.md": PUBLIC})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2017-11-16T01:59:59+00:00"))
    assert mkdocs_build(site, "--strict").returncode == 0
    assert not (site / "site/articles/scoop").exists()
    assert not (site / "site/people/hun-sen").exists()
    text = _site_text(site)
    for leftover in ("embargoed scoop", "secret role", "in secret", "hun sen", "scoop"):
        assert leftover not in text
    assert "kem sokha was arrested" in text


def test_embargoed_article_is_published_once_its_time_has_come(make_site, monkeypatch) -> None:
    site = make_site({"dossier/articles/scoop.md": EMBARGOED, "dossier/articles/pub.md": PUBLIC})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2017-11-16T02:00:00+00:00"))
    assert mkdocs_build(site, "--strict").returncode == 0
    page = html(site, "people/kem-sokha/index.html")
    assert page.find("a", href="../../articles/scoop/#p-1") is not None
    assert "Secret role" in page.get_text()


def test_core_withholds_by_the_given_time(tmp_path: Path) -> None:
    write(tmp_path / "dossier/articles/scoop.md", EMBARGOED)
    before = dt.datetime(2017, 11, 16, 1, 0, tzinfo=dt.UTC)
    dossier = load_dossier(tmp_path / "dossier", Options(now=before))
    assert (dossier.withheld, dossier.articles, dossier.entities) == (["scoop"], {}, {})
    assert load_dossier(tmp_path / "dossier", Options(include_embargoed=True)).articles


def test_leak_scan_sees_through_escapes_tags_and_line_breaks(tmp_path: Path) -> None:
    files = {
        "escaped.json": '{"name": "\\u1780\\u17b9\\u1798 Roe"}',
        "entity.html": "<p>Jane&nbsp;R&#111;e</p>",
        "split.html": "<p>Jane <b>Roe</b></p>",
        "wrapped.xml": "<x>jane\n  roe</x>",
        "clean.html": "<p>Commune official A, Janet Roedel, Jane Roebuck, Mary-Jane Roemer</p>",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>Jane Roe</loc>"))
    protected = {"people/a": ["Jane Roe"], "people/b": ["\u1780\u17b9\u1798 Roe"]}
    assert find_leaks(tmp_path, protected) == [
        ("entity.html", "people/a"),
        ("escaped.json", "people/b"),
        ("sitemap.xml.gz", "people/a"),
        ("split.html", "people/a"),
        ("wrapped.xml", "people/a"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1510617600", dt.datetime(2017, 11, 14, tzinfo=dt.UTC)),
        (" 1510617600 ", dt.datetime(2017, 11, 14, tzinfo=dt.UTC)),
        ("", None),
        ("soon", None),
        ("1.5", None),
        ("9" * 30, None),
    ],
)
def test_one_source_date_epoch_parser_for_embargoes_and_exports(
    value: str, expected: dt.datetime | None, monkeypatch
) -> None:
    """Embargoes fall back to the clock, exports to no time at all; both read the variable alike."""
    from mkdocs_dossier.exports import files as exports
    from mkdocs_dossier.safety import embargo

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert embargo.source_date_epoch() == expected
    generated = exports._header_json(Options())["generated"]
    assert generated == (expected.isoformat().replace("+00:00", "Z") if expected else None)
    before = dt.datetime.now(tz=dt.UTC)
    now = embargo.build_time()
    assert now == expected if expected else before <= now <= dt.datetime.now(tz=dt.UTC)
    assert embargo.build_time({"SOURCE_DATE_EPOCH": value}) == now or expected is None


def test_exports_have_no_build_time_without_source_date_epoch(monkeypatch) -> None:
    from mkdocs_dossier.exports import files as exports

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert exports._header_json(Options())["generated"] is None
