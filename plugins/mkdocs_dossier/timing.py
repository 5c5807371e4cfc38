"""Where a build spends its time: named stages, timed with a monotonic clock.

The core records its stages (``load``, ``resolve``, ``match``, ``render``, and
whatever later features add: ``maps``, ``exports`` ...) in a :class:`Timings`;
the plugin logs them at debug level, one line per stage, so ``mkdocs build -v``
shows ``stage load 0.123s`` and the benchmark reads them from the log.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """Seconds spent per named stage; a stage entered twice adds up."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block and add it to ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        self.stages[name] = self.stages.get(name, 0.0) + seconds

    @property
    def total(self) -> float:
        return sum(self.stages.values())

    def lines(self) -> list[str]:
        """One ``stage NAME 1.234s`` line per stage, in the order they first ran."""
        return [f"stage {name} {seconds:.3f}s" for name, seconds in self.stages.items()]
