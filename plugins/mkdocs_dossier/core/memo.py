"""What a host may keep between builds for the core: results of pure steps, by their inputs.

The core stays a pure function of its inputs: each step that a host may
reuse (parsing one file, scanning one article, one article's paragraphs)
asks a :class:`Memo` for its result under the step's name and the exact
inputs it reads (as strings or bytes). A host that keeps nothing passes
:func:`fresh`, which makes every result; the MkDocs plugin passes one that
keeps the last build's results, keyed by those inputs
(``dirty.py``), so an edit makes again only the steps whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")


class Memo(Protocol):
    """``memo(step, inputs, make)``: ``make()``, or what it gave for the same inputs before.

    A result the caller may change is handed out as a copy each time;
    ``shared=True`` says nothing changes it (a matcher), so the one object serves.
    """

    def __call__(
        self,
        step: str,
        inputs: Sequence[str | bytes],
        make: Callable[[], T],
        shared: bool = False,
    ) -> T: ...


def fresh(
    step: str, inputs: Sequence[str | bytes], make: Callable[[], T], shared: bool = False
) -> T:
    """The memo that keeps nothing: every result is made."""
    return make()
