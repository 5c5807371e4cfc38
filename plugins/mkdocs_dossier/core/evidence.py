"""Evidence: the paragraph of its article that supports each claim.

The evidence rule, documented in docs/editors.md:

1. A claim with ``quote:`` cites the paragraph holding those exact words
   (curly or straight quotes and runs of white space are the same); the
   words are marked in the article and link to what the claim is about. A
   quote the text does not hold is an error naming the closest passage.
2. Otherwise, of the paragraphs naming the claim's subject, the one that
   also names most of its object or value (Kem Sokha with the CNRP; for an
   event, its participants, place and date); ties go to the earlier one.
3. A photo caption (a paragraph in italics, or an image) is cited only if no
   other paragraph qualifies.

Events are seldom named in a text: an event's subject is the paragraph its
cues (participants, place, date) point at, and that sentence becomes the
event's mention, so its page quotes the sentence that reports it.
"""

from __future__ import annotations

import calendar
import difflib
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.memo import Memo, fresh
from mkdocs_dossier.core.mentions import blocks, plain, sentences
from mkdocs_dossier.core.model import Citation, Dossier, Entity, Mention, PartialDate
from mkdocs_dossier.core.schema import AGENT_FIELDS

_DOUBLE = '"“”„«»'
_SINGLE = "'‘’‚"
_MONTHS = {
    m: [calendar.month_name[m], calendar.month_abbr[m]] + (["Sept"] if m == 9 else [])
    for m in range(1, 13)
}


@dataclass(frozen=True)
class Quote:
    """An editor's ``quote:``: the article, the words, where written, and what it is about."""

    article: str
    text: str
    pos: Pos
    key: str


@dataclass(frozen=True)
class Found:
    """Where a quote is: its span of the article body, paragraph and sentence."""

    start: int
    end: int
    anchor: str
    sentence: str
    key: str
    #: The quote as the editor wrote it.
    text: str


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A pattern of the exact words, any kind of quotation mark, any white space."""
    parts = []
    for token in re.findall(r"\s+|.", quote.strip(), re.S):
        if token.isspace():
            parts.append(r"\s+")
        elif token in _DOUBLE:
            parts.append(f"[{re.escape(_DOUBLE)}]")
        elif token in _SINGLE:
            parts.append(f"[{re.escape(_SINGLE)}]")
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts))


def _prose(body: str) -> list[Any]:
    return [b for b in blocks(body) if b.kind == "prose"]


def locate(dossier: Dossier, problems: Problems) -> dict[str, list[Found]]:
    """Every quote's place in its article, by article; a quote not found is an error."""
    out: dict[str, list[Found]] = {}
    paras: dict[str, list[Any]] = {}
    for quote in dossier.quotes:
        article = dossier.articles.get(quote.article)
        if article is None:
            continue
        prose = paras.setdefault(article.id, _prose(article.body))
        found = _find(article.body, prose, quote)
        if found is None:
            closest = _closest(article.body, prose, quote.text)
            problems.add(
                quote.pos,
                f"the quote “{quote.text}” is not in the text of {article.path}"
                + (f"; the closest passage is “{closest}”" if closest else ""),
                "copy the words exactly as the article body writes them",
            )
            continue
        out.setdefault(article.id, []).append(found)
    return out


def _find(body: str, prose: list[Any], quote: Quote) -> Found | None:
    pattern = quote_pattern(quote.text)
    for block in prose:
        m = pattern.search(body, block.start, block.end)
        if m:
            para = plain(body[block.start : block.end])
            words = plain(m.group(0))
            sentence = next((s for s in sentences(para) if words in s), para)
            return Found(m.start(), m.end(), block.anchor, sentence, quote.key, quote.text)
    return None


def _closest(body: str, prose: list[Any], text: str) -> str:
    candidates = [s for b in prose for s in sentences(plain(body[b.start : b.end]))]
    scored = [
        (difflib.SequenceMatcher(None, text, s).ratio(), -i, s) for i, s in enumerate(candidates)
    ]
    return max(scored)[2] if scored else ""


# -- the rule ------------------------------------------------------------------


def date_pattern(date: PartialDate) -> re.Pattern[str]:
    """How an English news text writes a date: ``Nov. 16``, ``16 November``, ``2018``."""
    if date.month is None:
        return re.compile(rf"\b{date.year}\b")
    months = "|".join(_MONTHS[date.month])
    if date.day is None:
        return re.compile(rf"\b(?:{months})\b")
    return re.compile(rf"\b(?:(?:{months})\.?\s+{date.day}|{date.day}\s+(?:{months}))\b")


@dataclass
class _Para:
    anchor: str
    text: str
    caption: bool
    keys: set[str]


def _paragraphs(dossier: Dossier, ident: str, memo: Memo = fresh) -> _Paras:
    """The article's prose paragraphs and the keys each names (``memo`` may keep them)."""
    article = dossier.articles[ident]
    keys: dict[str, set[str]] = {}
    for m in dossier.found.get(ident, []):
        keys.setdefault(m.anchor, set()).add(m.key)
    inputs = (article.body, repr(sorted((a, sorted(k)) for a, k in keys.items())))
    # Read only (the rule scores them), so the kept list itself serves.
    made = memo("paragraphs", inputs, partial(_make_paragraphs, article.body, keys), shared=True)
    key = hashlib.blake2b("\0".join(inputs).encode("utf-8", "surrogatepass"), digest_size=16)
    return _Paras(made, key.hexdigest())


class _Paras(list[_Para]):
    """An article's paragraphs, with the inputs they were made of (for :func:`best`'s memo)."""

    def __init__(self, paras: list[_Para], inputs: str) -> None:
        super().__init__(paras)
        self.inputs = inputs


def _make_paragraphs(body: str, keys: dict[str, set[str]]) -> list[_Para]:
    out = []
    for block in _prose(body):
        raw = body[block.start : block.end].strip()
        caption = raw.startswith("![") or (len(raw) > 2 and raw[0] in "*_" and raw[-1] in "*_")
        out.append(_Para(block.anchor, plain(raw), caption, keys.get(block.anchor, set())))
    return out


def _cues(value: Any, dossier: Dossier) -> list[Any]:
    """What in a paragraph shows a value: an entity key, a date pattern, or words."""
    if isinstance(value, PartialDate):
        return [date_pattern(value)]
    if isinstance(value, tuple):
        return [p.key for p in value if hasattr(p, "key")]
    if isinstance(value, str) and value in dossier.entities:
        return [value]
    if isinstance(value, str):
        return [w.casefold() for w in re.findall(r"\w{4,}", value)][:8]
    return []


def _score(para: _Para, cues: list[Any]) -> int:
    score = 0
    folded = para.text.casefold()
    for cue in cues:
        if isinstance(cue, re.Pattern):
            # A day is strong evidence; a bare month or year, weak.
            score += (2 if r"\s+" in cue.pattern else 1) * bool(cue.search(para.text))
        elif "/" in cue:
            score += 2 * (cue in para.keys)
        else:
            score += cue in folded
    return score


def best(paras: list[_Para], subject: str | None, cues: list[Any]) -> str | None:
    """The anchor the rule chooses: subject named, not a caption, most cues, earliest."""
    ranked = []
    for i, para in enumerate(paras):
        score = _score(para, cues)
        if subject is not None and subject not in para.keys:
            continue
        if subject is None and score == 0:
            continue
        ranked.append(((not para.caption, score, -i), para.anchor))
    return max(ranked)[1] if ranked else None


def _event_cues(event: Entity, article: str, dossier: Dossier) -> list[Any]:
    cues: list[Any] = []
    for fname in ("date", "place", *AGENT_FIELDS):
        for fact in event.facts.get(fname, []):
            if any(c.article == article for c in fact.citations):
                cues.extend(_cues(fact.value, dossier))
    return cues


def _owners(ent: Entity) -> Iterator[tuple[Any, str, Any]]:
    """Citation holders of an entity: (owner, field, value)."""
    yield ent, "", None
    for fname, facts in ent.facts.items():
        for fact in facts:
            yield fact, fname, fact.value


def attach(
    dossier: Dossier, quotes: dict[str, list[Found]], memo: Memo = fresh, resolution: str = ""
) -> None:
    """Point every citation at its paragraph, by quote or by the rule; give events mentions.

    ``resolution``, if given, names the resolved dossier (a digest of what it
    was resolved from): with the same one, the citations of an article and
    the cues the rule reads for them are the same, so ``memo`` may give that
    article's anchors of the last build when its paragraphs and quotes are too.
    """
    quoted = {(ident, f.key, f.text): f for ident, fs in quotes.items() for f in fs}
    paras = {ident: _paragraphs(dossier, ident, memo) for ident in dossier.articles}

    def anchor_of(cite: Citation, key: str, subject: str | None, cues: list[Any]) -> str | None:
        article = cite.article or ""  # (only citations of an article are asked for)
        found = quoted.get((article, key, cite.quote)) if cite.quote else None
        if found:
            return found.anchor
        among = paras[article]
        # The rule reads the paragraphs, the subject and the cues only.
        inputs = (among.inputs, subject or "\0", repr(cues))
        return memo("anchor", inputs, partial(best, among, subject, cues), shared=True)

    # Every citation of an article, in the resolution's order, with how the
    # rule finds its anchor (the cues are made only when an anchor is).
    holders: list[tuple[Any, list[Citation]]] = []
    jobs: dict[str, list[tuple[int, int, Callable[[], str | None]]]] = {}

    def hold(owner: Any, anchors: Iterator[tuple[Citation, Callable[[], str | None]]]) -> None:
        cites = list(owner.citations)
        for i, (cite, find) in enumerate(anchors):
            if cite.article is not None and cite.article in paras:
                jobs.setdefault(cite.article, []).append((len(holders), i, find))
        holders.append((owner, cites))

    for key, ent in dossier.entities.items():
        for owner, fname, value in _owners(ent):
            hold(owner, _entity_anchors(dossier, key, ent, owner, fname, value, anchor_of))
    for rel in dossier.relations:
        hold(rel, _relation_anchors(dossier, rel, anchor_of))
    for ident, found in jobs.items():

        def make(found: list = found) -> list[str | None]:
            return [find() for _h, _i, find in found]

        if resolution:
            # The article too: another one with the same text has other citations.
            inputs = (resolution, ident, paras[ident].inputs, repr(quotes.get(ident, [])))
            anchors = memo("anchors", inputs, make, shared=True)
        else:
            anchors = make()
        for (h, i, _find), anchor in zip(found, anchors, strict=True):
            cites = holders[h][1]
            if cites[i].anchor != anchor:
                cites[i] = cites[i].with_anchor(anchor)
    for owner, cites in holders:
        owner.citations = cites
    _event_mentions(dossier, paras, quoted)
    _quote_mentions(dossier, quotes)


_Find = Callable[[Citation, str, "str | None", list[Any]], "str | None"]


def _entity_anchors(
    dossier: Dossier, key: str, ent: Entity, owner: Any, fname: str, value: Any, anchor_of: _Find
) -> Iterator[tuple[Citation, Callable[[], str | None]]]:
    """Each citation of one of an entity's holders, with how its anchor is found."""
    event = ent.type == "event"
    for cite in owner.citations:

        def find(cite: Citation = cite) -> str | None:
            base = _event_cues(ent, cite.article, dossier) if event and cite.article else []
            if event:
                extra = _cues(value, dossier) if fname in AGENT_FIELDS else []
                return anchor_of(cite, key, None, extra + extra + base)
            own = _cues(value, dossier) if value is not None else _all_cues(ent, cite, dossier)
            return anchor_of(cite, key, key, own)

        yield cite, find


def _relation_anchors(
    dossier: Dossier, rel: Any, anchor_of: _Find
) -> Iterator[tuple[Citation, Callable[[], str | None]]]:
    """Each citation of a relation, with how its anchor is found."""
    subject_is_event = dossier.entities[rel.subject].type == "event"
    obj = dossier.entities[rel.object]
    for cite in rel.citations:

        def find(cite: Citation = cite) -> str | None:
            if obj.type == "event" and cite.article:
                cues = [rel.subject, rel.subject, *_event_cues(obj, cite.article, dossier)]
                return anchor_of(cite, rel.object, None, cues)
            cues = [rel.object, *_cues(rel.role or "", dossier)]
            return anchor_of(cite, rel.subject, None if subject_is_event else rel.subject, cues)

        yield cite, find


def _all_cues(ent: Entity, cite: Citation, dossier: Dossier) -> list[Any]:
    """Cues of everything one annotation states, for the annotation's own citation."""
    cues: list[Any] = []
    for fname, facts in ent.facts.items():
        if fname != "summary":
            for fact in facts:
                if any(c.article == cite.article for c in fact.citations):
                    cues.extend(_cues(fact.value, dossier))
    return cues


def _event_mentions(dossier: Dossier, paras: dict[str, _Paras], quoted: dict) -> None:
    """Each event a mention in each article annotating it: the sentence its citation points at."""
    for key, ent in dossier.entities.items():
        if ent.type != "event":
            continue
        named = {m.article for m in dossier.mentions.get(key, [])}
        for cite in ent.citations:
            if cite.article is None or cite.anchor is None or cite.article in named:
                continue
            found = quoted.get((cite.article, key, cite.quote)) if cite.quote else None
            para = next(p for p in paras[cite.article] if p.anchor == cite.anchor)
            sentence = found.sentence if found else _best_sentence(para, ent, cite, dossier)
            mention = Mention(key, cite.article, cite.anchor, sentence, sentence)
            dossier.mentions.setdefault(key, []).append(mention)
            dossier.found.setdefault(cite.article, []).append(mention)
            named.add(cite.article)


def _best_sentence(para: _Para, ent: Entity, cite: Citation, dossier: Dossier) -> str:
    cues = _event_cues(ent, cite.article or "", dossier)
    names = {
        k: [n.casefold() for n in dossier.entities[k].published_names]
        for k in cues
        if isinstance(k, str) and k in dossier.entities
    }
    ranked = []
    for i, sentence in enumerate(sentences(para.text)):
        folded = sentence.casefold()
        score = sum(
            bool(c.search(sentence))
            if isinstance(c, re.Pattern)
            else any(n in folded for n in names.get(c, ()))
            for c in cues
        )
        ranked.append((score, -i, sentence))
    return max(ranked)[2] if ranked else para.text


def _quote_mentions(dossier: Dossier, quotes: dict[str, list[Found]]) -> None:
    """A quoted sentence is a mention of what it is about, so its page quotes it."""
    for ident, found in quotes.items():
        have = {(m.key, m.snippet) for m in dossier.found.get(ident, [])}
        for f in found:
            if (f.key, f.sentence) in have:
                continue
            have.add((f.key, f.sentence))
            mention = Mention(f.key, ident, f.anchor, f.sentence, f.sentence)
            dossier.mentions.setdefault(f.key, []).append(mention)
            dossier.found.setdefault(ident, []).append(mention)
