"""The front-matter loader: encodings and line endings that must simply work,
YAML 1.1 traps that must not corrupt data, and fuzzing that finds no crash."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_dossier.core.errors import Problems
from mkdocs_dossier.core.sources import parse_source
from mkdocs_dossier.pipeline import load_dossier

ARTICLE = "---\ntitle: Crackdown\ndate: 2017-11-14\npeople:\n  - name: Kem Sokha\n---\nText.\n"


def test_bom_and_crlf_load_like_plain_utf8() -> None:
    raw = b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode()
    problems = Problems()
    source = parse_source(raw, "a.md", "article", problems)
    plain = parse_source(ARTICLE.encode(), "a.md", "article", Problems())
    assert not problems
    assert source is not None and plain is not None
    assert source.record.values["title"] == "Crackdown"
    assert source.body == plain.body == "Text.\n"
    assert source.record.where == plain.record.where


def test_positions_with_crlf_point_at_the_value() -> None:
    raw = b"---\r\ntitle: T\r\ndate: 2017\r\npeopel: []\r\n---\r\n"
    problems = Problems()
    parse_source(raw, "a.md", "article", problems)
    assert [str(p) for p in problems] == [
        "a.md:4:1: unknown key 'peopel' in front matter; did you mean 'people'?"
    ]


def test_yaml_one_one_words_and_numbers_stay_as_written() -> None:
    raw = (
        b"---\ntitle: NO\ndate: 2017\nsource: on\nbyline: 10:00\nid: '007'\n"
        b"people:\n  - {name: Yes, role: off, aliases: [0x1F, 1e3, ~x]}\n---\n"
    )
    problems = Problems()
    source = parse_source(raw, "a.md", "article", problems)
    assert not problems
    assert source is not None
    values = source.record.values
    assert (values["title"], values["source"], values["byline"], values["id"]) == (
        "NO",
        "on",
        "10:00",
        "007",
    )
    person = values["people"][0].values
    assert (person["name"], person["role"], person["aliases"]) == (
        "Yes",
        "off",
        ["0x1F", "1e3", "~x"],
    )


def test_unquoted_leading_zero_id_is_kept() -> None:
    source = parse_source(
        b"---\ntitle: T\ndate: 2017\nid: 0042\n---\n", "a.md", "article", Problems()
    )
    assert source is not None and source.record.values["id"] == "0042"


def test_deeply_nested_yaml_is_reported_not_raised() -> None:
    raw = ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n").encode()
    problems = Problems()
    assert parse_source(raw, "a.md", "article", problems) is None
    assert len(problems) == 1


_YAMLISH = st.text(alphabet=string.printable + "éក\u2028\ufeff\x00-:[]{}&*!|>'\"#%@`", max_size=300)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    front=_YAMLISH,
    body=st.text(max_size=50),
    kind=st.sampled_from(["article", "person", "place", "event"]),
)
def test_fuzzed_front_matter_gives_problems_never_exceptions(
    front: str, body: str, kind: str
) -> None:
    problems = Problems()
    source = parse_source(f"---\n{front}\n---\n{body}".encode(), "x.md", kind, problems)
    assert source is not None or problems
    for problem in problems:
        assert problem.pos.path == "x.md" and problem.pos.line >= 1 and problem.pos.col >= 1


_KEYS = st.sampled_from(
    ["title", "date", "id", "people", "places", "events", "name", "aliases", "lat", "lon",
     "in", "embargo", "url", "relations", "subject", "object", "type", "date", "coordinates"]
)  # fmt: skip
_SCALARS = st.one_of(
    st.text(max_size=12), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    data=st.dictionaries(_KEYS, _VALUES, max_size=6),
    folder=st.sampled_from(["articles", "places", "events"]),
)
def test_fuzzed_yaml_of_any_shape_loads_and_resolves_without_crash(data, folder: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dossier", folder, "x.md")
        path.parent.mkdir(parents=True)
        path.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\nText.\n")
        dossier = load_dossier(Path(tmp, "dossier"))
    for problem in dossier.problems:
        assert str(problem).startswith(f"dossier/{folder}/x.md:")
