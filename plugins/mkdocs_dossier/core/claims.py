"""Claims over time: which value a view shows, what refines what, what conflicts.

Every fact value is a claim made by its sources, each dated by its article
(:attr:`Citation.date`). The precedence rule, documented in docs/editors.md:

1. the editor's rank: ``preferred`` over normal over ``deprecated``;
2. then the most recent source (an entity file is undated and comes last);
3. then the value itself, so equal claims never fall back on file order.

Two values of a field are *compatible* when one refines the other: a partial
date inside another (``2018`` and ``2018-07``), a place inside another
(``phnom-penh`` ``in:`` ``cambodia``). They become one fact, the more precise
value citing both. Values that are not compatible are *conflicts* when the
field holds one value at a time (:data:`SINGLE`): both are kept and shown as
differing, and :func:`report` lists them for review. A date stated while the
event was only expected, and changed by a later source, is an update, not a
conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.errors import Pos, Problems
from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import Article, Citation, Entity, Fact, PartialDate

#: Rank order: higher wins.
RANK_LEVEL = {"deprecated": 0, "normal": 1, "preferred": 2}
#: Fields that hold one value at a time: two incompatible values are a conflict.
SINGLE = ("date", "end", "place", "in", "country", "party", "leader", "parent")
#: Fields whose values are places, refined by ``in:``.
_PLACE_FIELDS = ("place", "in", "country")
#: Statuses of an event that say it had not happened (yet) as of the source.
FORECAST = ("scheduled", "postponed")


@dataclass(frozen=True)
class Claim:
    """One source stating one value."""

    value: Any
    citation: Citation


@dataclass(frozen=True)
class Conflict:
    """Sources that state incompatible values of one field of one entity."""

    entity: str
    field: str
    #: Every claim of every disputed value, the value shown first.
    claims: tuple[Claim, ...]

    @property
    def pos(self) -> Pos:
        return min(c.citation.pos for c in self.claims)


def stated_status(values: dict[str, Any], article_date: PartialDate | None) -> str | None:
    """The status of an event as one annotation states it, or by default from the dates.

    Explicit ``status:`` first, then ``scheduled: true|false``; otherwise an
    event dated after its article is ``scheduled`` as of that article, one
    dated on or before it ``held``. An entity file (no article) states none.
    """
    if "status" in values:
        return values["status"]
    if "scheduled" in values:
        return "scheduled" if values["scheduled"] else "held"
    date = values.get("date")
    if article_date is None or not isinstance(date, PartialDate):
        return None
    return "scheduled" if date.first_day() > article_date.first_day() else "held"


def event_keywords(event: Entity) -> list[str]:
    """Words that qualify an event as its current claims stand: its status if not held, an
    approximate date."""
    status = event.first("status")
    words = [status] if status and status != "held" else []
    return words + (["approximate date"] if event.first("approximate") else [])


def cite_precedence(cite: Citation) -> tuple:
    date = cite.date.sort_key() if cite.date else (0, 0, 0)
    return (RANK_LEVEL.get(cite.rank, 1), date)


def cite_order(cite: Citation) -> tuple:
    """Sort key of citations: the one with precedence first, then by place in its file."""
    rank, date = cite_precedence(cite)
    return (-rank, tuple(-x for x in date), cite.pos.line, cite.pos.col, cite.article or "")


def fact_precedence(fact: Fact) -> tuple:
    return max((cite_precedence(c) for c in fact.citations), default=(1, (0, 0, 0)))


def _value_key(value: Any) -> str:
    return value.iso() if isinstance(value, PartialDate) else repr(value)


def _ancestors(entities: dict[str, Entity]) -> dict[str, set[str]]:
    """Place key -> every place containing it, by any source's ``in:``."""
    parents = {k: set(e.values("in")) for k, e in entities.items() if e.type == "place"}
    out: dict[str, set[str]] = {}
    for key in parents:
        seen: set[str] = set()
        todo = list(parents[key])
        while todo:
            up = todo.pop()
            if up not in seen and up != key:
                seen.add(up)
                todo.extend(parents.get(up, ()))
        out[key] = seen
    return out


def refines(fine: Any, coarse: Any, ancestors: dict[str, set[str]]) -> bool:
    """Whether ``fine`` says what ``coarse`` says, more precisely."""
    if isinstance(fine, PartialDate) and isinstance(coarse, PartialDate):
        return fine != coarse and fine.iso().startswith(coarse.iso() + "-")
    if isinstance(fine, str) and isinstance(coarse, str):
        return coarse in ancestors.get(fine, ())
    return False


def _precision(value: Any, ancestors: dict[str, set[str]]) -> tuple[int, str]:
    """More is more precise: a longer date, a place inside more places."""
    if isinstance(value, PartialDate):
        return (len(value.iso()), value.iso())
    return (len(ancestors.get(value, ())), _value_key(value))


def _merge_refinements(facts: list[Fact], ancestors: dict[str, set[str]]) -> list[Fact]:
    """Fold each value into a more precise one that refines it, citations and all."""
    kept = list(facts)
    changed = True
    while changed:
        changed = False
        for coarse in kept:
            finer = [f for f in kept if refines(f.value, coarse.value, ancestors)]
            if finer:
                # The most precise of those the coarse value contains takes its sources.
                target = max(finer, key=lambda f: _precision(f.value, ancestors))
                target.citations.extend(c for c in coarse.citations if c not in target.citations)
                kept.remove(coarse)
                changed = True
                break
    return kept


def _forecasts(ent: Entity) -> dict[str | None, str]:
    """Article id -> the event's status as of that article."""
    out: dict[str | None, str] = {}
    for fact in ent.facts.get("status", []):
        for cite in fact.citations:
            out[cite.article] = fact.value
    return out


def _superseded(fact: Fact, current: Fact, status: dict[str | None, str]) -> bool:
    """A value stated only while the event was expected, and restated later."""
    newest = max(cite_precedence(c) for c in current.citations)
    return all(
        status.get(c.article) in FORECAST and cite_precedence(c) < newest for c in fact.citations
    )


def _settle_field(
    ent: Entity, fname: str, facts: list[Fact], ancestors: dict[str, set[str]]
) -> list[Fact]:
    if fname in SINGLE or fname in _PLACE_FIELDS:
        facts = _merge_refinements(facts, ancestors)
    for fact in facts:
        fact.citations.sort(key=cite_order)
        fact.state = "current"
    facts.sort(key=lambda f: (fact_precedence(f), _value_key(f.value)), reverse=True)
    status = _forecasts(ent) if ent.type == "event" else {}
    for fact in facts[1:]:
        if fact_precedence(fact)[0] == 0:
            fact.state = "deprecated"
        elif fname in SINGLE and not (ent.type == "event" and _superseded(fact, facts[0], status)):
            fact.state = facts[0].state = "disputed"
        else:
            fact.state = "earlier"
    return facts


def settle(entities: dict[str, Entity]) -> list[Conflict]:
    """Order every entity's facts by precedence, merge refinements, find conflicts.

    After this, ``facts[field][0]`` is the value a single-value view shows
    and each fact's ``state`` says how it stands; the conflicts are returned.
    """
    ancestors = _ancestors(entities)
    conflicts = []
    for ent in entities.values():
        for fname, facts in list(ent.facts.items()):
            facts = ent.facts[fname] = _settle_field(ent, fname, facts, ancestors)
            disputed = [f for f in facts if f.state == "disputed"]
            if disputed:
                found = tuple(Claim(f.value, c) for f in disputed for c in f.citations)
                conflicts.append(Conflict(ent.key, fname, found))
    return conflicts


def source_label(
    cite: Citation, articles: dict[str, Article], language: Language | None = None
) -> str:
    """``Radio Free Asia, 14 November 2017``, or ``dossier file``, in ``language``."""
    language = language or Language()
    article = articles.get(cite.article or "")
    if article is None:
        return language.gettext(glossary.DOSSIER_FILE)
    words = article.meta.get("source") or article.title
    return f"{words}, {language.partial(article.date)}" if article.date else str(words)


def _shown(value: Any) -> str:
    return value.iso() if isinstance(value, PartialDate) else str(value)


def report(conflicts: list[Conflict], articles: dict[str, Article], problems: Problems) -> None:
    """Each conflict as one review warning at its first claim, naming every claim."""
    for conflict in conflicts:
        said = "; ".join(
            f"'{_shown(c.value)}' at {c.citation.pos} ({source_label(c.citation, articles)})"
            for c in conflict.claims
        )
        problems.add(
            conflict.pos,
            f"sources differ on the {conflict.field} of {conflict.entity}: {said}",
            "check the sources; mark the wrong claim 'rank: deprecated' or the right one "
            "'rank: preferred'",
            severity="review",
        )
