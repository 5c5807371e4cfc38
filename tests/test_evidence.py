"""Evidence: each claim cites the paragraph that supports it, or the words quoted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, html, mkdocs_build, section, write

from mkdocs_dossier.core.evidence import date_pattern, quote_pattern
from mkdocs_dossier.core.mentions import blocks, plain
from mkdocs_dossier.core.model import Citation, Dossier, Entity, PartialDate
from mkdocs_dossier.pipeline import Options, load_dossier

#: The editor's own classification, not a claim the article states.
_EDITORS_WORDS = {"summary", "kind", "country_code", "status", "approximate", "url"}


def _paragraphs(dossier: Dossier) -> dict[tuple[str, str], str]:
    return {
        (a.id, b.anchor): plain(a.body[b.start : b.end])
        for a in dossier.articles.values()
        for b in blocks(a.body)
        if b.kind == "prose"
    }


def _names(ent: Entity) -> list[str]:
    return ent.published_names


def _shows(para: str, value: object, dossier: Dossier) -> bool:
    """Whether a paragraph states a value: a name of the entity, the date, the words."""
    if isinstance(value, PartialDate):
        return bool(date_pattern(value).search(para))
    if isinstance(value, tuple):
        return all(_shows(para, p.key, dossier) for p in value)
    if isinstance(value, str) and value in dossier.entities:
        return any(n in para for n in _names(dossier.entities[value]))
    words = re.findall(r"\w{4,}", str(value).casefold())
    return all(w in para.casefold() for w in words)


def _supported(cite: Citation, para: str | None, subject: Entity, values: list, d: Dossier) -> str:
    """Why a citation does not support its claim, or an empty string."""
    if para is None:
        return "cites no paragraph"
    if cite.quote:
        return "" if quote_pattern(cite.quote).search(para) else "quote not in the paragraph"
    if subject.type == "event" and not all(isinstance(v, tuple) for v in values):
        return "an event's claim needs a quote: events are not named in the text"
    if subject.type != "event" and not any(n in para for n in _names(subject)):
        return "the paragraph does not name the subject"
    missing = [v for v in values if not _shows(para, v, d)]
    return f"the paragraph does not state {missing}" if missing else ""


@pytest.fixture(scope="module")
def example() -> Dossier:
    return load_dossier(ROOT / "dossier", Options(geocode=False))


def test_every_claim_of_the_example_cites_a_paragraph_that_states_it(example: Dossier) -> None:
    paras = _paragraphs(example)
    wrong = []
    for ent in example.entities.values():
        for fname, facts in ent.facts.items():
            if fname in _EDITORS_WORDS:
                continue
            for fact in facts:
                for cite in fact.citations:
                    if cite.article is None:
                        continue
                    para = paras.get((cite.article, cite.anchor or ""))
                    why = _supported(cite, para, ent, [fact.value], example)
                    if why:
                        wrong.append(f"{ent.key} {fname}={fact.value!r} ({cite.anchor}): {why}")
    for rel in example.relations:
        subject = example.entities[rel.subject]
        for cite in rel.citations:
            if cite.article is None:
                continue
            para = paras.get((cite.article, cite.anchor or ""))
            values = [rel.object] if example.entities[rel.object].type != "event" else []
            if rel.role and not values:
                values = []
            why = _supported(cite, para, subject, values, example)
            if why:
                wrong.append(f"{rel.subject} {rel.type} {rel.object} ({cite.anchor}): {why}")
    assert wrong == []
    assert not [p for p in example.problems if "quote" in p.message]


def test_every_event_page_of_the_example_quotes_its_sentence(example_site: Path) -> None:
    events = sorted((example_site / "site/events").glob("*/index.html"))
    assert len(events) == 9
    for page_path in events:
        page = html(example_site, page_path.relative_to(example_site / "site").as_posix())
        cites = [
            a for a in page.select("table a") if re.search(r"/articles/[^/]+/#p-\d+$", a["href"])
        ]
        assert cites and all("¶" in a.get_text() for a in cites), page_path
        mentions = page.find(id="mentions")
        assert mentions is not None, page_path
        snippets = mentions.find_next("ul").select("li")
        assert snippets and snippets[0].a["href"].split("#")[1].startswith("p-"), page_path


def test_quoted_words_are_marked_in_the_article_and_link_to_the_claim(example_site: Path) -> None:
    page = html(example_site, "articles/rfa-2017-11-14-us-rejects-charges/index.html")
    marks = {m.get_text(" ", strip=True): m for m in page.select("mark.dossier-quote")}
    arrest = marks["Kem Sokha was arrested on Sept. 3"]
    assert arrest.a["href"] == "../../events/kem-sokha-arrest/"


def _one_article(tmp_path: Path, quote: str) -> Path:
    write(tmp_path / "mkdocs.yml", "site_name: T\ntheme: mkdocs\nplugins: [search, dossier]\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    write(
        tmp_path / "dossier/articles/a.md",
        f"""
        ---
        title: A
        date: 2017-11-14
        source: Wire
        people:
          - name: Kem Sokha
            party: cnrp
        parties:
          - {{name: CNRP, id: cnrp}}
        events:
          - name: Arrest
            date: 2017-09-03
            quote: {quote}
            people: [Kem Sokha]
        ---

        *Kem Sokha in a photograph.*

        The leader of the opposition is in jail.

        CNRP President Kem Sokha was “arrested” on Sept. 3.
        """,
    )
    return tmp_path


def test_a_quote_matches_across_quotation_marks_and_white_space(tmp_path: Path) -> None:
    site = _one_article(tmp_path, "'Kem Sokha was \"arrested\"   on Sept. 3'")
    built = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.stderr
    page = html(site, "events/arrest/index.html")
    date_row = next(tr for tr in page.select("tr") if tr.td and tr.td.get_text() == "Date")
    assert date_row.a["href"] == "../../articles/a/#p-3"
    assert date_row.a.get_text() == "Wire, 14 November 2017, ¶3"
    # Without a quote, Kem Sokha's party cites the paragraph naming him with the CNRP,
    # not the caption that names him first.
    person = html(site, "people/kem-sokha/index.html")
    member_of = next(el for el in section(person, "member-of") if el.name == "table")
    assert member_of.tbody.tr.find_all("td")[-1].a["href"] == "../../articles/a/#p-3"


def test_a_quote_not_in_the_text_is_an_error_naming_the_closest_passage(tmp_path: Path) -> None:
    site = _one_article(tmp_path, "Kem Sokha was detained on Sept. 3")
    built = mkdocs_build(site, "--strict")
    assert built.returncode == 1
    assert (
        "dossier/articles/a.md:13:12: the quote “Kem Sokha was detained on Sept. 3” is not in "
        "the text of dossier/articles/a.md; the closest passage is “CNRP President Kem Sokha was "
        "“arrested” on Sept. 3.”"
    ) in built.stderr
