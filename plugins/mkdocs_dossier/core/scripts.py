"""Writing systems: which scripts write words without spaces, and where text may be cut.

Khmer, Thai, Lao, Burmese, Tibetan, Chinese and Japanese put no space between
words, so a name stands inside a run of letters ("នាយករដ្ឋមន្ត្រីហ៊ុន សែនបាន").
There a mention may begin and end only between user-perceived characters
(extended grapheme clusters, UAX #29, as the ``regex`` module's ``\\X``
finds them: a Khmer consonant with its subscripts and vowel signs is one),
and, where ICU is installed (PyICU), preferably between the words its
dictionary-based break iterator finds. :func:`script_language` tells which
language a name's script implies, for ``lang`` attributes.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata
from collections.abc import Callable
from typing import Any

import regex

try:  # PyICU is optional: without it, no dictionary word boundaries.
    import icu
except ImportError:  # pragma: no cover - exercised where PyICU is absent
    icu = None

#: Blocks of the scripts written without spaces between words (inclusive ranges).
_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan (syllables end in tsheg, not a space)
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1950, 0x19FF),  # Tai Le, New Tai Lue, Khmer Symbols
    (0x1A20, 0x1AAF),  # Tai Tham
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x31FF),  # CJK punctuation, Hiragana, Katakana, Bopomofo
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA9E0, 0xA9FF),  # Myanmar Extended-B
    (0xAA60, 0xAA7F),  # Myanmar Extended-A
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF61, 0xFF9F),  # halfwidth Katakana
    (0x20000, 0x3FFFF),  # CJK Extensions B and later
)
_UNSPACED_STARTS = [a for a, _ in _UNSPACED]
_CLUSTER = regex.compile(r"\X")
_WORD_LOCALE = "km"  # ICU's word breaker picks each script's dictionary whatever the locale


def unspaced(ch: str) -> bool:
    """Whether ``ch`` belongs to a script that writes words without spaces."""
    code = ord(ch)
    i = bisect.bisect_right(_UNSPACED_STARTS, code) - 1
    return i >= 0 and code <= _UNSPACED[i][1]


def _run(text: str, i: int) -> tuple[int, int]:
    """The run of non-space characters around position ``i`` (a boundary)."""
    start = i
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = i
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


class Boundaries:
    """Grapheme-cluster and word boundaries of one text, found run by run when asked.

    Whitespace always separates clusters and words, so each run between
    spaces is segmented on its own, once, and only if a boundary in it is
    asked about: most text never is.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        #: Run start -> the boundaries in that run.
        self._clusters: dict[int, set[int]] = {}
        self._words: dict[int, set[int]] = {}

    def _lookup(
        self, cache: dict[int, set[int]], i: int, make: Callable[[int, int], set[int]]
    ) -> set[int]:
        start, end = _run(self.text, i)
        found = cache.get(start)
        if found is None:
            found = cache[start] = make(start, end)
        return found

    def cluster(self, i: int) -> bool:
        """Whether ``i`` is between two grapheme clusters."""
        if i <= 0 or i >= len(self.text):
            return True
        if self.text[i - 1].isspace() or self.text[i].isspace():
            # A mark after a space still belongs to it (UAX #29 GB9).
            return unicodedata.category(self.text[i])[0] != "M" and self.text[i] != "\u200d"
        return i in self._lookup(self._clusters, i, self._cluster_run)

    def _cluster_run(self, start: int, end: int) -> set[int]:
        out = {start, end}
        for m in _CLUSTER.finditer(self.text, start, end):
            out.add(m.end())
        return out

    def word(self, i: int) -> bool:
        """Whether ``i`` is a word boundary by ICU's dictionary (always, without ICU)."""
        if icu is None or i <= 0 or i >= len(self.text):
            return True
        if self.text[i - 1].isspace() or self.text[i].isspace():
            return True
        return i in self._lookup(self._words, i, self._word_run)

    def _word_run(self, start: int, end: int) -> set[int]:
        return {start} | {start + b for b in _icu_words(self.text[start:end])}


def _icu_words(run: str) -> list[int]:
    """ICU's word boundaries in ``run`` after its start (code point offsets; ``len(run)`` too)."""
    breaker = _word_breaker()
    breaker.setText(run)
    utf16 = list(breaker)
    if all(ord(c) < 0x10000 for c in run):
        return utf16
    # ICU counts UTF-16 code units; map them back to code points.
    index, units = {}, 0
    for n, c in enumerate(run):
        index[units] = n
        units += 2 if ord(c) > 0xFFFF else 1
    index[units] = len(run)
    return [index[b] for b in utf16 if b in index]


@functools.cache
def _word_breaker() -> Any:
    # Making a break iterator loads ICU's dictionaries: do it once per process.
    return icu.BreakIterator.createWordInstance(icu.Locale(_WORD_LOCALE))


#: A run of letters of scripts written without spaces (with their marks).
_UNSPACED_RUN = regex.compile(
    r"[\p{Khmer}\p{Thai}\p{Lao}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}]"
    r"[\p{Khmer}\p{Thai}\p{Lao}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}\p{M}]*"
)
#: Zero-width space: search engines split words at it (their ``separator``).
WORD_SEPARATOR = "\u200b"


def separate_words(text: str) -> str:
    """``text`` with a zero-width space between the words of unspaced scripts (ICU's words).

    For search indexes: a search engine splits words at its separator, so
    with the zero-width space among them a reader's "ភ្នំពេញ" is one of the
    words of "នៅភ្នំពេញថា". A pure function of ``text``, so a page indexed
    by a dirty build gets the entries a clean build gives it. Unchanged
    without PyICU, and where nothing is written without spaces.
    """
    if icu is None or text.isascii():
        return text

    def split(run: regex.Match[str]) -> str:
        chunk = run.group(0)
        cuts = [0, *_icu_words(chunk)]
        if len(cuts) <= 2:
            return chunk
        return WORD_SEPARATOR.join(chunk[a:b] for a, b in itertools.pairwise(cuts))

    return _UNSPACED_RUN.sub(split, text)


#: Scripts that imply a language on their own (BCP 47 tags), by block.
_SCRIPT_LANGUAGE = (
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x0F00, 0x0FFF, "bo"),
    (0x1000, 0x109F, "my"),
    (0x1780, 0x17FF, "km"),
    (0x19E0, 0x19FF, "km"),
    (0x3040, 0x30FF, "ja"),
    (0xAC00, 0xD7AF, "ko"),
    (0x1100, 0x11FF, "ko"),
)


def script_language(text: str) -> str | None:
    """The language a text's script implies (``km`` for Khmer), or ``None``.

    Only scripts used by one language (or nearly) are named: Latin, Cyrillic,
    Arabic and Han (Chinese or Japanese) say nothing on their own, and the
    text takes the language of the page it is on.
    """
    if text.isascii():
        return None
    for ch in text:
        code = ord(ch)
        for low, high, lang in _SCRIPT_LANGUAGE:
            if low <= code <= high:
                return lang
    return None
