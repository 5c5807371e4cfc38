"""Relations as an entity page shows them: both ways, grouped, without repeats.

A person's ``party: cnrp`` and an article's ``{subject: kem-sokha, type:
member, object: cnrp, role: President}`` are two relations in the model; a
reader wants one line, "Kem Sokha — President", citing both sources. Rows are
computed from :class:`render.Related`'s per-entity index, so a page only
looks at its own relations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.model import Citation, PartialDate, Relation

#: Section heading for each (relation type, direction); "out" means the page's
#: entity is the subject (the glossary's words).
HEADINGS: dict[tuple[str, str], str] = {
    key: section.heading for key, section in glossary.RELATION_SECTIONS.items()
}
#: Column header naming the other side, per heading.
OTHER_LABEL = {section.heading: section.other for section in glossary.RELATION_SECTIONS.values()}


def _as_written(message: str) -> str:
    """No translation: the message in English."""
    return message


@dataclass
class Row:
    """One line of a relations table."""

    other: str
    role: str | None
    start: PartialDate | None
    end: PartialDate | None
    citations: list[Citation] = field(default_factory=list)
    #: ``out`` on the subject's page, ``in`` on the object's.
    direction: str = "out"

    def reading(self, gettext: Callable[[str], str] = _as_written) -> str:
        """How a family or tie reads from this side: the subject is the role of the object.

        "Daughter of" on the subject's page (then the object's name), "Daughter"
        on the object's (then the subject's name); ``gettext``: the site's language.
        """
        role = (self.role or "").strip()
        if not role:
            return ""
        role = role[0].upper() + role[1:]
        return gettext(glossary.ROLE_OF).format(role=role) if self.direction == "out" else role

    def period(self, date: Callable[[PartialDate], str] = PartialDate.label) -> str:
        """When the relation held, ``date`` writing each end (the site's language)."""
        if not self.start and not self.end:
            return ""
        start = date(self.start) if self.start else "…"
        end = date(self.end) if self.end else "…"
        return f"{start} – {end}"


@dataclass
class Group:
    heading: str
    other_label: str
    rows: list[Row] = field(default_factory=list)


def _merge(rows: list[Row]) -> list[Row]:
    """Drop a role-less row when a row with a role says the same, keeping its sources."""
    with_role = [r for r in rows if r.role]
    if not with_role:
        out = rows[0]
        for r in rows[1:]:
            out.citations.extend(c for c in r.citations if c not in out.citations)
            out.start, out.end = out.start or r.start, out.end or r.end
        return [out]
    for r in rows:
        if not r.role:
            for target in with_role:
                target.citations.extend(c for c in r.citations if c not in target.citations)
    return with_role


def relation_groups(
    key: str, relations: list[tuple[str, Relation]], name_of: Callable[[str], str] = str
) -> list[Group]:
    """The relation tables of one entity page, in a fixed order.

    ``relations`` are ``(direction, relation)`` pairs as ``Related`` indexes
    them; ``name_of`` gives published names, used to sort rows.
    """
    by_other: dict[tuple[str, str], list[Row]] = {}
    for direction, rel in relations:
        heading = HEADINGS.get((rel.type, direction))
        if heading is None:
            continue
        other = rel.object if direction == "out" else rel.subject
        if other == key and direction == "in" and rel.subject == rel.object:
            continue  # a self-relation is shown once, on its "out" side
        row = Row(other, rel.role, rel.start, rel.end, list(rel.citations), direction)
        by_other.setdefault((heading, other), []).append(row)
    groups: dict[str, Group] = {}
    for (heading, _), rows in by_other.items():
        group = groups.setdefault(heading, Group(heading, OTHER_LABEL[heading]))
        group.rows.extend(_merge(rows))
    order = list(dict.fromkeys(HEADINGS.values()))
    out = []
    for heading in order:
        if heading in groups:
            group = groups[heading]
            group.rows.sort(
                key=lambda r: (
                    r.start.sort_key() if r.start else (0, 0, 0),
                    name_of(r.other).casefold(),
                    r.role or "",
                )
            )
            out.append(group)
    return out
