"""An annotation of one entity, before resolution merges it with the others."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_dossier.core.errors import Pos
from mkdocs_dossier.core.model import Citation, PartialDate
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
    #: The date of the article, if the annotation is in one.
    date: PartialDate | None = None

    @property
    def rank(self) -> str:
        return self.record.get("rank", "normal")

    def cite(self, pos: Pos, quote: str | None = None) -> Citation:
        """A citation of this annotation at ``pos``, dated and ranked as it is."""
        return Citation(pos, self.article, None, self.date, self.rank, quote)

    @property
    def citation(self) -> Citation:
        return self.cite(self.record.at, self.record.get("quote"))
