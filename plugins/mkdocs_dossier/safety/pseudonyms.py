"""Pseudonyms: a protected entity's real name and aliases replaced in every value."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from mkdocs_dossier.core.model import Dossier, Participant


def _name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive, any-whitespace pattern for the names, longest first."""
    parts = []
    for name in sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        words = [re.escape(w) for w in name.split()]
        parts.append(r"\s+".join(words))
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
    return " ".join(text.split()).casefold()


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
    for ent in dossier.entities.values():
        ent.description = swap(ent.description)
        for facts in ent.facts.values():
            for fact in facts:
                fact.value = _swap_value(fact.value, swap)
    for rel in dossier.relations:
        rel.role = swap(rel.role) if rel.role else rel.role
    return swap


def _swap_value(value: Any, swap: Pseudonyms) -> Any:
    if isinstance(value, str) and "/" not in value:  # entity keys are left alone
        return swap(value)
    if isinstance(value, tuple) and value and isinstance(value[0], Participant):
        return tuple(dataclasses.replace(p, role=swap(p.role) if p.role else p.role) for p in value)
    return value
