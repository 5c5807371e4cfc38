"""The dossier as FollowTheMoney entities, for Aleph and other FtM tools.

Mapping: person -> Person; party -> Organization (topic ``pol.party``);
organisation -> PublicBody for courts, ministries and other state bodies,
else Organization; place -> Address; event -> Event (participants as
``involved``); article -> Article. Relations: member -> Membership, office ->
Occupancy of a Position, family -> Family, tie -> Associate, and anything FtM
cannot type (a role in an event, a membership of a place) -> UnknownLink.
Each article links to the entities it annotates or mentions through
Documentation, and relations cite their articles as ``proof``.

The entities are written without the ``followthemoney`` package, which costs
a build ~0.5 s and ~50-70 MiB just to import (it pulls in SQLAlchemy). What
the package did to make them is small and fixed, and is done here the same
way: :data:`SCHEMAS` names every schema and property this export uses and the
FtM type of each property, and :func:`clean` cleans a value as that type's
``clean`` does (FtM 4.x): the text is NFC-normalised, stripped of control and
invisible characters and trimmed; names lose surrounding quotes and runs of
spaces; addresses lose line breaks; URLs get a scheme and a checked host;
country and language codes are looked up in FtM's own tables
(:mod:`ftm_codes`); entity ids must be FtM ids; a value a type rejects is
left out, and a repeated value is kept once. followthemoney stays the
optional extra (``mkdocs-dossier[ftm]``) that checks this: tests/test_ftm.py
builds the same lines through the package (tests/ftm_reference.py, the former
implementation) and compares them byte for byte, and loads every line back
through its model.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlparse

from mkdocs_dossier.core.model import Dossier, Entity
from mkdocs_dossier.core.schema import AGENT_FIELDS, AGENT_TYPES
from mkdocs_dossier.exports.options import ExportOptions, article_key, public_url
from mkdocs_dossier.site.encode import safe_json

#: Words in an organisation's ``kind`` that make it a public body.
_PUBLIC_WORDS = (
    "court", "ministry", "government", "department", "police", "army", "military",
    "parliament", "assembly", "senate", "agency", "commission", "mission", "embassy",
    "council", "authority", "prosecutor", "prison",
)  # fmt: skip
_LEGAL = set(AGENT_TYPES)

_THING = {"name": "name", "alias": "name", "summary": "text", "sourceUrl": "url"}
_ORG = {**_THING, "topics": "topic", "country": "country", "classification": "string",
        "parent": "entity"}  # fmt: skip
_INTERVAL = {"startDate": "date", "endDate": "date", "summary": "text", "proof": "entity"}
#: Every FtM schema this export writes, each property it sets and that property's FtM type.
SCHEMAS: dict[str, dict[str, str]] = {
    "Person": {**_THING, "position": "string"},
    "Organization": _ORG,
    "PublicBody": _ORG,
    "Address": {**_THING, "full": "address", "country": "country", "latitude": "number",
                "longitude": "number"},
    "Event": {**_THING, "date": "date", "startDate": "date", "endDate": "date",
              "keywords": "string", "addressEntity": "entity", "location": "address",
              "country": "country", "involved": "entity"},
    "Membership": {**_INTERVAL, "member": "entity", "organization": "entity", "role": "string"},
    "Occupancy": {**_INTERVAL, "holder": "entity", "post": "entity"},
    "Family": {**_INTERVAL, "person": "entity", "relative": "entity", "relationship": "string"},
    "Associate": {**_INTERVAL, "person": "entity", "associate": "entity",
                  "relationship": "string"},
    "UnknownLink": {**_INTERVAL, "subject": "entity", "object": "entity", "role": "string"},
    "Position": {"name": "name", "organization": "entity", "country": "country"},
    "Article": {"title": "string", "name": "name", "publishedAt": "date", "publisher": "string",
                "author": "string", "language": "language", "sourceUrl": "url"},
    "Documentation": {"document": "entity", "entity": "entity", "role": "string"},
}  # fmt: skip

# -- cleaning, as followthemoney 4.x (and normality, rigour) do it -------------

# normality.cleaning.remove_unsafe_chars: spaces that become " ", and
# controls, invisible marks and lone surrogates that are deleted.
_UNSAFE_SPACES = frozenset(
    chr(cp) for cp in (*range(0x2000, 0x200B), 0x2028, 0x2029, 0x0A00, 0x1680, 0x202F, 0x205F,
                       0x3000)
)  # fmt: skip
_UNSAFE_DELETE = (
    *range(0x00, 0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0),
    *range(0x200B, 0x2010), 0x061C, *range(0x2060, 0x2065), 0x00AD, 0xFEFF,
    *range(0xD800, 0xE000),
)  # fmt: skip


def _char_class(codepoints: set[int]) -> str:
    """A regex character class of the code points, as ranges (quick to compile)."""
    ranges: list[list[int]] = []
    for cp in sorted(codepoints):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


_UNSAFE_RE = re.compile(_char_class({ord(c) for c in _UNSAFE_SPACES} | set(_UNSAFE_DELETE)))
# normality.squash_spaces and strip_quotes (FtM's name type).
_SQUASH_REMOVE_RE = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad\u2060-\u2064]")
_SQUASH_RE = re.compile(r"[\s\u2028\u2000-\u200a\u2029\u0a00\u1680\u202f\u205f\u3000]+")
_QUOTES_RE = re.compile(r'^["\'](.*)["\']$')
# FtM's address type.
_LINE_BREAKS_RE = re.compile(r"(\r\n|\n|<BR/>|<BR>|\t|ESQ\.,|ESQ,|;)")
_COMMATA_RE = re.compile(r"(,\s?[,\.])")
# FtM's entity type: what an id may look like.
_ID_RE = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z\.\-]*[0-9a-zA-Z])?$")
# The dates this export writes are PartialDate.iso() text, which FtM's date
# type (prefixdate) keeps as it is when the year is 1000-2999 and drops otherwise.
_DATE_RE = re.compile(r"^[12]\d{3}(-\d{2}(-\d{2})?)?$")
# rigour.urls: the schemes a URL may have, and what a host name may look like.
_URL_SCHEMES = ("http", "https", "ftp", "mailto", "file", "s3", "gs")
_HOST_LABEL_RE = re.compile(r"[\w-]{1,63}")
_HOST_ALNUM_RE = re.compile(r"[^\W_]")
_WHITESPACE_RE = re.compile(r"\s")


def _sanitize(text: str) -> str | None:
    """followthemoney.util.sanitize_text of a string: NFC, safe characters, trimmed."""
    if text.isascii() and text.isprintable():
        return text.strip() or None  # NFC already, and every unsafe character is neither
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE_RE.sub(lambda m: " " if m.group() in _UNSAFE_SPACES else "", text).strip()
    return text or None


def _squash(text: str) -> str:
    return _SQUASH_RE.sub(" ", _SQUASH_REMOVE_RE.sub("", text)).strip(" ")


def _name(text: str) -> str | None:
    return _squash(_QUOTES_RE.sub("\\1", text)) or None


def _address(text: str) -> str | None:
    return _squash(_COMMATA_RE.sub(", ", _LINE_BREAKS_RE.sub(", ", text))) or None


@lru_cache(maxsize=1024)
def _valid_host(netloc: str) -> bool:
    """rigour.urls.cleaning._is_valid_netloc: a plausible host name or IP address.

    A function of the netloc alone, so a site's thousands of page URLs check it once.
    """
    if _WHITESPACE_RE.search(netloc) is not None:
        return False
    parsed = urlparse("//" + netloc)  # a netloc holds no "/", "?" or "#": parsed the same
    try:
        host = parsed.hostname
        _ = parsed.port  # raises for a port that is not a number in range
    except ValueError:
        return False
    if not host:
        return False
    try:
        ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    for label in labels:
        if _HOST_LABEL_RE.fullmatch(label) is None or _HOST_ALNUM_RE.search(label) is None:
            return False
    return not (len(labels) > 1 and (len(labels[-1]) < 2 or labels[-1].isdigit()))


def _url(text: str) -> str | None:
    """rigour.urls.clean_url: a URL with a known scheme and a checked host, else None."""
    try:
        parsed = urlparse(text)
    except ValueError:
        return None
    if not parsed.netloc:
        if parsed.scheme.lower() in _URL_SCHEMES:
            return None  # mailto:, or a mangled https:host
        if "." in parsed.path and not text.startswith("//"):
            return _url(f"//{text}")  # www.example.org
        return None
    if not _valid_host(parsed.netloc):
        return None
    parsed = parsed._replace(scheme=parsed.scheme.lower() or "http")
    if parsed.scheme not in _URL_SCHEMES:
        return None
    return parsed._replace(path=parsed.path.strip() or "/").geturl()


@cache
def _table(name: str) -> dict[str, str | None]:
    """One table of :mod:`ftm_codes`, parsed the first time it is needed."""
    from mkdocs_dossier.exports import ftm_codes

    out: dict[str, str | None] = {}
    for word in getattr(ftm_codes, name).split():
        code, eq, value = word.partition("=")
        out[code] = (value or None) if eq else code
    return out


def _country(text: str) -> str | None:
    """FtM's country type: a territory code (``kh``, ``KHM``, ``uk``) as the FtM country it names.

    Longer territory names (``Cambodia``), which FtM also looks up, are not
    taken: the dossier's ``country_code`` field is a code. This is the one
    place where the export may leave out a value FtM would have kept.
    """
    return _table("COUNTRIES").get(text.lower().replace("_", "-").strip())


def _language(text: str) -> str | None:
    """FtM's language type: a code or tag (``en``, ``pt-BR``) as one of its ISO 639-2 codes."""
    norm = text.casefold().strip()
    table = _table("LANGUAGES")
    if norm in table:
        return table[norm]
    for sep in ("-", "_"):
        if sep in norm:
            return _language(norm.split(sep, 1)[0])
    return None


def _topic(text: str) -> str | None:
    code = text.lower().strip()
    return code if code == "pol.party" else None  # the one topic this export sets


_CLEAN = {
    "string": lambda text: text,
    "text": lambda text: text,
    "number": lambda text: text,
    "name": _name,
    "address": _address,
    "url": _url,
    "date": lambda text: text if _DATE_RE.match(text) else None,
    "country": _country,
    "language": _language,
    "topic": _topic,
    "entity": lambda text: text if _ID_RE.match(text) else None,
}


def clean(ftm_type: str, value: Any) -> list[str]:
    """``value`` cleaned as FtM's ``ftm_type`` cleans it: a list of 0 or more strings.

    None, empty text and values the type rejects give nothing; a list or tuple
    gives its items' values.
    """
    if value is None:
        return []
    kind = type(value)
    if kind is str:
        text = _clean_str(ftm_type, value)
        return [text] if text is not None else []
    if kind is list or kind is tuple:
        return [text for item in value for text in clean(ftm_type, item)]
    if kind is int:
        text = str(value)
    elif kind is float:
        text = f"{value:.2f}"
    elif kind is bool:
        text = "true" if value else "false"
    else:
        text = _sanitize(str(value))
    if not text:
        return []
    text = _CLEAN[ftm_type](text)
    return [text] if text is not None else []


@lru_cache(maxsize=1 << 16)
def _clean_str(ftm_type: str, value: str) -> str | None:
    """A string cleaned as ``ftm_type``: ids and names recur in many entities, so kept."""
    text = _sanitize(value)
    return _CLEAN[ftm_type](text) if text else None


# -- the entities ----------------------------------------------------------------


def ftm_id(key: str) -> str:
    """A stable, readable FtM id from an entity or article key."""
    return "dossier." + key.replace("/", ".")


def _rel_id(*parts: Any) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"dossier.rel.{digest[:20]}"


class FtmEntity:
    """One FtM entity: an id, a schema and cleaned property values, as FtM's proxy keeps them."""

    __slots__ = ("id", "properties", "schema", "types")

    def __init__(self, schema: str, ident: str) -> None:
        self.schema = schema
        self.id = ident
        self.types = SCHEMAS[schema]
        self.properties: dict[str, list[str]] = {}

    def add(self, prop: str, value: Any) -> None:
        """Add the cleaned ``value`` to ``prop``, once; a value the type rejects is left out."""
        ftm_type = self.types[prop]  # a KeyError here: a property missing from SCHEMAS
        for text in clean(ftm_type, value):
            if ftm_type == "entity" and text == self.id:
                continue  # FtM refuses a link from an entity to itself
            values = self.properties.setdefault(prop, [])
            if text not in values:
                values.append(text)

    def to_dict(self) -> dict[str, Any]:
        """FtM's ``{id, schema, properties}`` form of the entity."""
        return {"id": self.id, "schema": self.schema, "properties": self.properties}


class _Builder:
    """Turns one dossier into FtM entities."""

    def __init__(self, dossier: Dossier, options: ExportOptions) -> None:
        self.d = dossier
        self.options = options
        self.out: dict[str, FtmEntity] = {}

    def make(self, schema: str, ident: str) -> FtmEntity:
        proxy = FtmEntity(schema, ident)
        self.out[ident] = proxy
        return proxy

    def url(self, key: str) -> str | None:
        return public_url(key, self.options) if self.options.site_url else None

    def proofs(self, proxy: FtmEntity, citations: list) -> None:
        for cite in citations:
            if cite.article and cite.article in self.d.articles:
                proxy.add("proof", ftm_id(article_key(cite.article)))

    def country(self, ent: Entity) -> str | None:
        """The country code of a place, or of the first place containing it that has one."""
        seen: set[str] = set()
        current: Entity | None = ent
        while current is not None and current.key not in seen:
            seen.add(current.key)
            code = current.first("country_code")
            if code:
                return str(code).lower()
            parent = current.first("in") or current.first("country")
            current = self.d.entities.get(parent) if parent else None
        return None

    # -- entities ---------------------------------------------------------

    def entity(self, ent: Entity) -> None:
        schema = {
            "person": "Person",
            "party": "Organization",
            "place": "Address",
            "event": "Event",
        }.get(ent.type)
        if ent.type == "organization":
            kind = str(ent.first("kind") or "").lower()
            schema = "PublicBody" if any(w in kind for w in _PUBLIC_WORDS) else "Organization"
        assert schema is not None
        proxy = self.make(schema, ftm_id(ent.key))
        proxy.add("name", ent.title)
        for alias in ent.published_names:
            if alias != ent.title:
                proxy.add("alias", alias)
        proxy.add("summary", ent.first("summary"))
        proxy.add("sourceUrl", self.url(ent.key))
        getattr(self, f"_{ent.type}")(ent, proxy)

    def _person(self, ent: Entity, proxy: FtmEntity) -> None:
        for role in ent.values("role"):
            proxy.add("position", role)

    def _party(self, ent: Entity, proxy: FtmEntity) -> None:
        proxy.add("topics", "pol.party")
        self._org_country(ent, proxy)

    def _organization(self, ent: Entity, proxy: FtmEntity) -> None:
        proxy.add("classification", ent.first("kind"))
        self._org_country(ent, proxy)
        parent = ent.first("parent")
        if parent in self.d.entities:
            proxy.add("parent", ftm_id(parent))

    def _org_country(self, ent: Entity, proxy: FtmEntity) -> None:
        place = self.d.entities.get(ent.first("country") or "")
        if place is not None:
            proxy.add("country", self.country(place))

    def _place(self, ent: Entity, proxy: FtmEntity) -> None:
        chain = [ent, *self.d.ancestors(ent.key)]
        proxy.add("full", ", ".join(place.title for place in chain))
        proxy.add("country", self.country(ent))
        coords = ent.first("coordinates")
        lat, lon = (coords if coords else (ent.first("lat"), ent.first("lon")))[:2]
        if lat is not None and lon is not None:
            proxy.add("latitude", str(lat))
            proxy.add("longitude", str(lon))

    def _event(self, ent: Entity, proxy: FtmEntity) -> None:
        date, end = ent.first("date"), ent.first("end")
        proxy.add("date", date.iso() if date else None)
        proxy.add("startDate", date.iso() if date else None)
        proxy.add("endDate", end.iso() if end else None)
        for flag, text in (("scheduled", "scheduled"), ("approximate", "approximate date")):
            if ent.first(flag):
                proxy.add("keywords", text)
        for place in ent.values("place"):
            if place in self.d.entities:
                proxy.add("addressEntity", ftm_id(place))
                proxy.add("location", self.d.entities[place].title)
                proxy.add("country", self.country(self.d.entities[place]))
        for fname in AGENT_FIELDS:
            for fact in ent.facts.get(fname, []):
                for part in fact.value:
                    proxy.add("involved", ftm_id(part.key))

    # -- links ------------------------------------------------------------

    def relation(self, subject: str, rtype: str, obj: str, role, start, end, cites) -> None:
        s_type = self.d.entities[subject].type
        o_type = self.d.entities[obj].type
        ident = _rel_id(subject, rtype, obj, role)
        if rtype == "member" and s_type in _LEGAL and o_type in {"party", "organization"}:
            proxy = self.make("Membership", ident)
            proxy.add("member", ftm_id(subject))
            proxy.add("organization", ftm_id(obj))
        elif rtype == "office" and s_type == "person" and o_type != "event":
            proxy = self.make("Occupancy", ident)
            proxy.add("holder", ftm_id(subject))
            proxy.add("post", self.position(obj, role))
        elif rtype in {"family", "tie"} and s_type == o_type == "person":
            proxy = self.make("Family" if rtype == "family" else "Associate", ident)
            proxy.add("person", ftm_id(subject))
            proxy.add("relative" if rtype == "family" else "associate", ftm_id(obj))
            proxy.add("relationship", role)
        else:
            proxy = self.make("UnknownLink", ident)
            proxy.add("subject", ftm_id(subject))
            proxy.add("object", ftm_id(obj))
            proxy.add("role", role or rtype)
        if proxy.schema not in {"Family", "Associate", "UnknownLink", "Occupancy"}:
            proxy.add("role", role)
        proxy.add("startDate", start.iso() if start else None)
        proxy.add("endDate", end.iso() if end else None)
        proxy.add("summary", rtype if rtype != "participant" else f"participant: {role}")
        self.proofs(proxy, cites)

    def position(self, where: str, role: str | None) -> str:
        """The Position an office relation points to, made once per role and place."""
        ident = _rel_id("position", where, role)
        if ident in self.out:
            return ident
        place = self.d.entities[where]
        proxy = self.make("Position", ident)
        proxy.add("name", f"{role or 'Office'}, {place.title}")
        if place.type in {"party", "organization"}:
            proxy.add("organization", ftm_id(where))
        elif place.type == "place":
            proxy.add("country", self.country(place))
        return ident

    def article(self, article_id: str) -> None:
        a = self.d.articles[article_id]
        proxy = self.make("Article", ftm_id(article_key(article_id)))
        proxy.add("title", a.title)
        proxy.add("name", a.title)
        proxy.add("publishedAt", a.date.iso() if a.date else None)
        proxy.add("publisher", a.meta.get("source"))
        proxy.add("author", a.meta.get("byline"))
        proxy.add("language", a.meta.get("language"))
        proxy.add("sourceUrl", a.meta.get("url"))

    def documentation(self, article_id: str, key: str, role: str) -> None:
        proxy = self.make("Documentation", _rel_id("doc", article_id, key))
        proxy.add("document", ftm_id(article_key(article_id)))
        proxy.add("entity", ftm_id(key))
        proxy.add("role", role)


def _mentioned(dossier: Dossier) -> dict[str, set[str]]:
    """The entity keys each article mentions."""
    mentioned: dict[str, set[str]] = {}
    for key, ms in dossier.mentions.items():
        for m in ms:
            mentioned.setdefault(m.article, set()).add(key)
    return mentioned


def _article_links(dossier: Dossier, article_id: str, found: set[str]) -> list[tuple[str, str]]:
    """(entity key, role) of the article's Documentation links, given the keys it mentions."""
    a = dossier.articles[article_id]
    return [
        (key, "mentioned" if key in found else "annotated")
        for key in sorted(set(a.annotated) | found)
        if key in dossier.entities
    ]


def _documented(dossier: Dossier) -> list[tuple[str, str, str]]:
    """(article id, entity key, role) of every article-to-entity Documentation link."""
    mentioned = _mentioned(dossier)
    return [
        (article_id, key, role)
        for article_id in sorted(dossier.articles)
        for key, role in _article_links(dossier, article_id, mentioned.get(article_id, set()))
    ]


def _structural(dossier: Dossier, options: ExportOptions) -> _Builder:
    """Entities of the dossier's entities, articles and relations: what no article body changes."""
    b = _Builder(dossier, options)
    for _, ent in sorted(dossier.entities.items()):
        b.entity(ent)
    for article_id in sorted(dossier.articles):
        b.article(article_id)
    for r in dossier.relations:
        if r.subject in dossier.entities and r.object in dossier.entities:
            b.relation(r.subject, r.type, r.object, r.role, r.start, r.end, r.citations)
    return b


def ftm_entities(dossier: Dossier, options: ExportOptions) -> list[FtmEntity]:
    """Every FtM entity of the dossier, sorted by id."""
    b = _structural(dossier, options)
    for article_id, key, role in _documented(dossier):
        b.documentation(article_id, key, role)
    _clean_str.cache_clear()
    return [b.out[i] for i in sorted(b.out)]


def ftm_lines(dossier: Dossier, options: ExportOptions) -> Iterator[str]:
    """One JSON object per line, in FtM's ``{id, schema, properties}`` form."""
    for proxy in ftm_entities(dossier, options):
        yield safe_json(proxy.to_dict())


def ftm_text(dossier: Dossier, options: ExportOptions) -> str:
    """The lines of :func:`ftm_lines`: :func:`ftm_chunks` joined."""
    return "".join(ftm_chunks(dossier, options))


def ftm_chunks(dossier: Dossier, options: ExportOptions) -> Iterator[str]:
    """The lines of :func:`ftm_lines`, the structural ones encoded as they are read.

    Entities, articles and relations come from the structure; each article's
    Documentation links from its annotations and the entities its body
    mentions. Both are sorted by id and merged.
    """

    def structural() -> Iterator[tuple[str, str]]:
        b = _structural(dossier, options)
        for i in sorted(b.out):
            yield i, safe_json(b.out.pop(i).to_dict())

    def documentation(article_id: str, found: set[str]) -> list[tuple[str, str]]:
        b = _Builder(dossier, options)
        for key, role in _article_links(dossier, article_id, found):
            b.documentation(article_id, key, role)
        return [(ident, safe_json(proxy.to_dict())) for ident, proxy in b.out.items()]

    mentioned = _mentioned(dossier)
    try:
        docs = sorted(
            line
            for article_id in sorted(dossier.articles)
            for line in documentation(article_id, mentioned.get(article_id, set()))
        )
        mentioned.clear()  # the sets are not needed while the lines are written
        for _, line in heapq.merge(structural(), docs):
            yield line + "\n"
    finally:
        _clean_str.cache_clear()  # held for the rest of the build, it would add to its peak
