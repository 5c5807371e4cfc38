"""Entities that look like copies of each other, and the known entity closest to a name.

An editor who mistypes an id (``supreme-court-cnrp-decison``) or writes a
name that another entity already has as an alias makes a second entity
without a word from the build. Edit distances come from rapidfuzz (C, with
a cutoff, so comparing every pair of a large dossier stays quick).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from mkdocs_dossier.core.errors import Pos
from mkdocs_dossier.core.model import Entity

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, order=True)
class NearDuplicate:
    """``key`` looks like a copy of ``other`` (which was declared first)."""

    pos: Pos
    key: str
    other: str
    #: What is alike: ``id`` (a small edit apart), ``name`` (likewise) or
    #: ``alias`` (the name of one is an alias of the other).
    reason: str
    detail: str


def _edits_allowed(text: str) -> int:
    return 1 if len(text) < 8 else 2


def _alike(a: str, b: str) -> bool:
    """A small edit apart, but not two numbers apart ("elections-2017", "-2018")."""
    if a == b or (_DIGITS.sub("#", a) == _DIGITS.sub("#", b) and _DIGITS.search(a)):
        return False
    limit = _edits_allowed(min(a, b, key=len))
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


def _first_pos(ent: Entity) -> Pos:
    return min((c.pos for c in ent.citations), default=Pos(ent.key))


def near_duplicates(entities: dict[str, Entity]) -> list[NearDuplicate]:
    """Every pair of entities of one type that look like one entity, once each."""
    out: list[NearDuplicate] = []
    by_type: dict[str, list[Entity]] = {}
    for ent in entities.values():
        by_type.setdefault(ent.type, []).append(ent)
    for group in by_type.values():
        group.sort(key=lambda e: (_first_pos(e), e.key))
        ids = [e.id for e in group]
        names = [e.name.casefold() for e in group]
        aliases = {a.casefold(): e for e in group for a in e.aliases}
        for i, ent in enumerate(group):
            found = _pairs(ent, group, ids, names, aliases, i)
            if found:
                out.append(found)
    return sorted(out)


def _pairs(
    ent: Entity,
    group: list[Entity],
    ids: list[str],
    names: list[str],
    aliases: dict[str, Entity],
    i: int,
) -> NearDuplicate | None:
    """The first entity before ``ent`` (by position) that ``ent`` looks like a copy of."""
    pos = _first_pos(ent)
    owner = aliases.get(ent.name.casefold())
    if owner is not None and owner is not ent:
        detail = f"its name '{ent.name}' is an alias of {owner.key}"
        return NearDuplicate(pos, ent.key, owner.key, "alias", detail)
    limit = _edits_allowed(ent.id)
    for _, _, j in process.extract(
        ent.id, ids[:i], scorer=Levenshtein.distance, score_cutoff=limit, limit=None
    ):
        if _alike(ent.id, ids[j]):
            detail = f"its id '{ent.id}' is a few letters from '{ids[j]}'"
            return NearDuplicate(pos, ent.key, group[j].key, "id", detail)
    name = ent.name.casefold()
    for j, other in enumerate(names[:i]):
        if _alike(name, other):
            detail = f"its name '{ent.name}' is a few letters from '{group[j].name}'"
            return NearDuplicate(pos, ent.key, group[j].key, "name", detail)
    return None


def closest(name: str, entities: dict[str, Entity], etype: str | None = None) -> Entity | None:
    """The known entity whose name or alias is most like ``name`` (of ``etype`` if given)."""
    choices: dict[str, Entity] = {}
    for ent in entities.values():
        if etype is None or ent.type == etype:
            for label in ent.published_names:
                choices.setdefault(label, ent)
    best = process.extractOne(name, list(choices), scorer=fuzz.WRatio, score_cutoff=60)
    return choices[best[0]] if best else None
