"""Near-duplicates: an id or name a typo away from another entity of the same kind.

``supreme-court-cnrp-decison`` next to ``supreme-court-cnrp-decision`` is
most likely one event annotated twice. Candidates are found without
comparing every pair: two strings within one edit share a string made by
deleting at most one character from each (the deletion neighbourhood, as
SymSpell uses), so only strings sharing such a key are measured.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.model import Entity

_DIGITS = re.compile(r"\d")
#: Shorter strings differ by a letter too often to mean anything ("cpp", "cnrp").
MIN_LENGTH = 6
#: The most edits (insertions, deletions, substitutions) that still look like a typo.
MAX_EDITS = 2


@dataclass(frozen=True)
class NearDuplicate:
    """An entity whose id or name is close to another's: probably the same one."""

    #: The entity that looks like the copy, and where its id or name was written.
    key: str
    pos: Pos
    #: The entity it looks like a copy of.
    existing: str
    #: ``id`` or ``name``; the two strings compared.
    what: str
    written: str
    close_to: str


def _deletions(text: str) -> set[str]:
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


def close_pairs(strings: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of distinct strings at most :data:`MAX_EDITS` apart, each pair once, sorted."""
    buckets: dict[str, set[str]] = defaultdict(set)
    for s in set(strings):
        if len(s) >= MIN_LENGTH:
            for d in _deletions(s):
                buckets[d].add(s)
    # Two strings sharing a key are each at most one deletion from it, so at
    # most two edits apart (MAX_EDITS): a pair needs no distance measured, which at
    # 10,000 synthetic articles (some 20,000 pairs) was most of this step.
    # "member-01" and "member-02" are a series, not a typo.
    series = {s: _DIGITS.sub("", s) for group in buckets.values() if len(group) > 1 for s in group}
    pairs = set()
    for group in buckets.values():
        if len(group) > 1:
            members = sorted(group)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if series[a] != series[b]:
                        pairs.add((a, b))
    return sorted(pairs)


def _suspect(a: Entity, b: Entity) -> tuple[Entity, Entity]:
    """(the likely copy, the existing one): fewer sources, else the later-sorting key."""
    if len(a.citations) != len(b.citations):
        return (a, b) if len(a.citations) < len(b.citations) else (b, a)
    return (b, a) if a.key < b.key else (a, b)


def near_duplicates(entities: dict[str, Entity], positions: dict[str, Pos]) -> list[NearDuplicate]:
    """Every pair of same-type entities whose ids or names are a typo apart.

    ``positions``: entity key -> where its id (or name) was first written.
    """
    out: dict[tuple[str, str], NearDuplicate] = {}
    by_type: dict[str, list[Entity]] = defaultdict(list)
    for ent in entities.values():
        if not ent.protected:
            by_type[ent.type].append(ent)
    for ents in by_type.values():
        for what, text_of in (("id", lambda e: [e.id]), ("name", lambda e: [e.name.casefold()])):
            owners: dict[str, set[str]] = defaultdict(set)
            for ent in ents:
                for text in text_of(ent):
                    owners[text].add(ent.key)
            for a, b in close_pairs(owners):
                for ka in sorted(owners[a]):
                    for kb in sorted(owners[b]):
                        if ka == kb:
                            continue
                        copy, existing = _suspect(entities[ka], entities[kb])
                        pair = (copy.key, existing.key)
                        if pair not in out:
                            written = copy.id if what == "id" else copy.name
                            other = existing.id if what == "id" else existing.name
                            pos = positions.get(copy.key) or copy.citations[0].pos
                            out[pair] = NearDuplicate(
                                copy.key, pos, existing.key, what, written, other
                            )
    return sorted(out.values(), key=lambda n: (n.pos, n.key))


def report(found: list[NearDuplicate], problems: Problems) -> None:
    for n in found:
        problems.add(
            n.pos,
            f"the {n.what} '{n.written}' of {n.key} is one typo from the {n.what} "
            f"'{n.close_to}' of {n.existing}",
            f"did you mean '{n.existing.split('/', 1)[1]}'? if they are one, write that id; "
            "if not, rename one of them",
        )
