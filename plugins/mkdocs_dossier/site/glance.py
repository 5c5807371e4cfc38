"""The story at a glance: the block an editor puts on the home page.

An editor writes ``<!--dossier-block at-a-glance-->`` on a line of its own
in a page of docs/ (the example's ``docs/index.md``), after the lead they
write themselves. The plugin replaces it, once the search index has read
the page (``markers.Blocks``), with the HTML of ``templates/glance.html.j2``:
who the publisher is and which dates the dossier covers, the key people and
organisations as cards, a map of the places, the latest events, the ways
into the rest of the site and how the dossier was made.

What it shows is chosen here, once per build, while the mentions are still
in memory (the block is made after the plugin lets them go); the URLs are
made for the page the block is on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from mkdocs_dossier.core.errors import Pos, Problem
from mkdocs_dossier.core.indexes import Related, event_sort_key
from mkdocs_dossier.core.model import Dossier, Entity, PartialDate
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.site.urls import relative_url

#: The marker an editor writes where the block goes.
MARKER = "<!--dossier-block at-a-glance-->"
#: The types shown as cards: those who act in the story.
CARD_TYPES = ("person", "party", "organization")
#: Event statuses that say the event took place (no status: it did).
HAPPENED = (None, "held")
#: Pages the block links to when the site has them, by their source path.
WAYS = {
    "graph": "graph/index.md",
    "explore": "explore/index.md",
    "events": "events/index.md",
    "places": "places/index.md",
    "people": "people/index.md",
    "organizations": "organizations/index.md",
    "parties": "parties/index.md",
    "articles": "articles/index.md",
    "exports": "exports.md",
}


@dataclass(frozen=True)
class Weight:
    """How much the sources say of an entity: what ranks the cards."""

    articles: int
    statements: int

    @property
    def key(self) -> tuple[int, int]:
        return (self.articles, self.statements)


class Glance:
    """Chooses what the story at a glance shows and renders it for a page."""

    def __init__(
        self,
        dossier: Dossier,
        related: Related,
        options: Options,
        render: Callable[..., str],
        overview: Callable[[str], Markup] | None,
    ) -> None:
        """``render(template, **context)`` renders a template (``Renderer.render``);
        ``overview(src_uri)`` makes the overview map's block for a page, or there is no map."""
        self.d = dossier
        self.options = options
        self._render = render
        self._overview = overview
        #: Every citing article, statement and mention, counted while the mentions exist.
        self.weights = {
            e.key: weight(e, related, len(dossier.mentions.get(e.key, ())))
            for e in dossier.entities.values()
            if e.type in CARD_TYPES
        }
        self.problems: list[Problem] = []
        self.cards = self._choose(options.key_entities)
        self.events = latest(dossier.of_type("event"), options.latest_events)
        self.coverage = coverage(dossier)
        #: The pages of the site, by source path; the plugin sets them once it has
        #: every file, so the block links only to pages that exist.
        self.pages: set[str] = set(WAYS.values())

    def _choose(self, wanted: tuple[str, ...] | None) -> list[Entity]:
        """The editor's choice (``key_entities``), or the entities the sources say most of."""
        if wanted is None:
            ranked = sorted(
                (self.d.entities[k] for k in self.weights if not self.d.entities[k].protected),
                key=lambda e: (tuple(-n for n in self.weights[e.key].key), e.title.lower()),
            )
            return ranked[: max(self.options.cards, 0)]
        out = []
        for name in wanted:
            found = find_entity(self.d, name)
            if found is None:
                self.problems.append(
                    Problem(
                        Pos("mkdocs.yml", 1, 1),
                        f"key_entities: no person, party or organisation is called '{name}'",
                        "write its id as its page's path says, such as people/kem-sokha",
                    )
                )
            elif found not in out:
                out.append(found)
        return out

    def html(self, src_uri: str) -> str:
        """The block for the page ``src_uri`` (``index.md``): its links lead from there."""
        here = src_uri.removesuffix(".md")
        directory_urls = self.options.directory_urls

        def url(key: str) -> str:
            return relative_url(here, key, directory_urls)

        ways = {
            name: url(path.removesuffix(".md")) for name, path in WAYS.items() if path in self.pages
        }
        return self._render(
            "glance.html.j2",
            publisher=self.options.publisher,
            method=self.options.method,
            coverage=self.coverage,
            cards=[(e, url(e.key), self.weights.get(e.key)) for e in self.cards],
            events=[(e, url(e.key)) for e in self.events],
            map=self._overview(src_uri) if self._overview else Markup(""),
            ways=ways,
        )


def weight(ent: Entity, related: Related, mentions: int) -> Weight:
    """The articles that cite ``ent``, and its cited statements plus its mentions."""
    statements = sum(len(f.citations) for facts in ent.facts.values() for f in facts)
    return Weight(len(related.articles.get(ent.key, ())), statements + mentions)


def find_entity(dossier: Dossier, name: str) -> Entity | None:
    """A card's entity from the editor's word: its key, its id or its name."""
    wanted = name.strip()
    found = dossier.entities.get(wanted)
    if found is None:
        matches = [
            e
            for e in dossier.entities.values()
            if e.id == wanted or e.title.casefold() == wanted.casefold()
        ]
        found = matches[0] if len(matches) == 1 else None
    return found if found is not None and found.type in CARD_TYPES else None


def latest(events: Iterable[Entity], count: int) -> list[Entity]:
    """The ``count`` dated events latest in date, newest first."""
    dated = [e for e in events if e.date is not None]
    return sorted(dated, key=event_sort_key, reverse=True)[: max(count, 0)]


def coverage(dossier: Dossier) -> tuple[PartialDate, PartialDate] | None:
    """The first and last date of the sources and of the events that took place."""
    dates: list[PartialDate] = [a.date for a in dossier.articles.values() if a.date]
    dates += [
        e.date
        for e in dossier.entities.values()
        if e.type == "event" and e.date and e.first("status") in HAPPENED
    ]
    if not dates:
        return None
    return min(dates, key=_first_day), max(dates, key=_last_day)


def _first_day(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 1, date.day or 1)


def _last_day(date: PartialDate) -> tuple[int, int, int]:
    return date.sort_key()
