"""Timelines: events and source articles in the order a reader follows a story.

One index is built per dossier (:class:`Timelines`); the events index page and
every entity page read from it, so no page scans all events. Dates may be
partial (``2017-11``) or approximate; an entry is placed after the precise
dates it contains ("November 2017" after "14 November 2017") and says how
precise it is, and events that had not happened at publication are marked as
scheduled.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.indexes import participants
from mkdocs_dossier.core.model import Dossier, Entity, PartialDate

#: Sort key of an undated entry: after everything dated.
_UNDATED = (9999, 13, 32)


@dataclass(frozen=True)
class Entry:
    """One line of a timeline: an event, an article as a source, or a dated relation."""

    kind: str  # "event", "article" or "relation"
    #: Page key: an entity key (``events/x``) or ``articles/<id>``; for a
    #: relation, the entity at its other end.
    key: str
    title: str
    date: PartialDate | None
    end: PartialDate | None = None
    approximate: bool = False
    scheduled: bool = False
    #: The event's status as of its most recent source (``held`` if none says).
    status: str = "held"
    summary: str = ""
    #: For an article, its publisher.
    source: str = ""
    #: For a relation, what it is from this side ("member of", "member").
    relation: str = ""

    @property
    def precision(self) -> str:
        return self.date.precision if self.date else "none"

    def sort_key(self) -> tuple:
        date = self.date.sort_key() if self.date else _UNDATED
        # On the same day, events come before the articles that report them.
        return (date, self.kind != "event", self.title.casefold(), self.key)

    @property
    def label(self) -> str:
        """The date as a reader says it, with its precision made explicit."""
        if self.date is None:
            return glossary.UNDATED
        text = self.date.label()
        if self.end and self.end != self.date:
            text = f"{text} – {self.end.label()}"
        return text

    @property
    def flags(self) -> list[str]:
        """Short words that qualify the date: scheduled, approximate, imprecise."""
        out = []
        if self.status != "held":
            out.append(glossary.EVENT_STATUSES.get(self.status, self.status))
        if self.approximate:
            out.append(glossary.APPROXIMATE_DATE)
        if self.precision in glossary.DATE_PRECISION:
            out.append(glossary.DATE_PRECISION[self.precision])
        return out


@dataclass
class Period:
    """Entries of one month (``month`` None: known only to the year)."""

    year: int | None
    month: int | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.year is None:
            return glossary.UNDATED
        if self.month is None:
            return glossary.YEAR_MONTH_NOT_KNOWN.format(year=self.year)
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def anchor(self) -> str:
        if self.year is None:
            return "undated"
        return f"{self.year}-{self.month:02d}" if self.month else f"{self.year}-unknown-month"


@dataclass
class Year:
    """Entries of one year, by month; ``year`` None holds the undated ones."""

    year: int | None
    periods: list[Period] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else glossary.UNDATED

    @property
    def entries(self) -> list[Entry]:
        return [e for p in self.periods for e in p.entries]


def event_entry(event: Entity) -> Entry:
    return Entry(
        kind="event",
        key=event.key,
        title=event.title,
        date=event.date,
        end=event.end,
        approximate=event.approximate,
        scheduled=event.first("status") in ("scheduled", "postponed"),
        status=event.first("status") or "held",
        summary=event.summary or "",
    )


def group(entries: list[Entry]) -> list[Year]:
    """Sorted entries grouped by year then month; imprecise ones close their group."""
    years: list[Year] = []
    for entry in sorted(entries, key=Entry.sort_key):
        year = entry.date.year if entry.date else None
        month = entry.date.month if entry.date else None
        if not years or years[-1].year != year:
            years.append(Year(year))
        periods = years[-1].periods
        if not periods or periods[-1].month != month:
            periods.append(Period(year, month))
        periods[-1].entries.append(entry)
    return years


@dataclass
class Role:
    """How an entity appears on an entry: its role (on an event or a relation), or
    the place an event happened."""

    entry: Entry
    role: str | None = None
    #: For events placed in a place inside this one: that place's key.
    via: str | None = None


class Timelines:
    """Every timeline of a dossier, computed in one pass over events and articles."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.entries: list[Entry] = []
        self._of: dict[str, list[Role]] = defaultdict(list)
        for ent in dossier.entities.values():
            if ent.type == "event":
                self._add_event(ent)
        for article in dossier.articles.values():
            entry = Entry(
                kind="article",
                key=f"articles/{article.id}",
                title=article.title,
                date=article.date,
                source=str(article.meta.get("source") or ""),
            )
            # On the dossier's timeline only: an entity's page lists the
            # articles about it under Mentions, and with one story every
            # entity timeline ended on the same "source" line.
            self.entries.append(entry)
        self._add_relations()
        self.entries.sort(key=Entry.sort_key)
        for roles in self._of.values():
            roles.sort(key=lambda r: (r.entry.sort_key(), r.role or "", r.via or ""))

    def _add_event(self, event: Entity) -> None:
        entry = event_entry(event)
        self.entries.append(entry)
        seen: set[tuple[str, str | None]] = set()
        for key, role in participants(event):
            seen.add((key, role))
            self._of[key].append(Role(entry, role))
        # An event in a commune is also on the timeline of its district,
        # province and country.
        for place in event.values("place"):
            if place not in self.dossier.entities:
                continue
            chain = [place, *(parent.key for parent in self.dossier.ancestors(place))]
            for key in chain:
                if (key, None) not in seen:
                    seen.add((key, None))
                    self._of[key].append(Role(entry, None, None if key == place else place))

    def _add_relations(self) -> None:
        """Put each relation with a start date on the timelines of both its ends.

        Only there: the dossier's own timeline holds events and sources. A
        ``participant`` relation is the event's, already on the timeline.
        """
        entities = self.dossier.entities
        for rel in self.dossier.relations:
            if rel.start is None or rel.type == "participant":
                continue
            if rel.subject not in entities or rel.object not in entities:
                continue
            ends = ((rel.subject, rel.object, "out"), (rel.object, rel.subject, "in"))
            for here, there, way in ends:
                entry = Entry(
                    kind="relation",
                    key=there,
                    title=entities[there].title,
                    date=rel.start,
                    end=rel.end,
                    relation=glossary.TIMELINE_RELATIONS.get((rel.type, way), rel.type),
                )
                self._of[here].append(Role(entry, rel.role))

    def of(self, key: str) -> list[Role]:
        """The events an entity takes part in and its relations from the day they began."""
        return self._of.get(key, [])

    def grouped(self) -> list[Year]:
        return group(self.entries)
