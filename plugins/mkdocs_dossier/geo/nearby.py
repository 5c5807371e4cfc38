"""Distances on the Earth and the spatial index that finds the places nearest a place."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable

from geographiclib.geodesic import Geodesic

#: Great-circle and ellipsoidal distances differ by under 0.6%: a 2% margin
#: keeps every place that the exact distance could rank among the nearest.
_MARGIN = 1.02


#: geopy's ``EARTH_RADIUS`` and WGS-84 ellipsoid (major axis, flattening) in
#: km, written out: importing ``geopy.distance`` loads geopy with requests and
#: urllib3 (~9 MiB RSS) into every build. tests/test_maps.py checks that the
#: numbers match geopy's and that the distances are geopy's to the last bit.
EARTH_RADIUS = 6371.009


_WGS84_AXIS_KM, _WGS84_FLATTENING = 6378.137, 1 / 298.257223563


#: The ellipsoid of geopy's ``distance``, set up once: geopy makes a new
#: ``Geodesic`` for every call, which costs more than measuring.
_WGS84 = Geodesic(_WGS84_AXIS_KM, _WGS84_FLATTENING)


def _geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """What ``geopy.distance.distance(a, b).km`` gives, to the last bit."""
    return _WGS84.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"]


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    """The point on the unit sphere: straight-line distances there bound great circles."""
    p, la = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(la), math.cos(p) * math.sin(la), math.sin(p))


class _Grid:
    """Places in cubes of space around the unit sphere, searched shell by shell.

    In three dimensions the antimeridian and the poles need no special case:
    a point outside the searched cubes is at least as far, in a straight
    line, as the nearest face of the searched block, and the great-circle
    distance is longer than the straight line (``2 R asin(chord / 2)``).
    """

    def __init__(self, points: list[tuple[float, float, str]], reach_km: float) -> None:
        self.reach_km = reach_km
        units = [(_unit(lat, lon), (lat, lon, key)) for lat, lon, key in points]
        # About four places per cube where the places are (the two widest
        # extents of their box stand for the area they cover), and cubes no
        # smaller than an eighth of the reach, so that a place far from all
        # others looks through a few thousand mostly empty cubes at most.
        reach = 2 * math.sin(min(reach_km / EARTH_RADIUS, math.pi) / 2)
        size = reach / 8
        if units:
            spans = sorted(
                max(u[i] for u, _ in units) - min(u[i] for u, _ in units) for i in range(3)
            )
            size = max(size, math.sqrt(spans[1] * spans[2] * 4 / len(units)))
        self.size = max(size, 1e-6)
        self.cells: dict[tuple[int, int, int], list[tuple[float, float, str]]] = defaultdict(list)
        for (x, y, z), point in units:
            self.cells[self._cell(x), self._cell(y), self._cell(z)].append(point)

    def _cell(self, v: float) -> int:
        return math.floor(v / self.size)

    def _shell(self, centre: tuple[int, int, int], r: int) -> Iterable[tuple[int, int, int]]:
        """The cubes at Chebyshev distance ``r`` from ``centre``."""
        i0, j0, k0 = centre
        for i in range(i0 - r, i0 + r + 1):
            for j in range(j0 - r, j0 + r + 1):
                if abs(i - i0) == r or abs(j - j0) == r:
                    ks: Iterable[int] = range(k0 - r, k0 + r + 1)
                else:
                    ks = (k0 - r, k0 + r) if r else (k0,)
                for k in ks:
                    yield i, j, k

    def nearest(
        self, lat: float, lon: float, count: int, skip: set[str]
    ) -> list[tuple[float, str]]:
        """(great-circle km, key) of places within the reach, at least every one
        that can be among the ``count`` nearest by either measure (see ``_MARGIN``).

        It may return more (whatever else the searched cubes held within the
        reach); the caller sorts and cuts as if every place had been measured.
        """
        q = _unit(lat, lon)
        centre = (self._cell(q[0]), self._cell(q[1]), self._cell(q[2]))
        found: list[tuple[float, str]] = []
        r = 0
        while True:
            for cell in self._shell(centre, r):
                for plat, plon, key in self.cells.get(cell, ()):
                    if key in skip:
                        continue
                    km = _great_circle_km(lat, lon, plat, plon)
                    if km <= self.reach_km:
                        found.append((km, key))
            # No place outside the searched block is nearer than its nearest face.
            gap = math.inf
            for v, c in zip(q, centre, strict=True):
                lo, hi = (c - r) * self.size, (c + r + 1) * self.size
                if lo > -1.0:
                    gap = min(gap, v - lo)
                if hi < 1.0:
                    gap = min(gap, hi - v)
            if gap == math.inf:
                return found  # the block holds the whole sphere
            # Rounding in either distance must not cut a place: a margin of 1e-9.
            beyond = 2 * EARTH_RADIUS * math.asin(min(1.0, gap / 2)) * (1 - 1e-9)
            limit = self.reach_km
            if len(found) >= count:
                kth = heapq.nsmallest(count, found)[-1][0]
                limit = min(limit, kth * _MARGIN)
            if beyond > limit:
                return found
            r += 1
