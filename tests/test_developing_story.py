"""A story followed over several articles: later reports update earlier ones.

The fixture dossier (tests/fixtures/story/) holds RFA's report of 14 November
2017, which expects a Supreme Court ruling on 16 November, a fixture report of
that day giving the ruling, and a fixture report of the arrest on 3 September.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from conftest import html, mkdocs_build, section, write

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "story"
EXPECTED = "rfa-2017-11-14-crackdown"
RULING = "fixture-2017-11-16-ruling"
ARREST = "fixture-2017-09-03-arrest"


def _story(tmp_path: Path, articles: tuple[str, ...], extra: str = "") -> Path:
    site = tmp_path / "site-src"
    write(
        site / "mkdocs.yml",
        f"site_name: Story\ntheme: mkdocs\nplugins: [search, {{dossier: {{ftm: true}}}}]\n{extra}",
    )
    write(site / "docs/index.md", "# Home\n")
    for name in articles:
        target = site / "dossier/articles" / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURE / "articles" / f"{name}.md", target)
    return site


def _built(site: Path, *args: str) -> Path:
    result = mkdocs_build(site, "--strict", *args)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(_story(tmp_path_factory.mktemp("two"), (EXPECTED, RULING)))


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(_story(tmp_path_factory.mktemp("three"), (EXPECTED, RULING, ARREST)))


def _index_item(site: Path, event: str):
    page = html(site, "events/index.html")
    for li in page.select("li"):
        if li.time and li.find("a", href=lambda h: h and f"{event}/" in h):
            return li
    raise AssertionError(f"{event} is not on the events index")


def _flags(li) -> list[str]:
    return [s.get_text(strip=True) for s in li.select(".dossier-flag")]


def _facts(page) -> list[tuple[str, str, str]]:
    rows = []
    for tr in page.select("table tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        if len(cells) == 3:
            rows.append(tuple(cells))
    return rows


def test_the_ruling_reported_later_is_held_in_every_single_value_view(two: Path) -> None:
    assert "scheduled" not in _flags(_index_item(two, "supreme-court-cnrp-decision"))
    assert "scheduled" in _flags(_index_item(two, "cambodia-elections-2018"))
    cnrp = html(two, "parties/cnrp/index.html")
    line = next(li for li in cnrp.select("li") if li.time and "Supreme Court" in li.get_text())
    assert "scheduled" not in _flags(line)
    assert "decided to disband" in line.get_text()

    cal = icalendar.Calendar.from_ical((two / "site/exports/events.ics").read_bytes())
    by_uid = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    ruling = by_uid["events/supreme-court-cnrp-decision@mkdocs-dossier"]
    assert str(ruling["status"]) == "CONFIRMED"
    assert "decided to disband" in str(ruling["description"])
    assert str(by_uid["events/cambodia-elections-2018@mkdocs-dossier"]["status"]) == "TENTATIVE"

    data = json.loads((two / "site/exports/dossier.json").read_text(encoding="utf-8"))
    event = next(e for e in data["entities"] if e["key"] == "events/supreme-court-cnrp-decision")
    assert event["summary"] == "Cambodia’s Supreme Court decided to disband the CNRP."
    assert [f["value"] for f in event["facts"]["status"]] == ["held", "scheduled"]

    timeline = json.loads((two / "site/exports/timeline.json").read_text(encoding="utf-8"))
    item = next(e for e in timeline["events"] if e["unique_id"].endswith("cnrp-decision"))
    assert "decided to disband" in item["text"]["text"]
    assert "scheduled" not in json.dumps(item)

    lines = [json.loads(x) for x in (two / "site/exports/ftm.jsonl").read_text().splitlines()]
    ftm_event = next(x for x in lines if x["id"] == "dossier.events.supreme-court-cnrp-decision")
    assert "scheduled" not in ftm_event["properties"].get("keywords", [])
    assert ftm_event["properties"]["summary"] == [event["summary"]]

    summary = html(two, "parties/cnrp/index.html").select_one(".dossier-type").find_next("p")
    assert "disbanded by the Supreme Court" in summary.get_text()


def test_earlier_values_and_every_summary_stay_on_the_page_with_dates(three: Path) -> None:
    page = html(three, "events/supreme-court-cnrp-decision/index.html")
    status = [row for row in _facts(page) if row[0] == "Status"]
    assert status == [
        ("Status", "took place", "Test fixture, 16 November 2017, ¶2"),
        ("Status", "scheduled (as of 14 November 2017)", "Radio Free Asia, 14 November 2017, ¶1"),
    ]
    person = html(three, "people/kem-sokha/index.html")
    items = [
        li.get_text(" ", strip=True)
        for li in section(person, "summaries-by-source")[0].select("li")
    ]
    assert [re.sub(r", ¶\d+$", "", i.rsplit("— ", 1)[1]) for i in items] == [
        "Test fixture, 16 November 2017",
        "Radio Free Asia, 14 November 2017",
        "Test fixture, 3 September 2017",
    ]
    assert items[0].startswith("President of the Cambodia National Rescue Party, which the Supreme")


def _site_files(site: Path, rename: dict[str, str]) -> dict[str, bytes]:
    """Every file of a built site, with renamed ids written back as they were.

    MkDocs' own sitemap and search index list pages in file-path order, so
    they are left out: they are not the dossier's output.
    """
    out = {}
    for path in sorted((site / "site").rglob("*")):
        rel = path.relative_to(site / "site").as_posix()
        if path.is_dir() or rel.startswith("sitemap.xml") or rel == "search/search_index.json":
            continue
        data = path.read_bytes()
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        for new, old in rename.items():
            rel = rel.replace(new, old)
            data = data.replace(new.encode(), old.encode())
        out[rel] = _without_article_link_ids(data) if rel.endswith("ftm.jsonl") else data
    return out


def _without_article_link_ids(data: bytes) -> bytes:
    """FtM lines, less the ids of links to articles: they hash the article's id."""
    lines = []
    for line in data.decode().splitlines():
        record = json.loads(line)
        props = record["properties"]
        if record["id"].startswith("dossier.rel.") and ("document" in props or "proof" in props):
            del record["id"]
        lines.append(json.dumps(record, sort_keys=True))
    return "\n".join(sorted(lines)).encode()


def test_renaming_articles_so_they_sort_the_other_way_changes_no_other_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1510790400")  # the theme prints the build date
    site = _built(_story(tmp_path / "a", (EXPECTED, RULING, ARREST)))
    before = _site_files(site, {})
    articles = site / "dossier/articles"
    rename = {f"aa-{EXPECTED}": EXPECTED, f"mm-{RULING}": RULING, f"zz-{ARREST}": ARREST}
    for new, old in rename.items():
        (articles / f"{old}.md").rename(articles / f"{new}.md")
    after = _site_files(_built(site), rename)
    assert after.keys() == before.keys()
    own = {f"articles/{a}/index.html" for a in rename.values()}
    changed = [rel for rel in before if before[rel] != after[rel] and rel not in own]
    assert changed == []


def _dossier(tmp_path: Path, first: str, second: str) -> Path:
    head = "---\ntitle: {t}\ndate: {d}\nsource: {s}\n"
    write(tmp_path / "mkdocs.yml", "site_name: T\ntheme: mkdocs\nplugins: [search, dossier]\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    (tmp_path / "dossier/articles").mkdir(parents=True)
    (tmp_path / "dossier/articles/one.md").write_text(
        head.format(t="One", d="2017-11-14", s="Wire A")
        + first
        + "---\n\nKem Sokha and the CNRP.\n"
    )
    (tmp_path / "dossier/articles/two.md").write_text(
        head.format(t="Two", d="2017-11-16", s="Wire B") + second + "---\n\nKem Sokha again.\n"
    )
    return tmp_path


_PLACES = """places:
  - {name: Cambodia, id: cambodia, kind: country}
  - {name: Phnom Penh, id: phnom-penh, kind: city, in: cambodia}
parties:
  - {name: CNRP, id: cnrp}
  - {name: CPP, id: cpp}
"""


def test_a_partial_date_and_a_place_inside_another_refine_rather_than_differ(
    tmp_path: Path,
) -> None:
    site = _dossier(
        tmp_path,
        _PLACES + "events:\n  - {name: Elections, id: elections, date: 2018, place: cambodia}\n",
        _PLACES
        + "events:\n  - {name: Elections, id: elections, date: 2018-07, place: phnom-penh}\n",
    )
    _built(site)
    rows = _facts(html(site, "events/elections/index.html"))
    both = "Wire B, 16 November 2017 ; Wire A, 14 November 2017"  # the text names neither
    assert ("Date", "July 2018", both) in rows
    assert ("Place", "Phnom Penh", both) in rows
    assert not any("sources differ" in row[1] for row in rows)


def _check(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check", "dossier", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_party_conflict_is_reported_for_review_with_both_positions(tmp_path: Path) -> None:
    site = _dossier(
        tmp_path,
        _PLACES + "people:\n  - {name: Kem Sokha, party: cnrp}\n",
        _PLACES + "people:\n  - {name: Kem Sokha, party: cpp}\n",
    )
    checked = _check(site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    review = [line for line in checked.stdout.splitlines() if line.startswith("review: ")]
    assert len(review) == 1
    assert "dossier/articles/one.md:12:30" in review[0] and "'parties/cnrp'" in review[0]
    assert "dossier/articles/two.md:12:30" in review[0] and "'parties/cpp'" in review[0]
    assert "Wire A, 14 November 2017" in review[0] and "Wire B, 16 November 2017" in review[0]
    assert _check(site, "--conflicts", "error").returncode == 1

    built = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.stderr
    assert "review: dossier/articles/one.md:12:30: sources differ on the party" in built.stderr
    rows = _facts(html(site, "people/kem-sokha/index.html"))
    assert ("Party", "CPP (sources differ)", "Wire B, 16 November 2017, ¶1") in rows
    assert ("Party", "CNRP (sources differ)", "Wire A, 14 November 2017, ¶1") in rows

    disputed = html(site, "disputed/index.html")
    heading = next(h for h in disputed.find_all("h2") if h.a and "kem-sokha" in h.a["href"])
    # The heading names the field by its facts-table label, in the site's language (62fa7cb).
    assert heading.get_text(strip=True) == "Kem Sokha: Party"
    claims = [li.get_text(" ", strip=True) for li in heading.find_next("ul").find_all("li")]
    assert claims == ["CPP — Wire B, 16 November 2017", "CNRP — Wire A, 14 November 2017"]
    assert heading.find_next("ul").a["href"] == "../parties/cpp/"

    (site / "mkdocs.yml").write_text(
        "site_name: T\ntheme: mkdocs\nplugins: [search, {dossier: {conflicts: error}}]\n"
    )
    assert mkdocs_build(site, "--strict").returncode == 1


def test_a_near_duplicate_id_warns_with_did_you_mean_at_its_position(tmp_path: Path) -> None:
    event = "events:\n  - {{name: {n}, id: {i}, date: 2017-11-16}}\n"
    site = _dossier(
        tmp_path,
        event.format(
            n="Supreme Court decision on disbanding the CNRP", i="supreme-court-cnrp-decision"
        ),
        event.format(n="The CNRP ruling", i="supreme-court-cnrp-decison"),
    )
    checked = _check(site)
    assert checked.returncode == 1
    assert (
        "dossier/articles/two.md:6:33: the id 'supreme-court-cnrp-decison' of "
        "events/supreme-court-cnrp-decison is one typo from the id 'supreme-court-cnrp-decision' "
        "of events/supreme-court-cnrp-decision; did you mean 'supreme-court-cnrp-decision'?"
    ) in checked.stdout
    assert mkdocs_build(site, "--strict").returncode == 1


def test_a_name_claimed_twice_suggests_the_existing_id_before_an_alias(tmp_path: Path) -> None:
    event = "events:\n  - {{name: The ruling, id: {i}, date: 2017-11-16}}\n"
    site = _dossier(tmp_path, event.format(i="ruling"), event.format(i="cnrp-ruling"))
    line = next(x for x in _check(site).stdout.splitlines() if "is claimed by 2 entities" in x)
    remedy = line.split("; ", 1)[1]
    assert remedy.startswith("if they are one, refer to the existing entity by its id")
    assert remedy.index("'cnrp-ruling'") < remedy.index("distinct alias")
