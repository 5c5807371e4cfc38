"""The glossary: every word of the dossier's model a reader sees, defined once.

Kinds of entity and of place, relation types, event statuses, the names of
the facts, the relation sections of an entity page, the words of a timeline
and of the graph's edges. Each is an English gettext message marked with
``N_`` (``pybabel extract -k N_`` puts it in ``locale/dossier.pot``); the
site's language translates it through the catalogue
(``locale/<lang>/LC_MESSAGES/dossier.po``), so a theme or a translator
changes a word there, never in code. Every module that writes one of these
words reads it from here (tests/test_glossary.py checks that no other module
marks the same word and that each has a French and a Khmer translation).

The keys are the schema's words an editor writes (``person``, ``district``,
``member``); the values are messages, translated where they are written out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple

from mkdocs_dossier.core.messages import N_


class KindLabel(NamedTuple):
    """An entity type's name for one and for many (a page's label, an index's title)."""

    single: str
    plural: str


class SectionLabel(NamedTuple):
    """A relation section of an entity page: its heading and the column naming the other side."""

    heading: str
    other: str


#: Entity types, singular and plural.
KINDS: Final[Mapping[str, KindLabel]] = {
    "person": KindLabel(N_("Person"), N_("People")),
    "party": KindLabel(N_("Party"), N_("Parties")),
    "organization": KindLabel(N_("Organisation"), N_("Organisations")),
    "place": KindLabel(N_("Place"), N_("Places")),
    "event": KindLabel(N_("Event"), N_("Events")),
}

#: What sort of place a place is (the schema's ``kind`` choices).
PLACE_KINDS: Final[Mapping[str, str]] = {
    "continent": N_("continent"),
    "country": N_("country"),
    "region": N_("region"),
    "province": N_("province"),
    "district": N_("district"),
    "city": N_("city"),
    "town": N_("town"),
    "commune": N_("commune"),
    "village": N_("village"),
    "building": N_("building"),
    "other": N_("other"),
}
#: A place whose kind is not given, where a kind is shown (a map's popup, capitalised).
PLACE_OF_NO_KIND: Final = KINDS["place"].single

#: Relation types (the schema's ``type`` choices of a relation).
RELATION_TYPES: Final[Mapping[str, str]] = {
    "member": N_("member"),
    "office": N_("office"),
    "participant": N_("participant"),
    "family": N_("family"),
    "tie": N_("tie"),
}

#: Where an event stands as of the article that states it (the schema's ``status`` choices).
EVENT_STATUSES: Final[Mapping[str, str]] = {
    "scheduled": N_("scheduled"),
    # "held" is how the schema says it; a reader reads "took place".
    "held": N_("took place"),
    "postponed": N_("postponed"),
    "cancelled": N_("cancelled"),
}

#: The facts tables' names of the entities' own keys (an editor's key of
#: another name is shown as written, capitalised).
FACTS: Final[Mapping[str, str]] = {
    "role": N_("Role"),
    "party": KINDS["party"].single,
    "organization": KINDS["organization"].single,
    "country": N_("Country"),
    "leader": N_("Leader"),
    "kind": N_("Kind"),
    "parent": N_("Parent"),
    "in": N_("In"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "coordinates": N_("Coordinates"),
    "country_code": N_("Country code"),
    "date": N_("Date"),
    "end": N_("End"),
    "approximate": N_("Approximate"),
    "status": N_("Status"),
    "scheduled": N_("Scheduled"),
    "place": KINDS["place"].single,
    "url": N_("Link"),
}
#: A yes-or-no fact's value.
YES: Final = N_("yes")
NO: Final = N_("no")
#: Where a fact stated in the dossier's own files, not an article, is cited.
DOSSIER_FILE: Final = N_("dossier file")

_FAMILY = SectionLabel(N_("Family"), N_("Relative"))
_TIES = SectionLabel(N_("Ties"), N_("With"))
#: An entity page's relation sections per (relation type, direction); ``out``:
#: the page's entity is the subject. Family and ties read the same both ways.
RELATION_SECTIONS: Final[Mapping[tuple[str, str], SectionLabel]] = {
    ("member", "out"): SectionLabel(N_("Member of"), N_("Party or organisation")),
    ("member", "in"): SectionLabel(N_("Members"), N_("Member")),
    ("office", "out"): SectionLabel(N_("Offices held"), N_("Where")),
    ("office", "in"): SectionLabel(N_("Office holders"), N_("Holder")),
    ("family", "out"): _FAMILY,
    ("family", "in"): _FAMILY,
    ("tie", "out"): _TIES,
    ("tie", "in"): _TIES,
}
#: The sections whose rows read as a sentence ("Daughter of Kem Sokha") rather than a role column.
SENTENCE_SECTIONS: Final = (_FAMILY.heading, _TIES.heading)
#: How a family or tie row reads from its subject's side ("Daughter of").
ROLE_OF: Final = N_("{role} of")

#: What a relation is, said from each end, on a timeline.
TIMELINE_RELATIONS: Final[Mapping[tuple[str, str], str]] = {
    ("member", "out"): N_("member of"),
    ("member", "in"): RELATION_TYPES["member"],
    ("office", "out"): N_("office at"),
    ("office", "in"): N_("office holder"),
    ("family", "out"): RELATION_TYPES["family"],
    ("family", "in"): RELATION_TYPES["family"],
    ("tie", "out"): RELATION_TYPES["tie"],
    ("tie", "in"): RELATION_TYPES["tie"],
}
#: A timeline line's tag for an article that reports the story.
TIMELINE_SOURCE: Final = N_("source")
#: The words that qualify a timeline date: approximate, or known only to the month or year.
APPROXIMATE_DATE: Final = N_("approximate date")
DATE_PRECISION: Final[Mapping[str, str]] = {
    "month": N_("day not known"),
    "year": N_("month not known"),
}
#: A timeline heading or date for what has no date.
UNDATED: Final = N_("Undated")
#: A timeline heading for the entries of a year whose months are not known.
YEAR_MONTH_NOT_KNOWN: Final = N_("{year}, month not known")

#: The graph's edge word for a relation type, where it is not the type's own word.
EDGE_WORDS: Final[Mapping[str, str]] = {"participant": N_("took part")}
#: The graph's edges from an event to its place, and from a place to the place it is in.
EDGE_HAPPENED_AT: Final = N_("happened at")
EDGE_WITHIN: Final = N_("in")


def schema_word(choice: str) -> str:
    """The message of a schema word an editor chose (a place's kind, an event's status)."""
    return PLACE_KINDS.get(choice) or EVENT_STATUSES.get(choice) or relation_word(choice)


def place_kind(kind: str | None) -> str:
    """A place's kind's message: the schema's word, the editor's own, or "Place" if none."""
    if not kind:
        return PLACE_OF_NO_KIND
    return PLACE_KINDS.get(kind, kind)


def relation_word(rel_type: str) -> str:
    """A relation type's word (the editor's own word if it is not one of the schema's)."""
    return RELATION_TYPES.get(rel_type, rel_type)
