"""The dossier as FollowTheMoney entities, for Aleph and other FtM tools.

Mapping: person -> Person; party -> Organization (topic ``pol.party``);
organisation -> PublicBody for courts, ministries and other state bodies,
else Organization; place -> Address; event -> Event (participants as
``involved``); article -> Article. Relations: member -> Membership, office ->
Occupancy of a Position, family -> Family, tie -> Associate, and anything FtM
cannot type (a role in an event, a membership of a place) -> UnknownLink.
Each article links to the entities it annotates or mentions through
Documentation, and relations cite their articles as ``proof``.

The mapping is the dossier's; the entities are made and their values
cleaned by the ``followthemoney`` package (``EntityProxy.add`` cleans each
value as its property's type: names, addresses, URLs, country and language
codes, dates), whose tables change between its releases. The package is
the ``ftm`` extra (``pip install "mkdocs-dossier[ftm]"``) and is imported
only when the export is on (the plugin's ``ftm`` option): importing it
costs a build about half a second and 50 MiB (it pulls in SQLAlchemy).
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mkdocs_dossier.core.claims import event_keywords
from mkdocs_dossier.core.model import Dossier, Entity
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.core.schema import AGENT_FIELDS, AGENT_TYPES
from mkdocs_dossier.exports.options import article_key, public_url
from mkdocs_dossier.site.encode import safe_json

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

#: What to run when the package is missing.
INSTALL = 'pip install "mkdocs-dossier[ftm]"'


class FtmMissing(RuntimeError):
    """The FtM export is on, but the followthemoney package is not installed."""


def ftm_available() -> bool:
    """Whether the followthemoney package imports (a host asks when the export is on)."""
    try:
        _model()
    except FtmMissing:
        return False
    return True


def _model() -> Any:
    """followthemoney's model, imported on first use."""
    try:
        from followthemoney import model
    except ImportError as err:
        raise FtmMissing(f"the FtM export needs the followthemoney package; run {INSTALL}") from err
    return model


#: Words in an organisation's ``kind`` that make it a public body.
_PUBLIC_WORDS = (
    "court", "ministry", "government", "department", "police", "army", "military",
    "parliament", "assembly", "senate", "agency", "commission", "mission", "embassy",
    "council", "authority", "prosecutor", "prison",
)  # fmt: skip
_LEGAL = set(AGENT_TYPES)


def ftm_id(key: str) -> str:
    """A stable, readable FtM id from an entity or article key."""
    return "dossier." + key.replace("/", ".")


def _rel_id(*parts: Any) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"dossier.rel.{digest[:20]}"


class _Builder:
    """Turns one dossier into FtM entities."""

    def __init__(self, dossier: Dossier, options: Options) -> None:
        self.d = dossier
        self.options = options
        self.out: dict[str, EntityProxy] = {}

    def make(self, schema: str, ident: str) -> EntityProxy:
        proxy = _model().make_entity(schema)
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
            kind = str(ent.kind or "").lower()
            schema = "PublicBody" if any(w in kind for w in _PUBLIC_WORDS) else "Organization"
        assert schema is not None
        proxy = self.make(schema, ftm_id(ent.key))
        proxy.add("name", ent.title)
        for alias in ent.published_names:
            if alias != ent.title:
                proxy.add("alias", alias)
        proxy.add("summary", ent.summary)
        proxy.add("sourceUrl", self.url(ent.key))
        getattr(self, f"_{ent.type}")(ent, proxy)

    def _person(self, ent: Entity, proxy: EntityProxy) -> None:
        for role in ent.values("role"):
            proxy.add("position", role)

    def _party(self, ent: Entity, proxy: EntityProxy) -> None:
        proxy.add("topics", "pol.party")
        self._org_country(ent, proxy)

    def _organization(self, ent: Entity, proxy: EntityProxy) -> None:
        proxy.add("classification", ent.kind)
        self._org_country(ent, proxy)
        parent = ent.first("parent")
        if parent in self.d.entities:
            proxy.add("parent", ftm_id(parent))

    def _org_country(self, ent: Entity, proxy: EntityProxy) -> None:
        place = self.d.entities.get(ent.first("country") or "")
        if place is not None:
            proxy.add("country", self.country(place))

    def _place(self, ent: Entity, proxy: EntityProxy) -> None:
        chain = [ent, *self.d.ancestors(ent.key)]
        proxy.add("full", ", ".join(place.title for place in chain))
        proxy.add("country", self.country(ent))
        coords = ent.first("coordinates")
        lat, lon = (coords if coords else (ent.first("lat"), ent.first("lon")))[:2]
        if lat is not None and lon is not None:
            proxy.add("latitude", str(lat))
            proxy.add("longitude", str(lon))

    def _event(self, ent: Entity, proxy: EntityProxy) -> None:
        date, end = ent.date, ent.end
        proxy.add("date", date.iso() if date else None)
        proxy.add("startDate", date.iso() if date else None)
        proxy.add("endDate", end.iso() if end else None)
        for word in event_keywords(ent):
            proxy.add("keywords", word)
        # One place, the one the most recent source gives (claims.py).
        for place in ent.values("place")[:1]:
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
            # The subject is the role of the object ("A is the daughter of B");
            # FtM's Family reads the other way: `relationship` is "nature of the
            # relationship from the `person`'s perspective, e.g. 'mother', where
            # `relative` is the mother of `person`". So B is the person, A the relative.
            proxy = self.make("Family" if rtype == "family" else "Associate", ident)
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


def _structural(dossier: Dossier, options: Options) -> _Builder:
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


def ftm_entities(dossier: Dossier, options: Options) -> list[EntityProxy]:
    """Every FtM entity of the dossier, sorted by id."""
    b = _structural(dossier, options)
    for article_id, key, role in _documented(dossier):
        b.documentation(article_id, key, role)
    return [b.out[i] for i in sorted(b.out)]


def ftm_lines(dossier: Dossier, options: Options) -> Iterator[str]:
    """One JSON object per line, in FtM's ``{id, schema, properties}`` form."""
    for proxy in ftm_entities(dossier, options):
        yield safe_json(proxy.to_dict())


def ftm_text(dossier: Dossier, options: Options) -> str:
    """The lines of :func:`ftm_lines`: :func:`ftm_chunks` joined."""
    return "".join(ftm_chunks(dossier, options))


def ftm_chunks(dossier: Dossier, options: Options) -> Iterator[str]:
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
    docs = sorted(
        line
        for article_id in sorted(dossier.articles)
        for line in documentation(article_id, mentioned.get(article_id, set()))
    )
    mentioned.clear()  # the sets are not needed while the lines are written
    for _, line in heapq.merge(structural(), docs):
        yield line + "\n"
