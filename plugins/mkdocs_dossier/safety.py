"""The editorial safety layer: embargoes, protected names, and what may
reach a reader's browser.

Plain functions without MkDocs. Embargoed articles are removed before
resolution, so nothing of them (page, mentions, backlinks, facts) can appear
anywhere; protected names are removed from the model after resolution, so no
template or export can print them by mistake, and the built site is scanned
for them afterwards as the last line of defence.
"""

from __future__ import annotations

import datetime as dt
import os

from .sources import Source, default_id


def build_time(environ: dict[str, str] | None = None) -> dt.datetime:
    """The build's notion of now: ``SOURCE_DATE_EPOCH`` when set, else the clock."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            pass  # an unusable value: fall back to the clock, as MkDocs does
    return dt.datetime.now(tz=dt.UTC)


def split_embargoed(sources: list[Source], now: dt.datetime) -> tuple[list[Source], list[str]]:
    """The sources publishable at ``now``, and the ids of articles withheld."""
    kept, withheld = [], []
    for src in sources:
        embargo = src.record.get("embargo") if src.kind == "article" else None
        if embargo is not None and embargo > now:
            withheld.append(src.record.get("id") or default_id(src.path))
        else:
            kept.append(src)
    return kept, sorted(withheld)
