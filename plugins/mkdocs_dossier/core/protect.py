"""Protected entities: a pseudonym in place of the real name, everywhere.

An editor marks an entity ``protected: true`` and gives ``display:`` (a
pseudonym such as "Commune official A"). Resolution then

1. gives it an id from the pseudonym, never from the real name (an explicit
   ``id:`` that spells part of the name is refused), so URLs reveal nothing;
2. treats every other annotation of the same real name as the same entity;
3. removes the real name and aliases from the entity after merging, keeping
   them only in :attr:`Dossier.protected`, so no template or export can print
   them; :mod:`safety` replaces them in texts and scans the built site.
"""

from __future__ import annotations

from typing import Any

from mkdocs_dossier.core.declaration import Declaration
from mkdocs_dossier.core.errors import Problems
from mkdocs_dossier.core.model import Entity, slugify


def _names(d: Declaration) -> list[str]:
    return [n for n in [d.record.get("name", ""), *d.record.get("aliases", [])] if n]


def _name_tokens(names: list[str]) -> set[str]:
    """The parts of the names an id must not contain (short words say nothing)."""
    return {t for n in names for t in slugify(n).split("-") if len(t) >= 3}


def _check_display(d: Declaration, problems: Problems) -> None:
    display = d.record.get("display")
    names = _names(d)
    if not display:
        problems.add(
            d.record.pos("protected"),
            f"the protected {d.type} has no 'display:'",
            "add 'display:' with the pseudonym to publish, e.g. 'Commune official A'",
        )
    elif _name_tokens([display]) & _name_tokens(names):
        problems.add(
            d.record.pos("display"),
            "the display name of a protected entity repeats part of its real name",
            "choose a pseudonym that shares no word with the name or aliases",
        )


def assign_ids(decls: list[Declaration], problems: Problems) -> None:
    """Give protected declarations, and others naming the same entity, a safe id."""
    protected = [d for d in decls if d.record.get("protected")]
    by_name: dict[tuple[str, str], str] = {}
    unnamed = 0
    for d in protected:
        _check_display(d, problems)
        names = _names(d)
        known = {by_name[d.type, n.casefold()] for n in names if (d.type, n.casefold()) in by_name}
        if "id" in d.record.values:
            ident = d.record.get("id")
            if set(ident.split("-")) & _name_tokens(names):
                problems.add(
                    d.record.pos("id"),
                    f"the id '{ident}' of a protected {d.type} spells part of the real name",
                    "remove 'id:' (the display name gives the id) or choose an unrelated id",
                )
        elif known:
            ident = min(known)
        elif d.record.get("display"):
            ident = slugify(d.record.get("display"))
        else:
            unnamed += 1
            ident = f"protected-{d.type}-{unnamed}"
        d.explicit_id = ident
        for n in names:
            by_name.setdefault((d.type, n.casefold()), ident)
    for d in decls:
        if d.record.get("protected") or d.record.get("id"):
            continue
        for n in _names(d):
            if (d.type, n.casefold()) in by_name:
                d.explicit_id = by_name[d.type, n.casefold()]
                break


#: Facts that point at a protected entity's real identity: never published
#: unless the editor lists them in ``publishable:`` (``safety/pseudonyms.py``).
IDENTIFYING = ("url", "email", "phone", "accounts", "address", "born")
#: Those whose values name the person as surely as the name does (an
#: address, a profile): kept with the names, so the pseudonyms replace them in
#: any text and the leak scan fails a build that publishes them anywhere. An
#: address or a birth date may be written in too many ways, or be too common
#: (a town), to be looked for; it is dropped from the entity only.
SECRET_FACTS = ("url", "email", "phone", "accounts")


def publishable(ent: Entity) -> set[str]:
    """The identifying facts the editor allowed to publish (``publishable: [url]``)."""
    return {name for v in ent.values("publishable") for name in _items(v)}


def _items(value: Any) -> list[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if isinstance(v, str) and v.strip()]


def secret_values(ent: Entity) -> list[str]:
    """The values of a protected entity's identifying facts that must not be published."""
    allowed = publishable(ent)
    return [
        item
        for name in SECRET_FACTS
        if name not in allowed
        for value in ent.values(name)
        for item in _items(value)
    ]


def scrub(entities: dict[str, Entity]) -> dict[str, list[str]]:
    """Remove real names from protected entities; returns key -> the removed names
    (and the identifying values looked for as names, :data:`SECRET_FACTS`)."""
    secrets: dict[str, list[str]] = {}
    for key, ent in sorted(entities.items()):
        if not ent.protected:
            continue
        names = [n for n in [ent.name, *ent.aliases] if n and n != ent.display]
        names += secret_values(ent)
        secrets[key] = sorted(set(names), key=lambda n: (-len(n), n))
        fallback = f"Protected {ent.type} {len(secrets)}"
        ent.display = ent.display or fallback
        ent.name = ent.display
        ent.aliases = []
    return secrets
