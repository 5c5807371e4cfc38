"""``dossier review``: each thing to look at once, at its position; nothing on the example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mkdocs_dossier.cli import main
from mkdocs_dossier.core.model import Entity
from mkdocs_dossier.core.similar import near_duplicates

ROOT = Path(__file__).resolve().parents[1]

FIRST = """\
---
title: One
date: 2017-11-14
people:
  - name: Kem Sokha
  - name: Sam Rainsy
parties:
  - name: CNRP
events:
  - name: Supreme Court decision on the CNRP
    id: supreme-court-cnrp-decision
    date: 2017-11-16
---

Kem Sokha, the CNRP leader, spoke to reporters.

Police detained commune chief Srey Ann at her home.
"""

SECOND = """\
---
title: Two
date: 2017-11-16
events:
  - name: Court ruling on the CNRP
    id: supreme-court-cnrp-decison
    date: 2017-11-16
---

The court ruled on the CNRP, the party of Kem Sokha.
"""


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins: [dossier]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    for name, text in files.items():
        path = tmp_path / "dossier" / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _review_json(site: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> tuple[int, list]:
    monkeypatch.chdir(site)
    status = main(["review", "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_each_finding_is_reported_once_at_its_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, {"one.md": FIRST, "two.md": SECOND})
    status, found = _review_json(site, monkeypatch, capsys)
    assert status == 1
    where = {(f["kind"], f["path"], f["line"], f["col"]) for f in found}
    assert len(found) == 3, found
    assert where == {
        # "Srey Ann" in the second paragraph: line 17, after "Police detained commune chief ".
        ("unannotated", "dossier/articles/one.md", 17, 31),
        ("unused", "dossier/articles/one.md", 6, 5),
        ("near-duplicate", "dossier/articles/two.md", 5, 5),
    }
    unannotated = next(f for f in found if f["kind"] == "unannotated")
    assert (unannotated["name"], unannotated["type"], unannotated["paragraph"]) == (
        "Srey Ann",
        "person",
        2,
    )
    duplicate = next(f for f in found if f["kind"] == "near-duplicate")
    assert duplicate["other"] == "events/supreme-court-cnrp-decision"
    assert "did you mean 'supreme-court-cnrp-decision'" in duplicate["remedy"]


def test_the_text_report_uses_the_one_error_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, {"one.md": FIRST})
    monkeypatch.chdir(site)
    assert main(["review"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "dossier/articles/one.md:6:5: people/sam-rainsy ('Sam Rainsy') is annotated but no "
        "text mentions it; add the name as the text writes it to its aliases, or remove the "
        "annotation",
        lines[1],
    ]
    assert lines[1].startswith(
        "dossier/articles/one.md:17:31: 'Srey Ann' (¶2) looks like a person but is not annotated;"
    )


def test_a_rejected_name_is_not_reported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, {"one.md": FIRST})
    (site / "dossier" / "answers.yml").write_text(
        "one:\n  rejected: [people/srey-ann]\n", encoding="utf-8"
    )
    _, found = _review_json(site, monkeypatch, capsys)
    assert [f["kind"] for f in found] == ["unused"]


def test_the_example_dossier_has_nothing_to_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "dossier", tmp_path / "dossier")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    status, found = _review_json(tmp_path, monkeypatch, capsys)
    assert (status, found) == (0, [])


def _entity(etype: str, ident: str, name: str, aliases: list[str] | None = None) -> Entity:
    return Entity(etype, ident, name, f"{etype}/{ident}", aliases=aliases or [])


def test_near_duplicates_are_small_edits_or_a_name_equal_to_an_alias() -> None:
    entities = {
        e.key: e
        for e in [
            _entity("party", "cnrp", "Cambodia National Rescue Party", ["CNRP"]),
            _entity("party", "cnrp-party", "CNRP"),
            _entity("event", "elections-2017", "Elections 2017"),
            _entity("event", "elections-2018", "Elections 2018"),
            _entity("person", "srey-ann", "Srey Ann"),
            _entity("person", "srey-anh", "Srey Anh"),
            _entity("place", "kampot", "Kampot"),
            _entity("place", "kampot-province", "Kampot Province"),
        ]
    }
    found = {(d.key, d.other, d.reason) for d in near_duplicates(entities)}
    # Numbers apart is not a typo; a place and the province named after it are two places.
    assert found == {
        ("party/cnrp-party", "party/cnrp", "alias"),
        # Without positions the later key is the copy.
        ("person/srey-ann", "person/srey-anh", "id"),
    }


def test_importing_the_seed_and_keeping_every_suggestion_leaves_nothing_to_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk of docs/editors.md: import (with suggestions), check, review."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - dossier:\n      country: KH\n", encoding="utf-8"
    )
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "dossier").mkdir()
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["import", "seeds/000_5c7b923898c733e8.txt"]) == 0
    assert main(["check"]) == 0
    capsys.readouterr()
    # Every suggested entity is mentioned: no event name swallows a name in the text.
    status, found = _review_json(tmp_path, monkeypatch, capsys)
    assert (status, found) == (0, [])


def test_a_misspelt_name_is_reported_with_the_entity_it_is_closest_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FIRST.replace(
        "spoke to reporters.", "spoke to reporters. Opposition leader Kem Sokah left."
    )
    site = _site(tmp_path, {"one.md": text})
    _, found = _review_json(site, monkeypatch, capsys)
    typo = next(f for f in found if f.get("name") == "Kem Sokah")
    assert (typo["closest"], typo["line"]) == ("people/kem-sokha", 15)
    assert "closest known: people/kem-sokha ('Kem Sokha')" in typo["remedy"]


@pytest.mark.parametrize(
    "front",
    [
        "title: One\ndate: 2017-11-14\ntitle: Again\n",  # a key twice: the core reports it
        "title: [One\n",  # not YAML at all
        "- a list\n",
    ],
)
def test_broken_front_matter_never_crashes_review_or_suggest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], front: str
) -> None:
    site = _site(tmp_path, {"one.md": f"---\n{front}---\n\nKem Sokha spoke.\n"})
    (site / "dossier" / "answers.yml").write_text("one: [not, a, mapping]\n", encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["review"]) in (0, 1)
    assert main(["suggest", "one"]) in (0, 1)
    assert main(["check"]) == 1


def test_an_answers_file_that_is_not_yaml_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, {"one.md": FIRST})
    (site / "dossier" / "answers.yml").write_text("one: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["review"]) == 2
    assert "answers.yml is not valid YAML" in capsys.readouterr().err
    assert main(["suggest", "one"]) == 1


def _story(party: str, year: str) -> str:
    return (
        "---\ntitle: T\ndate: 2017-11-1{day}\npeople:\n  - name: Kem Sokha\n"
        f"    party: {party}\nparties:\n  - name: CNRP\n    id: cnrp\n  - name: CPP\n    id: cpp\n"
        f"events:\n  - name: Cambodian elections\n    id: elections\n    date: {year}\n---\n\n"
        "Kem Sokha of the CNRP and the CPP spoke of the Cambodian elections.\n"
    )


def test_a_refinement_is_no_conflict_and_a_contradiction_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """2018 then July 2018 is one date made precise; two parties at once is a conflict."""
    site = _site(
        tmp_path,
        {
            "a.md": _story("cnrp", "2018").format(day=4),
            "b.md": _story("cpp", "2018-07").format(day=6),
        },
    )
    _, found = _review_json(site, monkeypatch, capsys)
    conflicts = [f for f in found if f["kind"] == "conflict"]
    assert [(f["key"], f["field"]) for f in conflicts] == [("people/kem-sokha", "party")], found
    assert sorted(conflicts[0]["values"]) == ["parties/cnrp", "parties/cpp"]
