"""Nulls mean the same whichever YAML parser reads the front matter.

``compose`` reads front matter with libyaml when PyYAML has it and the text
holds no ``*`` (no alias can be in it), else with PyYAML's own parser; the
two mark plain scalars differently (``''`` and ``None``). Each front matter
here is read both ways, and both give the same record and the same problems.
"""

from __future__ import annotations

import pytest
import yaml

from mkdocs_dossier.core import sources
from mkdocs_dossier.core.errors import Problems

FRONT_MATTERS = [
    "title: null\ndate: 2017-11-14\n",
    "title: ~\ndate: 2017-11-14\n",
    'title: ""\ndate: 2017-11-14\n',
    "title: T\ndate: ~\n",
    "title: T\ndate: 2017-11-14\nrelations:\n",
    "title: T\ndate: 2017-11-14\nembargo: ~\n",
    "title: T\ndate: 2017-11-14\npeople:\n",
    "title: T\ndate: 2017-11-14\npeople: [~, Kem Sokha]\n",
    "title: T\ndate: 2017-11-14\nsource: null\nbyline: Null\n",
    "title: 'null'\ndate: 2017-11-14\n",
    "title: T\ndate: 2017-11-14\nplaces:\n  - {name: X, lat: ~, lon: 1}\n",
    "title: T\ndate: 2017-11-14\nevents:\n  - {name: E, date: null}\n",
]


def _read(front_matter: str, fast: bool, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sources, "_FAST_LOADER", yaml.CSafeLoader if fast else None)
    problems = Problems()
    raw = f"---\n{front_matter}---\nText.\n".encode()
    source = sources.parse_source(raw, "dossier/articles/a.md", "article", problems)
    record = None if source is None else (source.record.values, source.record.where)
    return record, [str(p) for p in problems]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml: one parser only")
@pytest.mark.parametrize("front_matter", FRONT_MATTERS)
def test_nulls_read_alike_with_libyaml_and_pure_python(
    front_matter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _read(front_matter, True, monkeypatch) == _read(front_matter, False, monkeypatch)


@pytest.mark.parametrize("fast", [True, False])
def test_a_null_or_empty_title_is_an_error_with_either_parser(
    fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for value in ("null", "~", '""', "'  '"):
        _, problems = _read(f"title: {value}\ndate: 2017-11-14\n", fast, monkeypatch)
        assert problems == [
            "dossier/articles/a.md:2:8: title is empty; write it after 'title:' (the headline)"
        ], value


@pytest.mark.parametrize("fast", [True, False])
def test_quoted_null_is_text_with_either_parser(fast: bool, monkeypatch) -> None:
    record, problems = _read("title: 'null'\ndate: 2017-11-14\n", fast, monkeypatch)
    assert problems == [] and record[0]["title"] == "null"
