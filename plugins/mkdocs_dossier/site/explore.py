"""The Explore page's date range: what its controls are made from.

One range of days filters the page's overview map, graph and timeline
together (``assets/explore.js``). The browser needs each dated event's key
and the days it may have happened on (``dates.span``), and the story's first
and last day (its events' and its sources') for the inputs' bounds; the
ticks under the inputs mark where in that span the events fall. Made in
Python once per build, as data: the fragment (``fragments/explore.html.j2``)
writes the markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.dates import last_day, span


@dataclass(frozen=True)
class Tick:
    """One event's mark on the range: where it starts, as a share of the span."""

    left: float
    day: str
    name: str


@dataclass(frozen=True)
class Range:
    """The story's days and its dated events, in date order."""

    first: str
    last: str
    events: list[dict[str, str]]
    ticks: list[Tick]

    def data(self) -> dict[str, Any]:
        """What explore.js reads (``data-range``): bounds and each event's days."""
        return {"first": self.first, "last": self.last, "events": self.events}


def story_range(dossier: Dossier) -> Range | None:
    """The range of the dossier's dated events; None when none is dated."""
    dated = []
    for ent in dossier.of_type("event"):
        days = span(ent)
        if days is not None:
            dated.append((days, ent))
    if not dated:
        return None
    dated.sort(key=lambda item: (item[0], item[1].key))
    # The timeline lists the sources on their dates too: the range reaches them.
    sources = [a.date for a in dossier.articles.values() if a.date is not None]
    first = min([days[0] for days, _e in dated] + [d.first_day().isoformat() for d in sources])
    last = max([days[1] for days, _e in dated] + [last_day(d) for d in sources])
    width = max((_day(last) - _day(first)).days, 1)
    events = [{"key": e.key, "from": d[0], "to": d[1]} for d, e in dated]
    ticks = [
        Tick(round(100 * (_day(d[0]) - _day(first)).days / width, 2), d[0], e.title)
        for d, e in dated
    ]
    return Range(first, last, events, ticks)


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
