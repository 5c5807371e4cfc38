"""The FtM export built whole through the ``followthemoney`` package: the reference.

The plugin's ``exports/ftm.py`` makes the same entities with the same mapping
and the same package, but streams them (sorted structural lines merged with
each article's Documentation lines) instead of holding every proxy; the
tests compare the two byte for byte. This is the plugin's ``ftm.py`` as it was
before the streaming, unchanged but for imports.

Mapping: person -> Person; party -> Organization (topic ``pol.party``);
organisation -> PublicBody for courts, ministries and other state bodies,
else Organization; place -> Address; event -> Event (participants as
``involved``); article -> Article. Relations: member -> Membership, office ->
Occupancy of a Position, family -> Family, tie -> Associate, and anything FtM
cannot type (a role in an event, a membership of a place) -> UnknownLink.
Each article links to the entities it annotates or mentions through
Documentation, and relations cite their articles as ``proof``. Values go
through ``EntityProxy.add``, which cleans them against the property's type.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from mkdocs_dossier.core.claims import event_keywords
from mkdocs_dossier.core.model import Dossier, Entity
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.exports.options import article_key, public_url

#: Words in an organisation's ``kind`` that make it a public body.
_PUBLIC_WORDS = (
    "court", "ministry", "government", "department", "police", "army", "military",
    "parliament", "assembly", "senate", "agency", "commission", "mission", "embassy",
    "council", "authority", "prosecutor", "prison",
)  # fmt: skip
_LEGAL = {"person", "party", "organization"}


def ftm_id(key: str) -> str:
    """A stable, readable FtM id from an entity or article key."""
    return "dossier." + key.replace("/", ".")


def _rel_id(*parts: Any) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"dossier.rel.{digest[:20]}"


class _Builder:
    """Turns one dossier into proxies, each made and cleaned through FtM."""

    def __init__(self, dossier: Dossier, options: Options) -> None:
        self.d = dossier
        self.options = options
        self.out: dict[str, EntityProxy] = {}

    def make(self, schema: str, ident: str) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.id = ident
        self.out[ident] = proxy
        return proxy

    def url(self, key: str) -> str | None:
        return public_url(key, self.options) if self.options.site_url else None

    def proofs(self, proxy: EntityProxy, citations: list) -> None:
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

    def _person(self, ent: Entity, proxy: EntityProxy) -> None:
        for role in ent.values("role"):
            proxy.add("position", role)

    def _party(self, ent: Entity, proxy: EntityProxy) -> None:
        proxy.add("topics", "pol.party")
        self._org_country(ent, proxy)

    def _organization(self, ent: Entity, proxy: EntityProxy) -> None:
        proxy.add("classification", ent.first("kind"))
        self._org_country(ent, proxy)
        parent = ent.first("parent")
        if parent in self.d.entities:
            proxy.add("parent", ftm_id(parent))

    def _org_country(self, ent: Entity, proxy: EntityProxy) -> None:
        place = self.d.entities.get(ent.first("country") or "")
        if place is not None:
            proxy.add("country", self.country(place))

    def _place(self, ent: Entity, proxy: EntityProxy) -> None:
        chain, seen, current = [], set(), ent
        while current is not None and current.key not in seen:
            seen.add(current.key)
            chain.append(current.title)
            current = self.d.entities.get(current.first("in") or "")
        proxy.add("full", ", ".join(chain))
        proxy.add("country", self.country(ent))
        coords = ent.first("coordinates")
        lat, lon = (coords if coords else (ent.first("lat"), ent.first("lon")))[:2]
        if lat is not None and lon is not None:
            proxy.add("latitude", str(lat))
            proxy.add("longitude", str(lon))

    def _event(self, ent: Entity, proxy: EntityProxy) -> None:
        date, end = ent.first("date"), ent.first("end")
        proxy.add("date", date.iso() if date else None)
        proxy.add("startDate", date.iso() if date else None)
        proxy.add("endDate", end.iso() if end else None)
        for word in event_keywords(ent):
            proxy.add("keywords", word)
        for place in ent.values("place")[:1]:
            if place in self.d.entities:
                proxy.add("addressEntity", ftm_id(place))
                proxy.add("location", self.d.entities[place].title)
                proxy.add("country", self.country(self.d.entities[place]))
        for fname in ("people", "parties", "organizations"):
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
            # FtM: `relative` is the `relationship` (e.g. daughter) of `person`.
            proxy.add("person", ftm_id(obj))
            proxy.add("relative" if rtype == "family" else "associate", ftm_id(subject))
            proxy.add("relationship", role)
        else:
            proxy = self.make("UnknownLink", ident)
            proxy.add("subject", ftm_id(subject))
            proxy.add("object", ftm_id(obj))
            proxy.add("role", role or rtype)
        if proxy.schema.name not in {"Family", "Associate", "UnknownLink", "Occupancy"}:
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


def _documented(dossier: Dossier) -> list[tuple[str, str, str]]:
    """(article id, entity key, role) of every article-to-entity Documentation link."""
    mentioned: dict[str, set[str]] = {}
    for key, ms in dossier.mentions.items():
        for m in ms:
            mentioned.setdefault(m.article, set()).add(key)
    out = []
    for article_id, a in sorted(dossier.articles.items()):
        found = mentioned.get(article_id, set())
        for key in sorted(set(a.annotated) | found):
            if key in dossier.entities:
                out.append((article_id, key, "mentioned" if key in found else "annotated"))
    return out


def _structural(dossier: Dossier, options: Options) -> _Builder:
    """Proxies of entities, articles and relations: what no article body changes."""
    b = _Builder(dossier, options)
    for _, ent in sorted(dossier.entities.items()):
        b.entity(ent)
    for article_id in sorted(dossier.articles):
        b.article(article_id)
    for r in dossier.relations:
        if r.subject in dossier.entities and r.object in dossier.entities:
            b.relation(r.subject, r.type, r.object, r.role, r.start, r.end, r.citations)
    return b


def ftm_entities(dossier: Dossier, options: Options) -> list[EntityProxy]:
    """Every FtM entity of the dossier, sorted by id."""
    b = _structural(dossier, options)
    for article_id, key, role in _documented(dossier):
        b.documentation(article_id, key, role)
    return [b.out[i] for i in sorted(b.out)]


def ftm_lines(dossier: Dossier, options: Options) -> Iterator[str]:
    """One JSON object per line, in FtM's ``{id, schema, properties}`` form."""
    from mkdocs_dossier.site.encode import safe_json

    for proxy in ftm_entities(dossier, options):
        yield safe_json(proxy.to_dict())


def ftm_text(dossier: Dossier, options: Options) -> str:
    """The lines of :func:`ftm_lines`: entities, articles and relations, and the
    Documentation links, each sorted by id and merged.
    """
    from mkdocs_dossier.site.encode import safe_json

    def structural() -> list[tuple[str, str]]:
        b = _structural(dossier, options)
        return [(i, safe_json(b.out[i].to_dict())) for i in sorted(b.out)]

    def documentation(article_id: str, key: str, role: str) -> tuple[str, str]:
        b = _Builder(dossier, options)
        b.documentation(article_id, key, role)
        ((ident, proxy),) = b.out.items()
        return ident, safe_json(proxy.to_dict())

    lines = structural()
    docs = sorted(documentation(*link) for link in _documented(dossier))
    return "".join(line + "\n" for _, line in heapq.merge(lines, docs))
