"""The answers file, ``dossier/answers.yml``: what ``dossier suggest`` proposed, and how
the editor answered, so that nothing answered is proposed again.

A suggestion is written into the article; the editor keeps it (accepted), edits
it, or deletes it (rejected). The next run reads which proposals are still
annotated and records the answer. An editor may also add a key under
``rejected:`` by hand, or delete one to have it proposed again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

HEADER = (
    "What `dossier suggest` proposed for each article, and the answers: a key under\n"
    "rejected is never proposed again (delete it to have it proposed again).\n"
)


def answers_path(root: Path) -> Path:
    return root / "answers.yml"


@dataclass
class Answers:
    """One article's answers: keys such as ``people/kem-sokha`` or ``events/2017-09-03``."""

    proposed: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @property
    def answered(self) -> set[str]:
        return {*self.accepted, *self.rejected}

    def judge(self, annotated: set[str]) -> None:
        """Every pending proposal is accepted if the article annotates it, rejected if not."""
        for key in self.proposed:
            target = self.accepted if key in annotated else self.rejected
            if key not in target:
                target.append(key)
        self.proposed = []


def _keys(value: object) -> list[str]:
    """A list of keys as an editor may write it: a list, one key, or nothing."""
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)] if value else []


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class AnswersFile:
    """The whole file, round-tripped: an editor's comments in it survive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = _yaml().load(path.read_text(encoding="utf-8")) if path.is_file() else None
        except YAMLError as err:
            raise ValueError(f"{path} is not valid YAML ({err}); fix or delete it") from err
        self.data: CommentedMap = data if isinstance(data, CommentedMap) else CommentedMap()
        if not path.is_file():
            self.data.yaml_set_start_comment(HEADER)

    def get(self, article: str) -> Answers:
        entry = self.data.get(article)
        entry = entry if isinstance(entry, dict) else {}
        lists = {k: _keys(entry.get(k)) for k in ("proposed", "accepted", "rejected")}
        return Answers(**lists)

    def put(self, article: str, answers: Answers) -> None:
        entry = self.data.get(article)
        if not isinstance(entry, CommentedMap):
            entry = self.data[article] = CommentedMap()
        for name in ("proposed", "accepted", "rejected"):
            values = getattr(answers, name)
            if values:
                seq = CommentedSeq(values)
                seq.fa.set_flow_style()
                entry[name] = seq
            elif name in entry:
                del entry[name]

    def save(self) -> None:
        stream = io.StringIO()
        _yaml().dump(self.data, stream)
        self.path.write_text(stream.getvalue(), encoding="utf-8")
