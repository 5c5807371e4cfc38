"""The core pipeline: sources -> model -> resolved dossier, without MkDocs.

:func:`load_dossier` is what any generator calls; the MkDocs plugin is one.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from mkdocs_dossier.core import evidence
from mkdocs_dossier.core.checks import check_entities
from mkdocs_dossier.core.errors import Pos, Problem, Problems, did_you_mean
from mkdocs_dossier.core.memo import Memo, fresh
from mkdocs_dossier.core.mentions import Matcher, SentenceMention, Sentences, scan
from mkdocs_dossier.core.model import Dossier, Entity, Mention, slugify
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.core.resolve import resolve
from mkdocs_dossier.core.sources import Source, load_sources
from mkdocs_dossier.core.timing import Timings
from mkdocs_dossier.geo.geocode import locate
from mkdocs_dossier.safety.embargo import build_time, split_embargoed
from mkdocs_dossier.safety.pseudonyms import Pseudonyms, apply_pseudonyms
from mkdocs_dossier.safety.sanitize import disarm_markers


class Lookup:
    """Finds an entity from what an editor writes in ``[[...]]``: key, id, name or alias."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        index: dict[str, set[str]] = defaultdict(set)
        self._ids: list[str] = []
        for key, ent in entities.items():
            index[key.casefold()].add(key)
            index[ent.id.casefold()].add(key)
            self._ids.append(ent.id)
            for name in ent.published_names:
                index[name.casefold()].add(key)
        # Kept as tuples: a set of one key was four times the size of a tuple
        # of it, and the plugin keeps a lookup for the whole build.
        self._index: dict[str, tuple[str, ...]] = {
            text: tuple(sorted(keys)) for text, keys in index.items()
        }

    def find(self, text: str, pos: Pos, problems: Problems) -> str | None:
        found = self._index.get(text.casefold()) or self._index.get(slugify(text), ())
        if len(found) == 1:
            return found[0]
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


def _names(dossier: Dossier, ambiguous: set[str]) -> dict[str, str]:
    names = {}
    for key, ent in dossier.entities.items():
        for name in ent.published_names:
            if name not in ambiguous:
                names[name] = key
    return names


def _names_key(names: dict[str, str], entities: dict[str, Entity]) -> str:
    """A digest of everything a scan reads besides its article: the names it finds
    (the matcher's) and those ``[[links]]`` resolve (the lookup's, in its order)."""
    h = hashlib.blake2b(digest_size=16)
    for name, key in names.items():
        h.update(f"{name}\0{key}\0".encode("utf-8", "surrogatepass"))
    h.update(b"\1")
    for key, ent in entities.items():
        entry = "\0".join([key, ent.id, *ent.published_names, "\1"])
        h.update(entry.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _scan_articles(
    dossier: Dossier,
    names: dict[str, str],
    lookup: Lookup,
    problems: Problems,
    options: Options,
    quotes: dict[str, list[evidence.Found]],
    memo: Memo,
) -> None:
    """Find the mentions of every article and write its linked text, quotes marked.

    A scan reads its article, the names and the options: with the same
    inputs, ``memo`` gives the last build's result.
    """
    names_key = _names_key(names, dossier.entities)
    matcher = memo("matcher", (names_key,), partial(Matcher, names), shared=True)
    #: Each name as written, one string for all its mentions.
    words: dict[str, str] = {}
    for article in dossier.articles.values():
        marks = [(f.start, f.end, f.key) for f in quotes.get(article.id, [])]
        pos = Pos(article.path, article.body_line, 1)

        def make(body: str = article.body, pos: Pos = pos, marks: list = marks) -> tuple:
            found = Problems()
            result = scan(
                body,
                matcher,
                lambda key: f"../{key}.md",
                lambda t, p: lookup.find(t, p, found),
                pos,
                options.link_mentions,
                marks,
            )
            return result.markdown, result.found, found.items

        inputs = (names_key, article.body, repr(pos), options.link_mentions, repr(marks))
        # Shared: the spans are only read here (made into mentions), the rest is immutable.
        markdown, spans, found_problems = memo("scan", inputs, make, shared=True)
        problems.extend(found_problems)
        # The snippets as one string per article; each name as written, once a build.
        table = Sentences([f.snippet for f in spans])
        found: list[Mention] = [
            SentenceMention(f.key, article.id, f.anchor, words.setdefault(f.text, f.text), table, i)
            for i, f in enumerate(spans)
        ]
        article.text = markdown
        dossier.found[article.id] = found
        for mention in found:
            dossier.mentions.setdefault(mention.key, []).append(mention)


def _resolved(
    sources: list[Source], problems: Problems, memo: Memo = fresh
) -> tuple[Dossier, set[str], str]:
    """The resolved, checked dossier with pseudonyms applied and markers disarmed.

    An article's body is no part of resolving (entities, relations, checks
    come from front matter and entity files): it is resolved with the bodies
    left out, so with the same front matter ``memo`` gives the last build's
    resolution (a body edit changes none), and the bodies are put in after.
    The third value names the resolution (a digest of its inputs) for the
    steps that read it, when ``memo`` keeps anything; else it is empty.
    """
    earlier = list(problems)  # the checks read what loading reported (bad dates)

    def make() -> tuple[Dossier, set[str], list[Problem], Pseudonyms | None]:
        found = Problems()
        heads = [dataclasses.replace(s, body="") if s.kind == "article" else s for s in sources]
        dossier, ambiguous = resolve(heads, found)
        check_entities(dossier, found, earlier)
        swap = apply_pseudonyms(dossier)
        _disarm(dossier)
        return dossier, ambiguous, found.items, swap

    inputs = [repr(earlier), *(part for s in sources for part in _resolved_from(s))]
    dossier, ambiguous, found, swap = memo("resolve", inputs, make)
    problems.extend(found)
    bodies = {s.path: s.body for s in sources if s.kind == "article"}
    for article in dossier.articles.values():
        body = bodies[article.path]
        article.body = disarm_markers(swap(body) if swap is not None else body)
    return dossier, ambiguous, _digest(inputs) if memo is not fresh else ""


def _digest(parts: list[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(f"{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


def _resolved_from(source: Source) -> tuple[str, ...]:
    """What resolving reads of one source: all but an article's body."""
    body = "" if source.kind == "article" else source.body
    return (source.path, source.kind, source.head, str(source.body_line), body)


def load_dossier(
    root: Path,
    options: Options | None = None,
    timings: Timings | None = None,
    memo: Memo = fresh,
    collector: Collector | None = None,
) -> Dossier:
    """Load, validate and resolve the dossier under ``root`` (the ``dossier/`` folder).

    ``timings``, if given, receives the time of the ``load``, ``resolve`` and
    ``match`` stages. ``memo`` (``core/memo.py``) may give the results of
    steps whose inputs are those of the last build: the dossier is the same.
    ``collector``: a process that builds again and again keeps one
    (:class:`Collector`); without it, each load is the first.
    """
    options = options or Options()
    with (collector or Collector()).paused():
        return _load(root, options, timings or Timings(), memo)


class Collector:
    """Python's cyclic garbage collector, off while a dossier loads; what was made, frozen.

    Loading makes millions of long-lived objects and no garbage cycles: at
    10,000 articles, 13 full collections during loading freed nothing and
    cost a third of its CPU time, each walking every object made so far.
    Frozen, the model is also skipped by the collections that MkDocs's page
    rendering triggers. Nested pauses leave the collector as the outermost
    found it.

    A process that builds again (``mkdocs serve``, tests) must free the
    last build's garbage cycles before it freezes again. Those made after
    the last freeze (MkDocs' pages and templates) a collection of the young
    generations frees. The few that were frozen while still in use (a few
    hundred objects a build) only a full collection, which walks every
    frozen object (0.8 s at 2,000 articles, 5 s at 10,000): it is done when
    the frozen objects have grown by a quarter since the last one, which
    bounds what they hold, and always by a collector that has done none.
    """

    #: How much the frozen objects may grow before a full collection.
    GROWTH = 1.25

    def __init__(self) -> None:
        #: Objects frozen after the last full collection (0: none done yet).
        self._after_full = 0

    @contextmanager
    def paused(self) -> Iterator[None]:
        frozen = gc.get_freeze_count()
        full = not self._after_full or frozen > self._after_full * self.GROWTH
        if frozen:  # a build before this one: its garbage, before what is alive is frozen
            if full:
                gc.unfreeze()
            gc.collect()
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
            gc.freeze()
            if full:
                self._after_full = gc.get_freeze_count()
        finally:
            if enabled:
                gc.enable()


def _load(root: Path, options: Options, timings: Timings, memo: Memo) -> Dossier:
    problems = Problems()
    with timings.stage("load"):
        sources = load_sources(root, problems, memo)
        withheld: list[str] = []
        if not options.include_embargoed:
            sources, withheld = split_embargoed(sources, options.now or build_time())
    with timings.stage("resolve"):
        dossier, ambiguous, resolution = _resolved(sources, problems, memo)
        lookup = Lookup(dossier.entities)
    with timings.stage("match"):
        names = _names(dossier, ambiguous)
        quotes = evidence.locate(dossier, problems)
        _scan_articles(dossier, names, lookup, problems, options, quotes, memo)
        evidence.attach(dossier, quotes, memo, resolution)
    if options.geocode:
        with timings.stage("geocode"):
            dossier.locations = locate(dossier, root, problems, country=options.country)
    dossier.problems = list(problems)
    dossier.withheld = withheld
    return dossier


def _disarm(dossier: Dossier) -> None:
    """No editor's Markdown can pass for a plugin marker (HTML is cleaned after Markdown)."""
    for article in dossier.articles.values():
        article.body = disarm_markers(article.body)
    for ent in dossier.entities.values():
        ent.description = disarm_markers(ent.description)
