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
  entities it mentions or cites. So those pages and every index page are
  rendered again, and every other page is reused as it was.

A page feature whose content for entity X depends on an article's body other
than through that article mentioning or citing X breaks the second rule:
``tests/test_incremental.py`` compares a reused render with a full one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Dossier
from .sources import Source


@dataclass
class _State:
    """What the previous build rendered, and from what."""

    structure: str = ""
    bodies: dict[str, str] = field(default_factory=dict)  # article id -> body digest
    touches: dict[str, set[str]] = field(default_factory=dict)  # article id -> entity keys
    pages: dict[str, str] = field(default_factory=dict)


_PREVIOUS = _State()
#: Front-matter digests by file digest: a rebuild hashes only changed files.
_HEADS: dict[str, str] = {}


def _head_digest(source: Source) -> str:
    """A digest of an article's front matter: what it says, and where."""
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
        part = _head_digest(src) if src.kind == "article" else src.digest
        h.update(f"{src.path}\0{src.kind}\0{part}\n".encode())
    h.update(repr(sorted(dossier.articles)).encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix != ".md":  # lock files and the like
            h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    for item in extra:
        h.update(item.encode() + b"\0")
    return h.hexdigest()


def _touches(dossier: Dossier) -> dict[str, set[str]]:
    """Article id -> the entities it mentions or annotates."""
    out: dict[str, set[str]] = {ident: set(a.annotated) for ident, a in dossier.articles.items()}
    for key, mentions in dossier.mentions.items():
        for m in mentions:
            if m.article in out:
                out[m.article].add(key)
    # A relation an article states is cited, with a paragraph anchor, on the
    # pages of both ends, which the article need not annotate.
    for rel in dossier.relations:
        for cite in rel.citations:
            if cite.article in out:
                out[cite.article].update((rel.subject, rel.object))
    return out


def reusable(dossier: Dossier, structure: str) -> dict[str, str]:
    """Pages of the previous build that this build may reuse as they are.

    ``structure`` is the dossier's structure digest combined with the site's
    settings (:func:`settings_digest`).
    """
    prev = _PREVIOUS
    if not prev.pages or prev.structure != structure:
        return {}
    touches = _touches(dossier)
    stale: set[str] = set()
    for ident, article in dossier.articles.items():
        if prev.bodies.get(ident) != _body_digest(article.body):
            stale.add(f"articles/{ident}.md")
            for key in touches.get(ident, set()) | prev.touches.get(ident, set()):
                stale.add(f"{key}.md")
    return {
        uri: text
        for uri, text in prev.pages.items()
        if uri not in stale and not uri.endswith("/index.md")
    }


def remember(dossier: Dossier, structure: str, pages: dict[str, str]) -> None:
    """Keep this build's pages for the next rebuild."""
    global _PREVIOUS
    _PREVIOUS = _State(
        structure,
        {ident: _body_digest(a.body) for ident, a in dossier.articles.items()},
        _touches(dossier),
        pages,
    )


def settings_digest(structure: str, settings: str, template_dirs: Iterable[Path]) -> str:
    """``structure`` combined with the plugin's settings and every template's text."""
    h = hashlib.sha256(f"{structure}\0{settings}\0".encode())
    package = Path(__file__).parent / "templates"
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


def _body_digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()
