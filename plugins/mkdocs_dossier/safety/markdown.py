"""The editorial safety layer: embargoes, protected names, and what may
reach a reader's browser.

Plain functions without MkDocs. Embargoed articles are removed before
resolution, so nothing of them (page, mentions, backlinks, facts) can appear
anywhere; protected names are removed from the model after resolution, so no
template or export can print them by mistake, and the built site is scanned
for them afterwards as the last line of defence."""

from __future__ import annotations

import html
import re

from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

from mkdocs_dossier.core.model import Dossier

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
