"""A protected person's identifying facts never reach site/ (corpus: tests/corpus/identifying/).

Her profile, e-mail, phone, social accounts, address and birth date are
dropped from her page, the exports and the search index unless the editor
lists them in ``publishable:``; the profile, e-mail, phone and accounts are
also looked for everywhere else, as her names are (``core/protect.py``).
Each site is read independently of the plugin: every file and folder name
and every file's text (gzip decompressed, entities and URL escapes undone),
compared by letters and digits only, so the value matches with any
separators.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from test_bad_corpus import _build
from test_leak_corpus import _plain

CORPUS = Path(__file__).parent / "corpus" / "identifying" / "facts.yml"
CASES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
PAGE = "people/witness-b/index.html"
#: Static files the plugin and MkDocs copy: no dossier data is in them.
_STATIC = {".js", ".css", ".woff", ".woff2", ".ttf", ".eot", ".png", ".svg", ".ico"}


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _readings(text: str) -> list[str]:
    """The text as a reader sees it (tags gone) and with its markup (links' addresses)."""
    raw = unicodedata.normalize("NFKC", unquote(html.unescape(html.unescape(text))))
    return [_alnum(_plain(text)), _alnum(raw)]


def _forms(case: dict[str, Any]) -> list[str]:
    values = case["value"] if isinstance(case["value"], list) else [case["value"]]
    return [_alnum(str(v)) for v in [*values, *case.get("look_for", [])]]


def _found(site: Path, forms: list[str]) -> list[str]:
    """Site-relative paths whose name or text holds one of the forms."""
    found = []
    for path in sorted(site.rglob("*")) if site.exists() else []:
        rel = path.relative_to(site).as_posix()
        texts = [rel]
        if path.is_file() and path.suffix not in _STATIC:
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            texts.append(raw.decode("utf-8", errors="replace"))
        if any(form in seen for t in texts for seen in _readings(t) for form in forms):
            found.append(rel)
    return found


def _front_matter(case: dict[str, Any], protected: bool) -> str:
    fact = {case["fact"]: case["value"]}
    person: dict[str, Any] = {"name": "Sok Dara", **fact}
    if protected:
        person |= {"protected": True, "display": "Witness B"}
    people = [person]
    if case.get("where") == "other":
        people.append({"name": "Kem Sokha", **fact})
    meta = {"title": "A witness speaks", "date": "2017-11-15", "people": people}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def _site(tmp_path: Path, case: dict[str, Any], protected: bool = True) -> Path:
    written = case.get("written") or (
        case["value"][0] if isinstance(case["value"], list) else str(case["value"])
    )
    body = "Sok Dara saw the commune chiefs taken away."
    where = case.get("where", "own")
    if where == "body":
        body += f" Reach her at {written}."
    elif where == "link":
        body += f" See [her page]({written})."
    files = {
        "mkdocs.yml": "site_name: Test\ntheme: mkdocs\nplugins: [search, dossier]\n",
        "docs/index.md": "# Home\n",
        "dossier/articles/witness.md": _front_matter(case, protected) + body + "\n",
    }
    if where == "docs":
        files["docs/about.md"] = f"# About\n\nWrite to {written}.\n"
    elif where == "docs-link":
        files["docs/about.md"] = f"# About\n\n[profile]({written})\n"
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _entity_record(site: Path, key: str) -> dict[str, Any]:
    data = json.loads((site / "site/exports/dossier.json").read_text(encoding="utf-8"))
    entities = data["entities"]
    found = (
        entities[key]
        if isinstance(entities, dict)
        else next(e for e in entities if e.get("key", e.get("id")) == key)
    )
    assert isinstance(found, dict)
    return found


def _fact_labels(site: Path, page: str) -> list[str]:
    soup = BeautifulSoup((site / "site" / page).read_text(encoding="utf-8"), "lxml")
    return [row.td.get_text(strip=True).casefold() for row in soup.select("table tr") if row.td]


def _label(fact: str) -> str:
    """The facts table's (English) label of a fact, as _fact_labels reads it."""
    from mkdocs_dossier.core.schema import fact_label

    return fact_label(fact, str).casefold()


def test_corpus_covers_every_identifying_fact() -> None:
    from mkdocs_dossier.core.protect import IDENTIFYING

    assert len(CASES) >= 20 and len({c["id"] for c in CASES}) == len(CASES)
    assert {c["fact"] for c in CASES} == set(IDENTIFYING)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_no_identifying_fact_of_a_protected_person_stays_in_the_site(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, case)
    lines = _build(site, monkeypatch)  # passing or failing; a traceback fails here
    forms = _forms(case)
    assert _found(site / "site", forms) == []
    said = [line for line in lines if any(f in r for r in _readings(line) for f in forms)]
    assert said == []
    if case.get("where", "own") == "own":
        assert lines == []  # dropped, not an error
        assert _label(case["fact"]) not in _fact_labels(site, PAGE)
        assert case["fact"] not in _entity_record(site, "people/witness-b").get("facts", {})


@pytest.mark.parametrize(
    "case", [c for c in CASES if "where" not in c], ids=[c["id"] for c in CASES if "where" not in c]
)
def test_the_same_fact_of_a_person_not_protected_is_published(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the reading above finds the fact where a build publishes it."""
    site = _site(tmp_path, case, protected=False)
    assert _build(site, monkeypatch) == []
    found = _found(site / "site", _forms(case))
    assert "people/sok-dara/index.html" in found and "exports/dossier.json" in found
    assert _label(case["fact"]) in _fact_labels(site, "people/sok-dara/index.html")


def test_an_identifying_fact_listed_as_publishable_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = {"fact": "email", "value": "press.office@example.org"}
    site = _site(tmp_path, case)
    text = (site / "dossier/articles/witness.md").read_text(encoding="utf-8")
    text = text.replace("  email:", "  publishable: [email]\n  email:")
    (site / "dossier/articles/witness.md").write_text(text, encoding="utf-8")
    assert _build(site, monkeypatch) == []
    assert "email" in _fact_labels(site, PAGE)
    assert PAGE in _found(site / "site", _forms(case))
