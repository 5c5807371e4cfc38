"""Dates as the browser compares them: the first and last day a date may mean."""

from __future__ import annotations

import calendar

from mkdocs_dossier.core.model import Entity, PartialDate


def last_day(date: PartialDate) -> str:
    """``2017-11`` -> ``2017-11-30``: the last day a partial date may mean."""
    month = date.month or 12
    day = date.day or calendar.monthrange(date.year, month)[1]
    return f"{date.year:04d}-{month:02d}-{day:02d}"


def span(event: Entity) -> tuple[str, str] | None:
    """(first day, last day) an event may have happened on, ISO; None if undated.

    A date known to the month spans the month, so a range of days that
    touches it shows the event; an end date, if stated, ends the span.
    """
    date = event.date
    if date is None:
        return None
    end = event.end or date
    return date.first_day().isoformat(), last_day(max(end, date, key=PartialDate.sort_key))
