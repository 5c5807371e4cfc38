"""The structured sections of generated pages, written as HTML.

Facts and relation tables, timelines, mention snippets and the *In this
article* list are most of an entity or article page. Written as Markdown,
Python-Markdown would parse every table row, link and escape of them on
every build, to produce HTML that is known in advance. So a page's Markdown
holds a marker for each (``render.Blocks`` with the ``dossier-text`` prefix),
and :class:`Sections` writes the HTML when the plugin fills the markers in
``on_page_content``: after Markdown, before the search plugin indexes the
page, so the sections are found by search like any text. Headings stay in
the Markdown, so the table of contents lists them as before.

This module decides what each section shows (rows, links, words, URLs);
the HTML is written by a Jinja fragment per section (``fragments.py``,
``templates/fragments/``), which an editor's ``custom_dir`` can override. The
plugin's own fragments write what Python-Markdown would make of the Markdown
these sections used to be: the same elements, the same escaping, the same
relative URLs as MkDocs writes for links to ``.md`` files.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import (
    Article,
    Citation,
    Dossier,
    Entity,
    Fact,
    Mention,
    PartialDate,
    Participant,
)
from mkdocs_dossier.core.schema import (
    AGENT_FIELDS,
    ENTITY_TYPES,
    PLURAL,
    fact_choices,
    fact_label,
)
from mkdocs_dossier.core.scripts import script_language
from mkdocs_dossier.site.urls import Hrefs

if TYPE_CHECKING:  # render.py imports this module
    from mkdocs_dossier.core.indexes import Related
    from mkdocs_dossier.core.ties import Group
    from mkdocs_dossier.core.timeline import Timelines
    from mkdocs_dossier.site.fragments import Fragments


# What the fragments are given (README, "Fragments"): plain text, which the
# template escapes, and URLs, escaped already (``Hrefs.href``) and so Markup.


class Link(NamedTuple):
    """A link to a page: its URL from the page it is on, and the name it shows."""

    href: Markup
    name: str


class Cite(NamedTuple):
    """Where a fact was stated: a paragraph of an article (``para``: its number).

    ``href`` is None for a fact from an entity's own file, or from an article
    the dossier does not have: then ``label`` is shown as text.
    """

    href: Markup | None
    label: str
    para: str


class Value(NamedTuple):
    """A fact's value: text, or links (an entity; an event's participants, with roles)."""

    text: str | None
    links: tuple[tuple[Link, str], ...] = ()


class FactRow(NamedTuple):
    """A row of the facts table; ``note`` says why a value is not the one shown alone."""

    label: str
    value: Value
    note: str
    sources: list[Cite]


class Snippet(NamedTuple):
    """A sentence of an article that mentions an entity, and a link to its paragraph."""

    href: Markup
    para: str
    snippet: str


class Participation(NamedTuple):
    """Someone who took part in an event: a link, their role, the sources saying so."""

    link: Link
    role: str
    sources: list[Cite]


class Place(NamedTuple):
    """Where a dated entry happened: "in {place}", split around the place's link."""

    before: str
    link: Link
    after: str


class TimelineEntry(NamedTuple):
    """One line of a timeline (``timeline.Entry`` with its links and words)."""

    iso: str
    when: str
    #: (CSS class part, word): "approximate", "expected".
    flags: list[tuple[str, str]]
    #: What the entry is when not an event: ("source" or "relation", its word).
    tag: tuple[str, str] | None
    link: Link
    source: str
    role: str
    via: Place | None
    summary: str


class PlaceNode(NamedTuple):
    """A place of the places index and the places inside it."""

    link: Link
    kind: str
    children: list[PlaceNode]


class RelationRow(NamedTuple):
    """A row of a relations table (``ties.Row`` with its links)."""

    reading: str
    separator: str
    other: Link
    role: str
    period: str
    sources: list[Cite]


class Sections:
    """Writes each ``dossier-text`` marker's HTML from the resolved dossier.

    Markers name their page's entity or article (``facts people/kem-sokha``).
    """

    def __init__(
        self,
        dossier: Dossier,
        related: Related,
        timelines: Timelines,
        relation_groups: Callable[[str], list[Group]],
        name_of: Callable[[str], str],
        group_by_party: Callable[[list[Entity]], list[tuple[str | None, list[Entity]]]],
        directory_urls: bool,
        language: Language,
        fragments: Fragments,
    ) -> None:
        self.d = dossier
        #: The HTML fragments each section is written with.
        self.fragments = fragments
        self.language = language
        self.related = related
        self.timelines = timelines
        self.relation_groups = relation_groups
        self.name_of = name_of
        self.hrefs = Hrefs(directory_urls)
        self._cite_labels: dict[str, str] = {}
        #: The breadcrumb by its page's folder and the entity's type: the same
        #: HTML for every person (of 4,040 entity pages at 2,000 articles, 5 made).
        self._trails: dict[tuple[str, ...], str] = {}
        #: Entity key -> its mentions by article, made for the first of the
        #: entity's mention markers and used by the others.
        self._mentions: dict[str, dict[str, list[Mention]]] = {}
        self._groups: tuple[str, list[Group]] = ("", [])
        self.group_by_party = group_by_party
        #: Index pages' groups, made for their first marker.
        self._by_party: dict[str, list[Entity]] | None = None
        self._periods: dict[str, list[Any]] | None = None
        #: Entity key -> the entities whose descriptions link it, made once.
        self._linked: dict[str, list[str]] | None = None
        self._order: dict[str, int] | None = None

    def makers(self) -> dict[str, Callable[[str], str]]:
        """The marker kinds this class writes, for ``Blocks.register``."""
        return {
            "facts": self.facts,
            "relations": self.relations,
            "timeline": self.timeline,
            "mentions": self.mentions,
            "unmentioned": self.unmentioned,
            "annotated": self.annotated,
            "participants": self.participants,
            "entities": self.entities,
            "party-people": self.party_people,
            "children": self.children,
            "place-tree": self.place_tree,
            "articles": self.articles,
            "period": self.period,
            "trail": self.trail,
            "linked-from": self.linked_from,
            "summaries": self.summaries,
        }

    def release(self) -> None:
        """Forget the mentions: the plugin calls this once every page has its sections."""
        self._mentions = {}
        self.d.mentions = {}
        self.d.found = {}

    # -- pieces -------------------------------------------------------------

    def link(self, base: list[str], key: str) -> Link:
        """A link to the page of ``key`` (an entity, ``articles/<id>``) from a page at ``base``."""
        return Link(Markup(self.hrefs.href(base, key)), self.name_of(key))

    def cite(self, base: list[str], citation: Citation) -> Cite:
        """A link to where a fact was stated."""
        if citation.article is None:
            return Cite(None, self.language.gettext(glossary.DOSSIER_FILE), "")
        label = self._cite_labels.get(citation.article)
        if label is None:
            article = self.d.articles.get(citation.article)
            if article is None:
                return Cite(None, citation.article, "")
            words = article.meta.get("source") or article.title
            if article.date:
                words = f"{words}, {self.language.partial(article.date)}"
            label = self._cite_labels[citation.article] = str(words)
        href = Markup(self.hrefs.href(base, f"articles/{citation.article}", citation.anchor))
        # "Radio Free Asia, 14 November 2017, ¶6": the paragraph the reader can check.
        return Cite(href, label, citation.anchor[2:] if citation.anchor else "")

    def cites(self, base: list[str], citations: Iterable[Citation]) -> list[Cite]:
        """Every distinct place a fact was stated (shown separated by semicolons)."""
        seen: dict[tuple[str | None, str | None], Citation] = {}
        for c in citations:
            seen.setdefault((c.article, c.anchor if c.article else None), c)
        return [self.cite(base, c) for c in seen.values()]

    def value(self, base: list[str], value: Any) -> Value:
        """A fact's value: a link for an entity, a reader's date, plain text otherwise."""
        if isinstance(value, str) and value in self.d.entities:
            return Value(None, ((self.link(base, value), ""),))
        if isinstance(value, PartialDate):
            return Value(self.language.partial(value))
        if isinstance(value, tuple) and value and isinstance(value[0], Participant):
            return Value(None, tuple((self.link(base, p.key), p.role or "") for p in value))
        if isinstance(value, tuple):
            return Value(", ".join(f"{v:.5f}" for v in value))
        if isinstance(value, bool):
            return Value(self.language.gettext(glossary.YES if value else glossary.NO))
        return Value(str(value))

    # -- sections -----------------------------------------------------------

    def state_note(self, fact: Fact) -> str:
        """What a reader needs to know of a value that is not the one shown alone."""
        _ = self.language.gettext
        if fact.state == "disputed":
            return _("sources differ")
        if fact.state == "deprecated":
            return _("corrected")
        if fact.state == "earlier":
            dates = [c.date for c in fact.citations if c.date]
            when = self.language.partial(max(dates)) if dates else ""
            return _("as of {date}").format(date=when) if dates else _("earlier")
        return ""

    def in_its_language(self, name: str) -> tuple[str, str | None]:
        """A name, with its ``lang`` when its script is not the site's language's."""
        lang = script_language(name)
        if lang is None or lang == self.language.code.split("-")[0]:
            return name, None
        return name, lang

    def facts(self, key: str) -> str:
        """The table of an entity's facts, each with its sources."""
        ent = self.d.entities.get(key)
        if ent is None:
            return ""
        base = self.hrefs.base(key)
        _ = self.language.gettext
        rows = []
        for fname in sorted(ent.facts, key=str.lower):
            facts = ent.facts[fname]
            disputed = any(f.state == "disputed" for f in facts)
            if (
                fname == "summary"
                or fname in _NOT_FACTS
                or (fname in _AS_RELATIONS and not disputed)
            ):
                # The summary opens the page; participants have their lists;
                # a party or organisation is in the "Member of" table, unless
                # sources differ on it: then it is shown here, marked.
                continue
            label = fact_label(fname, _)
            choices = fact_choices(ent.type, fname)
            for fact in facts:
                value = fact.value
                if isinstance(value, str) and value in choices:
                    # A word of the schema's ("town", "held"), not the editor's.
                    value = _(glossary.schema_word(value))
                rows.append(
                    FactRow(
                        label,
                        self.value(base, value),
                        self.state_note(fact),
                        self.cites(base, fact.citations),
                    )
                )
        if not rows and not ent.aliases:
            return ""
        # Stacked on a phone, the fact's name heads its box and needs no label.
        # Out of search: a result's snippet is the summary and text, not
        # "Fact Value Source Also known as ...".
        return self.fragments.render(
            "facts_table",
            heads=(_("Fact"), _("Value"), _("Source")),
            aliases_label=_("Also known as"),
            aliases=[self.in_its_language(name) for name in ent.aliases],
            rows=rows,
        )

    def summaries(self, key: str) -> str:
        """Every summary of an entity, the most recent source's first, each with its sources."""
        ent = self.d.entities.get(key)
        if ent is None:
            return ""
        base = self.hrefs.base(key)
        summaries = [
            (str(f.value), self.cites(base, f.citations)) for f in ent.facts.get("summary", [])
        ]
        return self.fragments.render("summaries", summaries=summaries) if summaries else ""

    def relations(self, ref: str) -> str:
        """One relations table of an entity (``ref`` is ``KEY@N``, the Nth group)."""
        key, _, index = ref.partition("@")
        if self._groups[0] != key:
            # A page's tables are filled one after the other: group once per page.
            self._groups = (key, self.relation_groups(key))
        groups = self._groups[1]
        if not index.isdigit() or int(index) >= len(groups):
            return ""
        group = groups[int(index)]
        base = self.hrefs.base(key)
        _ = self.language.gettext
        # A column empty in every row says nothing: it is left out.
        when = any(r.start or r.end for r in group.rows)
        sentence = group.heading in glossary.SENTENCE_SECTIONS
        rows = [
            RelationRow(
                # "Daughter of Kem Sokha" on hers, "Daughter: Kem Monovithya" on his.
                r.reading(_),
                " " if r.direction == "out" else ": ",
                self.link(base, r.other),
                r.role or "",
                r.period(self.language.partial),
                self.cites(base, r.citations),
            )
            for r in group.rows
        ]
        heads = [_(group.heading if sentence else group.other_label)]
        heads += [] if sentence else [_(glossary.FACTS["role"])]
        heads += [_("When")] if when else []
        heads.append(_("Sources"))
        return self.fragments.render(
            "relations_table", heads=heads, rows=rows, sentence=sentence, when=when
        )

    def timeline(self, key: str) -> str:
        """An entity's events, the articles annotating it and its dated relations, by date."""
        roles = self.timelines.of(key)
        if not roles:
            return ""
        base = self.hrefs.base(key)
        entries = [self.timeline_entry(base, r.entry, r.role, r.via) for r in roles]
        return self.fragments.render("timeline", entries=entries)

    def timeline_entry(
        self, base: list[str], entry: Any, role: str | None = None, via: str | None = None
    ) -> TimelineEntry:
        """One timeline line: date, qualifiers, then the event or source."""
        _ = self.language.gettext
        tag = None
        if entry.kind == "article":
            tag = ("source", _(glossary.TIMELINE_SOURCE))
        elif entry.kind == "relation":
            tag = ("relation", _(entry.relation))
        place = None
        if via:
            before, _found, after = _("in {place}").partition("{place}")
            place = Place(before, self.link(base, via), after)
        return TimelineEntry(
            iso=entry.date.iso() if entry.date else "",
            when=self.language.entry(entry),
            flags=[(f.replace(" ", "-"), _(f)) for f in entry.flags],
            tag=tag,
            link=Link(Markup(self.hrefs.href(base, entry.key)), entry.title),
            source=(entry.source or "") if entry.kind == "article" else "",
            role=role if role and role != "source" else "",
            via=place,
            summary=entry.summary or "",
        )

    def mention_groups(self, key: str) -> dict[str, list[Mention]]:
        """An entity's mentions by article id, in page order, without repeated snippets.

        Articles come in the order Jinja's ``groupby`` gave them (ignoring
        case), and a snippet is shown once per article, as ``unique`` did.
        """
        found = self._mentions.get(key)
        if found is not None:
            return found
        out: dict[str, list[Mention]] = {}
        # Articles in the dossier's order (by date, then title): never by file name.
        order = self._article_order()
        ms = sorted(self.d.mentions.get(key, []), key=lambda m: order.get(m.article, -1))
        for _, items in itertools.groupby(ms, key=lambda m: m.article):
            group = list(items)
            seen = set()
            kept = []
            for m in group:
                # A mention makes its snippet each time it is read (core/mentions.py's Spans).
                folded = _fold(m.snippet)
                if folded not in seen:
                    seen.add(folded)
                    kept.append(m)
            out[group[0].article] = kept
        self._mentions[key] = out
        return out

    def _article_order(self) -> dict[str, int]:
        if self._order is None:
            self._order = {ident: i for i, ident in enumerate(self.d.articles)}
        return self._order

    def mentions(self, ref: str) -> str:
        """The snippets of one article that mention an entity (``ref``: ``KEY@ARTICLE``)."""
        key, _, ident = ref.partition("@")
        group = self.mention_groups(key).get(ident)
        if not group:
            return ""
        base = self.hrefs.base(key)
        target = f"articles/{ident}"
        mentions = [
            Snippet(Markup(self.hrefs.href(base, target, m.anchor)), m.anchor[2:], m.snippet)
            for m in group
        ]
        return self.fragments.render("mentions", mentions=mentions)

    def unmentioned(self, key: str) -> str:
        """Articles annotating an entity whose text never names it."""
        mentioned = self.mention_groups(key)
        base = self.hrefs.base(key)
        articles = [
            self.link(base, f"articles/{ident}")
            for ident in self.related.articles.get(key, [])
            if ident not in mentioned
        ]
        return self.fragments.render("unmentioned", articles=articles) if articles else ""

    def annotated(self, ident: str) -> str:
        """An article's *In this article* list: what it annotates, by type."""
        article = self.d.articles.get(ident)
        if article is None:
            return ""
        base = self.hrefs.base(f"articles/{ident}")
        groups = []
        for etype, (_single, many) in glossary.KINDS.items():
            prefix = PLURAL[etype] + "/"
            keys = sorted((k for k in article.annotated if str(k).startswith(prefix)), key=_fold)
            if keys:
                groups.append((self.language.gettext(many), [self.link(base, k) for k in keys]))
        return self.fragments.render("in_this_article", groups=groups) if groups else ""

    def participants(self, ref: str) -> str:
        """Who took part in an event, of one kind (``ref``: ``KEY@people``)."""
        key, _, fname = ref.partition("@")
        ent = self.d.entities.get(key)
        if ent is None or fname not in _NOT_FACTS:
            return ""
        base = self.hrefs.base(key)
        people = []
        for fact in ent.facts.get(fname, []):
            sources = self.cites(base, fact.citations)
            for p in fact.value:
                people.append(Participation(self.link(base, p.key), p.role or "", sources))
        return self.fragments.render("participants", people=people) if people else ""

    # -- way-finding --------------------------------------------------------

    def trail(self, key: str) -> str:
        """The breadcrumb above an entity's name: its type's index ("People").

        The name follows as the page's heading; written twice, a long event
        name filled a phone's screen. Left out of search
        (``data-search-exclude``): a result's snippet is the page's summary,
        not its navigation.
        """
        ent = self.d.entities.get(key)
        if ent is None:
            return ""
        base = self.hrefs.base(key)
        made = self._trails.get((ent.type, *base))
        if made is None:
            index = self.hrefs.href(base, f"{PLURAL[ent.type]}/index")
            name = self.language.gettext(glossary.KINDS[ent.type].plural)
            made = self.fragments.render("trail", index=Link(Markup(index), name))
            self._trails[(ent.type, *base)] = made
        return made

    def linked_keys(self, key: str) -> list[str]:
        """The entities whose descriptions link this one (``backlinks.py``)."""
        if self._linked is None:
            from mkdocs_dossier.site.backlinks import linked_from

            self._linked = linked_from(self.d)
        return self._linked.get(key, [])

    def linked_from(self, key: str) -> str:
        """The *Linked from* list: each page whose text links here, with the relation."""
        base = self.hrefs.base(key)
        pages = []
        for source in self.linked_keys(key):
            ties = [
                r for _, r in self.related.relations.get(key, []) if source in (r.subject, r.object)
            ]
            # The relation's type is the schema's word, its role the editor's.
            _ = self.language.gettext
            words = [f"{_(r.type)}{f', {r.role}' if r.role else ''}" for r in ties]
            pages.append((self.link(base, source), "; ".join(dict.fromkeys(words))))
        return self.fragments.render("linked_from", pages=pages) if pages else ""

    # -- index pages --------------------------------------------------------

    def entity_items(self, base: list[str], items: Iterable[Entity]) -> str:
        """Entities as a list of links, each with its summary."""
        entities = [
            (Link(Markup(self.hrefs.href(base, x.key)), x.title), x.summary or "") for x in items
        ]
        return self.fragments.render("entity_list", entities=entities) if entities else ""

    def entities(self, plural: str) -> str:
        """Every entity of a type (``organizations``), for its index page."""
        etype = ENTITY_TYPES.get(plural)
        if etype is None:
            return ""
        return self.entity_items(self.hrefs.base(f"{plural}/index"), self.d.of_type(etype))

    def party_people(self, party: str) -> str:
        """The people of one party (``""``: of none), for the people index page."""
        if self._by_party is None:
            grouped = self.group_by_party(self.d.of_type("person"))
            self._by_party = {key or "": people for key, people in grouped}
        people = self._by_party.get(party, [])
        return self.entity_items(self.hrefs.base("people/index"), people)

    def children(self, key: str) -> str:
        """The places inside a place, for its *Places within* section."""
        kids = sorted(self.related.children.get(key, []), key=lambda p: _fold(p.title))
        return self.entity_items(self.hrefs.base(key), kids)

    def place_tree(self, _key: str) -> str:
        """Every place under the place containing it, for the places index page."""
        base = self.hrefs.base("places/index")
        roots = [
            p
            for p in self.d.of_type("place")
            if not any(k in self.d.entities for k in p.values("in"))
        ]

        def tree(items: list[Entity]) -> list[PlaceNode]:
            return [
                PlaceNode(
                    Link(Markup(self.hrefs.href(base, p.key)), p.title),
                    self.language.gettext(glossary.place_kind(p.kind)) if p.kind else "",
                    tree(self.related.children.get(p.key) or []),
                )
                for p in sorted(items, key=lambda p: _fold(p.title))
            ]

        return self.fragments.render("place_tree", places=tree(roots)) if roots else ""

    def articles(self, _key: str) -> str:
        """Every article, newest first, for the articles index page."""
        base = self.hrefs.base("articles/index")

        # Undated articles (an error, reported) last, so the build still ends;
        # by sort_key, as 2017-11 and 2017 cannot be compared field by field.
        def newest(a: Article) -> tuple[bool, tuple[int, int, int]]:
            return (a.date is not None, a.date.sort_key() if a.date else (0, 0, 0))

        articles = [
            (
                self.language.partial(a.date) if a.date else None,
                Link(Markup(self.hrefs.href(base, f"articles/{a.id}")), a.title),
                str(a.meta.get("source") or ""),
            )
            for a in sorted(self.d.articles.values(), key=newest, reverse=True)
        ]
        return self.fragments.render("article_list", articles=articles) if articles else ""

    def period(self, ref: str) -> str:
        """The events and sources of one month (``2017-11``), year (``2017-``) or
        of no date (``-``), for the events index page, or for another page
        named before an ``@`` (``explore/index@2017-11``), its links from there."""
        page, _at, ref = ref.rpartition("@")
        if self._periods is None:
            self._periods = {
                period_key(p): p.entries for y in self.timelines.grouped() for p in y.periods
            }
        entries = self._periods.get(ref, [])
        if not entries:
            return ""
        base = self.hrefs.base(page or "events/index")
        return self.fragments.render(
            "timeline", entries=[self.timeline_entry(base, e) for e in entries]
        )


def period_key(period: Any) -> str:
    """What a ``period`` marker names: ``2017-11``, ``2017-`` (month unknown), ``-``."""
    year = "" if period.year is None else str(period.year)
    month = "" if period.month is None else str(period.month)
    return f"{year}-{month}"


#: Fields an event shows as lists of participants rather than in its facts table.
#: A place's country_code is the geocoder's hint (and the exports'): a reader
#: read "Country code KH" as jargon, and its "In" row already names the country.
_NOT_FACTS = (*AGENT_FIELDS, "country_code")
#: Fields that are relations too (``resolve.py``), shown in the relations tables.
_AS_RELATIONS = ("party", "organization")


def _fold(value: Any) -> Any:
    """Jinja's case-insensitive key (``groupby``, ``unique``)."""
    return value.lower() if isinstance(value, str) else value
