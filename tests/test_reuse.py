"""What a serving process keeps of one build for the next (``dirty.Kept``, ``dirty.Records``).

A step's result is reused only for the same inputs: a changed input makes it
again, so a rebuild gives what a fresh build gives (the differential tests
in ``test_dirty.py`` compare whole sites).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import arrest_article

from mkdocs_dossier.core.model import Relation
from mkdocs_dossier.dirty import Kept, Records
from mkdocs_dossier.pipeline import load_dossier
from mkdocs_dossier.site.backlinks import linked_from


def test_a_kept_step_is_made_again_exactly_when_its_inputs_change() -> None:
    kept = Kept()
    calls: list[str] = []

    def make(text: str) -> list[str]:
        calls.append(text)
        return [text.upper()]

    assert kept("scan", ("a", b"body"), lambda: make("a")) == ["A"]
    kept.end()
    assert kept("scan", ("a", b"body"), lambda: make("a")) == ["A"]
    assert calls == ["a"]  # the same inputs: reused
    assert kept("scan", ("a", b"body!"), lambda: make("b")) == ["B"]
    assert kept("other", ("a", b"body"), lambda: make("c")) == ["C"]  # another step
    assert calls == ["a", "b", "c"]
    assert (kept.made["scan"], kept.reused["scan"]) == (2, 1)


def test_a_kept_result_is_a_copy_unless_the_step_shares_it() -> None:
    kept = Kept()
    first = kept("step", ("x",), lambda: [1])
    first.append(2)  # the caller changes what it got
    kept.end()
    assert kept("step", ("x",), lambda: [9]) == [1]
    shared = kept("shared", ("x",), lambda: [1], shared=True)
    assert kept("shared", ("x",), lambda: [9], shared=True) is shared


def test_what_a_build_did_not_ask_for_is_let_go() -> None:
    kept = Kept()
    kept("step", ("old",), lambda: 1)
    kept.end()
    kept("step", ("new",), lambda: 2)
    kept.end()
    assert kept("step", ("old",), lambda: 3) == 3  # not kept past a build that left it


def test_a_failed_build_keeps_what_the_last_good_one_made() -> None:
    kept = Kept()
    kept("step", ("good",), lambda: 1)
    kept.end()
    kept("step", ("other",), lambda: 2)
    kept.forget()  # the build failed half way
    assert kept("step", ("good",), lambda: 3) == 1


def _dossier(tmp_path: Path, relation: str = "") -> object:
    root = tmp_path / "dossier"
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "articles" / "a.md").write_text(
        "---\ntitle: A\ndate: 2017-11-14\npeople:\n  - Kem Sokha\n  - Hun Sen\n"
        "parties:\n  - name: CNRP\n    id: cnrp\n"
        "events:\n  - name: Arrest\n    date: 2017-11-13\n    people: [Kem Sokha]\n"
        f"{relation}---\nKem Sokha and Hun Sen spoke. The CNRP met.\n",
        encoding="utf-8",
    )
    return load_dossier(root)


def test_a_new_relation_changes_what_both_ends_pages_show(tmp_path: Path) -> None:
    before = _dossier(tmp_path)
    after = _dossier(tmp_path, "relations:\n  - {subject: kem-sokha, type: member, object: cnrp}\n")
    assert isinstance(after.relations[0], Relation)
    old, new = Records(before, linked_from(before)), Records(after, linked_from(after))
    for key in ("people/kem-sokha", "parties/cnrp"):
        assert old.own[key] != new.own[key]
        assert old.shown[key] != new.shown[key]  # a page linking it may draw the relation
    assert old.own["people/hun-sen"] == new.own["people/hun-sen"]
    assert old.inputs("people/hun-sen.md", []) == new.inputs("people/hun-sen.md", [])
    # a page that shows Kem Sokha is made again; the party index too
    assert old.inputs("people/hun-sen.md", ["people/kem-sokha"]) != new.inputs(
        "people/hun-sen.md", ["people/kem-sokha"]
    )
    assert old.groups["parties"] != new.groups["parties"]


def test_an_event_naming_an_entity_changes_that_entitys_page(tmp_path: Path) -> None:
    dossier = _dossier(tmp_path)
    records = Records(dossier, linked_from(dossier))
    event = next(k for k in dossier.entities if k.startswith("events/"))
    dossier.entities[event].name = "Arrest at night"  # what the person's timeline shows
    again = Records(dossier, linked_from(dossier))
    assert records.own["people/kem-sokha"] != again.own["people/kem-sokha"]
    assert records.own["people/hun-sen"] == again.own["people/hun-sen"]


def _write_article(root: Path, name: str, head: str, body: str) -> None:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    text = f"---\ntitle: {name}\ndate: 2017-11-14\n{head}---\n{body}\n"
    (root / "articles" / f"{name}.md").write_text(text, encoding="utf-8")


def _load_kept(root: Path, kept: Kept) -> Any:
    """One build's load with ``kept``; it must give what a load keeping nothing gives."""
    kept.begin()
    dossier = load_dossier(root, memo=kept)
    kept.end()
    assert repr(dossier) == repr(load_dossier(root))  # as a fresh load
    return dossier


def test_a_body_edit_reuses_the_resolution_and_a_front_matter_edit_does_not(
    tmp_path: Path,
) -> None:
    """The resolved dossier is kept while no front matter changed; the bodies are
    the new ones, and each load gives what a load keeping nothing gives."""
    root = tmp_path / "dossier"
    people = "people:\n  - name: Kem Sokha\n    aliases: [Sokha]\n"
    kept = Kept()

    _write_article(root, "a", people, "Kem Sokha spoke.")
    _load_kept(root, kept)
    _write_article(root, "a", people, "Later Kem Sokha spoke again.")
    edited = _load_kept(root, kept)
    assert (kept.made["resolve"], kept.reused["resolve"]) == (0, 1)
    assert edited.articles["a"].body.strip() == "Later Kem Sokha spoke again."
    assert [m.snippet for m in edited.mentions["people/kem-sokha"]] != []
    renaming = people.replace("Sokha]", "Sokha, Mr Kem]")
    _write_article(root, "a", renaming, "Later Kem Sokha spoke again.")
    renamed = _load_kept(root, kept)
    assert (kept.made["resolve"], kept.reused["resolve"]) == (1, 0)
    assert "Mr Kem" in renamed.entities["people/kem-sokha"].aliases


def test_the_anchors_of_an_article_whose_text_did_not_change_are_reused(
    tmp_path: Path,
) -> None:
    """With the same front matter, an article's citations point where they did
    while its paragraphs are the same: only the edited article's anchors are
    found again, and they follow its text (a load keeping nothing agrees)."""
    root = tmp_path / "dossier"
    head = "people:\n  - name: Kem Sokha\n    summary: A leader.\n"
    kept = Kept()

    def anchors(dossier: Any) -> dict[str | None, str | None]:
        ent = dossier.entities["people/kem-sokha"]
        return {c.article: c.anchor for c in ent.citations}

    _write_article(root, "a", head, "Kem Sokha spoke.\n\nThe court sat.")
    _write_article(root, "b", head, "The court sat.\n\nKem Sokha spoke.")
    first = anchors(_load_kept(root, kept))
    _write_article(root, "b", head, "Kem Sokha spoke.\n\nThe court sat.")
    edited = anchors(_load_kept(root, kept))
    assert (kept.made["anchors"], kept.reused["anchors"]) == (1, 1)
    assert edited["a"] == first["a"]
    assert edited["b"] != first["b"]
    assert edited["b"] == edited["a"]


def test_records_named_by_the_resolution_change_with_the_anchors_and_the_front_matter(
    tmp_path: Path,
) -> None:
    """A serving build keeps each record's digest by the resolution's name and
    adds its citations' anchors: a body edit moving one entity's citation
    changes that entity's record only; a front matter edit writes the records
    out again, and changes only those that changed."""
    root = tmp_path / "dossier"
    head = "people:\n  - Kem Sokha\n  - Hun Sen\n"
    kept = Kept()

    def records() -> Records:
        kept.begin()
        dossier = load_dossier(root, memo=kept)
        assert kept.key("resolve")
        made = Records(dossier, linked_from(dossier), kept.key("resolve"), kept)
        kept.end()
        return made

    _write_article(root, "a", head, "Hun Sen spoke.\n\nThe court sat.\n\nKem Sokha left.")
    first = records()
    _write_article(root, "a", head, "Hun Sen spoke.\n\nKem Sokha left.\n\nThe court sat.")
    moved = records()
    assert moved.shown["people/kem-sokha"] != first.shown["people/kem-sokha"]
    assert moved.shown["people/hun-sen"] == first.shown["people/hun-sen"]
    assert moved.shown["articles/a"] == first.shown["articles/a"]
    # Another resolution: the records are written out again, and the one
    # that did not change keeps its digest (its page is not made again).
    described = head.replace("Hun Sen\n", "name: Hun Sen\n    summary: A leader.\n")
    _write_article(root, "a", described, "Hun Sen spoke.\n\nKem Sokha left.\n\nThe court sat.")
    summarised = records()
    assert summarised.shown["people/hun-sen"] != moved.shown["people/hun-sen"]
    assert summarised.shown["people/kem-sokha"] == moved.shown["people/kem-sokha"]
    _write_article(root, "a", head.replace("Hun Sen", "Hun Sen Jr"), "Hun Sen Jr spoke.")
    renamed = records()
    assert renamed.shown["articles/a"] != moved.shown["articles/a"]
    assert renamed.shown["people/kem-sokha"] != moved.shown["people/kem-sokha"]


def test_a_one_off_build_makes_no_records_and_keeps_nothing(
    make_site: Any, monkeypatch: Any
) -> None:
    """``mkdocs build`` (not dirty, not serving) has no next build to reuse its
    work: it digests no record and keeps no step's result (issue 19: one-off
    builds cheap); a dirty build of the same site does both."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import mkdocs_dossier.plugin as plugin_module

    site = make_site({"dossier/articles/a.md": arrest_article()})
    made: list[object] = []

    class Counted(Records):
        def __init__(self, *args: Any) -> None:
            made.append(args)
            super().__init__(*args)

    monkeypatch.setattr(plugin_module, "Records", Counted)
    for dirty in (False, True):
        config = load_config(config_file=str(site / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=dirty)
        build(config, dirty=dirty)
        kept = config.plugins["dossier"].kept
        assert (len(made), kept is not None) == ((1, True) if dirty else (0, False))
