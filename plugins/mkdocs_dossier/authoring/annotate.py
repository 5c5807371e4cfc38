"""One run of ``dossier suggest`` on an article file: judge the last proposals,
propose what is still unanswered, write both down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs_dossier.authoring.answers import AnswersFile, answers_path
from mkdocs_dossier.authoring.gazette import Gazette
from mkdocs_dossier.authoring.suggest import (
    Suggester,
    Suggestion,
    add_to,
    annotated_keys,
    answer_key,
)
from mkdocs_dossier.authoring.yamledit import read
from mkdocs_dossier.core.model import PartialDate
from mkdocs_dossier.core.sources import default_id
from mkdocs_dossier.pipeline import Options, load_dossier


def _date(value: object) -> PartialDate | None:
    try:
        return PartialDate.parse(str(value)) if value is not None else None
    except ValueError:
        return None


def suggest_file(
    path: Path, root: Path, country: str | None = None, write: bool = True, ner: Any = None
) -> list[Suggestion]:
    """Propose annotations for the article at ``path`` of the dossier at ``root``.

    With ``write``, they are appended to the article's front matter (the rest of
    it kept as written) and recorded in the answers file. ``ner``: the optional
    statistical recogniser (``ner.load()``).
    """
    doc = read(path)
    article = str(doc.front.get("id") or default_id(path.name))
    dossier = load_dossier(root, Options(include_embargoed=True, geocode=False))
    annotated = annotated_keys(dossier, article)
    answers_file = AnswersFile(answers_path(root))
    answers = answers_file.get(article)
    answers.judge(annotated)
    suggester = Suggester(dossier, Gazette(country), ner)
    found = suggester.suggest(doc.body, _date(doc.front.get("date")), annotated)
    fresh = [s for s in found if answer_key(s) not in answers.answered | annotated]
    if write:
        add_to(doc.front, fresh)
        if fresh:
            path.write_text(doc.text(), encoding="utf-8")
        answers.proposed = list(dict.fromkeys(answer_key(s) for s in fresh))
        answers_file.put(article, answers)
        answers_file.save()
    return fresh
