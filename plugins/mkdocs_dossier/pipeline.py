"""The core pipeline: sources -> model -> resolved dossier, without MkDocs.

:func:`load_dossier` is what any generator calls; the MkDocs plugin is one.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_dossier.core import incremental
from mkdocs_dossier.core.checks import check_entities
from mkdocs_dossier.core.errors import Pos, Problems, did_you_mean
from mkdocs_dossier.core.incremental import structure_digest
from mkdocs_dossier.core.mentions import Matcher, scan
from mkdocs_dossier.core.model import Citation, Dossier, Entity, Mention, slugify
from mkdocs_dossier.core.resolve import resolve
from mkdocs_dossier.core.sources import Source, forget_parsed, load_sources
from mkdocs_dossier.core.timing import Timings
from mkdocs_dossier.geo.geocode import locate
from mkdocs_dossier.safety.embargo import build_time, split_embargoed
from mkdocs_dossier.safety.pseudonyms import Pseudonyms, apply_pseudonyms
from mkdocs_dossier.safety.sanitize import disarm_markers


@dataclass(frozen=True)
class Options:
    """What the core needs to know from the site's configuration."""

    #: ``first`` links an entity's first mention per section, ``all`` every
    #: mention, ``none`` no mention (explicit ``[[links]]`` still work).
    link_mentions: str = "first"
    #: The build's notion of now, for embargoes; ``None``: ``SOURCE_DATE_EPOCH`` or the clock.
    now: dt.datetime | None = None
    #: Keep embargoed articles (``dossier check`` validates them too).
    include_embargoed: bool = False
    #: Locate places (lock file, then offline gazetteer); off for tools that need no map.
    geocode: bool = True
    #: ISO 3166 code of the country a place is assumed in when nothing else says.
    country: str | None = None
    #: Another build of the same dossier follows (``mkdocs serve``): keep the
    #: resolved dossier, and reuse it if only article bodies changed.
    rebuild: bool = False


class Lookup:
    """Finds an entity from what an editor writes in ``[[...]]``: key, id, name or alias."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self._index: dict[str, set[str]] = defaultdict(set)
        self._ids: list[str] = []
        for key, ent in entities.items():
            self._index[key.casefold()].add(key)
            self._index[ent.id.casefold()].add(key)
            self._ids.append(ent.id)
            for name in ent.published_names:
                self._index[name.casefold()].add(key)

    def find(self, text: str, pos: Pos, problems: Problems) -> str | None:
        found = self._index.get(text.casefold()) or self._index.get(slugify(text), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            problems.add(
                pos,
                f"the link [[{text}]] may mean any of {', '.join(sorted(found))}",
                "write the key of the one you mean, e.g. [[people/some-id]]",
            )
        else:
            hint = did_you_mean(slugify(text), self._ids) or "use an entity's id, name or alias"
            problems.add(pos, f"the link [[{text}]] names no entity", hint)
        return None


#: The last scan of each article body, by path: (body hash, names hash, mode,
#: body line if the body has [[links]], article id),
#: the mentions, the rewritten body and the problems. A `mkdocs serve`
#: rebuild after editing one article re-scans only that article, and the
#: others' mentions are the same objects (nothing changes a Mention); one
#: entry per path keeps the cache from growing with edits.
_SCANS: dict[str, tuple[tuple[str, str, str, int, str], list[Mention], str, list]] = {}


def forget_caches() -> None:
    """Drop what is kept for the next rebuild: a one-off build frees the memory."""
    _SCANS.clear()
    _LAST_NAMES.clear()
    _RESOLVED.clear()
    _ANCHORED.clear()
    _UNANCHORED.clear()
    _LOOKUP.clear()
    forget_parsed()
    incremental.forget()


def _names(dossier: Dossier, ambiguous: set[str]) -> dict[str, str]:
    names = {}
    for key, ent in dossier.entities.items():
        for name in ent.published_names:
            if name not in ambiguous:
                names[name] = key
    return names


#: The names the last build matched, and their digest: when the names change
#: (a new alias, a renamed entity), only articles containing a changed name
#: are scanned again.
_LAST_NAMES: list[tuple[str, dict[str, str]]] = []


def _changed_names(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Names added, removed or pointing at another entity."""
    return [n for n in old.keys() | new.keys() if old.get(n) != new.get(n)]


def _scan_articles(
    dossier: Dossier,
    matcher: Matcher,
    lookup: Lookup,
    problems: Problems,
    options: Options,
    rescanned: set[str],
) -> None:
    """Find the mentions of every article, scanning only bodies whose scan is not kept.

    The id of each article scanned anew is added to ``rescanned`` as soon as
    its new scan is kept.
    """
    names_digest = hashlib.sha256(repr(sorted(matcher.names.items())).encode()).hexdigest()
    last_digest, last_names = _LAST_NAMES[0] if _LAST_NAMES else ("", {})
    changed: list[str] | None = None
    for article in dossier.articles.values():
        body_digest = hashlib.sha256(article.body.encode()).hexdigest()
        # [[links]] resolve through the lookup and report problems at a line
        # that moves with the front matter: such bodies are scanned whenever
        # either may have changed.
        links = "[[" in article.body
        line = article.body_line if links else 0
        stamp = (body_digest, names_digest, options.link_mentions, line, article.id)
        cached = _SCANS.get(article.path)
        if (
            cached is not None
            and not links
            and cached[0] == (body_digest, last_digest, options.link_mentions, line, article.id)
            and names_digest != last_digest
        ):
            # Every match is an occurrence of a name in the text, so if no
            # changed name occurs, the same names match in the same places.
            changed = _changed_names(last_names, matcher.names) if changed is None else changed
            if not any(name in article.body for name in changed):
                cached = _SCANS[article.path] = (stamp, *cached[1:])
        if cached is None or cached[0] != stamp:
            local = Problems()
            result = scan(
                article.body,
                matcher,
                lambda key: f"../{key}.md",
                lambda t, p, local=local: lookup.find(t, p, local),
                Pos(article.path, article.body_line, 1),
                options.link_mentions,
            )
            found = [Mention(f.key, article.id, f.anchor, f.snippet, f.text) for f in result.found]
            cached = _SCANS[article.path] = (stamp, found, result.markdown, list(local.items))
            rescanned.add(article.id)
        _, found, article.text, found_problems = cached
        problems.extend(found_problems)
        dossier.found[article.id] = found
        for mention in found:
            dossier.mentions.setdefault(mention.key, []).append(mention)
    _LAST_NAMES[:] = [(names_digest, dict(matcher.names))]


#: The dossier whose citations point at their paragraphs, but for the
#: articles in ``_UNANCHORED`` (scanned anew since), and the owners of its
#: citations by article: (``Entity``, ``Fact`` or ``Relation``, whose key
#: names the mention). ``mkdocs serve`` only.
_ANCHORED: list[tuple[Dossier, dict[str, list[tuple[Any, str]]]]] = []
_UNANCHORED: set[str] = set()


def _attach(dossier: Dossier, rebuild: bool) -> None:
    """Point citations at paragraphs: in a serve rebuild, only those of articles scanned anew.

    A reused dossier (``_resolved``) keeps the anchors the last build gave
    its citations; only an article scanned again can have moved its
    mentions. Articles are added to ``_UNANCHORED`` as they are scanned and
    removed once attached, so a build that stops in between leaves them to
    the next one.
    """
    if rebuild and _ANCHORED and _ANCHORED[0][0] is dossier:
        owners = _ANCHORED[0][1]
        for article in sorted(_UNANCHORED):
            _reanchor(dossier, article, owners.get(article, []))
    else:
        _ANCHORED.clear()
        owners = _attach_anchors(dossier, rebuild)
        if rebuild:
            _ANCHORED.append((dossier, owners))
    _UNANCHORED.clear()


def _fixer(first: dict[tuple[str, str], str]) -> Callable[[Citation, str], Citation]:
    """Citation, entity key -> the citation pointing at the key's first mention in its article."""

    def fix(cite: Citation, key: str) -> Citation:
        if cite.article is None:
            return cite
        anchor = first.get((cite.article, key))
        # Citations are frozen, and making one costs: keep the one already right.
        return cite if cite.anchor == anchor else Citation(cite.pos, cite.article, anchor)

    return fix


def _attach_anchors(dossier: Dossier, index: bool = False) -> dict[str, list[tuple[Any, str]]]:
    """Point each citation from an article at the paragraph mentioning the entity.

    With ``index``, the owners of citations by article (for :func:`_reanchor`).
    """
    first: dict[tuple[str, str], str] = {}
    for key, mentions in dossier.mentions.items():
        for m in mentions:
            first.setdefault((m.article, key), m.anchor)
    fix = _fixer(first)
    by_article: dict[str, list[tuple[Any, str]]] = {}
    for owner, key in _citation_owners(dossier):
        owner.citations = [fix(c, key) for c in owner.citations]
        if index:
            for article in {c.article for c in owner.citations if c.article is not None}:
                by_article.setdefault(article, []).append((owner, key))
    return by_article


def _citation_owners(dossier: Dossier) -> Iterator[tuple[Any, str]]:
    """Everything that holds citations (entity, fact, relation), with the key its mention has."""
    for key, ent in dossier.entities.items():
        yield ent, key
        for facts in ent.facts.values():
            for fact in facts:
                yield fact, key
    for rel in dossier.relations:
        yield rel, rel.subject


def _reanchor(dossier: Dossier, article: str, owners: list[tuple[Any, str]]) -> None:
    """:func:`_attach_anchors` for the citations of one article, given their owners."""
    first: dict[tuple[str, str], str] = {}
    for m in dossier.found.get(article, []):
        first.setdefault((article, m.key), m.anchor)
    fix = _fixer(first)
    for owner, key in owners:
        owner.citations = [c if c.article != article else fix(c, key) for c in owner.citations]


#: The last resolved dossier, when builds follow each other (``Options.rebuild``):
#: (digest of the sources but article bodies, the dossier, its ambiguous names,
#: the problems found resolving it, its pseudonym replacement, the raw article
#: bodies by path).
_RESOLVED: list[tuple[str, Dossier, set[str], list, Pseudonyms | None, dict[str, str]]] = []


def _sources_digest(sources: list[Source]) -> str:
    """Everything of the sources that resolving reads, but article bodies."""
    h = hashlib.sha256()
    for src in sources:
        part = incremental.head_digest(src) if src.kind == "article" else src.digest
        h.update(f"{src.path}\0{src.kind}\0{src.body_line}\0{part}\n".encode())
    return h.hexdigest()


def _resolved(sources: list[Source], problems: Problems, keep: bool) -> tuple[Dossier, set[str]]:
    """Resolve the sources, or reuse the last resolve if only article bodies changed.

    An article body reaches the resolved dossier only as ``Article.body``
    (with pseudonyms applied and markers disarmed); everything else resolve,
    the checks and the pseudonyms make comes from front matter and entity
    files. So a reused dossier gets the new bodies, and loses the mentions
    and rewritten texts that matching makes again.
    """
    digest = _sources_digest(sources) if keep else ""
    if keep and _RESOLVED and _RESOLVED[0][0] == digest:
        _, dossier, ambiguous, found, swap, raw = _RESOLVED[0]
        problems.extend(found)
        bodies = {src.path: src.body for src in sources if src.kind == "article"}
        for article in dossier.articles.values():
            body = bodies[article.path]
            if raw[article.path] != body:
                article.body = disarm_markers(swap(body) if swap else body)
                raw[article.path] = body
        dossier.mentions = {}
        dossier.found = {}
        return dossier, ambiguous
    local = Problems()
    dossier, ambiguous = resolve(sources, local)
    check_entities(dossier, local)
    swap = apply_pseudonyms(dossier)
    _disarm(dossier)
    problems.extend(local)
    _RESOLVED.clear()
    if keep:
        raw = {src.path: src.body for src in sources if src.kind == "article"}
        _RESOLVED.append((digest, dossier, ambiguous, list(local), swap, raw))
    return dossier, ambiguous


#: The lookup of the last dossier loaded, made once for the load and the
#: plugin's [[links]]; a serve rebuild that reuses the dossier reuses it too.
_LOOKUP: list[tuple[Dossier, Lookup]] = []


def lookup_for(dossier: Dossier) -> Lookup:
    """The :class:`Lookup` of ``dossier``'s entities, made once per dossier."""
    if _LOOKUP and _LOOKUP[0][0] is dossier:
        return _LOOKUP[0][1]
    lookup = Lookup(dossier.entities)
    _LOOKUP[:] = [(dossier, lookup)]
    return lookup


def load_dossier(
    root: Path, options: Options | None = None, timings: Timings | None = None
) -> Dossier:
    """Load, validate and resolve the dossier under ``root`` (the ``dossier/`` folder).

    ``timings``, if given, receives the time of the ``load``, ``resolve`` and
    ``match`` stages.
    """
    options = options or Options()
    with collector_paused(freeze=not options.rebuild):
        return _load(root, options, timings or Timings())


@contextmanager
def collector_paused(freeze: bool = True) -> Iterator[None]:
    """Python's cyclic garbage collector off inside; what was made there, frozen.

    Loading makes millions of long-lived objects and no garbage cycles: at
    10,000 articles, 13 full collections during loading freed nothing and
    cost a third of its CPU time, each walking every object made so far.
    Frozen, the model is also skipped by the collections that MkDocs's page
    rendering triggers. Nested uses (the plugin's serve builds wrap the
    whole of ``on_files``) leave the collector as the outermost found it.

    ``freeze=False`` is for ``mkdocs serve``: there the next build would
    have to thaw the frozen objects and collect them all at once, to free
    the previous build's cycles (MkDocs' pages hold their files, which were
    frozen, so nothing else would ever free them). That full collection
    walked the serve caches too and freed MkDocs' previous pages: 0.5 s per
    rebuild at 2,000 articles, as much as the collector's own full
    collections cost over the whole rebuild without freezing. Left young,
    the objects go through the collector's generations as usual. Whatever
    a one-off build in the same process froze is thawed and collected here.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()  # the last build's garbage, before it is frozen again
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, options: Options, timings: Timings) -> Dossier:
    problems = Problems()
    with timings.stage("load"):
        sources = load_sources(root, problems)
        withheld: list[str] = []
        if not options.include_embargoed:
            sources, withheld = split_embargoed(sources, options.now or build_time())
    with timings.stage("resolve"):
        dossier, ambiguous = _resolved(sources, problems, options.rebuild)
        lookup = lookup_for(dossier)
    with timings.stage("match"):
        matcher = Matcher(_names(dossier, ambiguous))
        _scan_articles(dossier, matcher, lookup, problems, options, _UNANCHORED)
        _attach(dossier, options.rebuild)
    if options.geocode:
        with timings.stage("geocode"):
            dossier.locations = locate(dossier, root, problems, country=options.country)
    dossier.problems = list(problems)
    dossier.withheld = withheld
    with timings.stage("load"):
        settings = (options.link_mentions, str(options.include_embargoed))
        dossier.structure = structure_digest(sources, dossier, root, settings)
    return dossier


def _disarm(dossier: Dossier) -> None:
    """No editor's Markdown can pass for a plugin marker (HTML is cleaned after Markdown)."""
    for article in dossier.articles.values():
        article.body = disarm_markers(article.body)
    for ent in dossier.entities.values():
        ent.description = disarm_markers(ent.description)
