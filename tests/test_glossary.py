"""The glossary (core/glossary.py) is the one place the model's reader-facing words are defined.

Each word is translated in every catalogue the plugin ships besides English,
and no other module or template marks the same word again: a second
definition would be a second word to keep in step (and to translate).
"""

from __future__ import annotations

import ast
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

from mkdocs_dossier.core import glossary

PACKAGE = ROOT / "plugins" / "mkdocs_dossier"
GLOSSARY = PACKAGE / "core" / "glossary.py"
#: The calls that mark or translate a message in Python.
_MARKERS = {"N_", "_", "gettext", "ngettext"}


def _marked(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, message) of every literal message marked or translated in a module."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        arg = node.args[0]
        if name in _MARKERS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out.append((node.lineno, arg.value))
    return out


def _terms() -> set[str]:
    return {message for _line, message in _marked(ast.parse(GLOSSARY.read_text()))}


def test_the_glossary_holds_the_model_words_it_is_read_for() -> None:
    terms = _terms()
    # Each table's words are among its marked messages (not written elsewhere and imported).
    assert {k.single for k in glossary.KINDS.values()} | {
        k.plural for k in glossary.KINDS.values()
    } <= terms
    assert set(glossary.PLACE_KINDS.values()) | set(glossary.FACTS.values()) <= terms
    assert {s.heading for s in glossary.RELATION_SECTIONS.values()} <= terms
    assert set(glossary.TIMELINE_RELATIONS.values()) <= terms
    assert len(terms) > 60


@pytest.mark.parametrize("lang", ["fr", "km"])
def test_every_glossary_word_is_translated(lang: str) -> None:
    path = PACKAGE / "locale" / lang / "LC_MESSAGES" / "dossier.po"
    with path.open("rb") as f:
        catalogue = {m.id: m.string for m in read_po(f) if m.id}
    missing = sorted(t for t in _terms() if not catalogue.get(t))
    assert not missing, f"{path}: no {lang} translation of {missing}; translate them there"


def _python_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != GLOSSARY)


def test_no_module_but_the_glossary_marks_a_glossary_word() -> None:
    terms = _terms()
    found = [
        f"{path.relative_to(ROOT)}:{line}:1: {message!r} is the glossary's; "
        "read it from mkdocs_dossier.core.glossary"
        for path in _python_modules()
        for line, message in _marked(ast.parse(path.read_text()))
        if message in terms
    ]
    assert not found, "\n".join(found)


def test_no_template_marks_a_glossary_word() -> None:
    terms = _terms()
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    templates = [*(PACKAGE / "templates").rglob("*.j2"), *(PACKAGE / "theme").rglob("*.html")]
    found = []
    for path in templates:
        for line, _func, message in env.extract_translations(path.read_text()):
            words = [message] if isinstance(message, str) else list(message or ())
            found += [
                f"{path.relative_to(ROOT)}:{line}:1: {w!r} is the glossary's; pass it in"
                for w in words
                if isinstance(w, str) and w in terms
            ]
    assert templates and not found, "\n".join(found)


def test_the_marking_check_sees_a_copied_word() -> None:
    """The AST walk finds a glossary word marked in another module (the check can fail)."""
    copy = ast.parse('label = N_("Person")\nother = language.gettext("Offices held")\n')
    assert [m for _line, m in _marked(copy) if m in _terms()] == ["Person", "Offices held"]
