"""Generated multi-file dossiers go through the whole pipeline without a traceback.

Hypothesis writes several articles, entity files and sometimes a lock file
(names in Latin, Khmer and punctuation, dates at the ends of the range,
places inside each other from different files, relations, protection), then
the site is built in this process through rendering and exports, and checked
with ``dossier check``. Whatever it generated: no traceback, both report the
same problems, and a build without problems publishes parseable exports.
A fixed, small budget of examples keeps it in CI.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_bad_corpus import _build, _check

WORDS = st.sampled_from(
    ["Kem", "Sokha", "Kampot", "Trach", "CNRP", "កឹម", "សុខា", "O'Neil", "A-B", "x.y", "Ünï", "*b*"]
)
NAMES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
DATES = st.sampled_from(
    ["0001", "9998", "9998-12-31", "2017-11-14", "2017-11", "2017", "2016-02-29", "0001-01-01"]
)


def _q(text: str) -> str:
    return json.dumps(text)


@st.composite
def dossiers(draw: st.DrawFn) -> dict[str, str]:
    names = draw(st.lists(NAMES, min_size=1, max_size=5, unique_by=str.casefold))
    files: dict[str, str] = {}
    for i in range(draw(st.integers(1, 3))):
        people = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        places = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
        fm = f"title: {_q(draw(NAMES))}\ndate: {draw(DATES)}\n"
        if people:
            items = []
            for p in people:
                protected = draw(st.booleans()) and draw(st.booleans())
                extra = (
                    f", protected: true, display: {_q('Person X' + str(i))}" if protected else ""
                )
                items.append(f"  - {{name: {_q('P ' + p)}{extra}}}")
            fm += "people:\n" + "\n".join(items) + "\n"
        if places:
            items = []
            for p in places:
                parent = draw(st.sampled_from(places + [None]))
                where = f", in: {_q('L ' + parent)}" if parent else ""
                items.append(f"  - {{name: {_q('L ' + p)}, lat: 10.5, lon: 104.2{where}}}")
            fm += "places:\n" + "\n".join(items) + "\n"
        if people and draw(st.booleans()):
            fm += (
                f"events:\n  - {{name: {_q('E ' + draw(NAMES))}, date: {draw(DATES)}, "
                f"people: [{_q('P ' + people[0])}]}}\n"
            )
        if len(people) > 1:
            fm += (
                f"relations:\n  - {{subject: {_q('P ' + people[0])}, type: tie, "
                f"object: {_q('P ' + people[1])}, start: {draw(DATES)}}}\n"
            )
        body = "\n\n".join(f"{draw(NAMES)} met P {p}." for p in people) or "Text."
        files[f"dossier/articles/a{i}.md"] = f"---\n{fm}---\n{body}\n"
    if draw(st.booleans()):
        p = draw(st.sampled_from(names))
        files["dossier/places/extra.md"] = (
            f"---\nname: {_q('L ' + p)}\nin: {_q('L ' + draw(st.sampled_from(names)))}\n---\n"
            f"{draw(NAMES)}\n"
        )
    if draw(st.booleans()):
        lat = draw(st.sampled_from(["10.5", "999", "north", "[1]"]))
        files["dossier/geocode.lock.yml"] = (
            f"places:\n  places/l-x:\n    lat: {lat}\n    lon: 1\n    precision: town\n"
            "    provider: test\n"
        )
    return files


# No shrinking: each example is a whole build; a failure prints its files as drawn.
@settings(
    max_examples=20,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(files=dossiers())
def test_generated_dossiers_build_through_exports_without_traceback(
    files: dict[str, str],
) -> None:
    root = Path(tempfile.mkdtemp(prefix="dossier-fuzz-"))
    try:
        (root / "mkdocs.yml").write_text(
            "site_name: Fuzz\ntheme: mkdocs\nplugins: [search, {dossier: {tiles: none}}]\n",
            encoding="utf-8",
        )
        (root / "docs").mkdir()
        (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        with pytest.MonkeyPatch.context() as monkeypatch:
            checked = _check(root, monkeypatch)
            built = _build(root, monkeypatch)  # a traceback fails the test here
        assert sorted(built) == sorted(checked)
        if not checked:
            exports = json.loads((root / "site/exports/dossier.json").read_text("utf-8"))
            assert exports
    finally:
        shutil.rmtree(root, ignore_errors=True)
