"""Checks of the hand-written pages in ``docs/``: front matter and ``[[links]]``.

The plugin runs them page by page as MkDocs reads each; ``dossier check``
runs the same over the folder, so both report the same problems.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from mkdocs_dossier.core.errors import Pos, Problem, Problems
from mkdocs_dossier.core.mentions import expand_wikilinks
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


def body_line(source: str, markdown: str) -> int:
    """The line of ``source`` where ``markdown`` (its body, front matter removed) starts."""
    if "[[" not in markdown or not source.endswith(markdown):
        return 1
    return source[: len(source) - len(markdown)].count("\n") + 1


def wikilink_problems(
    source: str, markdown: str, shown: str, find: Callable[[str, Pos, Problems], str | None]
) -> list[Problem]:
    """Problems of the ``[[links]]`` in a docs/ page's Markdown (its body)."""
    if "[[" not in markdown:
        return []
    problems = Problems()
    expand_wikilinks(
        markdown,
        lambda target, pos: find(target, pos, problems),
        lambda key: key,
        Pos(shown, body_line(source, markdown), 1),
    )
    return list(problems)
