"""Embargoes and the build's clock (``SOURCE_DATE_EPOCH`` for reproducible builds)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from mkdocs_dossier.core.sources import Source, default_id


def source_date_epoch(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` names (reproducible builds), or None when unset or unusable.

    Read as MkDocs reads it (an integer, surrounding spaces allowed); a value
    that is no integer or out of range counts as unset.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def build_time(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The build's notion of now: ``SOURCE_DATE_EPOCH`` when set, else the clock (as MkDocs)."""
    return source_date_epoch(environ) or dt.datetime.now(tz=dt.UTC)


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
