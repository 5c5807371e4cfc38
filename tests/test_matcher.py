"""The mention matcher against a plain reference implementation."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dossier.core.mentions import Match, Matcher


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def reference(names: dict[str, str], text: str) -> list[Match]:
    """Leftmost, then longest, whole-word, non-overlapping: the obvious way."""
    out, i = [], 0
    while i < len(text):
        best = None
        for name, key in names.items():
            if not name or not text.startswith(name, i):
                continue
            end = i + len(name)
            if i > 0 and _word(text[i - 1]) and _word(text[i]):
                continue
            if end < len(text) and _word(text[end]) and _word(text[end - 1]):
                continue
            if best is None or len(name) > len(best[0]):
                best = (name, key)
        if best:
            out.append(Match(i, i + len(best[0]), best[1], best[0]))
            i += len(best[0])
        else:
            i += 1
    return out


ALPHABET = "ab cK-’ក"
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
