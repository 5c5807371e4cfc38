"""The core without MkDocs: loading, resolution and mentions on small dossiers."""

from __future__ import annotations

from pathlib import Path

from conftest import write

from mkdocs_dossier.core.model import PartialDate, slugify
from mkdocs_dossier.pipeline import load_dossier


def _two_articles(root: Path) -> Path:
    write(
        root / "dossier/articles/first.md",
        """
        ---
        title: First
        date: 2017-11-14
        source: Paper A
        people:
          - name: Kem Sokha
            role: President of the CNRP
        ---
        Kem Sokha was detained.
        """,
    )
    write(
        root / "dossier/articles/second.md",
        """
        ---
        title: Second
        date: 2017-11-20
        source: Paper B
        people:
          - name: Kem Sokha
            role: Leader of the opposition
            aliases: [Sokha]
        ---
        Later, Sokha stayed in prison.
        """,
    )
    return root / "dossier"


def test_entity_in_two_articles_is_one_entity_with_both_sources(tmp_path: Path) -> None:
    dossier = load_dossier(_two_articles(tmp_path))
    person = dossier.entities["people/kem-sokha"]
    assert {c.article for c in person.citations} == {"first", "second"}
    assert {m.article for m in dossier.mentions["people/kem-sokha"]} == {"first", "second"}


def test_disagreeing_facts_are_both_kept_with_their_sources(tmp_path: Path) -> None:
    person = load_dossier(_two_articles(tmp_path)).entities["people/kem-sokha"]
    roles = {f.value: [c.article for c in f.citations] for f in person.facts["role"]}
    assert roles == {"President of the CNRP": ["first"], "Leader of the opposition": ["second"]}


def test_citation_points_at_the_mentioning_paragraph(tmp_path: Path) -> None:
    person = load_dossier(_two_articles(tmp_path)).entities["people/kem-sokha"]
    assert [c.anchor for c in person.facts["role"][0].citations] == ["p-1"]


def test_khmer_name_gives_ascii_id() -> None:
    assert slugify("កឹម សុខា") == "kem-sokha" or slugify("កឹម សុខា").isascii()
    assert slugify("Cambodian People’s Party") == "cambodian-people-s-party"


def test_partial_dates_parse_and_sort() -> None:
    dates = [PartialDate.parse(t) for t in ("2017-11", "2017-11-14", "2017", "2017-09-03")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == [
        "2017-09-03",
        "2017-11-14",
        "2017-11",
        "2017",
    ]


def test_bare_name_in_event_resolves_by_alias(tmp_path: Path) -> None:
    write(
        tmp_path / "dossier/articles/a.md",
        """
        ---
        title: A
        date: 2017
        parties:
          - {name: Cambodia National Rescue Party, id: cnrp, aliases: [CNRP]}
        events:
          - {name: Ban, date: 2017-11-16, scheduled: true, parties: [CNRP]}
        ---
        Text.
        """,
    )
    dossier = load_dossier(tmp_path / "dossier")
    assert not dossier.problems
    event = dossier.entities["events/ban"]
    assert [p.key for p in event.facts["parties"][0].value] == ["parties/cnrp"]
    assert event.first("status") == "scheduled"


def test_yaml_one_one_traps_stay_strings(tmp_path: Path) -> None:
    write(
        tmp_path / "dossier/articles/a.md",
        """
        ---
        title: NO
        date: 2017
        people:
          - {name: "On", role: 10:00, aliases: [NO, 007]}
        ---
        """,
    )
    dossier = load_dossier(tmp_path / "dossier")
    person = dossier.entities["people/on"]
    assert dossier.articles["a"].title == "NO"
    assert person.first("role") == "10:00"
    assert person.aliases == ["NO", "007"]
