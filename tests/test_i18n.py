"""The site in the reader's language: labels, dates, Material's interface, heading ids, lang."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import ROOT, content, html, mkdocs_build, write

from mkdocs_dossier.core.i18n import LOCALE_DIR, languages, untranslated
from mkdocs_dossier.site.anchors import transliterated as heading_id

ARTICLE = """
---
title: Commune chiefs detained
date: 2017-11-14
source: RFA
people:
  - {name: Kem Sokha, aliases: [កឹម សុខា]}
events:
  - {name: Arrest of Kem Sokha, date: 2017-09-03, people: [Kem Sokha]}
---
Kem Sokha was arrested.
"""

KHMER_ARTICLE = """
---
title: ការចាប់ខ្លួនលោក កឹម សុខា
date: 2017-11-16
source: RFA
language: km
people:
  - {name: Kem Sokha, aliases: [កឹម សុខា]}
---
លោក កឹម សុខា ត្រូវបានចាប់ខ្លួន។

## ព្រឹត្តិការណ៍

ការបោះឆ្នោតនឹងប្រព្រឹត្តទៅ។
"""

#: What the site's language changes on a person's page: the timeline heading,
#: the date of the event on it, the facts table's label of the aliases.
EXPECTED = {
    "en": ("Timeline", "3 September 2017", "Also known as"),
    "km": ("កាលប្បវត្តិ", "3 កញ្ញា 2017", "ឈ្មោះផ្សេងទៀត"),
    "fr": ("Chronologie", "3 septembre 2017", "Autres noms"),
}


def _person(site: Path) -> tuple[list[str], list[str], list[str]]:
    page = content(html(site, "people/kem-sokha/index.html"))
    headings = [h.get_text(strip=True) for h in page.select("h2")]
    dates = [t.get_text(strip=True) for t in page.select("time")]
    cells = [th.get_text(strip=True) for th in page.select("table th, table td")]
    return headings, dates, cells


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
@pytest.mark.parametrize("language", ["en", "km", "fr"])
def test_labels_and_dates_are_in_the_sites_language(make_site, theme: str, language: str) -> None:
    key = "language" if theme == "material" else "locale"
    site = make_site(
        {"dossier/articles/a.md": ARTICLE},
        theme=f"{{name: {theme}, {key}: {language}}}",
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    heading, date, alias_label = EXPECTED[language]
    headings, dates, cells = _person(site)
    assert heading in headings
    assert date in dates
    assert alias_label in cells


def test_english_is_the_default(make_site) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE})
    assert mkdocs_build(site, "--strict").returncode == 0
    headings, dates, _ = _person(site)
    assert "Timeline" in headings and "3 September 2017" in dates


def test_the_plugin_option_overrides_the_themes_language(make_site, tmp_path: Path) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE}, theme="{name: material, language: en}")
    write(
        tmp_path / "mkdocs.yml",
        "site_name: Test\ntheme: {name: material, language: en}\n"
        "plugins: [search, {dossier: {language: km}}]\n",
    )
    assert mkdocs_build(site, "--strict").returncode == 0
    assert "កាលប្បវត្តិ" in _person(site)[0]


def test_material_speaks_khmer_and_a_custom_dir_still_overrides_it(make_site, tmp_path) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE}, theme="{name: material, language: km}")
    assert mkdocs_build(site, "--strict").returncode == 0
    page = html(site, "people/kem-sokha/index.html")
    assert page.html["lang"] == "km"
    assert page.select_one("input[name=query]")["placeholder"] == "ស្វែងរក"
    own = (ROOT / "plugins/mkdocs_dossier/theme/partials/languages/km.html").read_text("utf-8")
    write(tmp_path / "overrides/partials/languages/km.html", own.replace("ស្វែងរក", "រក"))
    write(
        tmp_path / "mkdocs.yml",
        "site_name: Test\ntheme: {name: material, language: km, custom_dir: overrides}\n"
        "plugins: [search, dossier]\n",
    )
    assert mkdocs_build(site, "--strict").returncode == 0
    page = html(site, "people/kem-sokha/index.html")
    assert page.select_one("input[name=query]")["placeholder"] == "រក"


def test_a_khmer_article_is_marked_lang_km_on_an_english_site(make_site) -> None:
    site = make_site({"dossier/articles/km.md": KHMER_ARTICLE}, theme="material")
    assert mkdocs_build(site, "--strict").returncode == 0
    page = content(html(site, "articles/km/index.html"))
    title = page.find("h1")
    assert title.get_text(strip=True).startswith("ការចាប់ខ្លួន")
    assert title.find_parent(attrs={"lang": True})["lang"] == "km"


def test_khmer_headings_get_valid_transliterated_ids(make_site) -> None:
    site = make_site({"dossier/articles/km.md": KHMER_ARTICLE}, theme="material")
    assert mkdocs_build(site, "--strict").returncode == 0
    page = content(html(site, "articles/km/index.html"))
    heading = next(h for h in page.select("h2") if h.get_text(strip=True) == "ព្រឹត្តិការណ៍")
    assert re.fullmatch(r"[a-z][a-z0-9-]*", heading["id"]), heading["id"]
    assert heading["id"] == heading_id("ព្រឹត្តិការណ៍", "-")
    # ASCII headings keep the ids Python-Markdown always gave them.
    assert heading_id("In this article", "-") == "in-this-article"


def test_catalogues_are_complete_for_english_khmer_and_french() -> None:
    assert {"en", "km", "fr"} <= set(languages())
    assert untranslated("en") == []
    assert untranslated("km") == []
    assert untranslated("fr") == []
    assert untranslated("de")  # no catalogue: every message is listed


def test_every_khmer_translation_is_written_in_khmer() -> None:
    # A translation pasted from another language (French once stood in the
    # graph's Khmer) is complete but unreadable: each must hold Khmer letters.
    with (LOCALE_DIR / "km" / "LC_MESSAGES" / "dossier.po").open("rb") as f:
        catalog = read_po(f)
    khmer = re.compile("[\u1780-\u17ff]")
    strings = [
        (m.id, s)
        for m in catalog
        if m.id
        for s in ([m.string] if isinstance(m.string, str) else m.string)
    ]
    assert [i for i, s in strings if not khmer.search(s)] == []


def test_the_message_template_holds_every_message_in_the_code(tmp_path: Path) -> None:
    out = tmp_path / "dossier.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "--no-location", "--sort-output", "--omit-header", "-o", str(out),
         "plugins/mkdocs_dossier"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with out.open("rb") as fresh, (LOCALE_DIR / "dossier.pot").open("rb") as kept:
        assert [m.id for m in read_po(fresh)] == [m.id for m in read_po(kept)]


@pytest.mark.parametrize("language", ["en", "km", "fr"])
def test_compiled_catalogues_are_those_of_the_po_files(language: str) -> None:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with (folder / "dossier.po").open("rb") as f:
        catalog = read_po(f)
    with (LOCALE_DIR / "dossier.pot").open("rb") as f:
        assert {m.id for m in read_po(f)} == {m.id for m in catalog}
    buf = io.BytesIO()
    write_mo(buf, catalog)
    assert (folder / "dossier.mo").read_bytes() == buf.getvalue(), "run pybabel compile"


def test_check_lists_messages_without_a_translation(make_site, tmp_path: Path) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE}, theme="{name: material, language: de}")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check", "dossier"],
        cwd=site, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no 'de' translation" in result.stderr
    assert "  Timeline" in result.stderr.splitlines()
    write(tmp_path / "mkdocs.yml", "site_name: T\ntheme: {name: material, language: km}\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check", "dossier"],
        cwd=site, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "translation" not in result.stderr


def test_a_khmer_alias_is_marked_lang_km_on_an_english_page(make_site) -> None:
    site = make_site({"dossier/articles/a.md": ARTICLE})
    assert mkdocs_build(site, "--strict").returncode == 0
    page = content(html(site, "people/kem-sokha/index.html"))
    alias = page.find(string="កឹម សុខា")
    assert alias is not None and alias.parent["lang"] == "km"
