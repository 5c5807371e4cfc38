"""The entity model: what a resolved dossier holds.

Plain data classes, no behaviour beyond formatting. Entities are keyed by
``"<folder>/<id>"`` (``"people/kem-sokha"``), which is also their page's path.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from anyascii import anyascii

from mkdocs_dossier.core.errors import Pos, Problem
from mkdocs_dossier.core.frozen import pickled_by_fields

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """An ASCII id from any name; Khmer or other scripts are transliterated."""
    return _SLUG_DROP.sub("-", anyascii(text).lower()).strip("-")


#: The years a date may have: the day after any of them is still a date.
YEARS = (1, 9998)


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
        if not m:
            raise ValueError(f"'{text}' is not a date")
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        if not YEARS[0] <= year <= YEARS[1]:
            # Every export must be able to name the day after (iCal, TimelineJS).
            raise ValueError(f"year {year} is outside {YEARS[0]} to {YEARS[1]}")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"day {day} does not exist in {year}-{month:02d}")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[int, int, int]:
        # A partial date sorts after the precise dates inside it: "November
        # 2017" is read after the news of 14 November, not before 1 November.
        return (self.year, self.month or 13, self.day or 32)

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def label(self) -> str:
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class Citation:
    """Where a fact was stated: an annotation, and the paragraph it cites."""

    pos: Pos
    #: The article id, or ``None`` for an entity file.
    article: str | None = None
    #: Anchor of the article paragraph that mentions the entity, if any.
    anchor: str | None = None
    #: The publication date of the article, or ``None`` for an entity file:
    #: a claim is as of its source's date (``claims.py`` orders by it).
    date: PartialDate | None = field(default=None, compare=False)
    #: ``preferred``, ``normal`` or ``deprecated``: the editor's ranking.
    rank: str = field(default="normal", compare=False)
    #: The exact passage an editor quoted, if any (``quote:``).
    quote: str | None = field(default=None, compare=False)

    def with_anchor(self, anchor: str | None) -> Citation:
        """This citation pointing at another paragraph."""
        return Citation(self.pos, self.article, anchor, self.date, self.rank, self.quote)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _date(value: Any) -> PartialDate | None:
    return value if isinstance(value, PartialDate) else None


@dataclass(slots=True)
class Fact:
    """One value of one field, with every source that states it."""

    field: str
    value: Any
    # dataclasses.field: the attribute above shadows the name in this class body.
    citations: list[Citation] = dataclasses.field(default_factory=list)
    #: How the value stands among the field's others (``claims.py``):
    #: ``current`` (the one single-value views show), ``earlier`` (stated by
    #: older sources, superseded) or ``disputed`` (contradicts another).
    state: str = "current"


@dataclass(slots=True)
class Participant:
    """A reference from an event to an entity, with the role it played."""

    key: str
    role: str | None
    citation: Citation


@dataclass
class Entity:
    type: str  # person, party, organization, place, event
    id: str
    name: str
    key: str
    aliases: list[str] = field(default_factory=list)
    #: Field name -> the distinct values stated, each with its citations.
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    description: str = ""
    description_pos: Pos | None = None
    citations: list[Citation] = field(default_factory=list)
    protected: bool = False
    display: str | None = None

    @property
    def title(self) -> str:
        """The name published on the site (the pseudonym if protected)."""
        return self.display if self.protected and self.display else self.name

    def values(self, name: str) -> list[Any]:
        return [f.value for f in self.facts.get(name, [])]

    def first(self, name: str, default: Any = None) -> Any:
        values = self.values(name)
        return values[0] if values else default

    # -- the fields most parts read, typed (the schema says what each holds) --

    @property
    def summary(self) -> str | None:
        """The first ``summary`` stated: one sentence."""
        return _text(self.first("summary"))

    @property
    def kind(self) -> str | None:
        """What sort of place or organisation (``district``, ``court``)."""
        return _text(self.first("kind"))

    @property
    def date(self) -> PartialDate | None:
        """An event's (first) date."""
        return _date(self.first("date"))

    @property
    def end(self) -> PartialDate | None:
        """The date an event ended, if it lasted."""
        return _date(self.first("end"))

    @property
    def approximate(self) -> bool:
        """The event's date is approximate."""
        return bool(self.first("approximate"))

    @property
    def published_names(self) -> list[str]:
        """Names that may appear on the site and link to this entity."""
        if self.protected:
            return [self.title]
        return [self.name, *self.aliases]


@dataclass
class Relation:
    subject: str
    type: str
    object: str
    role: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    citations: list[Citation] = field(default_factory=list)

    def identity(self) -> tuple[str, str, str, str | None]:
        return (self.subject, self.type, self.object, self.role)


@dataclass(slots=True)
class Mention:
    """A name found in an article's text."""

    key: str
    article: str
    anchor: str
    snippet: str
    text: str


@dataclass
class Article:
    id: str
    path: str
    title: str
    date: PartialDate | None
    body: str
    body_line: int
    pos: Pos
    meta: dict[str, Any] = field(default_factory=dict)
    #: Entity keys the front matter annotates.
    annotated: list[str] = field(default_factory=list)
    embargo: dt.datetime | None = None
    #: The body rewritten with paragraph anchors and entity links.
    text: str = ""


@dataclass
class Dossier:
    """Everything resolved: the input of every page and export."""

    articles: dict[str, Article] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    #: Entity key -> mentions of it, in article order.
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    #: Article id -> the mentions found in it, in text order: the same
    #: objects as ``mentions``, for what needs one article's.
    found: dict[str, list[Mention]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Embargoed articles left out, by id (their content is not kept).
    withheld: list[str] = field(default_factory=list)
    #: Protected entity key -> the real name and aliases that must never be
    #: published (the only place they are kept after resolution).
    protected: dict[str, list[str]] = field(default_factory=dict)
    #: Place key -> its point (a ``geocode.Location``); places nothing locates are absent.
    locations: dict[str, Any] = field(default_factory=dict)
    #: Facts sources disagree on (``claims.Conflict``), for review and the
    #: *Disputed facts* page.
    conflicts: list[Any] = field(default_factory=list)
    #: Entities whose id or name is a typo from another's (``duplicates.NearDuplicate``).
    near_duplicates: list[Any] = field(default_factory=list)
    #: Every ``quote:`` written in an article (``evidence.Quote``).
    quotes: list[Any] = field(default_factory=list)

    def release_texts(self) -> None:
        """Drop the article texts once pages and exports are made.

        The plugin calls this at the end of ``on_files``: what is read later
        needs only entities, relations, locations, the articles' metadata and
        the mentions (their snippets are written into pages in
        ``on_page_content``; ``sections.py`` lets them go once every page has
        them). At 2,000 articles the bodies and
        linked texts are tens of MiB that MkDocs then reuses for its pages.
        """
        for article in self.articles.values():
            article.body = article.text = ""

    def ancestors(self, key: str) -> list[Entity]:
        """The places containing ``key``, nearest first, by each place's first ``in:``.

        The one walk up the place hierarchy: a cycle (which resolution reports)
        and a parent the dossier does not hold both end the chain.
        """
        out: list[Entity] = []
        seen = {key}
        current = self.entities.get(key)
        while current is not None:
            parent = current.first("in")
            if not parent or parent in seen or parent not in self.entities:
                break
            seen.add(parent)
            current = self.entities[parent]
            out.append(current)
        return out

    def of_type(self, etype: str) -> list[Entity]:
        return sorted(
            (e for e in self.entities.values() if e.type == etype), key=lambda e: e.title.lower()
        )
