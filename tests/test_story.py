"""Timelines, relations, the relationship graph and the exports, on small dossiers."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup
from conftest import write
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mkdocs_dossier.core.indexes import Related
from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.core.ties import relation_groups
from mkdocs_dossier.core.timeline import Timelines
from mkdocs_dossier.exports import files as exports
from mkdocs_dossier.exports.files import export_files
from mkdocs_dossier.pipeline import load_dossier
from mkdocs_dossier.site.encode import safe_json
from mkdocs_dossier.site.graph import GraphViews, RelationGraph
from mkdocs_dossier.site.render import Renderer
from mkdocs_dossier.site.urls import relative_url

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

STORY = """
---
title: Crackdown
date: 2017-11-14
source: Paper A
url: https://example.org/a
people:
  - name: Kem Sokha
    party: cnrp
  - name: Srey Ann
    party: cnrp
  - name: Real Name
    protected: true
    display: Witness A
parties:
  - {name: Cambodia National Rescue Party, id: cnrp, aliases: [CNRP]}
places:
  - {name: Cambodia, kind: country, country_code: KH}
  - {name: Kampot Province, kind: province, in: Cambodia}
  - {name: Kampong Trach, kind: district, in: Kampot Province}
events:
  - name: Arrest of Kem Sokha
    id: arrest
    date: 2017-09-03
    place: Cambodia
    people: [{id: kem-sokha, role: arrested}]
  - name: Detentions
    date: 2017-11-14
    place: Kampong Trach
    people: [{id: srey-ann, role: detained}, {id: witness-a, role: witnessed}]
  - name: Court decision
    date: 2017-11-16
    scheduled: true
    parties: [{id: cnrp, role: faces dissolution}]
  - name: Officers deployed
    date: 2017-11
    approximate: true
    parties: [cnrp]
  - name: Elections
    date: 2018
    scheduled: true
relations:
  - {subject: kem-sokha, type: member, object: cnrp, role: President, start: 2017-03}
  - {subject: srey-ann, type: member, object: cnrp, role: commune chief}
  - {subject: witness-a, type: tie, object: srey-ann, role: neighbour}
---
Kem Sokha of the CNRP was arrested. Witness A saw Srey Ann taken in Kampong Trach.
"""


@pytest.fixture
def story(tmp_path: Path) -> Dossier:
    write(tmp_path / "dossier/articles/crackdown.md", STORY)
    dossier = load_dossier(tmp_path / "dossier")
    assert not dossier.problems, [str(p) for p in dossier.problems]
    return dossier


# -- timeline -----------------------------------------------------------------


def test_timeline_orders_precise_dates_before_partial_ones_in_the_same_month(story) -> None:
    keys = [e.key for e in Timelines(story).entries]
    assert keys == [
        "events/arrest",
        "events/detentions",
        "articles/crackdown",
        "events/court-decision",
        "events/officers-deployed",
        "events/elections",
    ]


def test_timeline_groups_by_year_and_month_with_unknown_month_last(story) -> None:
    years = Timelines(story).grouped()
    assert [y.label for y in years] == ["2017", "2018"]
    assert [p.label for p in years[0].periods] == ["September 2017", "November 2017"]
    assert [p.label for p in years[1].periods] == ["2018, month not known"]


def test_timeline_entries_say_how_precise_and_whether_scheduled(story) -> None:
    by_key = {e.key: e for e in Timelines(story).entries}
    assert by_key["events/court-decision"].flags == ["scheduled"]
    assert by_key["events/officers-deployed"].flags == ["approximate date", "day not known"]
    assert by_key["events/elections"].flags == ["scheduled", "month not known"]
    assert by_key["events/arrest"].label == "3 September 2017"


def test_event_in_a_district_is_on_the_province_and_country_timelines(story) -> None:
    timelines = Timelines(story)
    province = [(r.entry.key, r.via) for r in timelines.of("places/kampot-province")]
    assert ("events/detentions", "places/kampong-trach") in province
    country = {r.entry.key for r in timelines.of("places/cambodia")}
    assert {"events/arrest", "events/detentions"} <= country


def test_entity_timeline_has_its_roles_and_not_its_source_articles(story) -> None:
    roles = [(r.entry.key, r.role) for r in Timelines(story).of("parties/cnrp")]
    assert roles == [
        ("people/kem-sokha", "President"),  # member since March 2017
        ("events/court-decision", "faces dissolution"),
        ("events/officers-deployed", None),
    ]


def test_dated_relation_is_on_both_ends_timelines_from_its_start(story) -> None:
    timelines = Timelines(story)

    def relations(key: str) -> list[tuple[str, str, str | None, str]]:
        return [
            (r.entry.key, r.entry.relation, r.role, r.entry.label)
            for r in timelines.of(key)
            if r.entry.kind == "relation"
        ]

    assert relations("people/kem-sokha") == [
        ("parties/cnrp", "member of", "President", "March 2017")
    ]
    assert relations("parties/cnrp") == [("people/kem-sokha", "member", "President", "March 2017")]
    assert relations("people/srey-ann") == []  # her membership has no date
    assert all(e.kind != "relation" for e in timelines.entries)  # the dossier's timeline
    page = BeautifulSoup(Renderer(story).sections.timeline("people/kem-sokha"), "lxml")
    (item,) = [li for li in page.find_all("li") if li.find(class_="dossier-flag-relation")]
    assert item.find("time")["datetime"] == "2017-03"
    assert item.find(class_="dossier-flag-relation").get_text() == "member of"
    assert item.find("a")["href"] == "../../parties/cnrp/"
    assert item.find("a").get_text() == "Cambodia National Rescue Party"
    assert item.find("em").get_text() == "President"


# -- relations ----------------------------------------------------------------


def test_party_fact_and_relation_with_role_make_one_member_row(story) -> None:
    related = Related(story)
    groups = relation_groups("parties/cnrp", related.relations["parties/cnrp"])
    assert [g.heading for g in groups] == ["Members"]
    rows = [(r.other, r.role, r.period()) for r in groups[0].rows]
    assert rows == [
        ("people/srey-ann", "commune chief", ""),
        ("people/kem-sokha", "President", "March 2017 – …"),
    ]


def test_person_page_shows_relation_from_the_other_side(story) -> None:
    related = Related(story)
    groups = relation_groups("people/srey-ann", related.relations["people/srey-ann"])
    assert {g.heading: [r.other for r in g.rows] for g in groups} == {
        "Member of": ["parties/cnrp"],
        "Ties": ["people/witness-a"],
    }


# -- graph --------------------------------------------------------------------


def _svg(text: str) -> etree._Element:
    return etree.fromstring(text.encode())


def test_neighbourhood_links_every_neighbour_and_names_it_in_text(story) -> None:
    renderer = Renderer(story)
    views = GraphViews(story, renderer.name_of, directory_urls=True)
    svg = _svg(views.neighbourhood("parties/cnrp"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    links = {a.get(XLINK_HREF) for a in svg.iterfind(".//s:a", ns)}
    assert "../../people/kem-sokha/" in links
    assert "../../events/court-decision/" in links
    labels = {t.text for t in svg.iterfind(".//s:a/s:text", ns)}
    assert {"Kem Sokha", "Srey Ann"} <= labels
    assert svg.find("s:title", ns).text == "Connections of Cambodia National Rescue Party"
    assert svg.get("aria-labelledby") == "dossier-graph-title dossier-graph-desc"


def test_graph_shows_only_published_names(story) -> None:
    renderer = Renderer(story)
    views = GraphViews(story, renderer.name_of)
    text = views.full().svg + views.neighbourhood("people/srey-ann")
    text += json.dumps(views.browser_data())  # what the interactive graph is given
    assert "Witness A" in text
    assert "Real Name" not in text


def test_graph_escapes_names(tmp_path: Path) -> None:
    write(
        tmp_path / "dossier/articles/a.md",
        """
        ---
        title: A
        date: 2017-11-14
        people: [{name: "<script>alert(1)</script> [[x]] & Co", id: evil, party: p}]
        parties: [{name: P, id: p}]
        ---
        Text.
        """,
    )
    dossier = load_dossier(tmp_path / "dossier")
    text = GraphViews(dossier, Renderer(dossier).name_of).neighbourhood("parties/p")
    svg = _svg(text)  # well-formed XML: nothing broke out of its element
    assert "<script" not in text and "[[" not in text
    names = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert any(n and n.startswith("<script>") for n in names)


def test_neighbourhood_is_capped_and_says_how_many_are_left_out(tmp_path: Path) -> None:
    people = "\n".join(f"  - {{name: Person {i:02d}, party: p}}" for i in range(40))
    write(
        tmp_path / "dossier/articles/a.md",
        f"---\ntitle: A\ndate: 2017-11-14\nparties: [{{name: P, id: p}}]\npeople:\n{people}\n"
        "---\nText.\n",
    )
    dossier = load_dossier(tmp_path / "dossier")
    drawing = RelationGraph(dossier).neighbourhood("parties/p", limit=16)
    assert drawing is not None
    assert len(drawing.nodes) == 17 and drawing.omitted == 24


def test_full_graph_layout_is_the_same_twice(story) -> None:
    a = RelationGraph(story).full()
    b = RelationGraph(story).full()
    assert a.nodes == b.nodes and a.edges == b.edges
    assert a.nodes  # something was drawn


def _overlapping_boxes(drawing, name_of) -> list[tuple[str, str]]:
    """Pairs of nodes whose shape-and-label boxes (``graph._node_box``) overlap."""
    from mkdocs_dossier.site.graph import _node_box

    boxes = {k: (x, y, *_node_box(name_of(k))) for k, (x, y) in drawing.nodes.items()}
    found = []
    keys = sorted(boxes)
    for i, a in enumerate(keys):
        ax, ay, aw, at, ab = boxes[a]
        assert ax - aw >= 0 and ax + aw <= drawing.width, a
        assert ay - at >= 0 and ay + ab <= drawing.height, a
        for b in keys[i + 1 :]:
            bx, by, bw, bt, bb = boxes[b]
            if min(ax + aw, bx + bw) > max(ax - aw, bx - bw) and min(ay + ab, by + bb) > max(
                ay - at, by - bt
            ):
                found.append((a, b))
    return found


def test_full_graph_keeps_every_label_clear_of_other_nodes(story, tmp_path: Path) -> None:
    """No node's shape or label overlaps another's, in a small and a crowded graph."""
    renderer = Renderer(story)
    drawing = RelationGraph(story).full(name_of=renderer.name_of)
    assert len(drawing.nodes) > 5
    assert _overlapping_boxes(drawing, renderer.name_of) == []
    # A hub with 70 members, a second party sharing 20 of them, and events.
    people = "\n".join(
        f"  - {{name: Member With A Rather Long Name {i:02d}, party: {'q' if i % 3 else 'p'}}}"
        for i in range(70)
    )
    ties = "\n".join(
        f"  - {{subject: member-with-a-rather-long-name-{i:02d}, type: member, object: p}}"
        for i in range(1, 70, 3)
    )
    write(
        tmp_path / "crowded/articles/a.md",
        f"---\ntitle: A\ndate: 2017-11-14\nparties: [{{name: P, id: p}}, {{name: Q, id: q}}]\n"
        f"people:\n{people}\nrelations:\n{ties}\n---\nText.\n",
    )
    crowded = load_dossier(tmp_path / "crowded")
    assert not crowded.problems, [str(p) for p in crowded.problems]
    renderer = Renderer(crowded)
    drawing = RelationGraph(crowded).full(name_of=renderer.name_of)
    assert len(drawing.nodes) == 72 and len(drawing.edges) > 72
    assert _overlapping_boxes(drawing, renderer.name_of) == []


def test_full_graph_layout_loads_no_numerical_library() -> None:
    """The layout is plain Python: networkx and numpy cost ~40 MiB and 0.2 s to import."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mkdocs_dossier.pipeline import load_dossier\n"
        "from mkdocs_dossier.site.graph import GraphViews\n"
        "d = load_dossier(Path('dossier'))\n"
        "assert GraphViews(d, str).full().drawing.nodes\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'networkx')))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("here", "there", "directory_urls", "expected"),
    [
        ("people/a", "parties/b", True, "../../parties/b/"),
        ("people/a", "parties/b", False, "../parties/b.html"),
        ("graph/index", "people/a", True, "../people/a/"),
        ("graph/index", "people/a", False, "../people/a.html"),
        ("people/a", "people/c", False, "c.html"),
    ],
)
def test_relative_url_matches_mkdocs_layout(here, there, directory_urls, expected) -> None:
    assert relative_url(here, there, directory_urls) == expected


# -- exports ------------------------------------------------------------------


def test_dossier_json_has_schema_version_and_published_names_only(story) -> None:
    files = export_files(story, Options(title="T", site_url="https://x.org/d/"))
    data = json.loads(files[exports.DOSSIER_JSON])
    assert data["schema_version"] == exports.SCHEMA_VERSION
    assert data["generated"] is None
    keys = [e["key"] for e in data["entities"]]
    assert keys == sorted(keys)
    sokha = next(e for e in data["entities"] if e["key"] == "people/kem-sokha")
    assert sokha["url"] == "https://x.org/d/people/kem-sokha/"
    member = {(r["subject"], r["object"], r["role"]) for r in data["relations"]}
    assert ("people/kem-sokha", "parties/cnrp", "President") in member
    assert data["sources"][0]["id"] == "crackdown"
    assert {m["entity"] for m in data["mentions"]} >= {"people/kem-sokha", "parties/cnrp"}
    for text in files.values():
        assert "Real Name" not in text


def test_exports_written_to_disk_are_the_same_bytes(story, tmp_path) -> None:
    options = Options(title="T <&> é", site_url="https://x.org/d/", ftm=True)
    in_memory = export_files(story, options)
    written = exports.write_exports(story, options, tmp_path)
    assert sorted(written) == sorted(in_memory)
    for path, text in in_memory.items():
        assert written[path] == tmp_path / path
        assert written[path].read_bytes() == text.encode("utf-8"), path
    assert b"\r\n" in written[exports.EVENTS_ICS].read_bytes()  # CRLF kept, not doubled


def test_big_exports_are_made_in_pieces_no_bigger_than_a_record(story) -> None:
    # write_exports writes the pieces as they come: a one-off build never
    # holds a whole dossier.json or ftm.jsonl, whose size grows with the dossier.
    from mkdocs_dossier.exports.ftm import ftm_chunks

    text = export_files(story, Options(ftm=True))
    data = json.loads(text[exports.DOSSIER_JSON])
    biggest = max(
        len(exports._record(record))
        for section in ("entities", "relations", "mentions", "sources")
        for record in data[section]
    )
    pieces = list(exports.dossier_json_chunks(story, Options()))
    assert "".join(pieces) == text[exports.DOSSIER_JSON]
    # a piece is a record, the frame up to a list, or one article's mentions
    mentions_per_article = max(
        sum(1 for m in data["mentions"] if m["article"] == a["id"]) for a in data["sources"]
    )
    assert max(map(len, pieces)) <= biggest * mentions_per_article + 4 * mentions_per_article
    assert len(pieces) > len(data["entities"])
    lines = list(ftm_chunks(story, Options(ftm=True)))
    assert "".join(lines) == text[exports.FTM_JSONL]
    assert len(lines) == len(text[exports.FTM_JSONL].splitlines())


def test_ics_has_all_day_events_spanning_partial_dates(story) -> None:
    text = export_files(story, Options())[exports.EVENTS_ICS]
    cal = icalendar.Calendar.from_ical(text)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    month = events["events/officers-deployed@mkdocs-dossier"]
    assert month.decoded("dtstart") == dt.date(2017, 11, 1)
    assert month.decoded("dtend") == dt.date(2017, 12, 1)
    assert str(events["events/court-decision@mkdocs-dossier"]["status"]) == "TENTATIVE"
    assert events["events/arrest@mkdocs-dossier"].decoded("dtend") == dt.date(2017, 9, 4)
    # DTSTAMP comes from the content (the newest article), not the clock.
    assert month.decoded("dtstamp") == dt.datetime(2017, 11, 14, tzinfo=dt.UTC)


def test_source_date_epoch_sets_the_build_time(story, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = export_files(story, Options())
    assert json.loads(files[exports.DOSSIER_JSON])["generated"] == "2023-11-14T22:13:20Z"
    cal = icalendar.Calendar.from_ical(files[exports.EVENTS_ICS])
    stamp = next(iter(cal.walk("VEVENT"))).decoded("dtstamp")
    assert stamp == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_timelinejs_json_has_partial_dates_and_sources_group(story) -> None:
    data = json.loads(export_files(story, Options())[exports.TIMELINE_JSON])
    by_id = {e["unique_id"]: e for e in data["events"]}
    assert by_id["events-elections"]["start_date"] == {"year": 2018}
    assert by_id["events-officers-deployed"]["start_date"] == {"year": 2017, "month": 11}
    assert by_id["articles-crackdown"]["group"] == "Sources"
    assert by_id["events-arrest"]["text"]["headline"].startswith('<a href="events/arrest/">')


def test_exports_without_ftm_need_no_followthemoney_and_with_it_name_the_install(
    story, monkeypatch
) -> None:
    """The FtM export is made with the package, and only when it is on."""
    from mkdocs_dossier.exports.ftm import FtmMissing

    monkeypatch.setitem(sys.modules, "followthemoney", None)  # importing it now fails
    files = export_files(story, Options())
    assert exports.FTM_JSONL not in files
    assert exports.DOSSIER_JSON in files
    with pytest.raises(FtmMissing, match=r'pip install "mkdocs-dossier\[ftm\]"'):
        export_files(story, Options(ftm=True))


def test_ftm_entities_validate_and_link_membership(story) -> None:
    from followthemoney import model

    lines = export_files(story, Options(ftm=True))[exports.FTM_JSONL].splitlines()
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in lines]
    for proxy in proxies:
        proxy.schema.validate(proxy.to_dict())
        missing = [p for p in proxy.schema.required if not proxy.get(p)]
        assert not missing, (proxy.id, missing)
    memberships = {
        (p.first("member"), p.first("organization"), p.first("role"))
        for p in proxies
        if p.schema.name == "Membership"
    }
    assert ("dossier.people.kem-sokha", "dossier.parties.cnrp", "President") in memberships
    assert "Real Name" not in "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(row=st.tuples(*[st.text()] * 5))
def test_a_mention_record_is_written_as_the_json_module_writes_it(row) -> None:
    assert exports._mention_record(row) == exports._record(exports._mention_json(row))


def test_dossier_json_in_pieces_is_the_document_encoded_whole(story) -> None:
    options = Options(title="<T> & \u2028", site_url="")
    text = exports.dossier_json_text(story, options)
    assert text == safe_json(exports.dossier_json(story, options), indent=1) + "\n"
