"""Loading pauses Python's garbage collector, freezes what it made, and gives the
collector back as it found it:
a ``mkdocs serve`` process builds again and again, and a failed load must not
leave it off."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from conftest import write

from mkdocs_dossier.pipeline import Collector, load_dossier

ARTICLE = """\
---
title: Arrest in Phnom Penh
date: 2017-09-03
people:
  - name: Kem Sokha
    id: kem-sokha
---

Kem Sokha was arrested.
"""


def test_loading_leaves_the_collector_on(tmp_path: Path) -> None:
    write(tmp_path / "articles/arrest.md", ARTICLE)
    dossier = load_dossier(tmp_path)
    assert "people/kem-sokha" in dossier.entities
    assert gc.isenabled()


def test_loading_leaves_the_collector_off_when_it_was_off(tmp_path: Path) -> None:
    write(tmp_path / "articles/arrest.md", ARTICLE)
    gc.disable()
    try:
        load_dossier(tmp_path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_failed_load_turns_the_collector_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "articles/arrest.md", ARTICLE)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("mkdocs_dossier.pipeline.load_sources", broken)
    with pytest.raises(OSError, match="disk gone"):
        load_dossier(tmp_path)
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_next_load_thaws_what_the_last_one_froze(tmp_path: Path) -> None:
    """A serve process loads again and again: garbage cycles frozen by one load
    (the previous build's pages, say) are collectable after the next."""
    write(tmp_path / "articles/arrest.md", ARTICLE)
    cycle = _Cycle()
    alive = weakref.ref(cycle)
    load_dossier(tmp_path)
    assert gc.get_freeze_count() > 0
    del cycle
    gc.collect()
    assert alive() is not None  # frozen: the collector does not look at it
    load_dossier(tmp_path)
    gc.collect()
    assert alive() is None


def test_a_process_that_builds_again_walks_the_frozen_objects_only_once_they_grew(
    tmp_path: Path,
) -> None:
    """A serve rebuild frees the last build's young garbage and leaves the frozen
    model alone (a full collection walks all of it, seconds at 10,000 articles),
    until the frozen objects have grown by a quarter: then their garbage goes too."""
    write(tmp_path / "articles/arrest.md", ARTICLE)
    collector = Collector()
    load_dossier(tmp_path, collector=collector)
    cycle = _Cycle()
    alive = weakref.ref(cycle)
    load_dossier(tmp_path, collector=collector)  # frozen while in use
    del cycle
    load_dossier(tmp_path, collector=collector)
    gc.collect()
    assert alive() is not None  # frozen garbage, kept until the frozen objects grow
    young = _Cycle()
    young_alive = weakref.ref(young)
    del young
    load_dossier(tmp_path, collector=collector)
    assert young_alive() is None  # made after the last freeze: freed at once
    junk = [_Cycle() for _ in range(int(gc.get_freeze_count() * Collector.GROWTH) + 1)]
    load_dossier(tmp_path, collector=collector)  # frozen too, while in use
    del junk
    load_dossier(tmp_path, collector=collector)
    gc.collect()
    assert alive() is None


def test_nested_pause_keeps_the_collector_off_until_the_outermost_ends(tmp_path: Path) -> None:
    """A caller may pause the collector around more than the load."""
    write(tmp_path / "articles/arrest.md", ARTICLE)
    with Collector().paused():
        load_dossier(tmp_path)
        assert not gc.isenabled()  # the inner load must not turn it back on
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
