"""The scale benchmark keeps working: the generator, both sites, the report.

Small sizes only, and no assertion on time: the benchmark itself measures.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate
import run

from mkdocs_dossier.pipeline import load_dossier

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    generate.generate(50, out, seed=3)
    return out


def test_generator_is_deterministic(small: Path, tmp_path: Path) -> None:
    generate.generate(50, tmp_path, seed=3)
    for path in sorted((small / "dossier").rglob("*.md"))[:40]:
        twin = tmp_path / path.relative_to(small)
        assert twin.read_bytes() == path.read_bytes()


def test_generated_dossier_loads_without_problems(small: Path) -> None:
    dossier = load_dossier(small / "dossier/dossier")
    assert dossier.problems == []
    assert len(dossier.articles) == 50
    types = {e.type for e in dossier.entities.values()}
    assert types == {"person", "party", "organization", "place", "event"}
    assert len(dossier.entities) >= 100  # about two per article
    places = [e for e in dossier.entities.values() if e.type == "place"]
    assert all(p.first("lat") is not None and p.first("lon") is not None for p in places)
    khmer = [a for e in dossier.entities.values() for a in e.aliases if _is_khmer(a)]
    assert khmer
    assert any(p.first("in") for p in places)  # a hierarchy of places
    assert any(e.first("date") and e.first("date").day is None for e in dossier.entities.values())


def _is_khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


def test_overlapping_names_link_the_longest(small: Path) -> None:
    dossier = load_dossier(small / "dossier/dossier")
    names = {e.name: e.key for e in dossier.entities.values()}
    longer = [n for n in names if any(n != m and n.startswith(m + " ") for m in names)]
    assert longer, "the generator should make names that contain other names"
    found = {m.text for ms in dossier.mentions.values() for m in ms}
    assert found & set(longer)


def test_mentions_follow_a_skewed_law(small: Path) -> None:
    dossier = load_dossier(small / "dossier/dossier")
    per_entity = sorted(
        (len({m.article for m in ms}) for ms in dossier.mentions.values()), reverse=True
    )
    assert per_entity[0] >= 5 * per_entity[len(per_entity) // 2]


def test_benchmark_builds_both_sites_and_writes_the_table(small: Path, tmp_path: Path) -> None:
    results_file, page = tmp_path / "results.json", tmp_path / "benchmarks.md"
    run.main(
        ["--sizes", "20", "--runs", "1", "--rebuilds", "2", "--work", str(tmp_path / "work"),
         "--results", str(results_file), "--out", str(page)]
    )  # fmt: skip
    results = json.loads(results_file.read_text(encoding="utf-8"))
    size = results["sizes"]["20"]
    for kind in ("plain", "dossier"):
        build = size["builds"][kind][0]
        assert build["pages"] > 20 and build["bytes"] > 0 and build["rss"] > 0
    assert size["builds"]["plain"][0]["pages"] == size["builds"]["dossier"][0]["pages"]
    assert {"load", "resolve", "match", "render"} <= size["builds"]["dossier"][0]["stages"].keys()
    assert {"load", "render"} <= size["serve"]["dossier"]["rebuild"]["stages"].keys()
    assert len(size["serve"]["dossier"]["rebuilds"]) == 2
    assert size["serve"]["dossier"]["rebuild"] in size["serve"]["dossier"]["rebuilds"]
    text = page.read_text(encoding="utf-8")
    assert f"{os.cpu_count()} cores" in text
    assert any(line.startswith("| 20 |") for line in text.splitlines())


def test_plain_site_links_articles_to_entity_pages(small: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run.child_build(small / "plain/mkdocs.yml", site)
    article = next((site / "articles").glob("2*/index.html"))
    page = BeautifulSoup(article.read_text(encoding="utf-8"), "lxml")
    hrefs = [a["href"] for a in page.select("article a[href]")]
    assert any(h.startswith("../../people/") for h in hrefs)
    assert (site / "people/index.html").exists()
