"""Which entity pages link which: the "Linked from" section of an entity page.

An entity's page links others where its description writes ``[[...]]``
(Hun Sen's page links Kem Sokha); the linked page lists those pages, with
the relation between the two when the dossier states one. Relations and
events are on both ends' pages already; this is what only text says.
"""

from __future__ import annotations

from collections import defaultdict

from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.mentions import expand_wikilinks
from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.pipeline import Lookup


def linked_from(dossier: Dossier) -> dict[str, list[str]]:
    """Entity key -> the entities whose descriptions link it, in key order.

    Links are found as the page's Markdown expands them (outside code); a
    link that names no entity is reported there, not here.
    """
    lookup = Lookup(dossier.entities)
    found: dict[str, set[str]] = defaultdict(set)
    for key in sorted(dossier.entities):
        text = dossier.entities[key].description
        if "[[" not in text:
            continue

        def resolve(target: str, pos: Pos, source: str = key) -> str | None:
            hit = lookup.find(target, pos, Problems())
            if hit and hit != source:
                found[hit].add(source)
            return hit

        expand_wikilinks(text, resolve, lambda _key: "", Pos(key, 1, 1))
    return {key: sorted(sources) for key, sources in found.items()}
