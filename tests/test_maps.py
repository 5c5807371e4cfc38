"""Maps in built sites: data, fallback lists, Leaflet assets, GeoJSON, no third-party hosts."""

from __future__ import annotations

import json
import posixpath
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geojson
import pytest
from bs4 import BeautifulSoup
from conftest import html, mkdocs_build, section, write
from geopy.distance import distance

from mkdocs_dossier.core.indexes import Related
from mkdocs_dossier.pipeline import Options, load_dossier
from mkdocs_dossier.site.maps import Maps

KAMPONG_TRACH = (10.558, 104.468)  # GeoNames 1831118
ARTICLE = "articles/rfa-2017-11-14-us-rejects-charges"


def map_data(page: BeautifulSoup) -> list[dict]:
    """The parsed JSON of every map on a page."""
    return [json.loads(m["data-map"]) for m in page.select(".dossier-map[data-map]")]


def markers(page: BeautifulSoup) -> dict[str, dict]:
    return {m["key"]: m for data in map_data(page) for m in data["markers"]}


def target(page_path: str, url: str, site: Path) -> Path:
    """The file a relative URL on the page at ``page_path`` leads to."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), url))
    path = site / "site" / joined
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


# -- the example site -----------------------------------------------------------


def test_kampong_trach_page_shows_it_within_2_km_of_geonames(example_site: Path) -> None:
    page = html(example_site, "places/kampong-trach/index.html")
    point = markers(page)["places/kampong-trach"]
    assert distance((point["lat"], point["lon"]), KAMPONG_TRACH).km < 2
    item = page.select_one('.dossier-map-fallback li[data-key="places/kampong-trach"]')
    assert distance((float(item["data-lat"]), float(item["data-lon"])), KAMPONG_TRACH).km < 2
    assert "10.55847° N, 104.46753° E" in item.get_text()


def test_place_page_lists_kampot_town_about_32_km_away(example_site: Path) -> None:
    page = html(example_site, "places/kampong-trach/index.html")
    items = [li for el in section(page, "nearby") for li in el.select("li")]
    kampot = [li for li in items if li.a and li.a["href"] == "../kampot-town/"]
    assert kampot and "about 32 km" in kampot[0].get_text()


def test_commune_map_marks_its_point_approximate(example_site: Path) -> None:
    page = html(example_site, "places/kampong-trach-khang-lech/index.html")
    commune = markers(page)["places/kampong-trach-khang-lech"]
    assert commune["approximate"] is True and commune["precision"] == "district"
    item = page.select_one('.dossier-map-fallback li[data-key="places/kampong-trach-khang-lech"]')
    # In a reader's words: what it is, where, and that the point is its district's.
    assert " ".join(item.get_text().split()) == (
        "Kampong Trach Khang Lech (commune): 10.55847° N, 104.46753° E,"
        " location approximate (district)"
    )


def test_the_list_of_places_says_what_happened_there_and_when(example_site: Path) -> None:
    page = html(example_site, f"{ARTICLE}/index.html")
    items = {li["data-key"]: li for li in page.select(".dossier-map-fallback li")}
    district = " ".join(items["places/kampong-trach"].get_text().split())
    assert district == (
        "Kampong Trach (district): 10.55847° N, 104.46753° E. What happened there:"
        " Detention of CNRP commune officials in Kampong Trach (14 November 2017)"
    )
    # A place located as closely as its kind can be is not called approximate
    # (Manila, a city, is found as a town); no list says "precision".
    assert "approximate" not in items["places/manila"].get_text()
    assert all("precision" not in li.get_text() for li in items.values())
    # An event that had not happened yet as of the latest source says so.
    country = " ".join(items["places/cambodia"].get_text().split())
    assert "Supreme Court decision on disbanding the CNRP (16 November 2017, scheduled)" in country


@pytest.mark.parametrize(
    "page, expected",
    [
        ("places/kampong-trach", {"places/kampong-trach", "places/kampong-trach-khang-lech"}),
        ("events/kampong-trach-detentions", {"places/kampong-trach"}),
        ("people/srey-ann", {"places/kampong-trach"}),
        ("parties/cnrp", {"places/kampong-trach", "places/kampot-town", "places/cambodia"}),
        (ARTICLE, {"places/manila", "places/kampong-trach", "places/kampot-town"}),
        ("places", {"places/manila", "places/united-states", "places/boeng-sala-khang-cheung"}),
    ],
)
def test_pages_carry_a_map_of_their_places(example_site: Path, page: str, expected: set) -> None:
    path = f"{page}/index.html"
    soup = html(example_site, path)
    assert soup.select(".dossier-map")
    found = markers(soup)
    assert expected <= set(found)
    for marker in found.values():
        assert target(path, marker["url"], example_site).is_file(), marker["url"]
        for event in marker["events"]:
            assert target(path, event["url"], example_site).is_file(), event["url"]
    fallback = {li["data-key"] for li in soup.select(".dossier-map-fallback li")}
    assert fallback == set(found)


def test_places_index_map_is_the_clustered_overview(example_site: Path) -> None:
    page = html(example_site, "places/index.html")
    (data,) = map_data(page)
    assert data["cluster"] is True
    kinds = {m["kind"] for m in data["markers"]}
    assert {"country", "district", "commune", "town"} <= kinds


def test_event_popup_on_place_map_links_to_the_event(example_site: Path) -> None:
    page = html(example_site, "places/kampong-trach/index.html")
    events = markers(page)["places/kampong-trach"]["events"]
    assert [e["url"] for e in events] == ["../../events/kampong-trach-detentions/"]
    assert events[0]["date"] == "14 November 2017"


def test_leaflet_files_in_the_site_are_the_installed_packages(example_site: Path) -> None:
    static = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    built = example_site / "site/assets/dossier/leaflet"
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png", "images/layers.png"):
        assert (built / name).read_bytes() == (static / name).read_bytes(), name
    js = (example_site / "site/assets/dossier/maps.js").read_text()
    assert "dossierRegister" in js and "textContent" in js and "innerHTML" not in js


def _loaded_urls(page: BeautifulSoup) -> list[str]:
    """URLs a browser fetches on its own when showing the page (not links a reader clicks)."""
    urls = []
    for tag in page.find_all(["script", "img", "iframe", "source", "audio", "video", "embed"]):
        if tag.get("src"):
            urls.append(tag["src"])
    for tag in page.find_all("link"):
        rel = set(tag.get("rel", []))
        if tag.get("href") and not rel & {"canonical", "alternate", "prev", "next"}:
            urls.append(tag["href"])
    for tag in page.find_all("object"):
        if tag.get("data"):
            urls.append(tag["data"])
    return urls


def test_no_page_loads_anything_from_a_third_party_host(example_site: Path) -> None:
    tile_hosts = set()
    pages = sorted((example_site / "site").rglob("*.html"))
    assert len(pages) > 40
    for file in pages:
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for url in _loaded_urls(page):
            assert not urlsplit(url).netloc, f"{file}: loads {url}"
        for data in map_data(page):
            tile_hosts.add(urlsplit(data["tiles"]["url"]).netloc)
            for m in data["markers"]:
                assert not urlsplit(m["url"]).netloc
        for tag in page.find_all(style=True):
            assert "url(" not in tag["style"]
    assert tile_hosts == {"tile.openstreetmap.org"}


def test_places_geojson_is_valid_and_matches_the_dossier(example_site: Path) -> None:
    text = (example_site / "site/places.geojson").read_text()
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    dossier = load_dossier(example_site / "dossier", Options())
    places = {k for k, e in dossier.entities.items() if e.type == "place"}
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == places
    for key, feature in features.items():
        props = feature["properties"]
        ent = dossier.entities[key]
        assert props["name"] == ent.title and props["kind"] == ent.first("kind")
        assert props["precision"] == dossier.locations[key].precision
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == dossier.locations[key].point
        assert (example_site / "site" / props["url"] / "index.html").is_file()


# -- small sites ------------------------------------------------------------------

PLACES = """
---
title: Places
date: 2017-11-14
places:
  - {name: Kampong Trach, kind: district, country_code: KH}
  - {name: Kampong Trach Khang Lech, kind: commune, in: Kampong Trach}
  - name: "</script><script>alert(1)</script> & *x* 'q' \\"d\\""
    id: odd
    coordinates: [10.6, 104.2]
events:
  - {name: Detention, date: 2017-11-14, place: kampong-trach}
---
Text about Kampong Trach.
"""


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_map_urls_lead_to_pages_for_any_url_style(
    make_site, theme: str, directory_urls: bool
) -> None:
    site = make_site(
        {"dossier/articles/a.md": PLACES},
        theme=theme,
        extra=f"use_directory_urls: {str(directory_urls).lower()}\n",
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    suffix = "/index.html" if directory_urls else ".html"
    pages = [f"{p}{suffix}" for p in ("places/kampong-trach", "articles/a", "events/detention")]
    for path in [*pages, "places/index.html"]:
        soup = html(site, path)
        found = markers(soup)
        assert found, path
        for marker in found.values():
            assert target(path, marker["url"], site).is_file(), (path, marker["url"])
        for link in soup.select(".dossier-map-fallback a"):
            assert target(path, link["href"], site).is_file(), (path, link["href"])
        # Leaflet is not in the page: dossier.js loads it from next to itself
        # (test_browser_reader checks it does, on map pages only).
        ours = [s["src"] for s in soup.select("script[src]") if "assets/dossier/" in s["src"]]
        ours += [s["href"] for s in soup.select("link[href]") if "assets/dossier/" in s["href"]]
        names = {posixpath.basename(u) for u in ours}
        assert names == {"dossier.js", "dossier.css"}
        assert soup.select_one(".dossier-map-block[data-dossier-needs=map]")
        for src in ours:
            assert target(path, src, site).is_file(), src
            folder = posixpath.dirname(src)
            for needed in ("leaflet/leaflet.js", "leaflet/leaflet.css", "maps.js", "maps.css"):
                assert target(path, f"{folder}/{needed}", site).is_file(), needed


def test_names_in_map_data_and_fallback_stay_text(make_site) -> None:
    site = make_site({"dossier/articles/a.md": PLACES})
    assert mkdocs_build(site, "--strict").returncode == 0
    page = html(site, "places/odd/index.html")
    name = "</script><script>alert(1)</script> & *x* 'q' \"d\""
    assert markers(page)["places/odd"]["name"] == name
    item = page.select_one('.dossier-map-fallback li[data-key="places/odd"]')
    assert item.a.get_text() == name
    assert not [s for s in page.find_all("script") if "alert(1)" in (s.string or "")]
    assert not page.select(".dossier-map-block script")


def test_tiles_none_draws_maps_without_any_tile_server(make_site) -> None:
    site = make_site(
        {"dossier/articles/a.md": PLACES},
        extra="plugins:\n  - dossier:\n      tiles: none\n",
    )
    assert mkdocs_build(site, "--strict").returncode == 0
    page = html(site, "places/kampong-trach/index.html")
    (data,) = map_data(page)
    assert data["tiles"] is None
    assert "openstreetmap" not in (site / "site/places/kampong-trach/index.html").read_text()


def test_unknown_tile_provider_stops_the_build_with_a_remedy(make_site) -> None:
    site = make_site(
        {"dossier/articles/a.md": PLACES},
        extra="plugins:\n  - dossier:\n      tiles: NoSuch.Provider\n",
    )
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "no tile provider is called 'NoSuch.Provider'" in result.stderr


def test_maps_false_leaves_maps_and_leaflet_out(make_site) -> None:
    site = make_site(
        {"dossier/articles/a.md": PLACES},
        extra="plugins:\n  - dossier:\n      maps: false\n",
    )
    assert mkdocs_build(site, "--strict").returncode == 0
    assert not html(site, "places/kampong-trach/index.html").select(".dossier-map")
    assert not (site / "site/assets/dossier/leaflet").exists()


def test_custom_templates_move_or_drop_the_map_and_search_leaves_it_out(make_site) -> None:
    """Maps reach the page after Markdown (a placeholder first): templates still place them."""
    site = make_site(
        {
            "dossier/articles/a.md": PLACES,
            # The place page drops its map; the event page shows it above its summary.
            "overrides/dossier/place.md.j2": (
                '{% extends "entity.md.j2" %}\n{% block map %}{% endblock %}\n'
            ),
            "overrides/dossier/event.md.j2": (
                '{% extends "entity.md.j2" %}\n{% block summary %}\n'
                '<p id="before-map">Where:</p>\n\n{{ maps.entity(e) }}\n\n'
                "{% endblock %}\n{% block map %}{% endblock %}\n"
            ),
        },
        theme="{name: mkdocs, custom_dir: overrides}",
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert not html(site, "places/kampong-trach/index.html").select(".dossier-map")
    event = html(site, "events/detention/index.html")
    (block,) = event.select(".dossier-map-block")
    assert block.find_previous_sibling() == event.find(id="before-map")
    assert "places/kampong-trach" in markers(event)
    assert "dossier-block" not in (site / "site/events/detention/index.html").read_text()
    index = json.loads((site / "site/search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Kampong Trach" in text and "° N" not in text and "dossier-map" not in text


#: A hooks file that records every page in the order MkDocs renders them:
#: whether its content holds a map when the theme renders it, and what of
#: its content is still held when the build ends.
_CONTENT_PROBE = """
import json
from pathlib import Path

from mkdocs.plugins import event_priority

SEEN = []


@event_priority(-200)  # after the dossier plugin's fill (-100)
def on_page_context(context, *, page, config, nav):
    SEEN.append((page, "dossier-map-block" in (page.content or "")))
    return context


def on_post_build(*, config):
    pages = [
        {"url": p.url, "generated": p.file.generated_by is not None, "drawn": drawn,
         "held": bool(p.content), "marker": "<!--dossier-block" in p.content,
         "map": "dossier-map-block" in p.content}
        for p, drawn in SEEN
    ]
    Path(config.config_file_path).with_name("content.json").write_text(json.dumps(pages))
"""


def _probed_build(make_site: Any) -> tuple[Path, list[dict[str, Any]]]:
    """The site of ``PLACES`` built with the probe, and what the probe saw."""
    site = make_site(
        {"dossier/articles/a.md": PLACES, "probe.py": _CONTENT_PROBE},
        extra="hooks: [probe.py]\n",
    )
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert html(site, "places/kampong-trach/index.html").select(".dossier-map-block")
    return site, json.loads((site / "content.json").read_text(encoding="utf-8"))


def test_page_content_gets_its_map_for_the_theme_and_loses_it_once_written(make_site) -> None:
    # MkDocs keeps every page's content until the build ends: a page that kept
    # its map and drawing would hold them all at once.
    _, pages = _probed_build(make_site)
    kept = [page for page in pages if page["drawn"]]
    assert any(page["url"] == "places/kampong-trach/" for page in kept)
    # A one-off build lets a written generated page's content go entirely (plugin.py).
    assert all((page["marker"] or not page["held"]) and not page["map"] for page in kept), kept


def test_a_one_off_build_lets_each_generated_pages_content_go_once_written(make_site) -> None:
    # MkDocs keeps every page's content to the end of the build, when the
    # search index is written (the build's peak): 56 MiB of sections' HTML at
    # 2,000 articles. The last page rendered has no next page to let it go.
    site, held = _probed_build(make_site)
    generated = [page for page in held[:-1] if page["generated"]]
    assert len(generated) >= 3, held
    assert [page["url"] for page in generated if page["held"]] == [], held
    # The editor's own pages keep theirs (another plugin may read them), and
    # what was let go had been written whole.
    assert all(page["held"] for page in held if not page["generated"]), held
    assert html(site, "places/kampong-trach/index.html").select(".dossier-map-block")


def test_nearby_finds_places_across_the_antimeridian_and_near_a_pole(tmp_path: Path) -> None:
    """The longitude bound that skips far places must not skip these."""
    write(
        tmp_path / "articles/a.md",
        """
        ---
        title: Far places
        places:
          - {name: Taveuni East, coordinates: [-16.8, 179.95]}
          - {name: Taveuni West, coordinates: [-16.8, -179.95]}
          - {name: Polar Camp, coordinates: [89.9, 10.0]}
          - {name: Polar Hut, coordinates: [89.9, -170.0]}
          - {name: Far Away, coordinates: [-16.8, 170.0]}
        ---
        Text.
        """,
    )
    dossier = load_dossier(tmp_path, Options())
    maps = Maps(dossier, Related(dossier), Options(nearby_km=100.0))

    def near(key: str) -> dict[str, float]:
        return {ent.key: km for ent, km in maps.nearby(dossier.entities[key])}

    east = near("places/taveuni-east")
    assert set(east) == {"places/taveuni-west"}
    assert east["places/taveuni-west"] == pytest.approx(
        distance((-16.8, 179.95), (-16.8, -179.95)).km
    )
    # Across the pole, 180 degrees of longitude apart and about 22 km away.
    assert set(near("places/polar-camp")) == {"places/polar-hut"}


@pytest.mark.parametrize(("reach_km", "count"), [(102.0, 5), (10.2, 1), (1020.0, 3), (0.0, 2)])
def test_the_grid_finds_every_place_that_can_be_among_the_nearest(
    reach_km: float, count: int
) -> None:
    """``_Grid.nearest`` against measuring every place, as nearby() did before the grid.

    Dense clusters (where the search stops early), lonely places, the
    antimeridian, the poles and duplicate points.
    """
    import random

    from mkdocs_dossier.geo import nearby

    rng = random.Random(11)
    points = [(rng.uniform(10.5, 14.3), rng.uniform(102.4, 107.4)) for _ in range(600)]
    points += [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(150)]
    points += [
        (rng.uniform(-18, -15), rng.choice((-1, 1)) * rng.uniform(179, 180)) for _ in range(60)
    ]
    points += [
        (rng.choice((-1, 1)) * rng.uniform(88.5, 90), rng.uniform(-180, 180)) for _ in range(60)
    ]
    points += [(11.5, 104.9)] * 3 + [(90.0, 0.0), (-90.0, 180.0), (0.0, -180.0), (0.0, 180.0)]
    keyed = [(lat, lon, f"p{i}") for i, (lat, lon) in enumerate(points)]
    grid = nearby._Grid(keyed, reach_km)
    for qlat, qlon, qkey in keyed[::3]:
        skip = {qkey, rng.choice(keyed)[2]}
        every = sorted(
            (km, key)
            for lat, lon, key in keyed
            if key not in skip and (km := nearby._great_circle_km(qlat, qlon, lat, lon)) <= reach_km
        )
        limit = (
            reach_km if len(every) < count else min(reach_km, every[count - 1][0] * nearby._MARGIN)
        )
        needed = {pair for pair in every if pair[0] <= limit}
        got = grid.nearest(qlat, qlon, count, skip)
        assert len(got) == len(set(got))
        assert needed <= set(got) <= set(every), (qlat, qlon)


def test_distances_are_geopys_without_importing_geopy() -> None:
    """Nearby distances come from geographiclib directly, equal to geopy's to the last bit."""
    import random

    from geopy.distance import EARTH_RADIUS, ELLIPSOIDS

    from mkdocs_dossier.geo import nearby

    assert nearby.EARTH_RADIUS == EARTH_RADIUS
    major_km, _minor_km, flattening = ELLIPSOIDS["WGS-84"]
    assert major_km == nearby._WGS84_AXIS_KM
    assert flattening == nearby._WGS84_FLATTENING
    rng = random.Random(7)
    pairs = [((11.5, 104.9), (10.6, 104.2)), ((0.0, 0.0), (0.0, 0.0)), ((89.9, 10), (-89.9, -170))]
    for _ in range(500):
        pairs.append(
            (
                (rng.uniform(-90, 90), rng.uniform(-180, 180)),
                (rng.uniform(-90, 90), rng.uniform(-180, 180)),
            )
        )
    for a, b in pairs:
        assert nearby._geodesic_km(a, b) == distance(a, b).km, (a, b)


def test_a_build_does_not_import_geopy() -> None:
    """geopy (with requests, urllib3) is for geocoding, not for every build."""
    import subprocess
    import sys

    code = (
        "import sys, mkdocs_dossier.plugin, mkdocs_dossier.pipeline, mkdocs_dossier.site.render\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'geopy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_blocks_need_nothing_a_one_off_build_releases() -> None:
    """Maps and drawings made after ``release_texts`` are the ones made before it.

    A one-off build drops the article texts after on_files; the blocks are
    filled in later, from what is left.
    """
    from conftest import ROOT

    from mkdocs_dossier.site.render import Renderer

    dossier = load_dossier(ROOT / "dossier", Options())
    renderer = Renderer(dossier, Options(maps=True))
    pages = renderer.pages()
    before = {uri: renderer.blocks.fill(text) for uri, text in pages.items()}
    assert sum(text.count("dossier-map-block") for text in before.values()) > 10
    assert sum(text.count('class="dossier-graph"') for text in before.values()) > 10
    dossier.release_texts()
    assert not any(a.body for a in dossier.articles.values())
    after = {uri: renderer.blocks.fill(text) for uri, text in pages.items()}
    assert after == before


def test_blocks_do_not_keep_the_renderer_alive() -> None:
    """The renderer's templates, timelines and caches go once the pages are made."""
    import gc
    import weakref

    from conftest import ROOT

    from mkdocs_dossier.site.render import Renderer

    dossier = load_dossier(ROOT / "dossier", Options())
    renderer = Renderer(dossier, Options(maps=True))
    pages = renderer.pages()
    blocks, gone = renderer.blocks, weakref.ref(renderer)
    del renderer
    gc.collect()
    assert gone() is None
    assert "<svg" in blocks.fill(pages["people/kem-sokha.md"])
