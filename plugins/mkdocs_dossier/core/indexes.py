"""Indexes across the dossier (relations, events, children, annotating articles), built once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from mkdocs_dossier.core.model import Dossier, Entity, Participant, Relation
from mkdocs_dossier.core.schema import AGENT_FIELDS


class Related:
    """Indexes across the dossier, built once so no page scans everything."""

    def __init__(self, dossier: Dossier) -> None:
        self.relations: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
        self.events: dict[str, list[tuple[Entity, str | None]]] = defaultdict(list)
        self.children: dict[str, list[Entity]] = defaultdict(list)
        self.articles: dict[str, list[str]] = defaultdict(list)
        for rel in dossier.relations:
            if rel.type == "participant":
                continue
            self.relations[rel.subject].append(("out", rel))
            self.relations[rel.object].append(("in", rel))
        for ent in dossier.entities.values():
            if ent.type == "event":
                for key, role in _event_members(ent):
                    self.events[key].append((ent, role))
            for parent in ent.values("in"):
                self.children[parent].append(ent)
        for article in dossier.articles.values():
            for key in article.annotated:
                self.articles[key].append(article.id)
        for events in self.events.values():
            events.sort(key=lambda pair: event_sort_key(pair[0]))


def participants(event: Entity) -> Iterator[tuple[str, str | None]]:
    """(key, role) of each person, party and organisation taking part in ``event``, once each."""
    seen = set()
    for fname in AGENT_FIELDS:
        for fact in event.facts.get(fname, []):
            part: Participant
            for part in fact.value:
                if (part.key, part.role) not in seen:
                    seen.add((part.key, part.role))
                    yield part.key, part.role


def _event_members(event: Entity) -> Iterable[tuple[str, str | None]]:
    yield from participants(event)
    for place in event.values("place"):
        yield place, None


def event_sort_key(event: Entity) -> tuple:
    date = event.date
    return (date.sort_key() if date else (9999, 13, 32), event.title.lower())
