"""``dossier suggest``: the annotations an article needs, proposed for the editor to answer.

Three sources, strongest first: entities the dossier already knows, found by
the core's automaton (:class:`~mkdocs_dossier.core.mentions.Matcher`) under
their names and aliases, so the article joins their pages; names the
recogniser finds (``recognise.py``), typed and, for places, placed by the
offline gazetteer; dates of the text, as events. Each suggestion says the
paragraph and the words it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from mkdocs_dossier.authoring.dates import dates_in
from mkdocs_dossier.authoring.gazette import Gazette
from mkdocs_dossier.authoring.ner import entities as ner_entities
from mkdocs_dossier.authoring.recognise import Found, Recogniser
from mkdocs_dossier.core.mentions import Block, Matcher, blocks, sentence_span
from mkdocs_dossier.core.model import Dossier, PartialDate, slugify
from mkdocs_dossier.core.schema import PLURAL


@dataclass
class Suggestion:
    """One annotation to propose: an entity (known or new) or an event."""

    type: str  # person, party, organization, place, event
    name: str
    paragraph: int
    words: str
    #: The id of the entity the dossier already has, or None for a new one.
    known: str | None = None
    fields: dict[str, object] = field(default_factory=dict)
    start: int = 0

    @property
    def id(self) -> str:
        return self.known or slugify(self.name)

    @property
    def key(self) -> str:
        """``people/kem-sokha``: what the answers file records."""
        if self.type == "relation":
            f = self.fields
            return f"relations/{f['subject']}/{f['type']}/{f['object']}"
        return f"{PLURAL[self.type]}/{self.id}"

    @property
    def where(self) -> str:
        return f"¶{self.paragraph} “{self.words}”" if self.paragraph else f"“{self.words}”"


@dataclass
class Paragraph:
    number: int  # as the page's anchors count them: p-1, p-2 ...
    block: Block
    text: str


def paragraphs(body: str) -> list[Paragraph]:
    """The prose blocks of a body, numbered as the built page anchors them."""
    return [
        Paragraph(int(b.anchor[2:]), b, body[b.start : b.end])
        for b in blocks(body)
        if b.kind == "prose"
    ]


def name_index(dossier: Dossier) -> dict[str, str]:
    """Every published name and alias -> the key of its entity, for the automaton.

    A name two entities claim goes to neither here, as in a build. Protected
    entities' real names are in it as well: this index never reaches the site.
    """
    owners: dict[str, set[str]] = {}
    for key, ent in dossier.entities.items():
        # A protected entity's real names too: the raw text holds them, and they
        # must be recognised as that entity, never proposed as someone new.
        for name in [*ent.published_names, *dossier.protected.get(key, [])]:
            owners.setdefault(name, set()).add(key)
    return {name: next(iter(keys)) for name, keys in owners.items() if len(keys) == 1}


class Suggester:
    """Proposes annotations for article bodies against one dossier."""

    def __init__(self, dossier: Dossier, gazette: Gazette | None = None, ner: Any = None) -> None:
        """``ner``: a spaCy pipeline (``ner.load()``) whose names add to the rules', or None."""
        self.dossier = dossier
        self.ner = ner
        self.matcher = Matcher(name_index(dossier))
        self.gazette = gazette or Gazette()
        self.by_name = {
            slugify(n): e for e in dossier.entities.values() for n in (e.id, *e.published_names)
        }

    def suggest(self, body: str, date: PartialDate | None, annotated: set[str]) -> list[Suggestion]:
        """What to propose for ``body``; entities whose key is in ``annotated`` are left out."""
        paras = paragraphs(body)
        known: dict[str, Suggestion] = {}
        spans: list[tuple[int, int]] = []
        occurrences: list[tuple[int, str, str]] = []
        for para in paras:
            for start, end, key in self.matcher.spans(para.text):
                spans.append((para.block.start + start, para.block.start + end))
                ent = self.dossier.entities[key]
                occurrences.append((para.block.start + start, ent.id, ent.type))
                if key not in annotated and key not in known:
                    words = para.text[start:end]
                    known[key] = Suggestion(ent.type, ent.name, para.number, words, ent.id)

        def masked(start: int, end: int) -> bool:
            return any(s < end and start < e for s, e in spans)

        new = self.new_names(body, paras, masked, annotated, occurrences)
        places = self._parents(new)
        self._nest([s for s in [*new, *places] if s.type == "place"])
        events = self._events(paras, date, sorted(occurrences), body)
        out = [*known.values(), *new, *places, *events]
        return sorted(out, key=lambda s: (s.paragraph, s.start, s.type, s.name))

    def known_spans(self, paras: list[Paragraph]) -> list[tuple[int, int, str]]:
        """Where the body names a known entity: (start, end, key), offsets of the body."""
        out = []
        for para in paras:
            for start, end, key in self.matcher.spans(para.text):
                out.append((para.block.start + start, para.block.start + end, key))
        return out

    def new_names(
        self,
        body: str,
        paras: list[Paragraph],
        masked: Callable[[int, int], bool],
        annotated: set[str],
        occurrences: list[tuple[int, str, str]] | None = None,
    ) -> list[Suggestion]:
        """Names the recogniser finds outside ``masked`` spans, one suggestion each.

        ``occurrences`` receives every place a name was found: (offset, id, type).
        """
        recogniser = Recogniser(body, self.gazette, masked)
        found: list[tuple[Found, int]] = []
        for para in paras:
            if para.text.startswith(("Reported by", "Written by")):
                found.extend(
                    (f, para.number) for f in recogniser.credit(para.text, para.block.start)
                )
            else:
                found.extend((f, para.number) for f in recogniser.find(para.text, para.block.start))
            if self.ner is not None:
                found.extend((f, para.number) for f in self._statistical(para, masked, found))
        ids: dict[str, tuple[str, str]] = {}
        merged = self._merge(found, annotated, ids)
        if occurrences is not None:
            occurrences.extend((f.start, *ids[f.slug]) for f, _ in found if f.slug in ids)
        return merged + self._relations(found, ids, body, annotated)

    def _relations(
        self,
        found: list[tuple[Found, int]],
        ids: dict[str, tuple[str, str]],
        body: str,
        annotated: set[str],
    ) -> list[Suggestion]:
        """A relation for each role written with its party, organisation or place:
        "CNRP President Kem Sokha" (member), "Cambodia’s Prime Minister Hun Sen" (office)."""
        out: list[Suggestion] = []
        seen: set[str] = set()
        for f, number in found:
            if f.of is None:
                continue
            subject, obj = ids.get(f.slug, ("",))[0], ids.get(f.of.slug, ("",))[0]
            if not subject or not obj or subject == obj:
                continue
            rtype = "office" if f.of.type == "place" else "member"
            fields: dict[str, object] = {"subject": subject, "type": rtype, "object": obj}
            if f.of_role:
                fields["role"] = f.of_role
            s = Suggestion("relation", f"{subject} {rtype} {obj}", number, "", None, fields)
            s.words, s.start = body[f.of.start : f.end], f.start
            if s.key not in seen and s.key not in annotated:
                seen.add(s.key)
                out.append(s)
        return out

    def _statistical(
        self, para: Paragraph, masked: Callable[[int, int], bool], found: list[tuple[Found, int]]
    ) -> list[Found]:
        """The optional recogniser's names where neither the rules nor known names are."""
        taken = [(f.start, f.end) for f, _ in found]
        out = []
        for f in ner_entities(self.ner, para.text, para.block.start):
            if masked(f.start, f.end) or any(s < f.end and f.start < e for s, e in taken):
                continue
            if f.type == "place" and (place := self.gazette(f.name)):
                f.kind = place.kind
            out.append(f)
        return out

    def _merge(
        self, found: list[tuple[Found, int]], annotated: set[str], ids: dict[str, tuple[str, str]]
    ) -> list[Suggestion]:
        """One suggestion per name: the strongest reading, at its first occurrence.

        A name written as another's alias ("CNRP" after "Party (CNRP)") is that
        entity, wherever in the text it comes first. ``ids`` receives the id
        each name found stands for (the known entity's, or the new one's), and its type.
        """
        owner = {slugify(a): f.slug for f, _ in found if f.strength >= 2 for a in f.aliases}
        groups: dict[str, list[tuple[Found, int]]] = {}
        for f, number in found:
            if f.slug:
                groups.setdefault(owner.get(f.slug, f.slug), []).append((f, number))
        out = []
        for slug, group in groups.items():
            best = max(group, key=lambda pair: (pair[0].strength, -pair[0].start))[0]
            first, number = min(group, key=lambda pair: pair[0].start)
            ent = self.by_name.get(slug)
            for f, _ in group:
                ids[f.slug] = (ent.id, ent.type) if ent is not None else (slug, best.type)
            if ent is not None:
                if ent.key not in annotated:
                    out.append(
                        Suggestion(
                            ent.type, ent.name, number, first.words, ent.id, start=first.start
                        )
                    )
                continue
            if f"{PLURAL[best.type]}/{slug}" in annotated:
                continue
            fields: dict[str, object] = {}
            aliases = [a for f, _ in group for a in f.aliases]
            aliases += [f.name for f, _ in group if f.slug != slug]
            aliases = [a for a in dict.fromkeys(aliases) if a != best.name]
            if aliases:
                fields["aliases"] = aliases
            if role := next((f.role for f, _ in group if f.role), ""):
                fields["role"] = role
            if best.kind:
                fields["kind"] = best.kind
            out.append(
                Suggestion(best.type, best.name, number, first.words, None, fields, first.start)
            )
        return out

    def _nest(self, places: list[Suggestion]) -> None:
        """``in:`` from the article itself: a commune in the one district it names, a
        district or town in its one province, a province in the site's country."""
        by_kind: dict[str, list[Suggestion]] = {}
        for s in places:
            by_kind.setdefault(str(s.fields.get("kind", "")), []).append(s)
        home = self.gazette.country_of_code(self.gazette.country) if self.gazette.country else ""
        for s in places:
            if "in" in s.fields and s.fields["in"] != slugify(home):
                continue  # placed by the gazetteer in another country (Manila)
            for kind in _LARGER.get(str(s.fields.get("kind", "")), ()):
                larger = by_kind.get(kind, [])
                if kind == "country" and len(larger) > 1 and home:
                    larger = [p for p in larger if p.name == home]
                if len(larger) == 1:
                    s.fields["in"] = larger[0].id
                    break

    def _parents(self, suggestions: list[Suggestion]) -> list[Suggestion]:
        """``in:`` for each new place the gazetteer places, and its country if new too."""
        have = {s.id: s for s in suggestions if s.type == "place"}
        out: list[Suggestion] = []
        for s in list(have.values()):
            place = self.gazette(s.name) if s.fields.get("kind") != "country" else None
            if place is None or not place.country:
                continue
            parent = self.by_name.get(slugify(place.country))
            pid = parent.id if parent is not None else slugify(place.country)
            s.fields["in"] = pid
            if parent is None and pid not in have:
                country = Suggestion(
                    "place", place.country, s.paragraph, s.words, None, {"kind": "country"}, s.start
                )
                have[pid] = country
                out.append(country)
        return out

    def _events(
        self,
        paras: list[Paragraph],
        date: PartialDate | None,
        occurrences: list[tuple[int, str, str]],
        body: str,
    ) -> list[Suggestion]:
        """An event for each date of the text (captions aside), named from its clause,
        with the people, parties and organisations the clause names, and the place it
        says it happened in."""
        out: list[Suggestion] = []
        seen: set[tuple[int, str]] = set()
        for para in paras:
            if para.text.startswith("*") and para.text.endswith("*"):
                continue  # a photo caption: its date is the picture's
            for d in dates_in(para.text, date):
                if (para.number, d.date.iso()) in seen:
                    continue
                seen.add((para.number, d.date.iso()))
                fields: dict[str, object] = {"date": d.date.iso()}
                if date is not None and d.date.first_day() > date.first_day():
                    fields["scheduled"] = True
                name = event_name(para.text, d.start, d.end, d.date)
                begin, stop = clause_span(para.text, d.start, d.end)
                base = para.block.start
                inside = [o for o in occurrences if base + begin <= o[0] < base + stop]
                fields.update(participants(inside, body))
                out.append(
                    Suggestion(
                        "event",
                        name,
                        para.number,
                        d.words,
                        None,
                        fields,
                        para.block.start + d.start,
                    )
                )
        return out


#: Where one clause of a sentence ends and the next begins.
_CLAUSE_BREAK = re.compile(r",? and (?=[A-Z])|; | but |, while ")
#: The words before a place that say something happened there: "in the Philippine capital".
_AT_PLACE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$")
#: Kinds of place, the most precise first: an event is placed at the most precise.
_PRECISION = ("building", "village", "commune", "district", "town", "city", "province", "region")


def clause_span(para: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause around [start, end) of a paragraph begins and stops: the
    sentence (as the core splits them), cut at ", and", ";" and "but"."""
    begin, stop = sentence_span(para, start, end)
    for m in _CLAUSE_BREAK.finditer(para, begin, stop):
        if m.end() <= start:
            begin = m.end()
        elif m.start() >= end:
            stop = m.start()
            break
    return begin, stop


def participants(inside: list[tuple[int, str, str]], body: str) -> dict[str, object]:
    """An event's ``people``, ``parties``, ``organizations`` and ``place`` from the
    names its clause holds, in text order."""
    fields: dict[str, object] = {}
    for etype, key in (
        ("person", "people"),
        ("party", "parties"),
        ("organization", "organizations"),
    ):
        ids = list(dict.fromkeys(i for _, i, t in inside if t == etype))
        if ids:
            fields[key] = ids
    places = [
        i
        for at, i, t in inside
        if t == "place"
        and _AT_PLACE.search(body, 0, at)
        and not re.match(r"[\w.-]+[’']s\b", body[at:])  # "in Cambodia’s affairs": not a place
    ]
    if places:
        fields["place"] = places[0]
    return fields


_TRAILING = frozenset(
    {"on", "in", "by", "for", "since", "until", "set", "of", "to", "the", "a", "and"}
)


def event_name(text: str, start: int, end: int, date: PartialDate) -> str:
    """A name for the event a date belongs to: a few words of its clause, and the date.

    The date is written as the site writes it ("3 September 2017"), so the
    name is never a passage of the text: as a mention it would hide the
    names inside it ("Hun Sen") from the automaton, which matches the
    longest name.
    """
    clause_start = max(text.rfind(sep, 0, start) for sep in (". ", "; ", "“", '"', ") ")) + 1
    before = text[clause_start:start].strip(' ,“"')
    after = text[end:].lstrip(" ,")
    after = after[: min((after.find(c) for c in ".;,“" if c in after), default=len(after))]
    words = before.split()
    # "X was arrested on Sept. 3": the words before; "On Nov. 10, X dismissed ...": after.
    if len(words) >= 3 and not before.lower().endswith("in a"):
        chosen = words[-8:]
    else:
        chosen = after.split()[:8]
    while chosen and chosen[-1].lower() in _TRAILING:
        chosen = chosen[:-1]
    name = " ".join(chosen).strip(' ,.“”"')
    name = name[:1].upper() + name[1:] if name else "Event"
    return f"{name} ({date.label()})"


# --- writing suggestions into an article ------------------------------------------

#: The kinds of place that may hold a place of each kind, nearest first.
_LARGER = {
    "village": ("commune", "district"),
    "commune": ("district", "province"),
    "district": ("province",),
    "town": ("province",),
    "city": ("province",),
    "province": ("country",),
    "region": ("country",),
}
_FIELD_ORDER = (
    "aliases", "kind", "in", "role", "date", "scheduled", "place", "people", "parties",
    "organizations",
)  # fmt: skip


def answer_key(s: Suggestion) -> str:
    """What the answers file records: the entity's key, or an event's date."""
    return f"events/{s.fields['date']}" if "date" in s.fields else s.key


def annotated_keys(dossier: Dossier, article: str) -> set[str]:
    """The keys an article annotates, and ``events/<date>`` for each of its events' dates."""
    found = dossier.articles.get(article)
    keys = set(found.annotated) if found else set()
    for rel in dossier.relations:
        if any(c.article == article for c in rel.citations):
            ends = [dossier.entities.get(k) for k in (rel.subject, rel.object)]
            if ends[0] is not None and ends[1] is not None:
                keys.add(f"relations/{ends[0].id}/{rel.type}/{ends[1].id}")
    for key in list(keys):
        ent = dossier.entities.get(key)
        if ent is not None and ent.type == "event" and (date := ent.date):
            keys.add(f"events/{date.iso()}")
    return keys


def item(s: Suggestion) -> CommentedMap:
    """A suggestion as a front-matter list item, saying where it came from."""
    out = CommentedMap()
    out["name"] = s.name
    if s.known:
        out["id"] = s.known
    for key in _FIELD_ORDER:
        if key in s.fields:
            value = s.fields[key]
            if key == "date" and len(str(value)) == 10:
                value = dt.date.fromisoformat(str(value))
            if isinstance(value, list):
                value = CommentedSeq(value)
                value.fa.set_flow_style()
            out[key] = value
    what = "known: joins its page" if s.known else "suggested"
    out.yaml_add_eol_comment(f"{what} ({s.where})", "name")
    return out


def relation_item(s: Suggestion) -> CommentedMap:
    """A relation as the example writes them: one flow mapping a line."""
    out = CommentedMap(
        (k, s.fields[k]) for k in ("subject", "type", "object", "role") if k in s.fields
    )
    out.fa.set_flow_style()
    return out


def add_to(front: CommentedMap, suggestions: list[Suggestion]) -> None:
    """Append each suggestion to its list (``people:`` ...), creating lists as needed."""
    for s in suggestions:
        if s.type == "relation":
            if not isinstance(front.get("relations"), CommentedSeq):
                front["relations"] = CommentedSeq(front.get("relations") or [])
            front["relations"].append(relation_item(s))
            front["relations"].yaml_add_eol_comment(
                f"suggested ({s.where})", len(front["relations"]) - 1
            )
            continue
        section = PLURAL[s.type]
        if not isinstance(front.get(section), CommentedSeq):
            front[section] = CommentedSeq(front.get(section) or [])
        front[section].append(item(s))
