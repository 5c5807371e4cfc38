"""The editorial safety layer: embargoes, protected names, and what may
reach a reader's browser.

Plain functions without MkDocs. Embargoed articles are removed before
resolution, so nothing of them (page, mentions, backlinks, facts) can appear
anywhere; protected names are removed from the model after resolution, so no
template or export can print them by mistake, and the built site is scanned
for them afterwards as the last line of defence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

from .errors import Pos, Problem, Problems
from .model import Dossier, Participant
from .sources import _BOUNDARY, Source, compose, default_id, split_front_matter


def source_date_epoch(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` names (reproducible builds), or None when unset or unusable.

    Read as MkDocs reads it (an integer, surrounding spaces allowed); a value
    that is no integer or out of range counts as unset.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def build_time(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The build's notion of now: ``SOURCE_DATE_EPOCH`` when set, else the clock (as MkDocs)."""
    return source_date_epoch(environ) or dt.datetime.now(tz=dt.UTC)


def split_embargoed(sources: list[Source], now: dt.datetime) -> tuple[list[Source], list[str]]:
    """The sources publishable at ``now``, and the ids of articles withheld."""
    kept, withheld = [], []
    for src in sources:
        embargo = src.record.get("embargo") if src.kind == "article" else None
        if embargo is not None and embargo > now:
            withheld.append(src.record.get("id") or default_id(src.path))
        else:
            kept.append(src)
    return kept, sorted(withheld)


# --- protected names -------------------------------------------------------


def _name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive, any-whitespace pattern for the names, longest first."""
    parts = []
    for name in sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        words = [re.escape(w) for w in name.split()]
        parts.append(r"\s+".join(words))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


class Pseudonyms:
    """Replaces every protected name in a text with its entity's pseudonym."""

    def __init__(self, dossier: Dossier) -> None:
        self.display: dict[str, str] = {}
        for key, names in dossier.protected.items():
            for name in names:
                self.display.setdefault(_fold(name), dossier.entities[key].title)
        self.pattern = _name_pattern([n for names in dossier.protected.values() for n in names])

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.display.get(_fold(m.group(0)), "[withheld]"), text)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def apply_pseudonyms(dossier: Dossier) -> Pseudonyms | None:
    """Put pseudonyms in place of protected names in every text the site shows.

    Returns the replacement it used (``None``: nothing is protected), for a
    text that joins the dossier later.
    """
    if not dossier.protected:
        return None
    swap = Pseudonyms(dossier)
    for article in dossier.articles.values():
        article.title = swap(article.title)
        article.body = swap(article.body)
        article.meta = {k: swap(v) if isinstance(v, str) else v for k, v in article.meta.items()}
    for ent in dossier.entities.values():
        ent.description = swap(ent.description)
        for facts in ent.facts.values():
            for fact in facts:
                fact.value = _swap_value(fact.value, swap)
    for rel in dossier.relations:
        rel.role = swap(rel.role) if rel.role else rel.role
    return swap


def _swap_value(value: Any, swap: Pseudonyms) -> Any:
    if isinstance(value, str) and "/" not in value:  # entity keys are left alone
        return swap(value)
    if isinstance(value, tuple) and value and isinstance(value[0], Participant):
        return tuple(dataclasses.replace(p, role=swap(p.role) if p.role else p.role) for p in value)
    return value


# --- the built site, scanned ---------------------------------------------

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


# --- docs/ pages -----------------------------------------------------------


def docs_front_matter_problems(text: str, path: str) -> list[Problem]:
    """Problems in a docs/ page's front matter, which MkDocs itself drops silently.

    MkDocs shows a page whose front matter is broken or never closed as if the
    YAML were text, and loses its title and other settings without a word.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    first = text.split("\n", 1)[0]
    if not _BOUNDARY.fullmatch(first):
        return []
    problems = Problems()
    parts = split_front_matter(text, path, problems)
    if parts is not None:
        node = compose(parts[0], path, problems)
        if node is not False and node is not None and not isinstance(node, yaml.MappingNode):
            mark = node.start_mark
            problems.add(
                Pos(path, mark.line + 2, mark.column + 1),
                "the front matter should be a mapping of keys to values",
                "write one 'key: value' per line",
            )
    return list(problems)


# --- Markdown written by editors -----------------------------------------

#: Schemes a link may use; anything else (``javascript:``, ``data:``...) is dropped.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
#: Python-Markdown's own pattern of a fenced code block.
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
#: Python-Markdown's own code span finder: where a run of backticks opens a
#: span and which run closes it (a shorter run may close a longer one).
_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)
#: A blank line: Markdown never pairs backticks across one.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: ``<`` that would open a tag, a comment or a processing instruction...
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
#: ...except autolinks to safe URLs and e-mail addresses, which Markdown makes links.
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+>", re.IGNORECASE)
_INLINE_LINK = re.compile(
    r"!?\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # [text], one level of nested brackets
    r"\(\s*(?:<(?P<angled>[^<>\n]*)>|(?P<dest>(?:[^()\s]|\([^()\s]*\))*))"  # (<dest> or dest
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"  # optional "title")
)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)>?.*$", re.MULTILINE)


def safe_url(url: str) -> bool:
    """Whether a link target is relative or uses http, https or mailto."""
    plain = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lstrip("<").lower()
    m = _SCHEME.match(plain)
    return m is None or m.group(1) in SAFE_SCHEMES


def _neutralize_segment(text: str) -> str:
    def link(m: re.Match[str]) -> str:
        dest = m.group("angled") if m.group("angled") is not None else m.group("dest")
        return m.group(0) if safe_url(dest) else m.group("text")

    def definition(m: re.Match[str]) -> str:
        return m.group(0) if safe_url(m.group(1)) else ""

    # Tags first, so a link's destination cannot hide one from the link pattern.
    out, cursor = [], 0
    for m in _AUTOLINK.finditer(text):
        out.append(_TAG_OPEN.sub("&lt;", text[cursor : m.start()]))
        out.append(m.group(0))
        cursor = m.end()
    out.append(_TAG_OPEN.sub("&lt;", text[cursor:]))
    text = _INLINE_LINK.sub(link, "".join(out))
    return _REF_DEF.sub(definition, text)


def neutralize_markdown(text: str) -> str:
    """Editor Markdown that cannot inject markup: raw HTML is shown as written,
    links with unsafe schemes keep only their text.

    Only code that Markdown itself will certainly treat as code is left as it
    is: fenced blocks as Python-Markdown's ``fenced_code`` (which MkDocs always
    enables) recognizes them, and code spans within one line. Anything else
    that merely looks like code is escaped too, so a fence left open or an
    escaped backtick cannot smuggle a tag past this function.
    """
    if "<" not in text and ":" not in text:
        return text
    out, cursor = [], 0
    for m in _FENCED.finditer(text):
        out.append(_neutralize_prose(text[cursor : m.start()]))
        out.append(m.group(0))
        cursor = m.end()
    out.append(_neutralize_prose(text[cursor:]))
    return "".join(out)


def _neutralize_prose(text: str) -> str:
    out, cursor = [], 0
    for start, end in _code_spans(text):
        out.append(_neutralize_segment(text[cursor:start]))
        out.append(text[start:end])
        cursor = end
    out.append(_neutralize_segment(text[cursor:]))
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans Python-Markdown will certainly make of ``text``.

    Spans are paired paragraph by paragraph the way Markdown pairs them
    (its own finder decides). A span is only trusted within one line: a
    paragraph may hold several blocks (a heading, list items, table rows),
    which Markdown pairs separately. So a paragraph where Markdown would pair
    across a line, or where a backslash precedes a backtick (escapes change
    the pairing), gets no code spans at all: everything in it is escaped,
    which can only show a ``<`` too many inside real code.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in _BLANK_LINE.split(text):
        found = [] if "\\`" in paragraph else _paragraph_spans(paragraph)
        if all("\n" not in paragraph[a:b] for a, b in found):
            spans.extend((offset + a, offset + b) for a, b in found)
        offset = text.index(paragraph, offset) + len(paragraph)
    return spans


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as ``BacktickInlineProcessor`` finds them, in one paragraph."""
    spans = []
    pattern = _BACKTICKS.compiled_re
    at = 0
    while (m := pattern.search(text, at)) is not None:
        if m.group(1):  # escaped backslashes: the caller leaves such text alone
            at = m.end()
            continue
        start, end = _BACKTICKS.find_code_spans(m.start(), text)
        if end is None:
            at = start  # no closing run: the opening run is plain text
            continue
        stop = end + (start - m.start())
        spans.append((m.start(), stop))
        at = stop
    return spans


def neutralize_dossier(dossier: Dossier) -> None:
    """Neutralize every editor-written Markdown text of the dossier."""
    for article in dossier.articles.values():
        article.body = neutralize_markdown(article.body)
    for ent in dossier.entities.values():
        ent.description = neutralize_markdown(ent.description)
