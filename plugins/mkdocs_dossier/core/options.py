"""Every setting of a dossier build, in one typed object that every part reads.

The MkDocs plugin makes one from ``mkdocs.yml`` (its ``dossier`` entry and
the few site settings the pages need) in ``plugin.py``; the command line
loads ``mkdocs.yml`` with MkDocs' own loader and takes the plugin's; any
other host makes one by hand. The core never imports MkDocs.

Each option's ``doc`` is the one description of it: the plugin's
configuration and README's option table are checked against it
(``tests/test_options.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

#: Where an option comes from: the plugin's entry in mkdocs.yml, the site's
#: own settings in mkdocs.yml, or the program that runs the build.
Origin = Literal["plugin", "site", "caller"]

LinkMentions = Literal["first", "all", "none"]
LINK_MENTIONS: tuple[LinkMentions, ...] = ("first", "all", "none")
Conflicts = Literal["review", "error"]
CONFLICTS: tuple[Conflicts, ...] = ("review", "error")


def _doc(text: str, origin: Origin = "plugin") -> dict[str, str]:
    """A field's metadata: what the option does, and where it is set."""
    return {"doc": text, "origin": origin}


@dataclass(frozen=True)
class Options:
    """What a build of the dossier is made with; every field has its default."""

    # -- the plugin's options in mkdocs.yml ------------------------------------
    dossier_dir: str = field(
        default="dossier",
        metadata=_doc("The folder holding the annotated sources, relative to `mkdocs.yml`."),
    )
    link_mentions: LinkMentions = field(
        default="first",
        metadata=_doc(
            "Which mentions of an entity in an article are linked: `first` per section, "
            "`all`, or `none` (explicit `[[links]]` still work)."
        ),
    )
    conflicts: Conflicts = field(
        default="review",
        metadata=_doc(
            "`review`: sources that disagree are logged for review (`--strict` passes); "
            "`error`: they are warnings, and `--strict` fails."
        ),
    )
    wikilinks: bool = field(
        default=True, metadata=_doc("Expand `[[name]]` links in the site's own docs/ pages too.")
    )
    country: str | None = field(
        default=None,
        metadata=_doc(
            "ISO 3166 code of the country the gazetteer prefers when a place's annotation and "
            "parents name none, e.g. `KH`."
        ),
    )
    maps: bool = field(
        default=True,
        metadata=_doc(
            "Draw maps on place, event, article, person, party and organisation pages and the "
            "places index (each with a plain list for readers without JavaScript), and publish "
            "`places.geojson`."
        ),
    )
    tiles: str = field(
        default="OpenStreetMap.Mapnik",
        metadata=_doc(
            "Map tiles: an `xyzservices` provider name such as `OpenStreetMap.Mapnik` or "
            "`CartoDB.Positron`, or `none` for maps without a background (no request leaves "
            "the site)."
        ),
    )
    nearby: int = field(
        default=5, metadata=_doc("How many nearby dossier places a place page lists (0: none).")
    )
    nearby_km: float = field(
        default=100.0, metadata=_doc("How far away, in kilometres, a place still counts as nearby.")
    )
    ftm: bool = field(
        default=False,
        metadata=_doc(
            "Publish `exports/ftm.jsonl` (FollowTheMoney entities), made with the "
            'followthemoney package: `pip install "mkdocs-dossier[ftm]"`.'
        ),
    )
    language: str | None = field(
        default=None,
        metadata=_doc(
            "The language the plugin writes its labels and dates in (`km`, `fr`); by default "
            "the theme's (`theme.language`, or `theme.locale`), else English."
        ),
    )
    publisher: str | None = field(
        default=None,
        metadata=_doc(
            "Who publishes the dossier, shown in the home page's story at a glance "
            "(`<!--dossier-block at-a-glance-->` in a page of docs/)."
        ),
    )
    method: str | None = field(
        default=None,
        metadata=_doc(
            "How this dossier was made: a few sentences of plain text for the story at a "
            "glance (its sources, who annotated them, what was checked)."
        ),
    )
    key_entities: tuple[str, ...] | None = field(
        default=None,
        metadata=_doc(
            "The people, parties and organisations the story at a glance shows as cards, in "
            "order (`people/kem-sokha`, `parties/cnrp`); by default those the sources say most "
            "of (the articles citing them, then their statements and mentions)."
        ),
    )
    cards: int = field(
        default=6,
        metadata=_doc("How many cards the story at a glance shows when `key_entities` is not set."),
    )
    latest_events: int = field(
        default=5,
        metadata=_doc("How many of the latest events, newest first, the story at a glance lists."),
    )
    csp: bool = field(
        default=True,
        metadata=_doc(
            "Give every page a Content-Security-Policy `<meta>`: scripts only from the site "
            "and the theme's own inline scripts (by hash), no plugins, map tiles from the tile "
            "server only; a script that got into a generated page does not run."
        ),
    )
    csp_extra: str | None = field(
        default=None,
        metadata=_doc(
            "Sources added to that policy, written as one: "
            "`script-src https://stats.example.org; connect-src https://stats.example.org` "
            "for an analytics service."
        ),
    )
    cache_dir: str = field(
        default=".cache/dossier",
        metadata=_doc(
            "Where the generated pages' Markdown and what the last build was made from are "
            "kept for dirty builds (`mkdocs serve --dirty`, `dossier serve`), relative to "
            "`mkdocs.yml`; outside docs/ and the dossier."
        ),
    )

    # -- the site's own settings ------------------------------------------------
    title: str = field(
        default="Dossier",
        metadata=_doc("The site's name (`site_name`), the exports' title.", "site"),
    )
    site_url: str = field(
        default="",
        metadata=_doc(
            "The site's public URL (`site_url`), for absolute links; relative without it.", "site"
        ),
    )
    directory_urls: bool = field(
        default=True,
        metadata=_doc(
            "Pages at `people/x/` rather than `people/x.html` (`use_directory_urls`).", "site"
        ),
    )
    template_dirs: tuple[Path, ...] = field(
        default=(),
        metadata=_doc(
            "Folders whose templates override the plugin's (`<custom_dir>/dossier`).", "site"
        ),
    )

    # -- what the program running the build decides --------------------------------
    now: dt.datetime | None = field(
        default=None,
        metadata=_doc(
            "The build's notion of now, for embargoes; none: `SOURCE_DATE_EPOCH` or the clock.",
            "caller",
        ),
    )
    include_embargoed: bool = field(
        default=False,
        metadata=_doc("Keep embargoed articles (`dossier check` validates them too).", "caller"),
    )
    geocode: bool = field(
        default=True,
        metadata=_doc(
            "Locate places (lock file, then offline gazetteer); off for tools needing no map.",
            "caller",
        ),
    )

    def root(self, config_dir: Path) -> Path:
        """The dossier folder of a site whose ``mkdocs.yml`` is in ``config_dir``."""
        return (config_dir / self.dossier_dir).resolve()


def option_docs(origin: Origin | None = None) -> dict[str, tuple[Any, str]]:
    """Option name -> (default, description), of one origin or all, in declaration order."""
    return {
        f.name: (f.default, f.metadata["doc"])
        for f in fields(Options)
        if origin is None or f.metadata["origin"] == origin
    }
