"""Mention matching: one automaton for every name, one pass over each text.

:class:`Matcher` is built once per build from every published name and alias
(Aho-Corasick, via ``pyahocorasick``) and finds whole-word, leftmost-longest,
non-overlapping matches, so "Kampong Trach Khang Lech" wins over "Kampong
Trach". :func:`scan` walks an article's Markdown blocks, skips code, headings,
HTML and existing links, records each mention with its sentence, and rewrites
the body with paragraph anchors and links.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import ahocorasick

from mkdocs_dossier.core.errors import Pos
from mkdocs_dossier.core.model import Mention
from mkdocs_dossier.core.scripts import Boundaries, unspaced


@dataclass(frozen=True, order=True, slots=True)
class Match:
    start: int
    end: int
    key: str
    text: str


def _is_word_char(ch: str) -> bool:
    # A combining mark belongs to the letter before it (Devanagari's vowel signs).
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


#: What :func:`_edge` says of a boundary.
_REJECT, _WORD, _CLUSTER_ONLY = 0, 1, 2


def _edge(text: str, i: int, bounds: Boundaries) -> int:
    """Whether a name may begin or end at ``i`` (0 < i < len(text)), not both sides ASCII.

    Never inside a grapheme cluster. Between letters of a script written
    without spaces, anywhere else (``_WORD`` where ICU's dictionary puts a
    word boundary too, ``_CLUSTER_ONLY`` where it does not); elsewhere only
    at the edge of a word.
    """
    if not bounds.cluster(i):
        return _REJECT
    before, after = text[i - 1], text[i]
    if unspaced(before) or unspaced(after):
        return _WORD if bounds.word(i) else _CLUSTER_ONLY
    if _is_word_char(before) and _is_word_char(after):
        return _REJECT
    return _WORD


def _leftmost_longest(
    candidates: list[tuple[int, int, str]], taken: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, key) of sorted (start, -length, key), none over ``taken``."""
    out: list[tuple[int, int, str]] = []
    cursor = 0
    if taken is None:
        for start, neg_length, key in candidates:
            if start >= cursor:
                cursor = start - neg_length
                out.append((start, cursor, key))
        return out
    starts = [s for s, _, _ in taken]
    for start, neg_length, key in candidates:
        end = start - neg_length
        if start < cursor:
            continue
        i = bisect.bisect_left(starts, end)  # taken spans starting before our end
        if i and taken[i - 1][1] > start:
            continue
        cursor = end
        out.append((start, end, key))
    return out


class Matcher:
    """Finds every known name in a text in one pass."""

    def __init__(self, names: dict[str, str]) -> None:
        """``names`` maps each name or alias to the key of the entity it links to."""
        self.names = names
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for name, key in names.items():
            if name.strip():
                self._automaton.add_word(name, (len(name), key))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Matches leftmost first, longest at each start, never overlapping.

        In space-delimited scripts a name matches as a whole word. In scripts
        written without spaces (Khmer, Thai, Chinese...) it matches where it
        stands, between grapheme clusters; where ICU's dictionary finds word
        boundaries, matches on them are chosen first and the others fill the
        gaps between them.
        """
        return [Match(start, end, key, text[start:end]) for start, end, key in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """:meth:`find` as (start, end, key) tuples, which cost less to make.

        :func:`scan` uses these: a frozen dataclass per match was a tenth of the
        match stage at 10,000 articles.
        """
        if self._empty or not text:
            return []
        if text.isascii():
            return _leftmost_longest(self._ascii_candidates(text))
        candidates: list[tuple[int, int, str]] = []
        #: Matches that split a dictionary word: chosen after the others.
        split: list[tuple[int, int, str]] = []
        limit = len(text)
        add = candidates.append
        bounds: Boundaries | None = None
        for end, (length, key) in self._automaton.iter(text):
            start = end - length + 1
            whole = True
            if start > 0:
                before, ch = text[start - 1], text[start]
                if before < "\x80" and ch < "\x80":
                    if (before.isalnum() or before == "_") and (ch.isalnum() or ch == "_"):
                        continue
                else:
                    bounds = bounds or Boundaries(text)
                    verdict = _edge(text, start, bounds)
                    if verdict == _REJECT:
                        continue
                    whole = verdict == _WORD
            if end + 1 < limit:
                ch, after = text[end], text[end + 1]
                if ch < "\x80" and after < "\x80":
                    if (after.isalnum() or after == "_") and (ch.isalnum() or ch == "_"):
                        continue
                else:
                    bounds = bounds or Boundaries(text)
                    verdict = _edge(text, end + 1, bounds)
                    if verdict == _REJECT:
                        continue
                    whole = whole and verdict == _WORD
            if whole:
                add((start, -length, key))
            else:
                split.append((start, -length, key))
        candidates.sort()
        out = _leftmost_longest(candidates)
        if split:
            split.sort()
            out = sorted(out + _leftmost_longest(split, out))
        return out

    def _ascii_candidates(self, text: str) -> list[tuple[int, int, str]]:
        """Whole-word candidates in ASCII text, sorted as (start, -length, key).

        Most text is ASCII, where a boundary is a word's edge and nothing else
        needs asking. The tests are written out inline (not via
        _is_word_char): at 10,000 articles this loop sees millions of
        candidates and the function calls were most of its cost.
        """
        candidates: list[tuple[int, int, str]] = []
        limit = len(text)
        add = candidates.append
        for end, (length, key) in self._automaton.iter(text):
            start = end - length + 1
            if start > 0:
                ch = text[start - 1]
                if ch.isalnum() or ch == "_":
                    ch = text[start]
                    if ch.isalnum() or ch == "_":
                        continue
            if end + 1 < limit:
                ch = text[end + 1]
                if ch.isalnum() or ch == "_":
                    ch = text[end]
                    if ch.isalnum() or ch == "_":
                        continue
            add((start, -length, key))
        candidates.sort()
        return candidates


# --- Markdown blocks -------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HTML_BLOCK = re.compile(r"^\s{0,3}<(?!https?:)[A-Za-z!/]")
_LEAD = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+|\s*>\s?)*", re.MULTILINE)


def _leading_markers(line: str) -> str:
    """The list and quote markers ``line`` starts with (``_LEAD`` matches any line)."""
    found = _LEAD.match(line)
    return found.group(0) if found else ""


#: Inline spans where a name must not be linked: code, links, images,
#: wiki links, raw HTML tags, bare URLs.
_SKIP = re.compile(
    r"(`+).*?\1|!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]|\[\[[^\]\n]*\]\]"
    r"|<[^>\n]+>|https?://\S+"
)
#: Text every _SKIP match begins with (``!`` only ever before ``[``).
_SKIP_STARTS = ("`", "[", "<", "http")
WIKILINK = re.compile(r"\[\[([^\]|\n]+)(?:\|([^\]\n]+))?\]\]")
#: A sentence end: its punctuation, closing quotes or brackets, the space
#: after, before something that can start a sentence. The break is the match
#: less its first character (the punctuation). Matching the punctuation rather
#: than looking behind for it lets the regex engine skip straight to candidate
#: characters instead of trying every position.
#: Scripts' own full stops end a sentence whatever follows (Khmer ។ ៕ ៚ but
#: not inside ។ល។, "etc."; Burmese ။; Devanagari । ॥; Arabic ؟ ۔; Ethiopic
#: ።; CJK 。！？, which no space follows), unless a closing quote follows: the
#: quoted sentence goes on ("他说：“你好！”然后走了。"). Thai and Lao end a sentence with a
#: space, so a space between two of their letters is a break too.
_LATIN_END = r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[^\s\da-z])"
_OTHER_STOPS = "។៕៚။।॥؟۔።。｡！？\u0e01-\u0e4e\u0e81-\u0edf"
_SENTENCE_END_LATIN = re.compile(_LATIN_END)
_SENTENCE_END = re.compile(
    _LATIN_END + r"|(?<!។ល)[។៕៚။।॥؟۔።。｡！？](?!ល។)\s*(?=[^\s\"'”’)\]」』）])"
    r"|[\u0e01-\u0e4e\u0e81-\u0edf]\s+(?=[\u0e01-\u0e4e\u0e81-\u0edf])"
)
#: Whether a paragraph needs :data:`_SENTENCE_END` (six times slower than the
#: Latin pattern alone, which is all most paragraphs need).
_HAS_OTHER_STOPS = re.compile(f"[{_OTHER_STOPS}]")
#: Words ending in a full stop that do not end a sentence: initials ("U.S.",
#: "W."), titles and abbreviated months, as news copy writes them.
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Col|Lt|Capt|Jr|Sr|No|Vol"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|vs|etc)\.)$"
)


@dataclass
class Block:
    start: int
    end: int
    kind: str  # prose, heading, code, html
    line: int
    section: int
    anchor: str = ""


def blocks(text: str) -> list[Block]:
    """Split Markdown into blocks; each prose block gets a paragraph anchor."""
    out: list[Block] = []
    offset, section, para = 0, 0, 0
    fence: str | None = None
    current: Block | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        end = offset + len(line)
        if fence is not None:
            current.end = end  # type: ignore[union-attr]
            if line.strip().startswith(fence):
                fence, current = None, None
        elif m := _FENCE.match(line):
            fence = m.group(1)[0] * len(m.group(1))
            current = Block(offset, end, "code", number, section)
            out.append(current)
        elif not line.strip():
            current = None
        elif _HEADING.match(line) or (current and current.kind == "prose" and _SETEXT.match(line)):
            section += 1
            if current and current.kind == "prose" and _SETEXT.match(line):
                current.kind, current.anchor, current.end = "heading", "", end
                para -= 1
            else:
                out.append(Block(offset, end, "heading", number, section))
            current = None
        elif current is not None:
            current.end = end
        elif _HTML_BLOCK.match(line):
            current = Block(offset, end, "html", number, section)
            out.append(current)
        elif line.startswith(("    ", "\t")) and not _leading_markers(line).strip():
            current = Block(offset, end, "code", number, section)
            out.append(current)
        else:
            para += 1
            current = Block(offset, end, "prose", number, section, f"p-{para}")
            out.append(current)
        offset = end + 1
    return out


def _skipped_spans(text: str, block: Block) -> list[tuple[int, int]]:
    # Every _SKIP alternative starts with one of these; a paragraph holding none
    # of them (most prose) has no such span, and checking is far cheaper than
    # running the regex, which tries each alternative at every position.
    if not any(c in text[block.start : block.end] for c in _SKIP_STARTS):
        return []
    return [m.span() for m in _SKIP.finditer(text, block.start, block.end)]


@functools.lru_cache(maxsize=256)
def _sentence_breaks(para: str) -> tuple[tuple[int, int], ...]:
    """Where the sentences of a paragraph end: (end of one, start of the next).

    Cached, so the several mentions in one paragraph split it once.
    """
    out = []
    pattern = (
        _SENTENCE_END_LATIN
        if para.isascii() or not _HAS_OTHER_STOPS.search(para)
        else _SENTENCE_END
    )
    for m in pattern.finditer(para):
        start = m.start() + 1
        # An abbreviation is at most a few characters before the break (a
        # longer run of initials also ends in one), so look back only that far:
        # searching from 0 made each break cost the paragraph's length.
        if not _ABBREVIATION.search(para, max(0, start - 12), start):
            out.append((start, m.end()))
    return tuple(out)


def sentences(para: str) -> list[str]:
    """The sentences of a paragraph of plain text."""
    out, begin = [], 0
    for brk_start, brk_end in _sentence_breaks(para):
        out.append(para[begin:brk_start])
        begin = brk_end
    out.append(para[begin:])
    return [s.strip() for s in out if s.strip()]


def _sentence_span(para: str, rel: int, rel_end: int) -> tuple[int, int]:
    """Where the sentence around [rel, rel_end) of ``para`` begins and stops."""
    begin = 0
    stop = len(para)
    for brk_start, brk_end in _sentence_breaks(para):
        if brk_end <= rel:
            begin = brk_end
        elif brk_start >= rel_end:
            stop = brk_start
            break
    return begin, stop


def sentence_span(para: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around [start, end) of a paragraph begins and stops."""
    return _sentence_span(para, start, end)


def sentence_at(text: str, start: int, end: int, block: Block) -> str:
    """The sentence of ``text`` around [start, end), as plain text."""
    para = text[block.start : block.end]
    begin, stop = _sentence_span(para, start - block.start, end - block.start)
    return plain(para[begin:stop])


class _Sentences:
    """:func:`sentence_at` for one text, reducing each sentence to plain text once.

    A paragraph's several mentions mostly share sentences; slicing the paragraph
    and running :func:`plain` per mention was the largest cost of the match
    stage. The sentence around a mention is found by bisecting the paragraph's
    breaks, which gives what :func:`_sentence_span`'s walk gives: breaks are
    sorted and disjoint, so the walk begins after the last break ending at or
    before the mention and stops at the first later break starting at or after
    its end.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        #: Block start -> (paragraph, break starts, break ends).
        self._paras: dict[int, tuple[str, list[int], list[int]]] = {}
        self._plain: dict[tuple[int, int, int], str] = {}

    def at(self, start: int, end: int, block: Block) -> str:
        cached = self._paras.get(block.start)
        if cached is None:
            para = self.text[block.start : block.end]
            breaks = _sentence_breaks(para)
            cached = (para, [s for s, _ in breaks], [e for _, e in breaks])
            self._paras[block.start] = cached
        para, starts, ends = cached
        rel = start - block.start
        i = bisect.bisect_right(ends, rel)
        begin = ends[i - 1] if i else 0
        j = bisect.bisect_left(starts, end - block.start, i)
        stop = starts[j] if j < len(starts) else len(para)
        key = (block.start, begin, stop)
        out = self._plain.get(key)
        if out is None:
            out = self._plain[key] = plain(para[begin:stop])
        return out


_TAG = re.compile(r"<[^>\n]+>")
_EMPHASIS = str.maketrans("", "", "*_`")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|\[\[(?:[^\]|\n]+\|)?([^\]\n]+)\]\]")


def plain(markdown: str) -> str:
    """Markdown inline text reduced to what a reader sees, on one line."""
    # Each substitution runs only when its text can match (most sentences hold
    # no link, tag or emphasis); the results are those of running them all.
    text = markdown
    if "[" in text:
        text = _MD_LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    if "<" in text:
        text = _TAG.sub("", text)
    # On one line _LEAD can only match at the start (it always matches there).
    lead = _LEAD.match(text).end()  # type: ignore[union-attr]
    text = _LEAD.sub("", text) if "\n" in text else text[lead:]
    # Removing every run of one to three of these removes each of them.
    if "*" in text or "_" in text or "`" in text:
        text = text.translate(_EMPHASIS)
    return " ".join(text.split())


@dataclass(slots=True)
class Found:
    key: str
    anchor: str
    snippet: str
    text: str
    start: int
    end: int
    section: int


class Sentences:
    """One article's mention snippets, kept as one string and two ints a mention.

    59,000 snippet strings were the largest part of what a 2,000-article
    build held from loading to its last page: each a string object of its
    own (49 bytes of header before its text). Here they are one string per
    article, each sentence once, and a mention's is sliced from it when a
    page shows it. The article's text cannot serve instead: it is let go
    when pages and exports are made (``Dossier.release_texts``), and at
    about the size of its snippets it would save nothing.
    """

    __slots__ = ("_at", "_text")

    def __init__(self, snippets: list[str]) -> None:
        parts: list[str] = []
        #: Where a sentence already joined starts and ends in ``_text``.
        where: dict[str, tuple[int, int]] = {}
        at = array("I")
        length = 0
        for snippet in snippets:
            span = where.get(snippet)
            if span is None:
                span = where[snippet] = (length, length + len(snippet))
                parts.append(snippet)
                length += len(snippet)
            at.extend(span)
        self._text = "".join(parts)
        self._at = at

    def __getitem__(self, i: int) -> str:
        return self._text[self._at[2 * i] : self._at[2 * i + 1]]


class SentenceMention(Mention):
    """A :class:`Mention` whose ``snippet`` is read from its article's :class:`Sentences`.

    Equal to, and read like, a Mention holding the same strings (its fields
    are Mention's), without a string of its own for the snippet.
    """

    __slots__ = ("_index", "_sentences")

    def __init__(
        self, key: str, article: str, anchor: str, text: str, sentences: Sentences, index: int
    ) -> None:
        self.key = key
        self.article = article
        self.anchor = anchor
        self.text = text
        self._sentences = sentences
        self._index = index

    # Read only: nothing sets a mention's snippet once it is found.
    @property
    def snippet(self) -> str:  # type: ignore[override]
        return self._sentences[self._index]


@dataclass
class Scan:
    """What one article's text holds: mentions, and its body ready for MkDocs."""

    found: list[Found] = field(default_factory=list)
    markdown: str = ""


def scan(
    text: str,
    matcher: Matcher,
    link: Callable[[str], str],
    wikilink: Callable[[str, Pos], str | None],
    pos: Pos,
    link_mode: str = "first",
    marks: list[tuple[int, int, str]] | None = None,
) -> Scan:
    """Find mentions in an article body and rewrite it with anchors and links.

    ``link(key)`` gives the Markdown URL of an entity page; ``wikilink(target,
    pos)`` resolves an explicit ``[[...]]`` target to a key (or reports it).
    ``link_mode`` is ``first`` (first mention of each entity per section),
    ``all`` or ``none``. ``marks`` are quoted passages (start, end, entity
    key): each is wrapped in ``<mark>`` linking to the entity, and names
    inside it are found but not linked (a link cannot hold another).
    """
    result = Scan()
    parts = blocks(text)
    prose = [b for b in parts if b.kind == "prose"]
    starts = [b.start for b in prose]
    # Spans to skip, found only for blocks a match falls in.
    skipped: dict[int, list[tuple[int, int]]] = {}
    sentences = _Sentences(text)
    edits: list[tuple[int, int, str]] = []
    for b in prose:
        at = _LEAD.match(text, b.start).end()  # type: ignore[union-attr]
        edits.append((at, at, f'<a id="{b.anchor}"></a>'))
    linked: set[tuple[int, str]] = set()
    kept_marks = _disjoint(marks or [])

    for m_start, m_end, m_key in matcher.spans(text):
        i = bisect.bisect_right(starts, m_start) - 1  # the prose block it starts in
        if i < 0:
            continue
        block = prose[i]
        if m_start >= block.end or m_end > block.end:
            continue
        spans = skipped.get(block.start)
        if spans is None:
            spans = skipped[block.start] = _skipped_spans(text, block)
        if spans and any(s <= m_start < e or s < m_end <= e for s, e in spans):
            continue
        m_text = text[m_start:m_end]
        result.found.append(
            Found(
                m_key,
                block.anchor,
                sentences.at(m_start, m_end, block),
                m_text,
                m_start,
                m_end,
                block.section,
            )
        )
        first = (block.section, m_key) not in linked
        if link_mode == "all" or (link_mode == "first" and first):
            linked.add((block.section, m_key))
            edits.append((m_start, m_end, f"[{m_text}]({link(m_key)})"))
    for block in prose:
        for w in WIKILINK.finditer(text, block.start, block.end):
            line = block.line + text.count("\n", block.start, w.start())
            col = w.start() - (text.rfind("\n", 0, w.start()) + 1) + 1
            key = wikilink(w.group(1).strip(), Pos(pos.path, pos.line + line - 1, col))
            label = (w.group(2) or w.group(1)).strip()
            if key is None:
                edits.append((w.start(), w.end(), label))
                continue
            result.found.append(
                Found(
                    key,
                    block.anchor,
                    sentences.at(w.start(), w.end(), block),
                    label,
                    w.start(),
                    w.end(),
                    block.section,
                )
            )
            edits.append((w.start(), w.end(), f"[{label}]({link(key)})"))
    taken = sorted((s, e) for s, e, _ in edits if s < e)
    for b in prose:
        taken += _skipped_spans(text, b)
    for start, end, key in kept_marks:
        edits.append((start, start, '<mark class="dossier-quote">'))
        edits.extend(_quote_links(text, start, end, link(key), taken))
        edits.append((end, end, "</mark>"))
    result.found.sort(key=lambda f: f.start)
    result.markdown = apply_edits(text, edits)
    return result


def _quote_links(
    text: str, start: int, end: int, url: str, taken: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Links to what a quote is about, on its words between the names linked inside it.

    A link cannot hold another, so a quote naming Kem Sokha links his name to
    him and the rest of its words to the event it reports.
    """
    cuts = sorted((max(s, start), min(e, end)) for s, e in taken if s < end and start < e)
    out, cursor = [], start
    for s, e in [*cuts, (end, end)]:
        piece = text[cursor:s]
        lead = len(piece) - len(piece.lstrip())
        words = piece.strip()
        if words and not any(c in words for c in "[]\n`<>*_"):
            out.append((cursor + lead, cursor + lead, "["))
            out.append((cursor + lead + len(words), cursor + lead + len(words), f"]({url})"))
        cursor = max(cursor, e)
    return out


def _disjoint(marks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The marks that overlap no earlier one (two claims may quote the same words)."""
    out: list[tuple[int, int, str]] = []
    for mark in sorted(marks):
        if not out or mark[0] >= out[-1][1]:
            out.append(mark)
    return out


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace spans of ``text``; edits must not overlap (insertions have start == end)."""
    out, cursor = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def expand_wikilinks(
    markdown: str,
    resolve: Callable[[str, Pos], str | None],
    link: Callable[[str], str],
    pos: Pos,
) -> str:
    """Turn ``[[target]]`` and ``[[target|label]]`` into Markdown links, outside code."""
    if "[[" not in markdown:
        return markdown
    edits = []
    code = [(m.start(), m.end()) for m in re.finditer(r"(`+).*?\1", markdown, re.DOTALL)]
    for block in blocks(markdown):
        if block.kind in ("code", "html"):
            continue
        for w in WIKILINK.finditer(markdown, block.start, block.end):
            if any(s <= w.start() < e for s, e in code):
                continue
            line = block.line + markdown.count("\n", block.start, w.start())
            col = w.start() - (markdown.rfind("\n", 0, w.start()) + 1) + 1
            key = resolve(w.group(1).strip(), Pos(pos.path, pos.line + line - 1, col))
            label = (w.group(2) or w.group(1)).strip()
            edits.append((w.start(), w.end(), f"[{label}]({link(key)})" if key else label))
    return apply_edits(markdown, edits)
