"""A Khmer or French site writes none of the plugin's English words, and dates in its language.

The dossier is all Khmer (names, titles, text, roles), so on a Khmer site any
Latin word a reader sees on a page is a word of the plugin's left in English;
on a French site, the English words looked for are the catalogue's messages
(those whose French differs).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import content, mkdocs_build, write

from mkdocs_dossier.core.i18n import LOCALE_DIR

#: Two reports, the second of them stating another role (sources differ) and
#: another summary; an event at an approximately placed district, a party,
#: and a description that links the party (Linked from).
FILES = {
    "dossier/articles/a.md": """
    ---
    title: ការចាប់ខ្លួនលោក កឹម សុខា
    date: 2017-09-04
    source: វិទ្យុអាស៊ីសេរី
    language: km
    people:
      - name: កឹម សុខា
        id: kem-sokha
        party: cnrp
        role: ប្រធានគណបក្ស
        summary: ប្រធានគណបក្សប្រឆាំង។
      - {name: ហ៊ុន សែន, id: hun-sen, role: នាយករដ្ឋមន្ត្រី}
    parties:
      - {name: គណបក្សសង្គ្រោះជាតិ, id: cnrp, country: cambodia}
    places:
      - {name: កម្ពុជា, id: cambodia, kind: country, coordinates: [12.5, 104.9]}
      - {name: ភ្នំពេញ, id: phnom-penh, kind: city, in: cambodia, coordinates: [11.55, 104.92]}
      - {name: ទួលគោក, id: tuol-kork, kind: district, in: phnom-penh, coordinates: [11.58, 104.9]}
    events:
      - name: ការចាប់ខ្លួនលោក កឹម សុខា នៅទួលគោក
        id: arrest
        date: 2017-09-03
        place: tuol-kork
        people:
          - {id: kem-sokha, role: ត្រូវបានចាប់ខ្លួន}
        summary: លោក កឹម សុខា ត្រូវបានចាប់ខ្លួននៅផ្ទះ។
    relations:
      - {subject: hun-sen, type: tie, object: kem-sokha, role: គូប្រជែង}
    ---
    លោក កឹម សុខា ប្រធានគណបក្សសង្គ្រោះជាតិ ត្រូវបានចាប់ខ្លួននៅទួលគោក ភ្នំពេញ។

    លោក ហ៊ុន សែន បាននិយាយ។
    """,
    "dossier/articles/b.md": """
    ---
    title: លោក កឹម សុខា នៅតែជាប់ឃុំ
    date: 2017-11-16
    source: វិទ្យុអាស៊ីសេរី
    language: km
    people:
      - {name: កឹម សុខា, id: kem-sokha, role: មេដឹកនាំបក្សប្រឆាំង, summary: មេដឹកនាំបក្សប្រឆាំងដែលជាប់ឃុំ។}
      - {name: ហ៊ុន សែន, id: hun-sen}
    ---
    លោក កឹម សុខា នៅតែជាប់ឃុំ។
    """,
    "dossier/people/kem-sokha.md": """
    ---
    name: កឹម សុខា
    ---
    លោក កឹម សុខា ដឹកនាំ [[cnrp|គណបក្សសង្គ្រោះជាតិ]]។
    """,
}

#: The pages looked at: entities of each type, articles, indexes, maps, the graph.
PAGES = (
    "people/kem-sokha",
    "people/hun-sen",
    "parties/cnrp",
    "places/tuol-kork",
    "places/phnom-penh",
    "events/arrest",
    "articles/a",
    "articles/b",
    "articles",
    "people",
    "places",
    "events",
    "graph",
    "disputed",
)

#: Attributes whose words a reader meets (read aloud, shown on hover, written by scripts).
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-none", "data-label")

#: November, September in CLDR's Khmer and French: the dates on the pages.
MONTHS = {"km": ("វិច្ឆិកា", "កញ្ញា"), "fr": ("novembre", "septembre")}


def _build(tmp_path: Path, theme: str, language: str) -> Path:
    """The site of FILES in ``theme`` and ``language``, built with --strict."""
    for name, text in FILES.items():
        write(tmp_path / name, text)
    write(tmp_path / "docs/index.md", "# ទំព័រដើម\n")
    # Material reads theme.language, MkDocs' own theme theme.locale.
    key = "locale" if theme == "mkdocs" else "language"
    write(
        tmp_path / "mkdocs.yml",
        f"site_name: ឯកសារ\ntheme: {{name: {theme}, {key}: {language}}}\n"
        "plugins: [search, dossier]\n",
    )
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    return tmp_path


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def theme(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def khmer_site(tmp_path_factory, theme: str) -> Path:
    return _build(tmp_path_factory.mktemp(f"km-{theme}"), theme, "km")


@pytest.fixture(scope="module")
def french_site(tmp_path_factory, theme: str) -> Path:
    return _build(tmp_path_factory.mktemp(f"fr-{theme}"), theme, "fr")


def _page(site: Path, key: str) -> BeautifulSoup:
    path = site / "site" / key / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


#: The site's nav in each theme (the sections of generated pages are the plugin's).
NAV = "nav.md-nav--primary, ul.nav.navbar-nav:not(.ms-md-auto)"


def _read(page: BeautifulSoup) -> list[str]:
    """What a reader meets in a page's content and nav: their texts, the
    attributes read aloud or shown, the words maps.js writes (``data-labels``).
    Not the theme's own words (Material's "Made with", MkDocs' "Search")."""
    texts = []
    for part in [content(page), *page.select(NAV)]:
        texts += [t.strip() for t in part.find_all(string=True) if t.strip()]
        for el in part.find_all(True):
            texts += [str(el[a]) for a in READ_ATTRIBUTES if el.get(a)]
            if el.get("data-labels"):
                texts += list(json.loads(el["data-labels"]).values())
    return texts


def _english_messages(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """The catalogue's English messages whose ``language`` translation differs,
    each as a pattern (placeholders match anything) of whole words."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / "dossier.po").open("rb") as f:
        catalogue = read_po(f)
    out = []
    for m in catalogue:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for english in ids:
            if not english or english in strings:
                continue
            parts = re.split(r"\{\w+\}|%\(\w+\)s", english)
            body = ".+?".join(re.escape(p) for p in parts)
            out.append((english, re.compile(rf"(?<![\w-]){body}(?![\w-])")))
    return out


def _english_left(site: Path, language: str) -> dict[str, list[str]]:
    messages = _english_messages(language)
    found: dict[str, list[str]] = {}
    for key in PAGES:
        for text in _read(_page(site, key)):
            hits = [english for english, pattern in messages if pattern.search(text)]
            if hits:
                found.setdefault(key, []).append(f"{text!r}: {hits}")
    return found


def test_a_khmer_site_shows_no_english_message(khmer_site: Path) -> None:
    assert _english_left(khmer_site, "km") == {}


def test_a_khmer_site_shows_no_latin_word_on_its_pages(khmer_site: Path) -> None:
    # The dossier is Khmer: a Latin word is one the plugin wrote (an English
    # caption the catalogue lacks), save the coordinates' N, S, E, W.
    latin = re.compile(r"[A-Za-z]{2,}")
    found = {
        key: words
        for key in PAGES
        if (words := [t for t in _read(_page(khmer_site, key)) if latin.search(t)])
    }
    assert found == {}


def test_a_french_site_shows_no_english_message(french_site: Path) -> None:
    assert _english_left(french_site, "fr") == {}


@pytest.mark.parametrize("language", ["km", "fr"])
def test_dates_are_written_in_the_sites_language(
    language: str, khmer_site: Path, french_site: Path
) -> None:
    site = {"km": khmer_site, "fr": french_site}[language]
    november, september = MONTHS[language]
    # An article's byline, an entity's sources and timeline, the events index.
    byline = content(_page(site, "articles/b")).select_one(".dossier-byline time")
    assert byline.get_text() == f"16 {november} 2017"
    person = content(_page(site, "people/kem-sokha"))
    cited = [a.get_text() for a in person.select("table a")]
    assert any(f"16 {november} 2017" in c for c in cited), cited
    assert f"3 {september} 2017" in [t.get_text() for t in person.select("li time")]
    events = content(_page(site, "events"))
    days = [t.get_text() for t in events.select("li time")]
    assert days == [f"3 {september} 2017", f"4 {september} 2017", f"16 {november} 2017"]
    index = content(_page(site, "articles"))
    assert [s.get_text() for s in index.select("li strong")] == [
        f"16 {november} 2017",
        f"4 {september} 2017",
    ]


#: How each language says "NAME's direct connections" under a drawing.
CAPTIONS = {"km": "ទំនាក់ទំនងផ្ទាល់របស់ {name}។", "fr": "Connexions directes de {name}."}


@pytest.mark.parametrize("language", ["km", "fr"])
def test_a_persons_drawing_is_not_captioned_as_an_it(
    language: str, khmer_site: Path, french_site: Path
) -> None:
    # Khmer's "វា" ("it", as the caption said) is for things and animals: rude of a person.
    site = {"km": khmer_site, "fr": french_site}[language]
    person = content(_page(site, "people/kem-sokha"))
    (caption,) = person.select(".dossier-graph-figure figcaption")
    name = person.h1.get_text().strip()
    assert caption.get_text() == CAPTIONS[language].format(name=name)
    assert "វា" not in caption.get_text()
