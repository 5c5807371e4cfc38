"""The mention matcher against a plain reference implementation."""

from __future__ import annotations

import itertools
import unicodedata

import icu
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dossier.core import scripts
from mkdocs_dossier.core.mentions import Match, Matcher
from mkdocs_dossier.core.scripts import unspaced


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def _icu_words(text: str) -> set[int]:
    """ICU's word boundaries over the whole text (the matcher asks run by run)."""
    breaker = icu.BreakIterator.createWordInstance(icu.Locale("km"))
    breaker.setText(text)
    return {0, *breaker}


def reference(names: dict[str, str], text: str) -> list[Match]:
    """The matcher's rules the obvious way, segmenting the whole text up front.

    A boundary is never inside a grapheme cluster; beside a letter of a script
    written without spaces it is allowed anywhere else, on a word boundary by
    ICU or not; elsewhere only at the edge of a word. Matches on word
    boundaries are chosen leftmost-longest, then the others fill the gaps.
    """
    clusters = {0, len(text)} | {m.end() for m in regex.finditer(r"\X", text)}
    words = _icu_words(text) if text.isascii() or all(ord(c) < 0x10000 for c in text) else None

    def edge(i: int) -> str | None:
        if i in (0, len(text)):
            return "word"
        if i not in clusters:
            return None
        if unspaced(text[i - 1]) or unspaced(text[i]):
            return "word" if words is None or i in words else "split"
        return None if _word(text[i - 1]) and _word(text[i]) else "word"

    tiers: dict[str, list[tuple[int, int, str]]] = {"word": [], "split": []}
    for i in range(len(text)):
        for name, key in names.items():
            if name and text.startswith(name, i):
                a, b = edge(i), edge(i + len(name))
                if a and b:
                    tiers["split" if "split" in (a, b) else "word"].append((i, i + len(name), key))
    chosen: list[tuple[int, int, str]] = []
    for tier in ("word", "split"):
        for start, end, key in sorted(tiers[tier], key=lambda c: (c[0], c[0] - c[1])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, key))
    return [Match(s, e, k, text[s:e]) for s, e, k in sorted(chosen)]


ALPHABET = "ab cK-’ក្ខាុ"
names_st = st.dictionaries(
    st.text(ALPHABET, min_size=1, max_size=6), st.sampled_from("xyz"), max_size=8
)


@settings(max_examples=400)
@given(names=names_st, text=st.text(ALPHABET, max_size=60))
def test_matcher_agrees_with_reference(names: dict[str, str], text: str) -> None:
    names = {n: k for n, k in names.items() if n.strip()}
    assert Matcher(names).find(text) == reference(names, text)


@given(names=names_st, words=st.lists(st.sampled_from(["a", "b c", "K-a", "ក", " ", "."])))
def test_matches_never_overlap_and_are_whole_words(names: dict[str, str], words: list[str]) -> None:
    text = " ".join(words)
    found = Matcher({n: k for n, k in names.items() if n.strip()}).find(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert text[m.start : m.end] == m.text


def test_longest_name_wins() -> None:
    matcher = Matcher({"Kampong Trach": "places/district", "Kampong Trach Khang Lech": "places/c"})
    found = matcher.find("leader of Kampong Trach Khang Lech commune in Kampong Trach.")
    assert [(m.text, m.key) for m in found] == [
        ("Kampong Trach Khang Lech", "places/c"),
        ("Kampong Trach", "places/district"),
    ]


def test_name_inside_a_longer_word_is_not_matched() -> None:
    assert Matcher({"Sen": "people/x"}).find("Senator Sen said") == [
        Match(8, 11, "people/x", "Sen")
    ]


# --- scripts written without spaces -------------------------------------------

KHMER_CONSONANTS = [chr(c) for c in range(0x1780, 0x17A3)]
#: One syllable is one user-perceived character: a consonant, maybe a subscript
#: consonant (coeng + consonant), a register shifter, a vowel sign and a sign.
khmer_syllables = st.tuples(
    st.sampled_from(KHMER_CONSONANTS),
    st.sampled_from(["", *("\u17d2" + c for c in "កខគងចជញដតនបពមយរលវសហ")]),
    st.sampled_from(["", "\u17c9", "\u17ca"]),
    st.sampled_from(["", *(chr(c) for c in range(0x17B6, 0x17C6))]),
    st.sampled_from(["", "\u17c6", "\u17c7", "\u17cb"]),
).map("".join)
khmer_names = st.lists(khmer_syllables, min_size=1, max_size=4).map("".join)


@settings(max_examples=300)
@given(
    name=khmer_names,
    pieces=st.lists(st.one_of(khmer_syllables, st.just(" "), st.just("NAME")), max_size=30),
    other=khmer_names,
)
def test_no_khmer_link_begins_or_ends_inside_a_character(
    name: str, pieces: list[str], other: str
) -> None:
    text, placed = "", []
    for piece in pieces:
        piece = name if piece == "NAME" else piece
        if piece == name:
            placed.append((len(text), len(text) + len(name)))
        text += piece
    # Every boundary between user-perceived characters of the whole text (a
    # name may also stand, whole, across the pieces it was built from).
    cuts = {0} | {m.end() for m in regex.finditer(r"\X", text)}
    for syllable in pieces:
        if syllable not in (" ", "NAME"):
            assert len(regex.findall(r"\X", syllable)) == 1, syllable
    found = Matcher({name: "people/a", other: "people/b"}).find(text)
    for m in found:
        assert m.start in cuts and m.end in cuts, (text, m)
    for start, end in placed:
        assert any(m.start < end and start < m.end for m in found), (text, start)


def test_khmer_names_are_found_inside_unspaced_text() -> None:
    text = "លោក កឹម សុខា ត្រូវបានចាប់ខ្លួន។ នាយករដ្ឋមន្ត្រីហ៊ុន សែនបាននិយាយនៅភ្នំពេញថា ការបោះឆ្នោតនឹងប្រព្រឹត្តទៅ។"
    names = {"ហ៊ុន សែន": "people/hun-sen", "ភ្នំពេញ": "places/phnom-penh", "កឹម សុខា": "people/kem"}
    found = Matcher(names).find(text)
    assert [(m.text, m.key) for m in found] == [
        ("កឹម សុខា", "people/kem"),
        ("ហ៊ុន សែន", "people/hun-sen"),
        ("ភ្នំពេញ", "places/phnom-penh"),
    ]


def test_a_khmer_name_never_takes_half_a_stacked_consonant() -> None:
    # "ស" is the first letter of "ស្រី" but not a character of it: the
    # subscript រ belongs to it.
    assert Matcher({"ស": "people/s"}).find("នាងស្រី") == []
    assert Matcher({"ស្រ": "people/s"}).find("នាងស្រី") == []


def test_thai_and_chinese_names_are_found_where_they_stand() -> None:
    thai = "นายกรัฐมนตรีประยุทธ์ จันทร์โอชา กล่าวที่กรุงเทพมหานครว่า"
    found = Matcher({"ประยุทธ์ จันทร์โอชา": "people/p", "กรุงเทพมหานคร": "places/b"}).find(thai)
    assert [m.text for m in found] == ["ประยุทธ์ จันทร์โอชา", "กรุงเทพมหานคร"]
    chinese = "柬埔寨首相洪森在金边说，选举将如期举行。"
    found = Matcher({"洪森": "people/hun-sen", "金边": "places/phnom-penh"}).find(chinese)
    assert [m.text for m in found] == ["洪森", "金边"]


def test_a_match_on_dictionary_words_wins_over_one_that_splits_a_word() -> None:
    # ICU reads "នាយករដ្ឋមន្ត្រីហ៊ុន" as នាយក | រដ្ឋមន្ត្រី | ហ៊ុន. "នាយករដ្ឋ" starts
    # first but ends inside រដ្ឋមន្ត្រី (prime minister); leftmost-first would
    # take it, the dictionary's word wins.
    text = "នាយករដ្ឋមន្ត្រីហ៊ុន"
    found = Matcher({"នាយករដ្ឋ": "a", "រដ្ឋមន្ត្រី": "b"}).find(text)
    assert [m.text for m in found] == ["រដ្ឋមន្ត្រី"]


def test_without_icu_names_are_still_matched_between_characters(monkeypatch) -> None:
    monkeypatch.setattr(scripts, "icu", None)
    text = "នាយករដ្ឋមន្ត្រីហ៊ុន សែននៅភ្នំពេញថា"
    found = Matcher({"នាយករដ្ឋ": "a", "រដ្ឋមន្ត្រី": "b", "ភ្នំពេញ": "p"}).find(text)
    assert [m.text for m in found] == ["នាយករដ្ឋ", "ភ្នំពេញ"]


def test_a_devanagari_name_does_not_end_before_a_vowel_sign() -> None:
    assert [m.text for m in Matcher({"ना": "x"}).find("मेरा नाम ना")] == ["ना"]
    assert Matcher({"ना": "x"}).find("मेरा नाम ना")[0].start == 9
