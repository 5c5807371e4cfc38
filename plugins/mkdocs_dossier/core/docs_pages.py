"""Checks of the front matter of hand-written pages in ``docs/``."""

from __future__ import annotations

import yaml

from mkdocs_dossier.core.errors import Pos, Problem, Problems
from mkdocs_dossier.core.sources import _BOUNDARY, compose, split_front_matter


def docs_front_matter_problems(text: str, path: str) -> list[Problem]:
    """Problems in a docs/ page's front matter, which MkDocs itself drops silently.

    MkDocs shows a page whose front matter is broken or never closed as if the
    YAML were text, and loses its title and other settings without a word.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    first = text.split("\n", 1)[0]
    if not _BOUNDARY.fullmatch(first):
        return []
    problems = Problems()
    parts = split_front_matter(text, path, problems)
    if parts is not None:
        node = compose(parts[0], path, problems)
        if node is not False and node is not None and not isinstance(node, yaml.MappingNode):
            mark = node.start_mark
            problems.add(
                Pos(path, mark.line + 2, mark.column + 1),
                "the front matter should be a mapping of keys to values",
                "write one 'key: value' per line",
            )
    return list(problems)
