"""The model's frozen records survive the copy a serve rebuild makes of them."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from mkdocs_dossier.core.errors import Pos
from mkdocs_dossier.core.frozen import pickled_by_fields
from mkdocs_dossier.core.model import Citation, PartialDate


def _round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=5))


def test_a_citation_copied_by_pickle_keeps_every_field_even_those_not_compared() -> None:
    citation = Citation(
        Pos("articles/a.md", 4, 7), "a", "p-2", PartialDate(2017, 11, 16), "preferred", "he said"
    )
    copy = _round_trip(citation)
    assert copy == citation and copy is not citation
    # date, rank and quote take no part in ==: compared one by one.
    assert dataclasses.astuple(copy) == dataclasses.astuple(citation)  # type: ignore[call-overload]


def test_the_frozen_records_pickle_as_a_call_of_their_class() -> None:
    for value in (Pos("a.md", 2), PartialDate(2017, 11), Citation(Pos("a.md"))):
        assert value.__reduce_ex__(5)[0] is type(value)


def test_one_pickled_dossier_part_shares_what_the_original_shared() -> None:
    date = PartialDate(2017)
    cited = [Citation(Pos("x.md"), date=date), Citation(Pos("y.md"), date=date)]
    first, second = _round_trip(cited)  # type: ignore[misc]
    assert first.date is second.date and first.date == date


def test_a_class_whose_init_leaves_out_a_field_is_refused() -> None:
    with pytest.raises(TypeError, match="__init__ does not take"):

        @pickled_by_fields
        @dataclasses.dataclass(frozen=True, slots=True)
        class Half:
            a: int
            b: int = dataclasses.field(default=0, init=False)


@pickled_by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class One:
    """At module level: pickle finds a class by its module and name."""

    a: int


def test_a_class_of_one_field_round_trips() -> None:
    assert _round_trip(One(3)) == One(3)
