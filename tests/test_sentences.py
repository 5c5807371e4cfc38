"""Snippet extraction against the straightforward implementation it replaced.

The match stage reduces each sentence to plain text once and finds sentence
ends with a cheaper regex; snippets must stay exactly what they were.
"""

from __future__ import annotations

import dataclasses
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dossier.core.mentions import (
    Block,
    SentenceMention,
    Sentences,
    _Sentences,
    _skipped_spans,
    plain,
    sentence_at,
)
from mkdocs_dossier.core.model import Mention

_LEAD = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+|\s*>\s?)*", re.MULTILINE)
_SKIP = re.compile(
    r"(`+).*?\1|!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]|\[\[[^\]\n]*\]\]"
    r"|<[^>\n]+>|https?://\S+"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[^\s\da-z])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Col|Lt|Capt|Jr|Sr|No|Vol"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|vs|etc)\.)$"
)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|\[\[(?:[^\]|\n]+\|)?([^\]\n]+)\]\]")


def old_plain(markdown: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1) or m.group(2) or "", markdown)
    text = re.sub(r"<[^>\n]+>", "", text)
    text = _LEAD.sub("", text)
    text = re.sub(r"[*_`]{1,3}", "", text)
    return " ".join(text.split())


def old_sentence_at(text: str, start: int, end: int, block: Block) -> str:
    para = text[block.start : block.end]
    rel = start - block.start
    breaks = []
    for m in _SENTENCE_END.finditer(para):
        if not _ABBREVIATION.search(para, max(0, m.start() - 12), m.start()):
            breaks.append(m.span())
    begin, stop = 0, len(para)
    for brk_start, brk_end in breaks:
        if brk_end <= rel:
            begin = brk_end
        elif brk_start >= end - block.start:
            stop = brk_start
            break
    return old_plain(para[begin:stop])


PIECES = [
    "word", "Word", "Mr.", "U.S.", "A.", "Jan.", "etc.", ". ", "! ", "? ", ".\n", " ",
    "\n", "\n- ", "\n> ", "1. ", '"', "”", "’", ")", "(", "“", "[x](u)", "[[T|l]]", "[[T]]",
    "<b>", "`c`", "*", "__", "http://x.y ", "7", "b.", "z", "\t", "  ",
]  # fmt: skip
paras = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=500)
@given(prefix=st.sampled_from(["", "x\n\n", "- "]), para=paras, data=st.data())
def test_snippets_match_the_old_computation(prefix: str, para: str, data: st.DataObject) -> None:
    text = prefix + para
    block = Block(len(prefix), len(text), "prose", 1, 0, "p-1")
    sentences = _Sentences(text)
    for _ in range(4):
        start = data.draw(st.integers(block.start, block.end))
        end = data.draw(st.integers(start, block.end))
        want = old_sentence_at(text, start, end, block)
        assert sentence_at(text, start, end, block) == want
        assert sentences.at(start, end, block) == want


@given(para=paras)
def test_plain_matches_the_old_computation(para: str) -> None:
    assert plain(para) == old_plain(para)


@given(prefix=st.sampled_from(["", "x\n\n"]), para=paras)
def test_skipped_spans_match_the_regex(prefix: str, para: str) -> None:
    text = prefix + para
    block = Block(len(prefix), len(text), "prose", 1, 0, "p-1")
    want = [m.span() for m in _SKIP.finditer(text, block.start, block.end)]
    assert _skipped_spans(text, block) == want


@given(st.lists(st.sampled_from(["", "Kem Sokha spoke.", "ស្រុក​កំពង់ត្រាច។", "Kem Sokha left."])))
def test_a_mention_reads_the_snippet_it_was_given_from_its_articles_sentences(
    snippets: list[str],
) -> None:
    """The sentences an article keeps for its mentions give each mention its own.

    Sentences are held once per article (one string, two offsets a mention),
    so repeated and empty ones are where a wrong offset would show; a mention
    reading from them reprs and dumps as a Mention holding its strings, and
    equals one read from another article's table with the same sentence.
    """
    table = Sentences(snippets)
    for i, snippet in enumerate(snippets):
        read = SentenceMention("people/kem-sokha", "a", f"p-{i}", "Kem Sokha", table, i)
        held = Mention("people/kem-sokha", "a", f"p-{i}", snippet, "Kem Sokha")
        alone = SentenceMention(
            "people/kem-sokha", "a", f"p-{i}", "Kem Sokha", Sentences([snippet]), 0
        )
        assert read.snippet == snippet
        assert read == alone
        assert repr(read) == repr(held).replace("Mention(", "SentenceMention(", 1)
        assert dataclasses.astuple(read) == dataclasses.astuple(held)
