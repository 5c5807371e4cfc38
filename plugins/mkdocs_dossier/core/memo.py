"""Pieces of output kept from one ``mkdocs serve`` build for the next.

A :class:`Memo` maps a key to a piece of text (or any value) that is a pure
function of that key. Two kinds of keys are used:

- *content* keys hold the very data the piece is made from (a record's
  ``repr``, or its digest), so they are right whatever else changed;
- *scoped* keys hold an identifier plus the few values that can change
  without the dossier's structure changing (paragraph anchors, mentions),
  and are prefixed with the structure digest of the build (``scope``), so a
  structural change never finds them.

Each build keeps only the entries it used, so the memo holds one entry per
piece of the current output and never grows with the number of edits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """Values by key, kept from the previous build for the current one."""

    #: Whether values are kept; a caller may skip computing a key when not.
    keeps = True

    def __init__(self) -> None:
        self._previous: dict[Hashable, object] = {}
        self._current: dict[Hashable, object] = {}
        #: Digest of everything but article bodies the current build is made from.
        self.scope = ""
        #: Hits and misses of the current build, for tests and timing notes.
        self.hits = 0
        self.misses = 0

    def begin(self, scope: str) -> None:
        """Start a build whose structure digest (plus output settings) is ``scope``."""
        # Only the last build's entries carry over: what it did not use is gone.
        self._previous, self._current = self._current, {}
        self.scope = scope
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for ``key``, made (and kept) if the previous build had none."""
        if key in self._current:
            return self._current[key]  # type: ignore[return-value]
        if key in self._previous:
            self.hits += 1
            value = self._previous.pop(key)
        else:
            self.misses += 1
            value = make()
        self._current[key] = value
        return value  # type: ignore[return-value]

    def has(self, key: Hashable) -> bool:
        """Whether :meth:`get` would find ``key`` without making its value."""
        return key in self._current or key in self._previous

    def peek(self, key: Hashable) -> object | None:
        """The value :meth:`get` would find for ``key``, or None; nothing is kept or moved."""
        if key in self._current:
            return self._current[key]
        return self._previous.get(key)

    def has_scoped(self, key: Hashable) -> bool:
        """Like :meth:`has`, for a key of :meth:`scoped`."""
        return self.has((self.scope, key))

    def put(self, key: Hashable, value: T) -> T:
        """Keep ``value`` for ``key``, replacing what the previous build had."""
        self._previous.pop(key, None)
        self.misses += 1
        self._current[key] = value
        return value

    def put_scoped(self, key: Hashable, value: T) -> T:
        """Like :meth:`put`, for a value that also depends on the build's structure."""
        return self.put((self.scope, key), value)

    def scoped(self, key: Hashable, make: Callable[[], T]) -> T:
        """Like :meth:`get`, for a value that also depends on the build's structure."""
        return self.get((self.scope, key), make)

    def clear(self) -> None:
        self._previous = {}
        self._current = {}
        self.scope = ""


class OneShot(Memo):
    """A memo for a build that has no next one: every value is made, none is kept.

    A cold ``mkdocs build`` would otherwise hold every piece of every export
    until the last export is written, and pay for content keys (digests) that
    no later build looks up.
    """

    keeps = False

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        self.misses += 1
        return make()

    def has(self, key: Hashable) -> bool:
        return False

    def peek(self, key: Hashable) -> object | None:
        return None
