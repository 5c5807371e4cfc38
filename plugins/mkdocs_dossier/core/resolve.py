"""Resolution: validated records become one entity per real-world thing.

The same person annotated in five articles is one entity; each fact keeps every
source that states it, and facts that disagree are all kept. References (an
event's ``place``, a person's ``party``) resolve by id, then name, then alias.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mkdocs_dossier.core import claims, duplicates, protect
from mkdocs_dossier.core.declaration import Declaration
from mkdocs_dossier.core.errors import Pos, Problems, did_you_mean
from mkdocs_dossier.core.evidence import Quote
from mkdocs_dossier.core.model import (
    Article,
    Citation,
    Dossier,
    Entity,
    Fact,
    Participant,
    Relation,
    slugify,
)
from mkdocs_dossier.core.schema import AGENT_FIELDS, ENTITY_FIELDS, ENTITY_TYPES, PLURAL
from mkdocs_dossier.core.sources import Record, Ref, Source, default_id

#: Keys handled by resolution itself rather than kept as facts.
_IDENTITY = {
    "name",
    "id",
    "aliases",
    "protected",
    "display",
    "quote",
    "rank",
    "scheduled",
    "status",
}
RESERVED_IDS = {"index", "assets", "search"}
#: The longest id a page path is made from: a file name may have 255 bytes,
#: and a name in another script can transliterate to several times its length.
MAX_ID = 100


def id_problem(ident: str) -> tuple[str, str] | None:
    """What is wrong with ``ident`` as the last part of a page path, and the remedy."""
    if ident in RESERVED_IDS:
        return f"the id '{ident}' is reserved for the site", "give it another 'id:'"
    if len(ident) > MAX_ID:
        return (
            f"the id '{ident[:40]}...' is {len(ident)} characters long, more than {MAX_ID}",
            "give it a shorter 'id:'",
        )
    return None


@dataclass
class Names:
    """Name and alias lookup for references, per entity type."""

    by_id: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    by_name: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )

    def add(self, etype: str, ident: str, names: list[str]) -> None:
        key = f"{PLURAL[etype]}/{ident}"
        self.by_id[etype][ident] = key
        for name in names:
            self.by_name[etype][name.casefold()].add(key)

    def find(self, etype: str, text: str) -> set[str]:
        """Keys the text may refer to, most specific first: id, then name or alias."""
        if text in self.by_id[etype]:
            return {self.by_id[etype][text]}
        found = self.by_name[etype].get(text.casefold())
        if found:
            return set(found)
        slug = slugify(text)
        return {self.by_id[etype][slug]} if slug in self.by_id[etype] else set()

    def known(self, etype: str) -> list[str]:
        return list(self.by_id[etype])


def _articles(sources: list[Source], problems: Problems) -> dict[str, tuple[Article, Source]]:
    out: dict[str, tuple[Article, Source]] = {}
    for src in sources:
        if src.kind != "article":
            continue
        rec = src.record
        ident = rec.get("id") or default_id(src.path)
        if wrong := id_problem(ident):
            problems.add(rec.pos("id"), wrong[0], wrong[1].replace("it", "the article", 1))
            continue
        if ident in out:
            other = out[ident][0].path
            problems.add(
                rec.pos("id"),
                f"article id '{ident}' is also used by {other}",
                "give one of them another 'id:' or file name",
            )
            continue
        meta = {k: v for k, v in rec.values.items() if k not in ENTITY_TYPES}
        article = Article(
            id=ident,
            path=src.path,
            title=rec.get("title", ident),
            date=rec.get("date"),
            body=src.body,
            body_line=src.body_line,
            pos=rec.at,
            meta=meta,
            embargo=rec.get("embargo"),
        )
        out[ident] = (article, src)
    return out


def _declarations(
    sources: list[Source], articles: dict[str, tuple[Article, Source]], problems: Problems
) -> list[Declaration]:
    decls: list[Declaration] = []
    seen_files: dict[tuple[str, str], str] = {}
    for src in sources:
        if src.kind == "article":
            continue
        ident = src.record.get("id") or default_id(src.path)
        if (src.kind, ident) in seen_files:
            problems.add(
                src.record.pos("id"),
                f"{src.kind} id '{ident}' is also used by {seen_files[src.kind, ident]}",
                "give one of them another 'id:' or file name",
            )
            continue
        seen_files[src.kind, ident] = src.path
        decls.append(
            Declaration(src.kind, src.record, None, src.body.strip(), src.body_line, ident)
        )
    for ident, (article, src) in _newest_first(articles):
        for plural, etype in ENTITY_TYPES.items():
            for rec in src.record.get(plural, []):
                decls.append(
                    Declaration(etype, rec, ident, explicit_id=rec.get("id"), date=article.date)
                )
    # Within each article, preferred annotations first and deprecated last,
    # so names and aliases come in precedence order (never by file name).
    rank = {"preferred": 0, "normal": 1, "deprecated": 2}
    return sorted(decls, key=lambda d: (d.article is not None, rank[d.rank]))


def _newest_first(
    articles: dict[str, tuple[Article, Source]],
) -> list[tuple[str, tuple[Article, Source]]]:
    """Articles from the most recent, ties by title: an order file names cannot change."""
    return sorted(articles.items(), key=lambda item: article_order(item[1][0]), reverse=True)


def article_order(article: Article) -> tuple:
    """How articles sort, oldest first: by date, then title, then id (only ties left)."""
    date = article.date.sort_key() if article.date else (0, 0, 0)
    return (date, article.title.casefold(), article.id)


def _assign_ids(decls: list[Declaration], problems: Problems) -> Names:
    """Give every declaration an id: explicit, or found by name, or its name's slug."""
    names = Names()
    for d in decls:
        if d.explicit_id:
            names.add(
                d.type, d.explicit_id, [d.record.get("name", ""), *d.record.get("aliases", [])]
            )
    for d in decls:
        if d.explicit_id:
            continue
        name = d.record.get("name", "")
        found = names.find(d.type, name)
        if len(found) == 1:
            d.explicit_id = next(iter(found)).split("/", 1)[1]
        else:
            d.explicit_id = slugify(name)
            if not d.explicit_id:
                problems.add(
                    d.record.pos("name"),
                    f"the name '{name}' gives an empty id",
                    "add an 'id:' made of letters and digits",
                )
                continue
        names.add(d.type, d.explicit_id, [name, *d.record.get("aliases", [])])
    for d in decls:
        wrong = id_problem(d.explicit_id) if d.explicit_id else None
        if wrong:
            at = d.record.pos("id" if "id" in d.record.where else "name")
            problems.add(at, wrong[0], wrong[1].replace("it", "the entity", 1))
            d.explicit_id = ""  # no entity, no page: _merge skips it
    return names


def _add_fact(entity: Entity, name: str, value: Any, cite: Citation) -> None:
    facts = entity.facts.setdefault(name, [])
    for fact in facts:
        if fact.value == value:
            if cite not in fact.citations:
                fact.citations.append(cite)
            return
    facts.append(Fact(name, value, [cite]))


def _merge(decls: list[Declaration]) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    # Entity files first: their name and description are the canonical ones.
    for d in sorted(decls, key=lambda d: d.article is not None):
        if not d.explicit_id:
            continue
        key = f"{PLURAL[d.type]}/{d.explicit_id}"
        rec = d.record
        ent = entities.get(key)
        if ent is None:
            ent = entities[key] = Entity(d.type, d.explicit_id, rec.get("name", d.explicit_id), key)
        cite = d.citation
        ent.citations.append(cite)
        for alias in [rec.get("name", ""), *rec.get("aliases", [])]:
            if alias and alias != ent.name and alias not in ent.aliases:
                ent.aliases.append(alias)
        ent.protected = ent.protected or bool(rec.get("protected"))
        ent.display = ent.display or rec.get("display")
        if d.description and not ent.description:
            ent.description = d.description
            ent.description_pos = Pos(rec.at.path, d.description_line, 1)
        quote = rec.get("quote")
        for fname, value in rec.values.items():
            if fname not in _IDENTITY:
                _add_fact(ent, fname, value, d.cite(rec.pos(fname), quote))
        if d.type == "event":
            status = claims.stated_status(rec.values, d.date)
            if status is not None:
                where = "status" if "status" in rec.values else "scheduled"
                pos = rec.pos(where) if where in rec.values else rec.pos("date")
                _add_fact(ent, "status", status, d.cite(pos, quote))
    return entities


def _resolve_ref(ref: Ref, etype: str, names: Names, problems: Problems, label: str) -> str | None:
    label = ref.label or label
    types = list(PLURAL) if etype == "*" else [etype]
    found = set().union(*(names.find(t, ref.text) for t in types))
    if len(found) == 1:
        return found.pop()
    if found:
        problems.add(
            ref.pos,
            f"'{ref.text}' in {label} may mean any of {', '.join(sorted(found))}",
            "write the id of the one you mean",
        )
        return None
    known = [i for t in types for i in names.known(t)]
    what = "entity" if etype == "*" else etype
    hint = did_you_mean(slugify(ref.text), known) or f"annotate the {what} first, in a list or file"
    problems.add(ref.pos, f"unknown {what} '{ref.text}' in {label}", hint)
    return None


def _resolve_facts(entities: dict[str, Entity], names: Names, problems: Problems) -> None:
    """Turn Ref values into entity keys, and participants into Participant lists."""
    targets = {(et, f.name): f for et, fs in ENTITY_FIELDS.items() for f in fs if f.target}
    for ent in entities.values():
        for fname, facts in list(ent.facts.items()):
            spec = targets.get((ent.type, fname))
            if spec is None:
                continue
            resolved: list[Fact] = []
            for fact in facts:
                if spec.kind == "participants":
                    for ref in fact.value:
                        key = _resolve_ref(ref, spec.target, names, problems, fname)
                        if key:
                            _add_participant(resolved, fname, key, ref, fact.citations[0])
                    continue
                key = _resolve_ref(fact.value, spec.target, names, problems, fname)
                if key:
                    _merge_fact(resolved, Fact(fname, key, fact.citations))
            ent.facts[fname] = resolved


def _add_participant(facts: list[Fact], fname: str, key: str, ref: Ref, cite: Citation) -> None:
    """One fact per participant and role, citing every source that names them."""
    own = Citation(ref.pos, cite.article, None, cite.date, cite.rank, ref.quote)
    for fact in facts:
        part = fact.value[0]
        if (part.key, part.role) == (key, ref.role):
            if own not in fact.citations:
                fact.citations.append(own)
            return
    facts.append(Fact(fname, (Participant(key, ref.role, own),), [own]))


def _merge_fact(facts: list[Fact], new: Fact) -> None:
    for fact in facts:
        if fact.value == new.value:
            fact.citations.extend(c for c in new.citations if c not in fact.citations)
            return
    facts.append(new)


def _claims(decls: list[Declaration], entities: dict[str, Entity]) -> dict[str, dict[str, Pos]]:
    """Published name -> entity key -> where that entity first claims the name."""
    owners: dict[str, dict[str, Pos]] = defaultdict(dict)
    for d in decls:
        key = f"{PLURAL[d.type]}/{d.explicit_id}"
        ent = entities.get(key)
        if ent is None:
            continue
        rec = d.record
        written = [("name", rec.get("name", ""))]
        written += [(f"aliases[{i}]", a) for i, a in enumerate(rec.get("aliases", []))]
        if ent.protected:
            written = [("display", rec.get("display", ""))]
        for field_name, name in written:
            if name and name in ent.published_names:
                pos = rec.pos(field_name)
                if key not in owners[name] or pos < owners[name][key]:
                    owners[name][key] = pos
    return owners


def _check_ambiguous_names(owners: dict[str, dict[str, Pos]], problems: Problems) -> set[str]:
    """Names claimed by two entities: reported once each, and not auto-linked."""
    ambiguous = set()
    for name, claim in sorted(owners.items()):
        if len(claim) < 2:
            continue
        ambiguous.add(name)
        where = ", ".join(f"{k} ({pos})" for k, pos in sorted(claim.items()))
        first = min(claim.values())
        problems.add(
            first,
            f"the name '{name}' is claimed by {len(claim)} entities: {where}",
            f"if they are one, refer to the existing entity by its id "
            f"'{min(claim).split('/', 1)[1]}'; if not, give each a distinct alias",
        )
    return ambiguous


def _check_place_cycles(entities: dict[str, Entity], problems: Problems) -> None:
    """Report each cycle of ``in:`` once, over every ``in:`` of every file.

    A place may have several parents (two articles placing it differently);
    a cycle through any of them would make the places' tree endless. It is
    reported at the ``in:`` of the place whose key sorts first, and that
    ``in:`` is dropped, so the build still ends (``--strict`` fails).
    """
    parents = {
        key: sorted({p for p in ent.values("in") if p in entities})
        for key, ent in entities.items()
        if ent.type == "place"
    }
    while (cycle := _find_cycle(parents)) is not None:
        first = cycle.index(min(cycle))
        cycle = cycle[first:] + cycle[:first]
        parent = cycle[1] if len(cycle) > 1 else cycle[0]
        _cut_cycle(entities[cycle[0]], parent, cycle, problems)
        parents[cycle[0]].remove(parent)


def _find_cycle(parents: dict[str, list[str]]) -> list[str] | None:
    """One cycle of the ``in:`` graph (its places in order), or None.

    Iterative depth-first walk: a long chain must not hit the recursion limit.
    """
    done: set[str] = set()
    for start in sorted(parents):
        if start in done:
            continue
        path = [start]
        stack = [iter(parents[start])]
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                done.add(path.pop())
                stack.pop()
            elif parent in path:
                return path[path.index(parent) :]
            elif parent not in done:
                path.append(parent)
                stack.append(iter(parents.get(parent, [])))
    return None


def _cut_cycle(place: Entity, parent: str, cycle: list[str], problems: Problems) -> None:
    """Report the cycle at ``place``'s ``in: parent`` and drop that ``in:``."""
    facts = place.facts["in"]
    fact = next(f for f in facts if f.value == parent)
    problems.add(
        fact.citations[0].pos,
        f"places contain each other in a cycle: {' -> '.join([*cycle, cycle[0]])}",
        "fix the 'in:' of one of them",
    )
    facts.remove(fact)
    if not facts:
        del place.facts["in"]


def _relations(
    entities: dict[str, Entity],
    sources: list[Source],
    articles: dict[str, tuple[Article, Source]],
    names: Names,
    problems: Problems,
) -> list[Relation]:
    merged: dict[tuple, Relation] = {}

    def add(rel: Relation) -> None:
        # Records come newest source first: the first start or end stated wins.
        old = merged.setdefault(rel.identity(), rel)
        if old is not rel:
            old.citations.extend(c for c in rel.citations if c not in old.citations)
            old.start = old.start or rel.start
            old.end = old.end or rel.end

    def from_records(records: list[Record], article: Article | None) -> None:
        for rec in records:
            subject = _resolve_ref(rec.get("subject"), "*", names, problems, "relations.subject")
            obj = _resolve_ref(rec.get("object"), "*", names, problems, "relations.object")
            if subject and obj:
                cite = Citation(
                    rec.at,
                    article.id if article else None,
                    None,
                    article.date if article else None,
                    rec.get("rank", "normal"),
                    rec.get("quote"),
                )
                add(
                    Relation(
                        subject,
                        rec.get("type"),
                        obj,
                        rec.get("role"),
                        rec.get("start"),
                        rec.get("end"),
                        [cite],
                    )
                )

    for _ident, (article, src) in _newest_first(articles):
        from_records(src.record.get("relations", []), article)
    for src in sources:
        if src.kind != "article":
            from_records(src.record.get("relations", []), None)
    # Facts that are relations too, so graphs and member lists see one model.
    for ent in entities.values():
        for fname, rtype in (("party", "member"), ("organization", "member")):
            for fact in ent.facts.get(fname, []):
                add(Relation(ent.key, rtype, fact.value, None, None, None, list(fact.citations)))
        for fname in AGENT_FIELDS:
            for fact in ent.facts.get(fname, []):
                for part in fact.value:
                    add(
                        Relation(
                            part.key,
                            "participant",
                            ent.key,
                            part.role,
                            None,
                            None,
                            list(fact.citations),
                        )
                    )
    return _drop_roleless_duplicates(merged.values())


def _written_at(decls: list[Declaration]) -> dict[str, Pos]:
    """Entity key -> where its first annotation writes its id (or else its name)."""
    out: dict[str, Pos] = {}
    for d in decls:
        if d.explicit_id:
            key = f"{PLURAL[d.type]}/{d.explicit_id}"
            rec = d.record
            out.setdefault(key, rec.pos("id") if "id" in rec.where else rec.pos("name"))
    return out


def _quotes(
    decls: list[Declaration],
    articles: dict[str, tuple[Article, Source]],
    names: Names,
) -> list[Quote]:
    """Every ``quote:`` of an article, with what it is about (the subject's key)."""
    out = []
    for d in decls:
        if d.article is None or not d.explicit_id:
            continue
        key = f"{PLURAL[d.type]}/{d.explicit_id}"
        rec = d.record
        if rec.get("quote"):
            out.append(Quote(d.article, rec.get("quote"), rec.pos("quote"), key))
        for fname in AGENT_FIELDS if d.type == "event" else ():
            for ref in rec.get(fname, []):
                if ref.quote and ref.quote_pos:
                    out.append(Quote(d.article, ref.quote, ref.quote_pos, key))
    for ident, (_, src) in articles.items():
        for rec in src.record.get("relations", []):
            subject = set().union(*(names.find(t, rec.get("subject").text) for t in PLURAL))
            if rec.get("quote") and len(subject) == 1:
                out.append(Quote(ident, rec.get("quote"), rec.pos("quote"), next(iter(subject))))
    return sorted(out, key=lambda q: (q.pos.line, q.pos.col, q.article))


def _drop_roleless_duplicates(relations: Iterable[Relation]) -> list[Relation]:
    """A relation with a role makes the same relation without one redundant.

    ``party: cnrp`` on Kem Sokha and a relation "member of cnrp, President"
    say one thing; the bare one's sources move to the one with the role.
    """
    with_role: dict[tuple[str, str, str], Relation] = {}
    for rel in relations:
        if rel.role:
            with_role.setdefault((rel.subject, rel.type, rel.object), rel)
    kept = []
    for rel in relations:
        twin = with_role.get((rel.subject, rel.type, rel.object))
        if rel.role is None and twin is not None:
            twin.citations.extend(c for c in rel.citations if c not in twin.citations)
            continue
        kept.append(rel)
    return sorted(kept, key=lambda r: (r.subject, r.type, r.object, r.role or ""))


def resolve(sources: list[Source], problems: Problems) -> tuple[Dossier, set[str]]:
    """Build the dossier from parsed sources; returns it and the ambiguous names."""
    articles = _articles(sources, problems)
    decls = _declarations(sources, articles, problems)
    protect.assign_ids(decls, problems)
    names = _assign_ids(decls, problems)
    entities = _merge(decls)
    secrets = protect.scrub(entities)
    _resolve_facts(entities, names, problems)
    _check_place_cycles(entities, problems)
    conflicts = sorted(claims.settle(entities), key=lambda c: (c.entity, c.field))
    ambiguous = _check_ambiguous_names(_claims(decls, entities), problems)
    relations = _relations(entities, sources, articles, names, problems)
    dossier = Dossier(
        articles={a.id: a for a, _ in sorted(articles.values(), key=lambda p: article_order(p[0]))},
        entities=dict(sorted(entities.items())),
        relations=relations,
        protected=secrets,
        conflicts=conflicts,
    )
    claims.report(conflicts, dossier.articles, problems)
    dossier.quotes = _quotes(decls, articles, names)
    dossier.near_duplicates = duplicates.near_duplicates(entities, _written_at(decls))
    duplicates.report(dossier.near_duplicates, problems)
    for decl in decls:
        if decl.article and decl.explicit_id:
            key = f"{PLURAL[decl.type]}/{decl.explicit_id}"
            annotated = dossier.articles[decl.article].annotated
            if key in entities and key not in annotated:
                annotated.append(key)
    return dossier, ambiguous
