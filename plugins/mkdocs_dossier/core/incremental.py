"""Re-rendering only what an edit changed, across ``mkdocs serve`` rebuilds.

``mkdocs serve`` rebuilds with a fresh config and plugin instance, so what
survives a rebuild lives here, at module level, keyed by content hashes.

The rule is deliberately simple, so it stays right as features are added:

- If anything *structural* changed (any article's front matter, any entity
  file, any other file in the dossier folder such as a geocode lock file, the
  set of articles published, the options or the templates), every page is
  rendered again: names, facts, relations and coordinates can show up
  anywhere.
- If only article *bodies* changed, what can differ is the edited article's
  own page and the mentions, snippets and paragraph anchors it gives the
  entities it mentions or cites. So those pages are rendered again, and every
  other page is reused as it was. Index pages and the graph page are made
  from the structure alone (names, summaries, dates, places, relations), so
  they are reused too, unless a template is overridden: an override may show
  mentions on an index page.

A page feature whose content for entity X depends on an article's body other
than through that article mentioning or citing X breaks the second rule:
``tests/test_incremental.py`` compares a reused render with a full one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.core.sources import Source, suffix_of, walk_files

#: What an article's body gives one entity's page: its mentions there, in
#: order, as (paragraph anchor, snippet, text). Citation anchors follow from it.
_Given = tuple[tuple[str, str, str], ...]


@dataclass
class _State:
    """What the previous build rendered, and from what."""

    structure: str = ""
    bodies: dict[str, str] = field(default_factory=dict)  # article id -> body
    given: dict[str, dict[str, _Given]] = field(default_factory=dict)  # article -> key -> mentions
    pages: dict[str, str] = field(default_factory=dict)


_PREVIOUS = _State()
#: Front-matter digests by file digest: a rebuild hashes only changed files.
_HEADS: dict[str, str] = {}


def head_digest(source: Source) -> str:
    """A digest of an article's front matter: what it says, and where."""
    if source.head:
        # Hashing the front matter as written says the same as hashing the
        # record made from it, at a fraction of the cost of repr() of the
        # record (3 s under the profiler at 10,000 articles). A comment-only
        # edit now counts as structural: a full re-render, never a stale page.
        return source.head
    if source.digest not in _HEADS:
        _HEADS[source.digest] = hashlib.sha256(repr(source.record).encode()).hexdigest()
    return _HEADS[source.digest]


def structure_digest(
    sources: Iterable[Source], dossier: Dossier, root: Path, extra: Iterable[str] = ()
) -> str:
    """A digest of everything but article bodies that the pages are made from.

    ``extra``: settings that change pages (options, templates).
    """
    h = hashlib.sha256()
    for src in sources:
        part = head_digest(src) if src.kind == "article" else src.digest
        h.update(f"{src.path}\0{src.kind}\0{part}\n".encode())
    h.update(repr(sorted(dossier.articles)).encode())
    for parts in walk_files(root):
        path = root.joinpath(*parts)
        if suffix_of(parts[-1]) != ".md" and path.is_file():  # lock files and the like
            h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    for item in extra:
        h.update(item.encode() + b"\0")
    return h.hexdigest()


def _given(dossier: Dossier, articles: Iterable[str]) -> dict[str, dict[str, _Given]]:
    """For each of ``articles``: entity key -> the mentions its body gives that entity."""
    out: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    for ident in articles:
        found = out[ident] = {}
        for m in dossier.found.get(ident, ()):
            found.setdefault(m.key, []).append((m.anchor, m.snippet, m.text))
    return {ident: {k: tuple(v) for k, v in found.items()} for ident, found in out.items()}


def _edited(dossier: Dossier, prev: _State) -> list[str]:
    """Articles whose body differs from the previous build's."""
    # Unchanged bodies are mostly the very same string (sources.py keeps
    # parsed files), so the comparison is usually an identity check.
    return [i for i, a in dossier.articles.items() if prev.bodies.get(i) != a.body]


def reusable(dossier: Dossier, structure: str, overridden: bool = False) -> dict[str, str]:
    """Pages of the previous build that this build may reuse as they are.

    ``structure`` is the dossier's structure digest combined with the site's
    settings (:func:`settings_digest`); ``overridden``: the site overrides
    templates, so index pages are rendered again.

    An edited article's page is stale, and so is the page of every entity
    whose mentions in that article changed (their snippets, texts or
    paragraphs): the page lists them and cites the article's paragraph. A
    relation the article states is cited on both ends' pages with the anchor
    of the subject's mention, so the object's page goes stale with it.
    """
    prev = _PREVIOUS
    if not prev.pages or prev.structure != structure:
        return {}
    edited = _edited(dossier, prev)
    given = _given(dossier, edited)
    stale: set[str] = set()
    changed: dict[str, set[str]] = {}
    for ident in edited:
        stale.add(f"articles/{ident}.md")
        old, new = prev.given.get(ident, {}), given[ident]
        changed[ident] = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    if edited:
        for rel in dossier.relations:
            for cite in rel.citations:
                if cite.article in changed and rel.subject in changed[cite.article]:
                    changed[cite.article].add(rel.object)
    for keys in changed.values():
        stale.update(f"{key}.md" for key in keys)
    return {
        uri: text
        for uri, text in prev.pages.items()
        if uri not in stale and not (overridden and uri.endswith("/index.md"))
    }


def remember(dossier: Dossier, structure: str, pages: dict[str, str]) -> None:
    """Keep this build's pages for the next rebuild."""
    global _PREVIOUS
    prev = _PREVIOUS
    if prev.structure == structure and prev.given:
        edited = _edited(dossier, prev)
        given = {**prev.given, **_given(dossier, edited)}
    else:
        given = _given(dossier, dossier.articles)
    bodies = {ident: a.body for ident, a in dossier.articles.items()}
    _PREVIOUS = _State(structure, bodies, given, pages)


def overrides(template_dirs: Iterable[Path]) -> bool:
    """Whether any of the site's template folders holds a template."""
    return any(path.is_file() for folder in template_dirs for path in folder.rglob("*.j2"))


def settings_digest(structure: str, settings: str, template_dirs: Iterable[Path]) -> str:
    """``structure`` combined with the plugin's settings and every template's text."""
    h = hashlib.sha256(f"{structure}\0{settings}\0".encode())
    package = Path(__file__).parent.parent / "templates"
    for folder in (*template_dirs, package):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def forget() -> None:
    """Drop the remembered pages (a one-off build needs no next time)."""
    global _PREVIOUS
    _PREVIOUS = _State()
    _HEADS.clear()
