"""The leak scan: the built site read for protected names before it is published."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

from mkdocs_dossier.safety.pseudonyms import _fold, _name_pattern

#: Files that cannot hold text worth scanning.
_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".eot"}


_TAG = re.compile(r"<[^>]*>")


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _readable(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            return ""
    return raw.decode("utf-8", errors="replace")


def _views(text: str) -> list[str]:
    """The text as a reader, a search engine and a script would see it.

    Each view is made only when it can differ from the raw text, so a large
    script with no entity, escape or tag costs one scan.
    """
    views = [text]
    if "\\u" in text:
        views.append(_JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
    if "&" in text:
        views += [html.unescape(v) for v in views]
    if "<" in text:
        views += [_TAG.sub(" ", v) for v in views]
    return views


def find_leaks(site_dir: Path, protected: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Every (site-relative file, entity key) where a protected name appears, sorted."""
    owner = {_fold(n): key for key, names in sorted(protected.items()) for n in names}
    pattern = _name_pattern([n for names in protected.values() for n in names])
    if pattern is None:
        return []
    # A name can only be in a view that holds its first word: a cheap test
    # that spares the full pattern almost every file.
    firsts = {n.split()[0] for n in owner if n.split()}
    leaks = set()
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() in _BINARY:
            continue
        rel = path.relative_to(site_dir).as_posix()
        for view in _views(_readable(path)):
            folded = view.casefold()
            if not any(word in folded for word in firsts):
                continue
            # One pass over the view finds every name of every protected entity.
            leaks.update((rel, owner.get(_fold(m.group(0)), "?")) for m in pattern.finditer(view))
    return sorted(leaks)
