"""The offline gazetteer as the recogniser asks it: is this name a place, of what kind, where."""

from __future__ import annotations

import re
from functools import cache

from mkdocs_dossier.authoring.recognise import Place
from mkdocs_dossier.geo.gazetteer import Gazetteer, _norm

#: A populated place this large is a city, a smaller one a town.
CITY_POPULATION = 100_000


class Gazette:
    """Names to places, each name looked up once; ``country`` is preferred on ties."""

    def __init__(self, country: str | None = None) -> None:
        self.country = country
        self._gazetteer: Gazetteer | None = None
        self._cache: dict[str, Place | None] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = _gazetteer()
        return self._gazetteer

    def __call__(self, name: str) -> Place | None:
        if name not in self._cache:
            self._cache[name] = self._look_up(name)
        return self._cache[name]

    def _look_up(self, name: str) -> Place | None:
        if re.fullmatch(r"(?:[A-Z]\.){2,3}", name):  # "U.S.", "U.K.": a country's code
            country = self.country_of_code(name.replace(".", ""))
            return Place(country, "country", "") if country else None
        codes = [self.country] if self.country else None
        found = self.gazetteer.geocode(name, country_codes=codes)
        if isinstance(found, list):  # exactly_one, the default, gives one or None
            found = found[0] if found else None
        if found is None or _norm(found.raw["name"]) != _norm(name):
            return None  # an alternate name only ("Us" for "US"): too weak to propose
        raw = found.raw
        if raw["kind"] == "country":
            return Place(raw["name"], "country", "")
        country = self.gazetteer.cache.get_countries().get(raw["countrycode"], {}).get("name", "")
        if " " not in name and raw["countrycode"] != self.country and raw["population"] < 5000:
            return None  # "English" (Indiana) for the language: a small town far off, one word
        kind = "city" if raw["population"] >= CITY_POPULATION else "town"
        return Place(raw["name"], kind, country)

    def country_of_code(self, code: str) -> str:
        return str(self.gazetteer.cache.get_countries().get(code.upper(), {}).get("name", ""))


@cache
def _gazetteer() -> Gazetteer:
    """One gazetteer per process: its cities file takes seconds to read."""
    return Gazetteer()
