"""Checks across the fields of one entity, after resolution.

Each value may be valid alone and still impossible together with another,
like an event that ends before it starts.
"""

from __future__ import annotations

from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.model import Dossier, Entity


def _pos(ent: Entity, field: str) -> Pos:
    facts = ent.facts.get(field)
    return facts[0].citations[0].pos if facts and facts[0].citations else ent.citations[0].pos


def check_dates(ent: Entity, problems: Problems) -> None:
    """An event's ``end`` must not come before its ``date``."""
    start, end = ent.first("date"), ent.first("end")
    first = start.first_day() if start else None
    # The latest day ``end`` may mean is before the earliest ``date`` may mean.
    if first and end and end.sort_key() < (first.year, first.month, first.day):
        problems.add(
            _pos(ent, "end"),
            f"{ent.key} ends ({end.iso()}) before it starts ({start.iso()})",
            "swap 'date:' and 'end:' or correct one of them",
        )


def check_entities(dossier: Dossier, problems: Problems) -> None:
    """Run every cross-field check on every entity, once."""
    for ent in dossier.entities.values():
        if ent.type == "event":
            check_dates(ent, problems)
