"""Checks across the fields of one entity or relation, after resolution.

Each value may be valid alone and still impossible together with another,
like an event that ends before it starts; or valid and still suspicious,
like a name whose one Cyrillic letter makes it another person's look-alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from mkdocs_dossier.core.errors import Pos, Problem, Problems
from mkdocs_dossier.core.model import Dossier, Entity, PartialDate, Relation


def _pos(ent: Entity, field: str) -> Pos:
    facts = ent.facts.get(field)
    return facts[0].citations[0].pos if facts and facts[0].citations else ent.citations[0].pos


def check_dates(ent: Entity, problems: Problems) -> None:
    """An event's ``end`` must not come before its ``date``."""
    start, end = ent.date, ent.end
    if start is None or end is None:
        return
    first = start.first_day()
    # The latest day ``end`` may mean is before the earliest ``date`` may mean.
    if end.sort_key() < (first.year, first.month, first.day):
        problems.add(
            _pos(ent, "end"),
            f"{ent.key} ends ({end.iso()}) before it starts ({start.iso()})",
            "swap 'date:' and 'end:' or correct one of them",
        )


def check_entities(dossier: Dossier, problems: Problems, earlier: Iterable[Problem] = ()) -> None:
    """Run every cross-field check on every entity and relation, once.

    ``earlier``: what reading the sources reported, so a wrong date is not
    reported a second time as a missing one.
    """
    bad = _bad_dates([*problems, *earlier])
    for ent in dossier.entities.values():
        check_names(ent, problems)
        if ent.type == "event":
            check_dates(ent, problems)
            check_event_date(ent, problems, bad)
    for rel in dossier.relations:
        check_relation(rel, problems)


#: Invisible characters that reorder or hide text (bidirectional controls,
#: zero-width spaces, soft hyphens, word joiners, BOM). ZWJ and ZWNJ are not
#: among them: they shape letters in Khmer and other scripts.
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
#: Scripts whose letters pass for Latin ones (TR39 confusables).
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK")


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name (``LATIN``, ``CYRILLIC``...)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if ch.isalpha() and name else ""


def _lookalikes(word: str) -> list[str]:
    """The Cyrillic or Greek letters of a word that also holds Latin letters."""
    scripts = {_script(ch) for ch in word}
    if "LATIN" not in scripts or not scripts & set(_LOOKALIKE_SCRIPTS):
        return []
    return [ch for ch in word if _script(ch) in _LOOKALIKE_SCRIPTS]


def _spell(ch: str) -> str:
    return f"'{ch}' U+{ord(ch):04X} {unicodedata.name(ch, '').lower()}"


def check_names(ent: Entity, problems: Problems) -> None:
    """Names hiding invisible characters (errors) or mixing look-alike scripts (warned)."""
    at = ent.citations[0].pos if ent.citations else Pos(ent.key)
    written = [ent.id, ent.name, *ent.aliases, *([ent.display] if ent.display else [])]
    for name in written:
        hidden = sorted({ch for ch in name if ch in INVISIBLE})
        if hidden:
            which = ", ".join(f"U+{ord(ch):04X}" for ch in hidden)
            problems.add(
                at,
                f"a name of {_shown_key(ent)} holds invisible characters ({which})",
                "retype the name; they reorder or hide letters and cannot be seen",
            )
            continue
        for word in name.split():
            if found := _lookalikes(word):
                letters = ", ".join(_spell(ch) for ch in dict.fromkeys(found))
                shown = f"a name of {_shown_key(ent)}" if ent.protected else f"the name '{name}'"
                problems.add(
                    at,
                    f"{shown} mixes Latin with Cyrillic or Greek letters in one word: {letters}",
                    "retype the word in one script; a look-alike letter makes another name",
                )
                break


def _shown_key(ent: Entity) -> str:
    """How a message names an entity: never by a protected entity's real name."""
    return f"a protected {ent.type}" if ent.protected else ent.key


def check_relation(rel: Relation, problems: Problems) -> None:
    """A relation of an entity with itself, or ending before it starts."""
    at = rel.citations[0].pos if rel.citations else Pos("dossier")
    if rel.subject == rel.object:
        problems.add(
            at,
            f"the {rel.type} relation goes from an entity to itself",
            "name two different entities as 'subject:' and 'object:'",
        )
    if rel.start and rel.end and rel.end.sort_key() < _first(rel.start):
        problems.add(
            at,
            f"the {rel.type} relation ends ({rel.end.iso()}) before it starts ({rel.start.iso()})",
            "swap 'start:' and 'end:' or correct one of them",
        )


def _first(date: PartialDate) -> tuple[int, int, int]:
    first = date.first_day()
    return (first.year, first.month, first.day)


def _bad_dates(problems: Iterable[Problem]) -> set[tuple[str, int]]:
    """(path, line) of every date already reported as wrong."""
    return {
        (p.pos.path, p.pos.line)
        for p in problems
        if re.match(r"(?:\S+\.)?date '", p.message) or p.message.startswith("date is empty")
    }


def check_event_date(ent: Entity, problems: Problems, bad: set[tuple[str, int]]) -> None:
    """An event no article or file dates: it cannot be placed on any timeline.

    One whose date was written but wrong has been reported already (a date
    problem on its lines), and is not reported twice.
    """
    if ent.type != "event" or ent.facts.get("date"):
        return
    near = {(c.pos.path, c.pos.line + i) for c in ent.citations for i in range(_LINES)}
    if not near & bad:
        problems.add(
            ent.citations[0].pos if ent.citations else Pos(ent.key),
            f"the event {_shown_key(ent)} has no date",
            "give it 'date:' (YYYY-MM-DD, YYYY-MM or YYYY) where it is annotated",
        )


#: How many lines an event's annotation may span (name, date, end, place...).
_LINES = 12
