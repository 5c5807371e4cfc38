"""Pseudonyms: a protected entity's real name and aliases replaced in every value."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from mkdocs_dossier.core.model import Dossier, Entity, Participant
from mkdocs_dossier.core.protect import IDENTIFYING, publishable

#: What editors put between the parts of a name: spaces, a hyphen, an
#: underscore, a dot, a soft hyphen or zero-width space, or nothing.
_JOIN = r"(?:[\s\-_.\u00ad\u200b\u2060]|&shy;)*"


def _name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive pattern for the names, longest first.

    Its parts may be joined as editors write them (``Srey-Ann``, ``SreyAnn``,
    ``srey.ann``); what it misses, the leak scan (``leaks.py``) finds.
    """
    parts = []
    for name in sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        words = [re.escape(w) for w in re.split(r"[\s\-_.]+", name) if w]
        parts.append(_JOIN.join(words))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


class Pseudonyms:
    """Replaces every protected name in a text with its entity's pseudonym."""

    def __init__(self, dossier: Dossier) -> None:
        self.display: dict[str, str] = {}
        for key, names in dossier.protected.items():
            for name in names:
                self.display.setdefault(_fold(name), dossier.entities[key].title)
        self.pattern = _name_pattern([n for names in dossier.protected.values() for n in names])

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.display.get(_fold(m.group(0)), "[withheld]"), text)


def _fold(text: str) -> str:
    """A name as the display lookup keys it: its words, lower case, joined by nothing."""
    return "".join(re.split(r"(?:[\s\-_.\u00ad\u200b\u2060]|&shy;)+", text)).casefold()


def apply_pseudonyms(dossier: Dossier) -> Pseudonyms | None:
    """Put pseudonyms in place of protected names in every text the site shows.

    Returns the replacement it used (``None``: nothing is protected), for a
    text that joins the dossier later.
    """
    if not dossier.protected:
        return None
    swap = Pseudonyms(dossier)
    for article in dossier.articles.values():
        article.title = swap(article.title)
        article.body = swap(article.body)
        article.meta = {k: swap(v) if isinstance(v, str) else v for k, v in article.meta.items()}
    keys = set(dossier.entities)
    for ent in dossier.entities.values():
        ent.description = swap(ent.description)
        if ent.protected:
            _drop_identifying(ent)
        for facts in ent.facts.values():
            for fact in facts:
                fact.value = _swap_value(fact.value, swap, keys)
    for rel in dossier.relations:
        rel.role = swap(rel.role) if rel.role else rel.role
    return swap


def _drop_identifying(ent: Entity) -> None:
    """A protected entity's identifying facts go (``protect.IDENTIFYING``), unless allowed."""
    allowed = publishable(ent)
    for name in IDENTIFYING:
        if name not in allowed:
            ent.facts.pop(name, None)
    ent.facts.pop("publishable", None)


def _swap_value(value: Any, swap: Pseudonyms, keys: set[str]) -> Any:
    if isinstance(value, str) and value not in keys:  # entity keys are left alone
        return swap(value)
    if isinstance(value, tuple) and value and isinstance(value[0], Participant):
        return tuple(dataclasses.replace(p, role=swap(p.role) if p.role else p.role) for p in value)
    return value
