"""Dates written in an article's text, resolved against the article's date.

News copy writes "on Sept. 3", "On Nov. 10", "on Tuesday", "for 2018": the
year, or the week, is the article's. A month and day take the year that puts
them nearest the article's date (a story of 3 January about "Dec. 28" means
the year before); a weekday alone is the latest such day on or before it
("pushed back on Tuesday"), or the next with "next".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from mkdocs_dossier.core.model import PartialDate

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_MONTHS["sept"] = 9
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_DAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
DATE_EXPRESSION = re.compile(
    rf"\b(?P<md>(?P<mon>{_MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,? (?P<year>(?:19|20)\d\d))?)\b"
    rf"|\b(?P<dm>(?P<day2>\d{{1,2}}) (?P<mon2>{_MONTH})(?: (?P<year2>(?:19|20)\d\d))?)\b"
    r"|\b(?P<next>next |last )?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:in|for|by|until|since|of) (?P<monthyear>(?P<mon3>"
    + _MONTH
    + r") (?P<year3>(?:19|20)\d\d))\b"
    r"|\b(?:in|for|by|until|since|set for) (?P<yearonly>(?:19|20)\d\d)\b"
)


@dataclass(frozen=True)
class Dated:
    """A date expression of the text: where, as written, and the date it means."""

    start: int
    end: int
    words: str
    date: PartialDate


def _nearest_year(month: int, day: int, around: dt.date) -> dt.date | None:
    best = None
    for year in (around.year - 1, around.year, around.year + 1):
        try:
            when = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(when - around) < abs(best - around):
            best = when
    return best


def _month(text: str) -> int | None:
    return _MONTHS.get(_key(text))


def _key(text: str) -> str:
    word = text.rstrip(".").lower()
    return word if word in _MONTHS else word[:3]


def _resolve(m: re.Match[str], article: PartialDate) -> PartialDate | None:
    around = article.first_day()
    if m.group("md") or m.group("dm"):
        month = _month(m.group("mon") or m.group("mon2"))
        day = int(m.group("day") or m.group("day2"))
        year = m.group("year") or m.group("year2")
        if month is None:
            return None
        if year:
            try:
                return PartialDate.parse(f"{year}-{month:02d}-{day:02d}")
            except ValueError:
                return None
        when = _nearest_year(month, day, around) if article.day or article.month else None
        if when is None:
            return None
        return PartialDate(when.year, when.month, when.day)
    if m.group("weekday"):
        if not article.day:
            return None
        want = _DAYS[m.group("weekday").lower()]
        step = (around.weekday() - want) % 7
        when = around - dt.timedelta(days=step)
        if (m.group("next") or "").strip() == "next":
            when = around + dt.timedelta(days=(want - around.weekday()) % 7 or 7)
        elif (m.group("next") or "").strip() == "last" and step == 0:
            when = around - dt.timedelta(days=7)
        return PartialDate(when.year, when.month, when.day)
    if m.group("monthyear"):
        month = _month(m.group("mon3"))
        return PartialDate(int(m.group("year3")), month) if month else None
    if m.group("yearonly"):
        return PartialDate(int(m.group("yearonly")))
    return None


def dates_in(text: str, article: PartialDate | None) -> list[Dated]:
    """Every date expression of ``text`` that resolves against the article's date."""
    if article is None:
        return []
    out = []
    for m in DATE_EXPRESSION.finditer(text):
        when = _resolve(m, article)
        if when is not None:
            group = next(g for g in ("md", "dm", "weekday", "monthyear", "yearonly") if m.group(g))
            start = m.start("next") if group == "weekday" and m.group("next") else m.start(group)
            out.append(Dated(start, m.end(group), text[start : m.end(group)], when))
    return out
