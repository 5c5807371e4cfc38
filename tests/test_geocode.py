"""Geocoding: annotation, lock file, offline gazetteer and the (faked) online path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, write
from geopy import exc as geopy_exc
from geopy.distance import distance
from geopy.geocoders.base import Geocoder
from geopy.location import Location as GeoLocation

from mkdocs_dossier import cli
from mkdocs_dossier.core.errors import Problems
from mkdocs_dossier.geo.gazetteer import Gazetteer
from mkdocs_dossier.geo.geocode import Geocoding, Lock, Online
from mkdocs_dossier.pipeline import Options, load_dossier

#: GeoNames' Kampong Trach (id 1831118) and Kampot (id 1831112).
KAMPONG_TRACH = (10.558, 104.468)
KAMPOT = (10.610, 104.181)

ARTICLE = """
---
title: A test
date: 2017-11-14
places:
  - {name: Cambodia, kind: country, country_code: KH}
  - {name: Kampot Province, id: kampot-province, kind: province, in: cambodia}
  - {name: Kampong Trach, kind: district, in: kampot-province}
  - {name: Kampong Trach Khang Lech, kind: commune, in: kampong-trach}
  - {name: Our Office, kind: building, in: kampong-trach, coordinates: [10.5, 104.5]}
  - {name: Placeholder Nowhere Town Xq, kind: town}
---
Text.
"""


def dossier_site(tmp_path: Path, article: str = ARTICLE) -> Path:
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - dossier:\n      country: KH\n")
    write(tmp_path / "docs/index.md", "# T\n")
    write(tmp_path / "dossier/articles/a.md", article)
    return tmp_path


class NoGazetteer(Geocoder):
    """A gazetteer that knows nothing, for tests of what happens without one."""

    provider = "empty"

    def __init__(self) -> None:
        super().__init__()

    def geocode(self, query: str, **kwargs: Any) -> None:  # type: ignore[override]
        return None


class FakeOnline(Geocoder):
    """A geopy geocoder whose answer to a query is a point, None, or an exception."""

    def __init__(self, answer: Callable[[str], Any]) -> None:
        super().__init__(user_agent="test")
        self.answer = answer
        self.queries: list[str] = []

    def geocode(self, query: str, *, exactly_one: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        self.queries.append(query)
        step = self.answer(query)
        if isinstance(step, Exception):
            raise step
        if step is None:
            return None
        return GeoLocation(query, step, {})


class Clock:
    """A fake monotonic clock that sleeping advances."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def geocoding(site: Path, **kwargs: Any) -> Geocoding:
    dossier = load_dossier(site / "dossier", Options(geocode=False))
    lock = Lock.load(site / "dossier/geocode.lock.yml")
    return Geocoding(dossier, lock, today=lambda: dt.date(2024, 5, 1), **kwargs)


# -- the example dossier ------------------------------------------------------


def test_example_lock_file_is_complete_and_places_kampong_trach_at_geonames() -> None:
    lock = Lock.load(ROOT / "dossier/geocode.lock.yml")
    run = Geocoding(load_dossier(ROOT / "dossier", Options(geocode=False)), lock)
    assert run.missing() == [] and run.unused() == []
    assert distance(lock.entries["places/kampong-trach"].point, KAMPONG_TRACH).km < 2
    assert distance(lock.entries["places/kampot-town"].point, KAMPOT).km < 2
    commune = lock.entries["places/kampong-trach-khang-lech"]
    assert commune.approximate and commune.provider == "parent"


def test_check_command_accepts_the_example_lock_file(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["geocode", "--check", "-f", str(ROOT / "mkdocs.yml")]) == 0


def test_complete_lock_file_never_loads_the_gazetteer() -> None:
    def no_gazetteer() -> Geocoder:
        raise AssertionError("the gazetteer was loaded")

    lock = Lock.load(ROOT / "dossier/geocode.lock.yml")
    dossier = load_dossier(ROOT / "dossier", Options(geocode=False))
    problems = Problems()
    found = Geocoding(dossier, lock, gazetteer=no_gazetteer).run(problems)
    assert not problems
    assert set(found) == {k for k, e in dossier.entities.items() if e.type == "place"}


# -- the gazetteer ------------------------------------------------------------


def test_gazetteer_ranks_the_wanted_country_first() -> None:
    gaz = Gazetteer()
    manila = gaz.geocode("Manila", country_codes=["PH"])
    assert manila.raw["countrycode"] == "PH"
    # A US town called Manila wins when the US is the country asked for.
    assert gaz.geocode("Manila", country_codes=["US"]).raw["countrycode"] == "US"


def test_gazetteer_finds_alternate_names_and_drops_generic_words() -> None:
    gaz = Gazetteer()
    assert distance(gaz.geocode("Kompong Trach").point, KAMPONG_TRACH).km < 2
    assert distance(gaz.geocode("Kampot Province, Cambodia").point, KAMPOT).km < 2


def test_gazetteer_prefers_the_candidate_inside_the_parent_place() -> None:
    gaz = Gazetteer()
    illinois = (39.80, -89.65)  # where Springfield, Illinois is
    biggest = gaz.geocode("Springfield", country_codes=["US"])
    assert distance(biggest.point, illinois).km > 100
    near_parent = gaz.geocode("Springfield", country_codes=["US"], near=illinois)
    assert distance(near_parent.point, illinois).km < 10


# -- resolution order ---------------------------------------------------------


def test_new_place_and_empty_lock_file_resolve_from_gazetteer_and_command_writes_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = dossier_site(tmp_path)
    write(site / "dossier/geocode.lock.yml", "")
    status = cli.main(["geocode", "-f", str(site / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert status == 1  # the placeholder town is reported
    assert "Placeholder Nowhere Town Xq" in err
    data = yaml.safe_load((site / "dossier/geocode.lock.yml").read_text())
    entry = data["places"]["places/kampong-trach"]
    assert distance((entry["lat"], entry["lon"]), KAMPONG_TRACH).km < 2
    assert entry["provider"].startswith("geonames") and entry["precision"] == "district"
    assert entry["query"] == "Kampong Trach, Kampot Province, Cambodia"
    assert data["places"]["places/kampong-trach-khang-lech"]["approximate"] is True
    assert "places/our-office" not in data["places"]  # explicit coordinates need no entry
    assert "places/placeholder-nowhere-town-xq" not in data["places"]
    # The file is stable: a second run changes nothing.
    before = (site / "dossier/geocode.lock.yml").read_text()
    cli.main(["geocode", "-f", str(site / "mkdocs.yml")])
    assert (site / "dossier/geocode.lock.yml").read_text() == before


def test_check_command_fails_when_a_place_is_missing_from_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = dossier_site(tmp_path)
    assert cli.main(["geocode", "--check", "-f", str(site / "mkdocs.yml")]) == 1
    assert "dossier/articles/a.md:7:5: the place 'Kampong Trach'" in capsys.readouterr().err
    assert not (site / "dossier/geocode.lock.yml").exists()


def test_explicit_coordinates_win_over_the_lock_file(tmp_path: Path) -> None:
    site = dossier_site(tmp_path)
    write(
        site / "dossier/geocode.lock.yml",
        """
        places:
          places/our-office: {lat: 1, lon: 2, precision: town, provider: x, query: Our Office}
        """,
    )
    found = geocoding(site).run(Problems())
    office = found["places/our-office"]
    assert (office.lat, office.lon, office.precision) == (10.5, 104.5, "exact")


def test_lock_file_wins_over_the_gazetteer(tmp_path: Path) -> None:
    site = dossier_site(tmp_path)
    query = "Kampong Trach, Kampot Province, Cambodia"
    write(
        site / "dossier/geocode.lock.yml",
        f"""
        places:
          places/kampong-trach:
            {{lat: 10.6, lon: 104.4, precision: district, provider: editor, query: "{query}"}}
        """,
    )
    found = geocoding(site).run(Problems())
    assert found["places/kampong-trach"].point == (10.6, 104.4)
    # The commune inside follows its parent's recorded point.
    assert found["places/kampong-trach-khang-lech"].point == (10.6, 104.4)


def test_unresolvable_place_is_reported_at_its_annotation(tmp_path: Path) -> None:
    site = dossier_site(tmp_path)
    problems = Problems()
    found = geocoding(site).run(problems)
    messages = [str(p) for p in problems]
    assert messages == [
        "dossier/articles/a.md:10:5: the place 'Placeholder Nowhere Town Xq' could not be "
        "located; give it lat/lon or coordinates, an 'in:' parent place, or a name the "
        "gazetteer knows"
    ]
    assert "places/placeholder-nowhere-town-xq" not in found


def test_unresolvable_place_fails_a_strict_build_but_not_a_plain_one(tmp_path: Path) -> None:
    from conftest import mkdocs_build

    site = dossier_site(tmp_path)
    write(site / "docs/index.md", "# Home\n")
    strict = mkdocs_build(site, "--strict")
    assert strict.returncode != 0
    assert "dossier/articles/a.md:10:5: the place 'Placeholder Nowhere Town Xq'" in strict.stderr
    assert mkdocs_build(site).returncode == 0


# -- the online path (faked; no network) -------------------------------------


def online(answer: Callable[[str], Any], clock: Clock) -> tuple[Online, FakeOnline]:
    fake = FakeOnline(answer)
    return Online(fake, name="fake", sleep=clock.sleep, clock=clock), fake


def test_online_result_is_written_to_the_lock_file(tmp_path: Path) -> None:
    site = dossier_site(tmp_path)
    clock = Clock()
    service, _ = online(
        lambda q: (10.1, 104.1) if q.startswith("Placeholder") else (10.55, 104.46), clock
    )
    run = geocoding(site, gazetteer=NoGazetteer, online=service)
    problems = Problems()
    found = run.run(problems)
    run.lock.save()
    assert not problems
    data = yaml.safe_load((site / "dossier/geocode.lock.yml").read_text())
    assert data["places"]["places/kampong-trach"]["provider"] == "fake"
    assert found["places/placeholder-nowhere-town-xq"].point == (10.1, 104.1)


def test_online_requests_are_spaced_one_second_apart(tmp_path: Path) -> None:
    site = dossier_site(tmp_path)
    clock = Clock()
    service, fake = online(lambda q: (1.0, 2.0), clock)
    geocoding(site, gazetteer=NoGazetteer, online=service).run(Problems())
    assert len(fake.queries) == 5  # country, province, district, commune, town
    # Time never advances by itself here, so each request after the first waits 1 s.
    assert clock.sleeps == [1.0] * 4


@pytest.mark.parametrize(
    "error",
    [geopy_exc.GeocoderTimedOut("timed out"), geopy_exc.GeocoderRateLimited("slow down")],
    ids=["timeout", "rate-limit"],
)
def test_online_failure_is_reported_and_never_cached_as_not_found(
    tmp_path: Path, error: Exception
) -> None:
    site = dossier_site(tmp_path)
    clock = Clock()
    service, fake = online(lambda q: error, clock)
    run = geocoding(site, gazetteer=NoGazetteer, online=service)
    problems = Problems()
    run.run(problems)
    run.lock.save()
    text = [str(p) for p in problems]
    assert any("could not be looked up online" in t for t in text)
    assert any("nothing was recorded" in t for t in text)
    data = yaml.safe_load((site / "dossier/geocode.lock.yml").read_text()) or {}
    assert not data.get("places"), "a failed lookup was recorded"
    # Each place was tried three times (two retries, 5 s apart), then given up.
    assert len(fake.queries) == 15 and clock.sleeps.count(5.0) == 10


def test_online_failure_keeps_the_recorded_entry(tmp_path: Path) -> None:
    site = dossier_site(tmp_path)
    query = "Kampong Trach Khang Lech, Kampong Trach, Kampot Province, Cambodia"
    write(
        site / "dossier/geocode.lock.yml",
        f"""
        places:
          places/kampong-trach-khang-lech:
            {{lat: 10.5, lon: 104.4, precision: district, provider: parent,
              approximate: true, query: "{query}"}}
        """,
    )
    clock = Clock()
    service, fake = online(lambda q: geopy_exc.GeocoderTimedOut("t"), clock)
    run = geocoding(site, gazetteer=NoGazetteer, online=service)
    run.run(Problems())
    assert query in fake.queries  # an approximate entry is worth asking online
    entry = run.lock.entries["places/kampong-trach-khang-lech"]
    assert (entry.query, entry.point, entry.provider) == (query, (10.5, 104.4), "parent")


def test_online_command_requires_a_user_agent(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = dossier_site(tmp_path)
    assert cli.main(["geocode", "--online", "-f", str(site / "mkdocs.yml")]) == 2
    assert "user agent" in capsys.readouterr().err
