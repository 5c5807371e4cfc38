"""A corpus of ways to write a protected person's name: none reaches site/.

The protected person is Srey Ann (alias Him Neang), published as "Commune
official A", with her own profile URL. Each spelling below is put where an
editor could put it (an article's text, a link, a docs/ page, another
entity's name or URL) and the site is built. Whatever the build's outcome,
afterwards no file or folder under site/ holds the name in any of the forms
tried (read here independently of the plugin's own scan: raw, gzip
decompressed, entities and URL escapes undone, invisible characters
dropped), and no line of the build's output spells it.
"""

from __future__ import annotations

import gzip
import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from test_bad_corpus import _build

REAL = ("Srey Ann", "Him Neang")
PROFILE = "https://www.facebook.com/srey.ann.kh"

PROTECTED = f"""---
title: Commune chiefs detained
date: 2017-11-14
people:
  - name: Srey Ann
    aliases: [Him Neang]
    protected: true
    display: Commune official A
    url: {PROFILE}
---
Srey Ann said the chiefs were taken at night.
"""

#: (spelling, where it is written). Where: body, link, docs, docs-link, title,
#: org (an organisation of that name), url (another entity's url).
SPELLINGS = [
    ("Srey Ann", "body"),
    ("SREY ANN", "body"),
    ("srey ann", "docs"),
    ("Srey\u200bAnn", "body"),
    ("Srey\u00adAnn", "body"),
    ("Srey&shy;Ann", "body"),
    ("Srey&#173;Ann", "body"),
    ("Sr\u0435y Ann", "body"),  # Cyrillic e
    ("\u0405rey Ann", "body"),  # Cyrillic Dze for S
    ("SreyAnn", "body"),
    ("Srey-Ann", "body"),
    ("Srey_Ann", "body"),
    ("Srey.Ann", "body"),
    ("Him_Neang", "body"),
    ("HimNeang", "docs"),
    ("Him *Ne*ang", "body"),
    ("S**rey** Ann", "body"),
    ("Srey  \n Ann", "body"),
    ("Ｓｒｅｙ Ａｎｎ", "body"),  # fullwidth
    ("Srey\u2060Ann", "body"),
    ("Srey\u200dAnn", "body"),
    ("Srey\ufeffAnn", "docs"),
    ("https://example.org/srey-ann", "link"),
    ("https://example.org/srey%20ann", "link"),
    ("https://example.org/Him_Neang/", "docs-link"),
    ("https://www.facebook.com/srey.ann.kh", "url"),
    ("Srey Ann", "title"),
    ("Srey Ann", "org"),
    ("Him Neang", "org"),
    ("Srey Ann", "docs"),
    ("S&#114;ey Ann", "docs"),
    ("Srey%20Ann", "docs"),
]

#: Forms of the names the independent reading below looks for.
_FORMS = re.compile(r"srey[\W_]{0,3}ann|him[\W_]{0,3}neang|srey\.ann\.kh", re.IGNORECASE)
_CONFUSED = str.maketrans({"\u0435": "e", "\u0405": "s"})


def _plain(text: str) -> str:
    text = unquote(html.unescape(html.unescape(text)))
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf").translate(_CONFUSED)
    return re.sub(r"<[^>]*>|[*_]", "", text)


def _occurrences(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")) if site.exists() else []:
        rel = path.relative_to(site).as_posix()
        texts = [rel]
        if path.is_file():
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            texts.append(raw.decode("utf-8", errors="replace"))
        found += [rel for t in texts if _FORMS.search(_plain(t))]
    return found


def _files(spelling: str, where: str) -> dict[str, str]:
    files = {"dossier/articles/a.md": PROTECTED, "docs/index.md": "# Home\n"}
    other = "---\ntitle: {title}\ndate: 2017-11-15\n{fm}---\n{body}\n"
    if where == "body":
        files["dossier/articles/b.md"] = other.format(title="B", fm="", body=f"Seen: {spelling}.")
    elif where == "link":
        body = f"See [the profile]({spelling})."
        files["dossier/articles/b.md"] = other.format(title="B", fm="", body=body)
    elif where == "title":
        files["dossier/articles/b.md"] = other.format(title=spelling, fm="", body="Text.")
    elif where == "org":
        fm = f"organizations: ['{spelling}']\n"
        files["dossier/articles/b.md"] = other.format(title="B", fm=fm, body="Text.")
    elif where == "url":
        fm = f"people:\n  - {{name: Kem Sokha, url: '{spelling}'}}\n"
        files["dossier/articles/b.md"] = other.format(title="B", fm=fm, body="Text.")
    elif where == "docs":
        files["docs/about.md"] = f"# About\n\nWe met {spelling}.\n"
    elif where == "docs-link":
        files["docs/about.md"] = f"# About\n\n[profile]({spelling})\n"
    return files


def test_corpus_holds_at_least_30_spellings() -> None:
    assert len(SPELLINGS) >= 30 and len(set(SPELLINGS)) == len(SPELLINGS)


@pytest.mark.parametrize(("spelling", "where"), SPELLINGS)
def test_no_spelling_of_a_protected_name_stays_in_the_site(
    spelling: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: mkdocs\nplugins: [search, dossier]\n", encoding="utf-8"
    )
    for name, text in _files(spelling, where).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lines = _build(tmp_path, monkeypatch)  # passing or failing: a traceback fails here
    assert _occurrences(tmp_path / "site") == []
    assert [line for line in lines if _FORMS.search(_plain(line))] == []


def test_own_url_of_a_protected_person_is_dropped_unless_publishable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: mkdocs\nplugins: [search, dossier]\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "dossier/articles").mkdir(parents=True)
    (tmp_path / "dossier/articles/a.md").write_text(
        PROTECTED.replace(
            "    url:", "    publishable: [url]\n    url: https://example.org/a\n    x:"
        ).replace(f"    x: {PROFILE}\n", ""),
        encoding="utf-8",
    )
    assert _build(tmp_path, monkeypatch) == []
    page = (tmp_path / "site/people/commune-official-a/index.html").read_text(encoding="utf-8")
    assert "https://example.org/a" in page  # marked publishable: kept
    (tmp_path / "dossier/articles/a.md").write_text(PROTECTED, encoding="utf-8")
    assert _build(tmp_path, monkeypatch) == []
    assert _occurrences(tmp_path / "site") == []
    exports = (tmp_path / "site/exports/dossier.json").read_text(encoding="utf-8")
    assert "facebook" not in exports


@pytest.mark.parametrize(
    "message",
    [
        "dossier/articles/b.md:5:9: unknown entity 'srey-ann' in people[0]; did you mean it?",
        "dossier/articles/b.md:5:9: the name 'Srey Ann' is claimed by 2 entities: people/x; rename",
        "site/organizations/srey-ann/index.html: the real name appears; write its display name",
        "dossier/articles/b.md:5:9: a reference to SREY_ANN; fix it",
        "dossier/articles/b.md:5:9: a reference to Sr\u0435y Ann (look-alike); fix it",
    ],
)
def test_messages_never_spell_a_protected_name_or_its_slug(message: str) -> None:
    from mkdocs_dossier.safety.leaks import redact

    shown = redact(message, {"people/commune-official-a": list(REAL)})
    assert not _FORMS.search(_plain(shown)), shown
    if message.startswith("dossier/"):
        assert shown.startswith("dossier/articles/b.md:5:9: ")  # the position is kept
