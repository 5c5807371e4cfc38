"""``dossier review``: what an editor should look at before publishing, in one report.

Four kinds of finding, each at the position an editor fixes it:

- ``unannotated``: a name in an article's text that looks like a person,
  organisation, party or place but is no entity (with the paragraph, and the
  known entity closest to it, in case it is a spelling of one); names the
  editor rejected in ``answers.yml`` are left out;
- ``unused``: an entity annotated but never mentioned in any text, and that
  nothing else refers to (an ``in:``, ``party:`` or event participant does);
- ``near-duplicate``: two entities that look like one (``core/similar.py``);
- ``conflict``: a field that the sources give different values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_dossier.authoring.answers import AnswersFile, answers_path
from mkdocs_dossier.authoring.gazette import Gazette
from mkdocs_dossier.authoring.suggest import Suggester, paragraphs
from mkdocs_dossier.authoring.yamledit import read
from mkdocs_dossier.core.errors import Pos
from mkdocs_dossier.core.model import Dossier, Entity, Participant
from mkdocs_dossier.core.similar import closest, near_duplicates
from mkdocs_dossier.pipeline import Options, load_dossier

#: Fields whose several values are one list, not a disagreement.


@dataclass(frozen=True, order=True)
class Finding:
    pos: Pos
    kind: str
    message: str
    remedy: str
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}; {self.remedy}"

    def as_json(self) -> dict[str, Any]:
        out = {"kind": self.kind, **asdict(self.pos), "message": self.message}
        return {**out, "remedy": self.remedy, **self.details}


def _position(body: str, offset: int, body_line: int, path: str) -> Pos:
    line = body_line + body.count("\n", 0, offset)
    return Pos(path, line, offset - (body.rfind("\n", 0, offset) + 1) + 1)


def unannotated(dossier: Dossier, root: Path, suggester: Suggester) -> list[Finding]:
    """Names in the texts that are no entity of the dossier."""
    answers = AnswersFile(answers_path(root))
    out = []
    for article in sorted(dossier.articles.values(), key=lambda a: a.path):
        file = root.parent / article.path
        if not file.is_file():
            continue
        try:
            body = read(file).body
        except (OSError, ValueError):
            continue  # what is wrong with the file, `dossier check` reports
        paras = paragraphs(body)
        spans = [(s, e) for s, e, _ in suggester.known_spans(paras)]

        def masked(start: int, end: int, spans: list[tuple[int, int]] = spans) -> bool:
            return any(s < end and start < e for s, e in spans)

        rejected = set(answers.get(article.id).rejected)
        for s in suggester.new_names(body, paras, masked, set(article.annotated)):
            if s.type == "event" or s.key in rejected:
                continue
            near = closest(s.name, dossier.entities)
            hint = (
                f"closest known: {near.key} ('{near.name}')" if near else "no known entity is close"
            )
            out.append(
                Finding(
                    _position(body, s.start, article.body_line, article.path),
                    "unannotated",
                    f"'{s.words}' (¶{s.paragraph}) looks like a {s.type} but is not annotated",
                    f"annotate it (`dossier suggest {article.id}`), or reject it in "
                    f"{root.name}/answers.yml; {hint}",
                    {
                        "name": s.name,
                        "type": s.type,
                        "paragraph": s.paragraph,
                        "closest": near.key if near else None,
                    },
                )
            )
    return out


def _referenced(dossier: Dossier) -> set[str]:
    """Keys that another entity or a relation refers to."""
    out: set[str] = set()
    for ent in dossier.entities.values():
        for facts in ent.facts.values():
            for fact in facts:
                values = fact.value if isinstance(fact.value, list) else [fact.value]
                for value in values:
                    key = value.key if isinstance(value, Participant) else value
                    if isinstance(key, str) and key in dossier.entities and key != ent.key:
                        out.add(key)
    for rel in dossier.relations:
        out.update((rel.subject, rel.object))
    return out


def _pos(ent: Entity) -> Pos:
    return min((c.pos for c in ent.citations), default=Pos(ent.key))


def unused(dossier: Dossier) -> list[Finding]:
    """Entities no text mentions and nothing refers to (events are named, not quoted)."""
    referenced = _referenced(dossier)
    out = []
    for key, ent in sorted(dossier.entities.items()):
        if ent.type == "event" or dossier.mentions.get(key) or key in referenced:
            continue
        out.append(
            Finding(
                _pos(ent),
                "unused",
                f"{key} ('{ent.title}') is annotated but no text mentions it",
                "add the name as the text writes it to its aliases, or remove the annotation",
                {"key": key},
            )
        )
    return out


def duplicates(dossier: Dossier) -> list[Finding]:
    return [
        Finding(
            d.pos,
            "near-duplicate",
            f"{d.key} may be {d.other}: {d.detail}",
            f"did you mean '{dossier.entities[d.other].id}'? refer to it by its id, "
            "or rename one so they differ clearly",
            {"key": d.key, "other": d.other, "reason": d.reason},
        )
        for d in near_duplicates(dossier.entities)
    ]


def conflicts(dossier: Dossier) -> list[Finding]:
    """Incompatible values the sources give one field (the claims model's conflicts).

    A refinement (``2018`` and ``2018-07``, a place inside another) is no conflict:
    the core merges it, and only what it could not reconcile is reported here.
    """
    out = []
    for conflict in dossier.conflicts:
        values = " / ".join(f"'{_shown(c.value)}' ({c.citation.pos})" for c in conflict.claims)
        out.append(
            Finding(
                conflict.pos,
                "conflict",
                f"the sources give {conflict.entity} different '{conflict.field}': {values}",
                "check the sources; mark the wrong claim 'rank: deprecated' or the right one "
                "'rank: preferred', or keep both if the sources do disagree",
                {
                    "key": conflict.entity,
                    "field": conflict.field,
                    "values": [_shown(c.value) for c in conflict.claims],
                },
            )
        )
    return out


def _shown(value: Any) -> str:
    if hasattr(value, "iso"):
        return str(value.iso())
    return str(value)


def review(root: Path, country: str | None = None) -> list[Finding]:
    """Every finding for the dossier at ``root``, in file and line order."""
    dossier = load_dossier(root, Options(include_embargoed=True, geocode=False))
    suggester = Suggester(dossier, Gazette(country))
    found = [
        *unannotated(dossier, root, suggester),
        *unused(dossier),
        *duplicates(dossier),
        *conflicts(dossier),
    ]
    return sorted(found)
