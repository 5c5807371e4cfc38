"""The themes' own interface in Khmer: Material's language file and MkDocs' theme catalogue.

Both are the installed themes' strings, translated in the plugin's theme folder.
These tests read the installed themes, so a theme upgrade that adds a string
fails here until the string has a Khmer translation.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
import material
import mkdocs.themes.mkdocs
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import arrest_article, html
from jinja2 import nodes
from jinja2.ext import babel_extract

from mkdocs_dossier.site.language import THEME_FOLDER

MATERIAL = Path(material.__file__).resolve().parent / "templates"
MKDOCS_THEME = Path(mkdocs.themes.mkdocs.__file__).resolve().parent
THEME_CATALOGUE = THEME_FOLDER / "locales" / "km" / "LC_MESSAGES"
KHMER = re.compile("[\u1780-\u17ff]")
#: Keys that configure Material (lunr's language and pipeline, text direction): not words.
SETTINGS = re.compile(r"language|direction|search\.config\..*")


def _keys(template: Path) -> list[str]:
    """The keys of a Material language file's dictionary, read by Jinja's own parser."""
    tree = jinja2.Environment().parse(template.read_text(encoding="utf-8"))
    table = next(tree.find_all(nodes.Dict))
    return [pair.key.value for pair in table.items if isinstance(pair.key, nodes.Const)]


def _khmer_t() -> jinja2.runtime.Macro:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_FOLDER)))
    return env.get_template("partials/languages/km.html").module.t  # type: ignore[no-any-return]


def test_every_key_of_materials_english_has_a_khmer_value() -> None:
    t = _khmer_t()
    values = {key: str(t(key)) for key in _keys(MATERIAL / "partials/languages/en.html")}
    # A missing key renders empty; the pipeline's deliberate " " (no lunr
    # stages for Khmer) is a value, since Material's fallback tests for "".
    assert [key for key, value in values.items() if value == ""] == []
    words = {key: value for key, value in values.items() if not SETTINGS.fullmatch(key)}
    assert [key for key, value in words.items() if not KHMER.search(value)] == []


def test_the_khmer_file_holds_no_key_material_does_not_know() -> None:
    english = set(_keys(MATERIAL / "partials/languages/en.html"))
    assert set(_keys(THEME_FOLDER / "partials/languages/km.html")) - english == set()


def _theme_messages() -> Iterator[str]:
    """Every message MkDocs' own theme's templates pass to gettext ({% trans %}, _())."""
    for template in sorted(MKDOCS_THEME.glob("*.html")):
        with template.open("rb") as f:
            options = {"extensions": "jinja2.ext.i18n"}
            for _line, _func, message, _comments in babel_extract(f, ["gettext", "_"], [], options):
                yield message if isinstance(message, str) else message[0]


def test_every_message_of_mkdocs_theme_has_a_khmer_translation() -> None:
    with (THEME_CATALOGUE / "messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {m.id: m.string for m in catalog if m.id}
    missing = [m for m in _theme_messages() if not KHMER.search(translated.get(m, ""))]
    assert missing == []


def test_the_compiled_theme_catalogue_is_that_of_its_po_file() -> None:
    with (THEME_CATALOGUE / "messages.po").open("rb") as f:
        catalog = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    assert (THEME_CATALOGUE / "messages.mo").read_bytes() == buf.getvalue(), "run pybabel compile"


def test_mkdocs_themes_keyboard_help_is_in_khmer(built_site) -> None:
    site = built_site(
        {"dossier/articles/a.md": arrest_article()}, theme="{name: mkdocs, locale: km}"
    )
    help_table = html(site, "index.html").select_one("#mkdocs_keyboard_modal table")
    assert help_table is not None
    headers = [th.get_text(strip=True) for th in help_table.select("thead th")]
    assert headers == ["គ្រាប់ចុច", "សកម្មភាព"]
    actions = [td.get_text(strip=True) for td in help_table.select("tbody td:not(.shortcut)")]
    assert actions and [a for a in actions if not KHMER.search(a)] == []


def _copyright(folder: Path, language: str, copyright: str | None, generator: bool) -> str:
    """Render a copyright partial alone, as Material's footer includes it."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)
    config = {"copyright": copyright, "theme": {"language": language}, "extra": {}}
    if not generator:
        config["extra"] = {"generator": False}
    return env.get_template("partials/copyright.html").render(config=config)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
@pytest.mark.parametrize("copyright", [None, "© 2026 RFA <Khmer>"])
@pytest.mark.parametrize("generator", [True, False])
def test_the_plugins_footer_is_materials_own_in_other_languages(
    language: str, copyright: str | None, generator: bool
) -> None:
    ours = _copyright(THEME_FOLDER, language, copyright, generator)
    assert ours == _copyright(MATERIAL, language, copyright, generator)


def test_materials_footer_reads_khmer_on_a_khmer_site(built_site) -> None:
    article = {"dossier/articles/a.md": arrest_article()}
    site = built_site(article, theme="{name: material, language: km}")
    footer = html(site, "index.html").select_one(".md-copyright")
    assert footer is not None
    link = footer.select_one("a")
    assert link is not None and link["href"] == "https://squidfunk.github.io/mkdocs-material/"
    link.extract()  # the product's name stays as it is spelt
    words = footer.get_text(" ", strip=True)
    assert KHMER.search(words) and not re.search("[A-Za-z]", words)
