"""An annotation of one entity, before resolution merges it with the others."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_dossier.core.model import Citation
from mkdocs_dossier.core.sources import Record


@dataclass
class Declaration:
    """One annotation of an entity: an article's list item or an entity file."""

    type: str
    record: Record
    article: str | None
    description: str = ""
    description_line: int = 0
    explicit_id: str | None = None

    @property
    def citation(self) -> Citation:
        return Citation(self.record.at, self.article)
