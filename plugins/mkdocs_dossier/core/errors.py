"""Problems found in dossier content, in the one format editors see.

Every problem reads ``path:line:col: what is wrong; what to do``. The core
collects them instead of raising, so one run reports every problem at once;
the MkDocs adapter logs them as warnings and the ``check`` command prints them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mkdocs_dossier.core.frozen import pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A position in a source file; line and column are 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, with the remedy an editor can apply."""

    pos: Pos
    message: str
    remedy: str = ""
    #: ``error`` stops nothing by itself but fails ``--strict`` and ``check``;
    #: ``fatal`` means the build cannot go on.
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.pos}: {self.message}"
        return f"{text}; {self.remedy}" if self.remedy else text


class DossierError(Exception):
    """Raised when the build cannot go on; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Problems:
    """An ordered collector of problems, shared by every stage of one load."""

    items: list[Problem] = field(default_factory=list)

    def add(self, pos: Pos, message: str, remedy: str = "", severity: str = "error") -> None:
        self.items.append(Problem(pos, message, remedy, severity))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self.items)))

    def __len__(self) -> int:
        return len(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A remedy suggesting the closest known spelling, or an empty string."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
