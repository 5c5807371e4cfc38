"""The annotation format: which keys each kind of front matter takes.

One table drives three things, so they cannot drift apart: validation of the
YAML an editor writes (``sources.py``), the documentation, and the JSON Schema
published for editors' tools (:func:`json_schema`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs_dossier.core import glossary

#: Entity types, keyed by the folder and front-matter list that hold them.
ENTITY_TYPES: dict[str, str] = {
    "people": "person",
    "parties": "party",
    "organizations": "organization",
    "places": "place",
    "events": "event",
}
PLURAL: dict[str, str] = {single: plural for plural, single in ENTITY_TYPES.items()}
#: The types that act (take part in events, belong, hold office), and the
#: event fields that list them.
AGENT_TYPES = ("person", "party", "organization")
AGENT_FIELDS = tuple(PLURAL[t] for t in AGENT_TYPES)

#: The choices an editor writes; their reader's words are the glossary's.
PLACE_KINDS = tuple(glossary.PLACE_KINDS)
RELATION_TYPES = tuple(glossary.RELATION_TYPES)
#: How an editor ranks a claim against others of the same field (as Wikidata ranks statements).
RANKS = ("preferred", "normal", "deprecated")
#: Where an event stands as of the article that states it.
EVENT_STATUSES = tuple(glossary.EVENT_STATUSES)
_QUOTE_DOC = "The exact words of the article body that support this claim."
_RANK_DOC = "`preferred` or `deprecated` to override which source's value is shown."


@dataclass(frozen=True)
class Field:
    """One front-matter key: its value kind and the sentence that documents it."""

    name: str
    kind: str
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    #: For ``ref`` and ``participants``: the entity type referred to.
    target: str = ""


_COMMON = (
    Field("name", "str", "The entity's name as the story spells it.", required=True),
    Field("id", "id", "Stable identifier used in URLs; defaults to the slug of the name."),
    Field("aliases", "strlist", "Other names and spellings that should link here."),
    Field("summary", "str", "One sentence shown on index pages."),
    Field("url", "url", "A reference link (http, https or mailto)."),
    Field("protected", "bool", "Hide the real name everywhere; publish `display` instead."),
    Field("display", "str", "The pseudonym published for a protected entity."),
    Field(
        "publishable",
        "strlist",
        "Identifying facts of a protected entity to publish all the same, e.g. `[url]` "
        "(`url`, `email`, `phone`, `accounts`, `address`, `born`).",
    ),
    Field("quote", "str", _QUOTE_DOC),
    Field("rank", "choice", _RANK_DOC, choices=RANKS),
)

ENTITY_FIELDS: dict[str, tuple[Field, ...]] = {
    "person": _COMMON
    + (
        Field("role", "str", "The person's position, as the source states it."),
        Field("born", "date", "Date of birth: `1953-06-27`, `1953-06` or `1953`."),
        Field("email", "str", "An e-mail address."),
        Field("phone", "str", "A telephone number, as written."),
        Field("accounts", "strlist", "Social media handles or profiles, e.g. `['@kemsokha']`."),
        Field("address", "str", "A postal or home address."),
        Field("party", "ref", "The party the person belongs to.", target="party"),
        Field(
            "organization",
            "ref",
            "The organisation the person works for.",
            target="organization",
        ),
    ),
    "party": _COMMON
    + (
        Field("country", "ref", "The country the party is active in.", target="place"),
        Field("leader", "ref", "The party's leader.", target="person"),
    ),
    "organization": _COMMON
    + (
        Field("kind", "str", "What sort of organisation (ministry, court, newsroom...)."),
        Field("country", "ref", "The country it belongs to.", target="place"),
        Field("parent", "ref", "The organisation it is part of.", target="organization"),
    ),
    "place": _COMMON
    + (
        Field("kind", "choice", "What sort of place.", choices=PLACE_KINDS),
        Field("in", "ref", "The place that contains this one.", target="place"),
        Field("lat", "lat", "Latitude in decimal degrees (WGS 84)."),
        Field("lon", "lon", "Longitude in decimal degrees (WGS 84)."),
        Field("coordinates", "coords", "`[lat, lon]`, instead of `lat` and `lon`."),
        Field("country_code", "str", "ISO 3166 code, to steer the gazetteer."),
    ),
    "event": _COMMON
    + (
        Field("date", "date", "When: `2017-11-14`, `2017-11` or `2017`.", required=True),
        Field("end", "date", "When it ended, for events that last."),
        Field("approximate", "bool", "The date is approximate."),
        Field(
            "status",
            "choice",
            "Where the event stands as of this article; by default `scheduled` if it is "
            "dated after the article, `held` otherwise.",
            choices=EVENT_STATUSES,
        ),
        Field("scheduled", "bool", "`true` is `status: scheduled`, `false` is `status: held`."),
        Field("place", "ref", "Where it happened.", target="place"),
        Field(
            "people", "participants", "People taking part, optionally with a role.", target="person"
        ),
        Field("parties", "participants", "Parties taking part.", target="party"),
        Field("organizations", "participants", "Organisations taking part.", target="organization"),
    ),
}

RELATION_FIELDS: tuple[Field, ...] = (
    Field("subject", "ref", "Who or what the relation starts from.", required=True, target="*"),
    Field("type", "choice", "The kind of relation.", required=True, choices=RELATION_TYPES),
    Field("object", "ref", "Who or what it points to.", required=True, target="*"),
    Field("role", "str", "The role, e.g. `President` or `commune chief`."),
    Field("start", "date", "When the relation began."),
    Field("end", "date", "When it ended."),
    Field("quote", "str", _QUOTE_DOC),
    Field("rank", "choice", _RANK_DOC, choices=RANKS),
)

ARTICLE_FIELDS: tuple[Field, ...] = (
    Field("title", "str", "The headline.", required=True),
    Field("date", "date", "Publication date.", required=True),
    Field("id", "id", "Identifier used in the URL; defaults to the file name."),
    Field("source", "str", "The publisher."),
    Field("url", "url", "Where the article was published."),
    Field("byline", "str", "Who wrote it."),
    Field("translator", "str", "Who translated it, as the credit line names them."),
    Field("language", "str", "Language code of the text, e.g. `en`."),
    Field("seed", "str", "Path of the raw source file the text was taken from."),
    Field("embargo", "datetime", "Leave the article out of the site until this time."),
    Field("relations", "relations", "Relations the article states between entities."),
) + tuple(
    Field(
        plural,
        "entities",
        f"The {glossary.KINDS[single].plural.lower()} the article mentions.",
        target=single,
    )
    for plural, single in ENTITY_TYPES.items()
)


_RELATIONS_KEY = Field("relations", "relations", "Relations this entity has.")


def entity_file_fields(etype: str) -> tuple[Field, ...]:
    """Keys of an entity file: the entity's own keys plus relations it states."""
    return (*ENTITY_FIELDS[etype], _RELATIONS_KEY)


# --- JSON Schema -----------------------------------------------------------

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _field_schema(f: Field) -> dict[str, Any]:
    text = {"type": "string"}
    ref = {"type": "string", "minLength": 1}
    kinds: dict[str, dict[str, Any]] = {
        "str": text,
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"},
        "strlist": {"type": "array", "items": text},
        "url": {"type": "string", "pattern": r"^(https?:|mailto:)"},
        "bool": {"type": "boolean"},
        "ref": ref,
        "choice": {"enum": list(f.choices)},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "coords": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "date": {"anyOf": [{"type": "string", "pattern": _DATE_PATTERN}, {"type": "integer"}]},
        "datetime": {"type": "string", "format": "date-time"},
        "participants": {
            "type": "array",
            "items": {
                "anyOf": [
                    ref,
                    {
                        "type": "object",
                        "properties": {"id": ref, "name": ref, "role": text, "quote": text},
                        "additionalProperties": False,
                    },
                ]
            },
        },
        "relations": {"type": "array", "items": {"$ref": "#/$defs/relation"}},
        "entities": {
            "type": "array",
            "items": {"anyOf": [ref, {"$ref": f"#/$defs/{f.target}"}]},
        },
    }
    schema = dict(kinds[f.kind])
    schema["description"] = f.doc
    return schema


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: str = "article") -> dict[str, Any]:
    """The JSON Schema of an article's or an entity file's front matter."""
    defs = {etype: _object(fields) for etype, fields in ENTITY_FIELDS.items()}
    defs["relation"] = _object(RELATION_FIELDS)
    body = _object(ARTICLE_FIELDS if kind == "article" else entity_file_fields(kind))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://mkdocs-dossier.invalid/schema/{kind}.json",
        "title": f"mkdocs-dossier {kind} front matter",
        **body,
        "$defs": defs,
    }


def fact_label(name: str, gettext: Callable[[str], str]) -> str:
    """The name a facts table gives the fact ``name``, in the site's language."""
    label = glossary.FACTS.get(name)
    return gettext(label) if label else name.replace("_", " ").capitalize()


def fact_choices(etype: str, name: str) -> tuple[str, ...]:
    """The schema's own words a fact's value is one of (a place's kind), or none."""
    for f in ENTITY_FIELDS.get(etype, ()):
        if f.name == name:
            return f.choices
    return ()
