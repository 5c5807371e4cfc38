"""Where each place is: coordinates from the annotation, the lock file, or a gazetteer.

For every place, in this order:

1. ``lat``/``lon`` or ``coordinates`` written in the annotation always win;
2. the lock file (``dossier/geocode.lock.yml``), committed beside the content,
   which records per place the query, the point, the provider, the precision
   and the day it was resolved, so every build on every machine agrees;
3. the offline gazetteer (:class:`~.gazetteer.Gazetteer`), loaded only when
   some place is missing from the lock file;
4. an online geopy geocoder (Nominatim by default), only when an editor asks
   for it with ``dossier geocode --online``; its results go to the lock file
   and its failures (timeouts, rate limits) are reported, never recorded as
   "not found".

A place that nothing resolves stands at its parent's point, marked
approximate; a place without even a parent is reported at its annotation.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    # geopy (with requests and urllib3) is imported only when an editor asks
    # for online geocoding or the gazetteer is needed, not by every build.
    from geopy.geocoders.base import Geocoder

from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.model import Dossier, Entity

LOCK_NAME = "geocode.lock.yml"
LOCK_HEADER = (
    "# Where the dossier's places are: written by `dossier geocode`, reviewed by editors.\n"
    "# Builds read it and never change it; edit a point here or give the place lat/lon.\n"
)
#: Precisions, coarsest first: how closely a point locates its place.
PRECISIONS = ("country", "province", "district", "town", "commune", "exact")
_AREA_PRECISION = {
    "continent": "country",
    "country": "country",
    "region": "province",
    "province": "province",
    "district": "district",
}


@dataclass(frozen=True)
class Location:
    """A place's point and how it was found."""

    lat: float
    lon: float
    #: One of :data:`PRECISIONS`.
    precision: str
    #: ``annotation``, ``parent``, a gazetteer name or an online service name.
    provider: str
    #: The point stands for the place only roughly (e.g. its parent's point).
    approximate: bool = False
    query: str = ""
    #: The day the point was looked up, ISO 8601.
    resolved: str = ""
    #: The record the provider matched, e.g. ``geonames:1831118``.
    ref: str = ""

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


# -- the lock file ------------------------------------------------------------


@dataclass
class Lock:
    """The lock file's entries by place key, and where it lives."""

    path: Path
    entries: dict[str, Location]

    @classmethod
    def load(cls, path: Path, problems: Problems | None = None) -> Lock:
        """Read the lock file; a missing file is an empty lock.

        Its shape is checked node by node, so a list, ``places: hello`` or a
        ``lat: 999`` is reported where it is written, and the entry skipped.
        """
        if not path.is_file():
            return cls(path, {})
        shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        report = problems if problems is not None else Problems()
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
            mark = getattr(exc, "problem_mark", None)
            pos = Pos(shown, mark.line + 1, mark.column + 1) if mark else Pos(shown)
            report.add(pos, "the geocode lock file is not valid YAML", "run `dossier geocode`")
            return cls(path, {})
        return cls(path, _lock_entries(root, shown, report))

    def dump(self) -> str:
        """The lock file's text: sorted and stable, so diffs show only real changes."""
        places = {}
        for key in sorted(self.entries):
            loc = self.entries[key]
            item = {k: v for k, v in asdict(loc).items() if v not in ("", None)}
            item["lat"], item["lon"] = round(loc.lat, 5), round(loc.lon, 5)
            places[key] = item
        body = yaml.safe_dump({"places": places}, sort_keys=True, allow_unicode=True, width=100)
        return LOCK_HEADER + "version: 1\n" + body

    def save(self) -> bool:
        """Write the file if its content changed; returns whether it did."""
        text = self.dump()
        if self.path.is_file() and self.path.read_text(encoding="utf-8") == text:
            return False
        self.path.write_text(text, encoding="utf-8")
        return True


def _at(node: yaml.Node, shown: str) -> Pos:
    return Pos(shown, node.start_mark.line + 1, node.start_mark.column + 1)


def _pairs(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """A mapping node's entries by key text (key node, value node)."""
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _lock_entries(root: yaml.Node | None, shown: str, problems: Problems) -> dict[str, Location]:
    """The lock file's entries, each problem of its shape reported at its position."""
    remedy = "run `dossier geocode` to write the file again"
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        problems.add(_at(root, shown), "the geocode lock file should be a mapping", remedy)
        return {}
    places = _pairs(root).get("places")
    if places is None or (
        isinstance(places[1], yaml.ScalarNode) and places[1].value in ("", "~", "null")
    ):
        return {}
    if not isinstance(places[1], yaml.MappingNode):
        problems.add(
            _at(places[1], shown), "'places:' of the geocode lock file should be a mapping", remedy
        )
        return {}
    entries = {}
    for key_node, value in places[1].value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        location = _entry(key, value, shown, problems)
        if location is not None:
            entries[key] = location
    return entries


#: Lock entry fields that hold a number, and the range it must be in.
_RANGES = {"lat": 90.0, "lon": 180.0}


def _entry(key: str, node: yaml.Node, shown: str, problems: Problems) -> Location | None:
    """One lock entry, or None after reporting the first thing wrong with it."""
    fix = "correct it, or delete the entry and run `dossier geocode`"
    if not key or not isinstance(node, yaml.MappingNode):
        problems.add(_at(node, shown), f"the lock entry of {key or '?'} should be a mapping", fix)
        return None
    fields = _pairs(node)
    for name in ("lat", "lon", "precision", "provider"):
        if name not in fields:
            problems.add(_at(node, shown), f"the lock entry of {key} has no '{name}'", fix)
            return None
    values: dict[str, Any] = {}
    for name, (_, value) in fields.items():
        if not isinstance(value, yaml.ScalarNode):
            problems.add(_at(value, shown), f"{key}.{name} should be a single value", fix)
            return None
        values[name] = value.value
    for name, limit in _RANGES.items():
        try:
            number = float(values[name])
        except ValueError:
            number = math.nan
        if not (math.isfinite(number) and -limit <= number <= limit):
            what = "latitude" if name == "lat" else "longitude"
            problems.add(
                _at(fields[name][1], shown),
                f"{key}.{name} '{values[name]}' is not a {what}",
                f"give decimal degrees between -{limit:g} and {limit:g}",
            )
            return None
        values[name] = number
    if values["precision"] not in PRECISIONS:
        problems.add(
            _at(fields["precision"][1], shown),
            f"{key}.precision '{values['precision']}' is not a precision",
            f"use one of: {', '.join(PRECISIONS)}",
        )
        return None
    return Location(
        lat=values["lat"],
        lon=values["lon"],
        precision=str(values["precision"]),
        provider=str(values["provider"]),
        approximate=str(values.get("approximate", "false")).lower() in ("true", "yes", "on"),
        query=str(values.get("query", "")),
        resolved=str(values.get("resolved", "")),
        ref=str(values.get("ref", "")),
    )


# -- the online geocoder ------------------------------------------------------


class OnlineError(Exception):
    """The online geocoder failed; nothing must be recorded for the query."""


def _limiter(
    func: Callable[..., Any],
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    min_delay_seconds: float,
) -> Callable[..., Any]:
    """geopy's RateLimiter around ``func``, with the clock and sleep injectable, for tests."""
    from geopy.extra.rate_limiter import RateLimiter

    class _Limiter(RateLimiter):
        def _sleep(self, seconds: float) -> None:
            sleep(seconds)

        def _clock(self) -> float:
            return clock()

    return _Limiter(
        func,
        min_delay_seconds=min_delay_seconds,
        max_retries=2,
        error_wait_seconds=max(5.0, min_delay_seconds),
        swallow_exceptions=False,
    )


class Online:
    """An online geopy geocoder behind a one-request-per-second rate limiter."""

    def __init__(
        self,
        geocoder: Geocoder,
        *,
        name: str = "nominatim",
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        min_delay_seconds: float = 1.0,
    ) -> None:
        self.name = name
        self.geocoder = geocoder
        self.limited = _limiter(geocoder.geocode, sleep, clock, min_delay_seconds)
        self.requests = 0

    @classmethod
    def from_service(cls, service: str, user_agent: str, timeout: float = 10.0) -> Online:
        """The named geopy service (``nominatim``...), identified by ``user_agent``."""
        from geopy.geocoders import get_geocoder_for_service

        if not user_agent.strip():
            raise OnlineError("an online geocoder needs a user agent naming you or your site")
        geocoder = get_geocoder_for_service(service)(user_agent=user_agent, timeout=timeout)
        return cls(geocoder, name=service)

    def lookup(self, query: str, country: str | None) -> tuple[float, float] | None:
        """The point for ``query``, ``None`` if the service knows no such place.

        Raises :class:`OnlineError` when the service could not answer, so a
        timeout is never mistaken for (and never recorded as) "not found".
        """
        from geopy import exc as geopy_exc

        kwargs: dict[str, Any] = {"exactly_one": True}
        if country and "country_codes" in _parameters(self.geocoder.geocode):
            kwargs["country_codes"] = [country.lower()]
        self.requests += 1
        try:
            found = self.limited(query, **kwargs)
        except geopy_exc.GeocoderRateLimited as err:
            raise OnlineError(f"{self.name} refused more requests for now ({err})") from err
        except geopy_exc.GeocoderTimedOut as err:
            raise OnlineError(f"{self.name} did not answer in time ({err})") from err
        except geopy_exc.GeopyError as err:
            raise OnlineError(f"{self.name} failed: {type(err).__name__}: {err}") from err
        if found is None:
            return None
        return (float(found.latitude), float(found.longitude))


def _parameters(func: Callable[..., Any]) -> set[str]:
    import inspect

    try:
        return set(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return set()


# -- resolution ---------------------------------------------------------------


def explicit_point(ent: Entity) -> tuple[float, float] | None:
    """Coordinates an editor wrote: ``coordinates`` or both ``lat`` and ``lon``."""
    coords = ent.first("coordinates")
    if coords:
        return (float(coords[0]), float(coords[1]))
    lat, lon = ent.first("lat"), ent.first("lon")
    if lat is not None and lon is not None:
        return (float(lat), float(lon))
    return None


def precision_of(kind: str | None, matched: str) -> str:
    """How closely a gazetteer match locates a place of this kind."""
    if matched == "country":
        return "country"
    return _AREA_PRECISION.get(kind or "", "town")


def parents(dossier: Dossier, ent: Entity) -> list[Entity]:
    """The chain of places containing ``ent``, nearest first (cycles cut)."""
    return dossier.ancestors(ent.key)


def query_of(dossier: Dossier, ent: Entity) -> str:
    """The text looked up for a place: its name, then its parents' names."""
    return ", ".join([ent.name, *(p.name for p in parents(dossier, ent))])


def ordered_places(dossier: Dossier) -> list[Entity]:
    """Places with every parent before its children, otherwise by key."""
    places = [e for e in dossier.entities.values() if e.type == "place"]
    return sorted(places, key=lambda e: (len(parents(dossier, e)), e.key))


def _pos(ent: Entity) -> Pos:
    return ent.citations[0].pos if ent.citations else Pos(ent.key)


@functools.cache
def shared_gazetteer() -> Geocoder:
    """The offline gazetteer, read once per process: read-only GeoNames data, not build state."""
    from mkdocs_dossier.geo.gazetteer import Gazetteer

    return Gazetteer()


@dataclass
class Geocoding:
    """Resolves every place of a dossier; the gazetteer is created on first need."""

    dossier: Dossier
    lock: Lock
    #: ISO country code that ranks first when a place says nothing of its country.
    country: str | None = None
    gazetteer: Callable[[], Geocoder] = shared_gazetteer
    online: Online | None = None
    today: Callable[[], dt.date] = dt.date.today
    #: Look every place up again, not only those missing from the lock file.
    refresh_all: bool = False

    def __post_init__(self) -> None:
        self.locations: dict[str, Location] = {}
        self.gazetteer_used = False
        self.looked_up: list[str] = []

    def run(self, problems: Problems) -> dict[str, Location]:
        """Every place's location; lock entries are added or updated in ``self.lock``."""
        for ent in ordered_places(self.dossier):
            loc = self._locate(ent, problems)
            if loc is not None:
                self.locations[ent.key] = loc
        return self.locations

    def missing(self) -> list[Entity]:
        """Places the lock file lacks or records for another query (no lookups)."""
        out = []
        for ent in ordered_places(self.dossier):
            if explicit_point(ent) is not None:
                continue
            entry = self.lock.entries.get(ent.key)
            if entry is None or entry.query != query_of(self.dossier, ent):
                out.append(ent)
        return out

    def stale_parent_points(self, locations: dict[str, Location]) -> list[str]:
        """Lock entries placed at a parent whose point has since moved."""
        return [
            key
            for key, entry in self.lock.entries.items()
            if entry.provider == "parent"
            and key in locations
            and (locations[key].lat, locations[key].lon) != (entry.lat, entry.lon)
        ]

    def unused(self) -> list[str]:
        """Lock entries of places that no longer exist or now have explicit coordinates."""
        ents = self.dossier.entities
        return [
            key
            for key in self.lock.entries
            if key not in ents or ents[key].type != "place" or explicit_point(ents[key])
        ]

    # -- one place ------------------------------------------------------

    def _locate(self, ent: Entity, problems: Problems) -> Location | None:
        point = explicit_point(ent)
        if point is not None:
            return Location(point[0], point[1], "exact", "annotation")
        query = query_of(self.dossier, ent)
        entry = self.lock.entries.get(ent.key)
        # Kept as recorded, unless asked to refresh or to try online what
        # stands only approximately (e.g. at its parent's point).
        keep = (
            entry is not None
            and entry.query == query
            and not self.refresh_all
            and not (self.online and entry.approximate)
        )
        if entry is not None and keep:
            if entry.provider == "parent":
                # Follow the parent, so moving a district moves its communes.
                parent = self._parent_location(ent)
                return self._at_parent(ent, parent, query, entry.resolved) if parent else entry
            return entry
        try:
            found = self._look_up(ent, query, problems)
        except OnlineError:
            # Reported already. Keep what was recorded; a place never looked
            # up stands at its parent for this run without being recorded.
            if entry is not None:
                return entry
            parent = self._parent_location(ent)
            return self._at_parent(ent, parent, "", "") if parent else None
        if found is None:
            parent = self._parent_location(ent)
            if parent is None:
                problems.add(
                    _pos(ent),
                    f"the place '{ent.name}' could not be located",
                    "give it lat/lon or coordinates, an 'in:' parent place, "
                    "or a name the gazetteer knows",
                )
                return None
            found = self._at_parent(ent, parent, query, self.today().isoformat())
        self.lock.entries[ent.key] = found
        return found

    def _parent_location(self, ent: Entity) -> Location | None:
        for parent in parents(self.dossier, ent):
            if parent.key in self.locations:
                return self.locations[parent.key]
        return None

    def _at_parent(self, ent: Entity, parent: Location, query: str, day: str) -> Location:
        return Location(
            parent.lat,
            parent.lon,
            parent.precision if parent.precision != "exact" else "town",
            "parent",
            approximate=True,
            query=query,
            resolved=day,
            ref=next((p.key for p in parents(self.dossier, ent) if p.key in self.locations), ""),
        )

    def _country(self, ent: Entity) -> str | None:
        for place in [ent, *parents(self.dossier, ent)]:
            code = place.first("country_code")
            if code:
                return str(code).upper()
        return self.country.upper() if self.country else None

    def _look_up(self, ent: Entity, query: str, problems: Problems) -> Location | None:
        """Gazetteer first, then (only when asked for) the online service."""
        self.looked_up.append(ent.key)
        gazetteer = self.gazetteer()
        self.gazetteer_used = True
        country = self._country(ent)
        countries = [c for c in (country, self.country) if c]
        parent = self._parent_location(ent)
        near = parent.point if parent and parent.precision not in ("country",) else None
        kind = ent.kind
        day = self.today().isoformat()
        hit = gazetteer.geocode(
            query, country_codes=countries, near=near, kind=kind, aliases=tuple(ent.aliases)
        )
        if hit is not None:
            raw = getattr(hit, "raw", {}) or {}
            precision = precision_of(kind, raw.get("kind", "town"))
            return Location(
                round(hit.latitude, 5),
                round(hit.longitude, 5),
                precision,
                getattr(gazetteer, "provider", type(gazetteer).__name__.lower()),
                approximate=kind == "building",
                query=query,
                resolved=day,
                ref=f"geonames:{raw['geonameid']}" if "geonameid" in raw else "",
            )
        if self.online is None:
            return None
        try:
            point = self.online.lookup(query, country)
        except OnlineError as err:
            problems.add(
                _pos(ent),
                f"the place '{ent.name}' could not be looked up online: {err}",
                "nothing was recorded for it; run `dossier geocode --online` again later",
            )
            raise
        if point is None:
            return None
        return Location(
            round(point[0], 6),
            round(point[1], 6),
            precision_of(kind, "town"),
            self.online.name,
            query=query,
            resolved=day,
        )


def lock_path(root: Path, name: str = LOCK_NAME) -> Path:
    """Where the lock file of the dossier under ``root`` lives."""
    return root / name


def locate(
    dossier: Dossier, root: Path, problems: Problems, *, country: str | None = None
) -> dict[str, Location]:
    """Every place's location for a build: no network, the lock file left as is."""
    lock = Lock.load(lock_path(root), problems)
    return Geocoding(dossier, lock, country=country).run(problems)


def place_keys(dossier: Dossier) -> Iterable[str]:
    return (e.key for e in ordered_places(dossier))
