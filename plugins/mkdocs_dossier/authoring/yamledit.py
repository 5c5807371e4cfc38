"""Front matter an editor wrote, read and written back without losing anything.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow
style, so adding suggestions to an article leaves every line the editor wrote
as it was.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long summary onto a second line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class Document:
    """An article file: its front matter as ruamel's round-trip mapping, and its body."""

    front: CommentedMap
    body: str

    def text(self) -> str:
        stream = io.StringIO()
        _yaml().dump(self.front, stream)
        return f"---\n{stream.getvalue()}---\n{self.body}"


def parse(text: str) -> Document:
    """Split ``---`` front matter from the body and load it for round-tripping."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Document(CommentedMap(), text)
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                front = _yaml().load("\n".join(lines[1:i])) or CommentedMap()
            except YAMLError as err:
                # A key written twice too: writing the mapping back would drop one.
                raise ValueError(f"the front matter cannot be kept as written: {err}") from err
            if not isinstance(front, CommentedMap):
                raise ValueError("the front matter is not a mapping of keys to values")
            return Document(front, "\n".join(lines[i + 1 :]))
    raise ValueError("the front matter block is never closed")


def read(path: Path) -> Document:
    return parse(path.read_text(encoding="utf-8-sig"))


def dump_value(value: Any) -> str:
    """One value as YAML text (for tests and messages)."""
    stream = io.StringIO()
    _yaml().dump(value, stream)
    return stream.getvalue()
