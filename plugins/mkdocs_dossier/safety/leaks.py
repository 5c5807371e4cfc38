"""The leak scan: the built site read for protected names before it is published.

A name is looked for as a reader, a search engine or a script could read it,
not only as typed: every text is decoded (JSON ``\\u`` escapes, HTML
entities, URL escapes, tags), then normalised (Unicode NFKC, case folding,
format and zero-width characters and soft hyphens removed, Markdown emphasis
marks removed, look-alike letters of other scripts replaced by the Latin
letter they pass for: Unicode TR39 confusables). Between the parts of a name
any run of up to three separators is allowed, or none: ``Srey Ann``,
``Srey-Ann``, ``srey.ann``, ``SreyAnn``, ``S**rey** Ann``, ``Srеy Ann`` with a
Cyrillic ``е`` all match. File and folder names are read too, and gzip files
(``sitemap.xml.gz``) are read decompressed.

The same normalisation finds names in messages (:func:`redact`), so no log
line prints a protected name or its slug.
"""

from __future__ import annotations

import functools
import gzip
import html
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from confusable_homoglyphs import utils as homoglyphs

#: Files that cannot hold text worth scanning.
_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".eot"}

_TAG = re.compile(r"<[^>]*>")
#: An attribute's value inside a tag, quoted either way or bare.
_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
#: Markdown emphasis and code marks, which may split a word (``Him *Ne*ang``).
_EMPHASIS = str.maketrans("", "", "*_~`")
#: What may stand between two parts of a name: up to three non-letters, or nothing.
_BETWEEN = r"[\W_]{0,3}"


@functools.cache
def _skeleton_table() -> dict[int, str]:
    """Non-ASCII characters -> the ASCII letter or digit they look like (TR39 data)."""
    table: dict[int, str] = {}
    for char, glyphs in homoglyphs.load("confusables.json").items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in glyphs:
            c = glyph["c"]
            if len(c) == 1 and c.isascii() and c.isalnum():
                table[ord(char)] = c.lower()
                break
    return table


def normalise(text: str) -> str:
    """``text`` as compared with names: NFKC, folded, invisible and emphasis marks gone,
    look-alike letters replaced by the Latin ones they imitate."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.translate(_skeleton_table()).translate(_EMPHASIS)


def name_parts(name: str) -> list[str]:
    """The normalised words of a name (its letters and digits, in order)."""
    return [part for part in re.split(r"[\W_]+", normalise(name)) if part]


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all the names over normalised text, longest first."""
    alternatives = []
    for parts in sorted(
        {tuple(name_parts(n)) for n in names if n.strip()}, key=lambda p: (-len("".join(p)), p)
    ):
        if parts:
            alternatives.append(_BETWEEN.join(re.escape(p) for p in parts))
    if not alternatives:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _readable(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            return ""
    return raw.decode("utf-8", errors="replace")


def _decoded(text: str) -> str:
    """Escapes undone: JSON, HTML entities (twice, for ``&amp;shy;``), URLs."""
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "%" in text:
        text = unquote(text)
    return text


def views(text: str) -> list[str]:
    """The normalised text as a reader, a search engine and a script would see it.

    Tags become a space in one view (block boundaries) and nothing in the
    other (``Him <em>Ne</em>ang`` is one word to a reader).
    """
    text = _decoded(text)
    out = [text]
    if "<" in text:
        # Markup itself is not text: "<p>Roe" must not read as "p Roe". What
        # tags carry (a link's address, a title) is read on its own.
        values = " ".join(" ".join(v) for v in _VALUE.findall(" ".join(_TAG.findall(text))))
        out = [_TAG.sub(" ", text), _TAG.sub("", text), values]
    return [normalise(v) for v in out]


def _owners(protected: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {tuple(name_parts(n)): key for key, names in sorted(protected.items()) for n in names}


def _owner(match: str, owners: dict[tuple[str, ...], str]) -> str:
    parts = tuple(p for p in re.split(r"[\W_]+", match) if p)
    if parts in owners:
        return owners[parts]
    joined = "".join(parts)
    return next((key for p, key in owners.items() if "".join(p) == joined), "?")


def find_leaks(site_dir: Path, protected: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Every (site-relative file or folder, entity key) where a protected name appears."""
    pattern = names_pattern(n for names in protected.values() for n in names)
    if pattern is None:
        return []
    owners = _owners(protected)
    leaks: set[tuple[str, str]] = set()
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        # Its name first: an empty folder named after a person says who it is.
        texts = [rel]
        if path.is_file() and path.suffix.lower() not in _BINARY:
            texts.append(_readable(path))
        for text in texts:
            for view in views(text):
                leaks.update((rel, _owner(m.group(0), owners)) for m in pattern.finditer(view))
    return sorted(leaks)


def redact(message: str, protected: dict[str, list[str]]) -> str:
    """``message`` with no protected name or slug of one in it, however written.

    Names written plainly or with separators are replaced where they stand;
    a message that still holds one once normalised (a look-alike letter, an
    escape) is replaced whole.
    """
    names = [n for ns in protected.values() for n in ns]
    pattern = names_pattern(names)
    if pattern is None:
        return message
    plain = [r"[\W_]{0,3}".join(re.escape(w) for w in re.split(r"[\W_]+", n) if w) for n in names]
    raw = re.compile("|".join(p for p in plain if p), re.IGNORECASE) if any(plain) else None
    if raw is not None:
        message = raw.sub("[a protected entity]", message)
    if any(pattern.search(v) for v in views(message)):
        where = re.match(r"^\S+:\d+:\d+: ", message)
        head = where.group(0) if where else ""
        return f"{head}a problem that names a protected entity; open the file to see it"
    return message
