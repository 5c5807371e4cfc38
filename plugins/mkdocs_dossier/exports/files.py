"""Open-data exports of a dossier: JSON, FollowTheMoney, iCalendar, TimelineJS.

Every export is a pure function of the resolved dossier (and of
``SOURCE_DATE_EPOCH`` when set), so two builds give byte-identical files:
records are sorted, JSON keys are sorted by :func:`render.safe_json`, and no
build time is written. Names are always the published ones (``Entity.title``,
``Entity.published_names``), never ``Entity.name``, so a protected person's
real name cannot leak into a file.

The FollowTheMoney export (:mod:`ftm`) is written only when it is on
(``Options.ftm``), through the ``followthemoney`` package
(``pip install "mkdocs-dossier[ftm]"``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from typing import Any

from mkdocs_dossier.core.claims import cite_order
from mkdocs_dossier.core.memo import Memo, fresh
from mkdocs_dossier.core.model import (
    Article,
    Citation,
    Dossier,
    Entity,
    Mention,
    PartialDate,
    Participant,
    Relation,
)
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.core.timeline import Timelines, event_entry
from mkdocs_dossier.exports.ftm import ftm_chunks
from mkdocs_dossier.exports.options import article_key, public_url
from mkdocs_dossier.safety.embargo import source_date_epoch
from mkdocs_dossier.site.encode import safe_json

#: Version of the dossier.json layout; the major number changes when a field
#: is removed or changes meaning, the minor number when fields are added.
SCHEMA_VERSION = "1.0"


#: Generated file paths, relative to the site root.
DOSSIER_JSON = "exports/dossier.json"


FTM_JSONL = "exports/ftm.jsonl"


EVENTS_ICS = "exports/events.ics"


TIMELINE_JSON = "exports/timeline.json"


@dataclass(frozen=True)
class RecordKeys:
    """Digests a host already holds of what dossier.json's records are made from.

    Equal digests are equal data, so a :class:`Memo` may hand out a record's
    text by its digest without making the record (the dict, or the sorted
    rows of an article's mentions) to compare. ``entities``: an entity's key
    -> a digest of all it holds (its citations' anchors too); ``sources``:
    an article's id -> a digest of its record but its texts; ``mentions``: an
    article's id -> a digest of the mentions found in it (``Dossier.found``,
    whose mentions are those of ``Dossier.mentions`` with that article).
    """

    entities: Mapping[str, str]
    sources: Mapping[str, str]
    mentions: Mapping[str, str]


def export_files(
    dossier: Dossier, options: Options, memo: Memo = fresh, keys: RecordKeys | None = None
) -> dict[str, str]:
    """Every export, by its path in the site."""
    return {path: "".join(chunks) for path, chunks in _exports(dossier, options, memo, keys)}


def _exports(
    dossier: Dossier, options: Options, memo: Memo = fresh, keys: RecordKeys | None = None
) -> Iterator[tuple[str, Iterable[str]]]:
    """(path in the site, the text in pieces) of each export, made one at a time.

    The pieces of the big files (dossier.json, ftm.jsonl) are made as they
    are read, so a writer never holds a whole file. ``memo`` may give the
    encoding of a record (or of events.ics) whose data is the last build's:
    JSON with an indent is encoded in Python, most of an export's time.
    With ``keys`` it finds a record by its digest, without making it first.
    """
    yield DOSSIER_JSON, dossier_json_chunks(dossier, options, memo, keys)
    yield EVENTS_ICS, (_memo_events_ics(dossier, options, memo),)
    timelines = Timelines(dossier)
    timeline = timeline_json(dossier, timelines, options)
    yield TIMELINE_JSON, (_encoded(memo, timeline, "") + "\n",)
    if options.ftm:
        yield FTM_JSONL, ftm_chunks(dossier, options)


def _encoded(memo: Memo, value: Any, margin: str) -> str:
    """``safe_json(value, indent=1, margin=margin)``, or the same text made before.

    The inputs are ``repr(value)``: for JSON data (strings, numbers, booleans,
    None, lists and dicts of them) equal reprs are equal values, and the
    encoding sorts keys, so the text is the same.
    """
    if memo is fresh:  # a one-off build: no repr made for nothing
        return safe_json(value, indent=1, margin=margin)
    return memo(
        "json", (margin, repr(value)), lambda: safe_json(value, indent=1, margin=margin), True
    )


def write_exports(
    dossier: Dossier,
    options: Options,
    folder: Path,
    memo: Memo = fresh,
    keys: RecordKeys | None = None,
) -> dict[str, Path]:
    """Write every export under ``folder``; the written files, by their path in the site.

    The bytes of :func:`export_files`, written piece by piece as the pieces
    are made. Neither a whole file nor its records (30 MB at 2,000 articles)
    are held in memory: a big string, once freed, leaves the allocator's heap
    larger for the rest of the build, and the build's peak memory with it.
    (With a ``memo`` that keeps results, its records are kept by the memo.)
    """
    written = {}
    for path, chunks in _exports(dossier, options, memo, keys):
        target = written[path] = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # newline="": events.ics has CRLF line ends of its own; nothing is translated.
        with target.open("w", encoding="utf-8", newline="") as out:
            out.writelines(chunks)
    return written


def plain(value: Any) -> Any:
    """A fact value as plain JSON data."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, tuple) and value and isinstance(value[0], Participant):
        return [{"entity": p.key, "role": p.role} for p in value]
    if isinstance(value, tuple):
        return list(value)
    return value


def citation_json(cite: Citation) -> dict[str, Any]:
    return {"article": cite.article, "anchor": cite.anchor}


def _citations(cites: list[Citation]) -> list[dict[str, Any]]:
    """Distinct citations, the source with precedence first (``claims.py``), never by file name."""
    seen: dict[tuple, dict[str, Any]] = {}
    for c in sorted(cites, key=cite_order):
        seen.setdefault((c.article, c.anchor), citation_json(c))
    return list(seen.values())


def _entity_json(ent: Entity, options: Options) -> dict[str, Any]:
    aliases = [n for n in ent.published_names if n != ent.title]
    return {
        "key": ent.key,
        "type": ent.type,
        "id": ent.id,
        "name": ent.title,
        "aliases": aliases,
        "protected": ent.protected,
        "summary": ent.summary,
        "description": ent.description or None,
        "url": public_url(ent.key, options),
        "facts": {
            fname: [{"value": plain(f.value), "citations": _citations(f.citations)} for f in facts]
            for fname, facts in sorted(ent.facts.items())
            if fname != "summary"
        },
        "citations": _citations(ent.citations),
    }


def _relation_json(r: Relation) -> dict[str, Any]:
    return {
        "subject": r.subject,
        "type": r.type,
        "object": r.object,
        "role": r.role,
        "start": r.start.iso() if r.start else None,
        "end": r.end.iso() if r.end else None,
        "citations": _citations(r.citations),
    }


def _relation_order(r: Relation) -> tuple[str, str, str, str]:
    return (r.subject, r.type, r.object, r.role or "")


#: How a mention is written and sorted: (article, anchor, entity, text, snippet).
_MentionRow = tuple[str, str, str, str, str]


def _mention_rows(dossier: Dossier) -> dict[str, list[_MentionRow]]:
    """Every mention, sorted, grouped by article (the first sort field)."""
    rows: dict[str, list[_MentionRow]] = {}
    for ms in dossier.mentions.values():
        for m in ms:
            rows.setdefault(m.article, []).append((m.article, m.anchor, m.key, m.text, m.snippet))
    for group in rows.values():
        group.sort()
    return rows


def _mention_block(rows: list[_MentionRow]) -> str:
    """The records of one article's mentions, as they stand in dossier.json."""
    return f",\n{_RECORD_INDENT}".join([_mention_record(row) for row in rows])


#: A mention's record as :func:`_record` writes :func:`_mention_json`: keys sorted.
_MENTION_RECORD = (
    '{{\n   "anchor": {1},\n   "article": {0},\n   "entity": {2},'
    '\n   "snippet": {4},\n   "text": {3}\n  }}'
)


def _mention_record(row: _MentionRow) -> str:
    """``_record(_mention_json(row))``, without sorting the same five keys 60,000 times."""
    if not all(type(field) is str for field in row):
        return _record(_mention_json(row))
    text = _MENTION_RECORD.format(*map(_json_str, row))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _mention_json(row: _MentionRow) -> dict[str, Any]:
    article, anchor, entity, text, snippet = row
    return {
        "entity": entity,
        "article": article,
        "anchor": anchor,
        "text": text,
        "snippet": snippet,
    }


def _source_json(a: Article, options: Options) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "date": a.date.iso() if a.date else None,
        "publisher": a.meta.get("source"),
        "url": a.meta.get("url"),
        "byline": a.meta.get("byline"),
        "language": a.meta.get("language"),
        "page": public_url(article_key(a.id), options),
        "entities": sorted(a.annotated),
    }


def _header_json(options: Options) -> dict[str, Any]:
    # Never the clock: an export must not change from one build to the next.
    built = source_date_epoch()
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": "mkdocs-dossier",
        "generated": built.isoformat().replace("+00:00", "Z") if built else None,
        "title": options.title,
        "site_url": options.site_url or None,
    }


def dossier_json(dossier: Dossier, options: Options) -> dict[str, Any]:
    """Every entity, relation, mention and source, as documented in docs/exports.md."""
    rows = _mention_rows(dossier)
    return {
        **_header_json(options),
        "entities": [_entity_json(e, options) for _, e in sorted(dossier.entities.items())],
        "relations": [_relation_json(r) for r in sorted(dossier.relations, key=_relation_order)],
        # Articles in the dossier's order (by date, then title), never by file name.
        "mentions": [
            _mention_json(row) for article in dossier.articles for row in rows.get(article, [])
        ],
        "sources": [_source_json(a, options) for a in dossier.articles.values()],
    }


#: The depth of a record inside dossier.json: an item of a top-level list.
_RECORD_INDENT = " " * 2


def _record(value: Any, memo: Memo = fresh) -> str:
    """One record as ``safe_json(..., indent=1)`` writes it two levels deep."""
    return _encoded(memo, value, _RECORD_INDENT)


def dossier_json_text(dossier: Dossier, options: Options) -> str:
    """``safe_json(dossier_json(...), indent=1)``: :func:`dossier_json_chunks` joined."""
    return "".join(dossier_json_chunks(dossier, options))


def dossier_json_chunks(
    dossier: Dossier, options: Options, memo: Memo = fresh, keys: RecordKeys | None = None
) -> Iterator[str]:
    """``safe_json(dossier_json(...), indent=1)`` in pieces, a record (or one
    article's mentions) at a time, made as the pieces are read.

    JSON strings hold no line breaks, so a record encoded alone and indented
    line by line is the same text as inside the whole document.
    """
    if keys is not None and memo is not fresh:
        sections = _keyed_sections(dossier, options, memo, keys)
    else:
        sections = {
            "entities": _entity_records(dossier, options, memo),
            "relations": _relation_records(dossier, memo),
            "mentions": _mention_blocks(dossier, memo),
            "sources": _source_records(dossier, options, memo),
        }
    # The document's frame, with a marker per list that cannot occur in JSON
    # text; its keys are sorted, so the markers are found in the frame's order.
    frame = safe_json({**_header_json(options), **{k: k for k in sections}}, indent=1)
    marks = sorted((frame.index(f'"{name}": "{name}"'), name) for name in sections)
    start = 0
    for at, name in marks:
        yield frame[start:at] + f'"{name}": '
        yield from _json_list(sections[name])
        start = at + len(f'"{name}": "{name}"')
    yield frame[start:] + "\n"


def _json_list(items: Iterable[str]) -> Iterator[str]:
    """A top-level list of dossier.json whose items are encoded ``items``, in pieces."""
    it = iter(items)
    first = next(it, None)
    if first is None:
        yield "[]"
        return
    yield f"[\n{_RECORD_INDENT}"
    yield first
    for item in it:
        yield f",\n{_RECORD_INDENT}"
        yield item
    yield "\n ]"


def _entity_records(dossier: Dossier, options: Options, memo: Memo) -> Iterator[str]:
    for _, ent in sorted(dossier.entities.items()):
        yield _record(_entity_json(ent, options), memo)


def _relation_records(dossier: Dossier, memo: Memo) -> Iterator[str]:
    for r in sorted(dossier.relations, key=_relation_order):
        yield _record(_relation_json(r), memo)


def _mention_blocks(dossier: Dossier, memo: Memo = fresh) -> Iterator[str]:
    """One block of records per article that has mentions, in article order."""
    rows = _mention_rows(dossier)
    # Only published articles are scanned, so every mention is in one of these blocks.
    # Articles by date, then title (resolve.article_order): never by file name.
    for article in [a for a in dossier.articles if a in rows]:
        block = rows.pop(article)  # popped: each lets go once written
        if memo is fresh:
            yield _mention_block(block)
            continue
        # Rows of strings: equal reprs are equal rows (an article's edit changes its own).
        yield memo("mentions json", (repr(block),), partial(_mention_block, block), True)


def _keyed_sections(
    dossier: Dossier, options: Options, memo: Memo, keys: RecordKeys
) -> dict[str, Iterator[str]]:
    """dossier.json's lists as :func:`dossier_json_chunks` makes them, each
    record's text found by its digest in ``keys`` (made only if not found)."""
    # A record's URLs come from the options too.
    settings = repr(options)

    def entities() -> Iterator[str]:
        for key, ent in sorted(dossier.entities.items()):
            make = partial(_entity_text, ent, options)
            yield memo("entity json", (settings, key, keys.entities[key]), make, True)

    def mentions() -> Iterator[str]:
        # Articles by date, then title (resolve.article_order): never by file name.
        for ident in dossier.articles:
            found = dossier.found.get(ident)
            if found:
                make = partial(_found_block, found)
                yield memo("mentions json", (ident, keys.mentions[ident]), make, True)

    def sources() -> Iterator[str]:
        for ident, a in dossier.articles.items():
            make = partial(_source_text, a, options)
            yield memo("source json", (settings, ident, keys.sources[ident]), make, True)

    return {
        "entities": entities(),
        "relations": _relation_records(dossier, memo),
        "mentions": mentions(),
        "sources": sources(),
    }


def _entity_text(ent: Entity, options: Options) -> str:
    return _record(_entity_json(ent, options))


def _source_text(a: Article, options: Options) -> str:
    return _record(_source_json(a, options))


def _found_block(found: list[Mention]) -> str:
    """The block of :func:`_mention_blocks` of an article, from the mentions found in it."""
    return _mention_block(sorted([(m.article, m.anchor, m.key, m.text, m.snippet) for m in found]))


def _source_records(dossier: Dossier, options: Options, memo: Memo) -> Iterator[str]:
    for a in dossier.articles.values():  # by date, then title (resolve.article_order)
        yield _record(_source_json(a, options), memo)


def _after(date: PartialDate) -> dt.date:
    """The first day after the period a partial date covers (DTEND is exclusive)."""
    if date.day is not None:
        return date.first_day() + dt.timedelta(days=1)
    if date.month is not None:
        return dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
    return dt.date(date.year + 1, 1, 1)


def _stamp(dossier: Dossier) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH if set, else the newest article's date, never 'now'."""
    # Never the clock: an export must not change from one build to the next.
    built = source_date_epoch()
    if built:
        return built
    dates = [a.date.first_day() for a in dossier.articles.values() if a.date]
    day = max(dates) if dates else dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


#: An event's status as RFC 5545 says it (held events are CONFIRMED).
_ICAL_STATUS = {"scheduled": "TENTATIVE", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def events_ics(dossier: Dossier, options: Options) -> str:
    """The events as an iCalendar file of all-day events with stable UIDs.

    A date known to the month or year spans that whole month or year, and the
    description says so; scheduled events are TENTATIVE.
    """
    return _ics_text(*_ics_rows(dossier, options))


def _memo_events_ics(dossier: Dossier, options: Options, memo: Memo) -> str:
    """:func:`events_ics`, or its text of the last build if made of the same rows."""
    header, rows = _ics_rows(dossier, options)
    return memo("events.ics", (repr((header, rows)),), partial(_ics_text, header, rows), True)


#: One event of events.ics: uid, summary, start, end, description, location, status, url.
_IcsRow = tuple[str, str, dt.date, dt.date, str | None, str | None, str, str | None]


def _ics_rows(dossier: Dossier, options: Options) -> tuple[tuple[str, dt.datetime], list[_IcsRow]]:
    """All events.ics says, as plain values: (calendar name, stamp) and one row per event."""
    rows: list[_IcsRow] = []
    events = [e for e in dossier.entities.values() if e.type == "event" and e.date]
    for ent in sorted(events, key=lambda e: (event_entry(e).sort_key(), e.key)):
        entry = event_entry(ent)
        assert entry.date is not None
        notes = [entry.summary] if entry.summary else []
        if entry.flags:
            notes.append(f"Date: {entry.label} ({', '.join(entry.flags)}).")
        place = dossier.entities.get(ent.first("place") or "")
        rows.append(
            (
                f"{ent.key}@mkdocs-dossier",
                ent.title,
                entry.date.first_day(),
                _after(entry.end or entry.date),
                "\n\n".join(notes) if notes else None,
                place.title if place is not None else None,
                _ICAL_STATUS.get(entry.status, "CONFIRMED"),
                public_url(ent.key, options) if options.site_url else None,
            )
        )
    return (options.title, _stamp(dossier)), rows


def _ics_text(header: tuple[str, dt.datetime], rows: list[_IcsRow]) -> str:
    """The iCalendar text of :func:`_ics_rows`' values (and of nothing else)."""
    import icalendar

    name, stamp = header
    cal = icalendar.Calendar()
    cal.add("prodid", "-//mkdocs-dossier//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for uid, summary, start, end, description, location, status, url in rows:
        item = icalendar.Event()
        item.add("uid", uid)
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        item.add("dtstart", start)
        item.add("dtend", end)
        if description is not None:
            item.add("description", description)
        if location is not None:
            item.add("location", location)
        item.add("status", status)
        item.add("transp", "TRANSPARENT")
        if url is not None:
            item.add("url", url)
        cal.add_component(item)
    return cal.to_ical().decode("utf-8")


def _tl_date(date: PartialDate) -> dict[str, Any]:
    out: dict[str, Any] = {"year": date.year}
    if date.month:
        out["month"] = date.month
    if date.day:
        out["day"] = date.day
    return out


def timeline_json(dossier: Dossier, timelines: Timelines, options: Options) -> dict[str, Any]:
    """A TimelineJS 3 document: events, and articles in a "Sources" group.

    TimelineJS renders ``text`` fields as HTML, so every value is escaped.
    """
    import html

    events = []
    for entry in timelines.entries:
        if entry.date is None:
            continue
        url = public_url(entry.key, options)
        text = html.escape(entry.summary or entry.source)
        if entry.flags:
            text += f" <em>({html.escape(', '.join(entry.flags))})</em>"
        item: dict[str, Any] = {
            "unique_id": entry.key.replace("/", "-"),
            "start_date": _tl_date(entry.date),
            "display_date": entry.label,
            "group": "Events" if entry.kind == "event" else "Sources",
            "text": {
                "headline": f'<a href="{html.escape(url)}">{html.escape(entry.title)}</a>',
                "text": text,
            },
        }
        if entry.end and entry.end != entry.date:
            item["end_date"] = _tl_date(entry.end)
        events.append(item)
    return {
        "title": {"text": {"headline": html.escape(options.title), "text": ""}},
        "events": events,
    }
