"""Maps: the HTML, JSON and assets that show where the dossier's places are.

Every map is a raw HTML block in a generated page's HTML (the page's
Markdown holds only a placeholder, see ``render.Blocks``): a container the browser
script (``assets/maps.js``) draws a Leaflet map into, carrying the map's data
as JSON (encoded by ``safe_json``, then escaped for the ``data-map``
attribute), and a plain list of the same places with their coordinates and precision, linked
to their pages. The list is always in the HTML, so a reader without
JavaScript, or without network for the tiles, still learns where things are.

Leaflet itself comes from the installed ``django-js-lib-leaflet`` package and
is copied into the site at build time; nothing third-party is committed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.indexes import Related
from mkdocs_dossier.core.model import Article, Dossier, Entity
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.geo.geocode import precision_of
from mkdocs_dossier.geo.nearby import _MARGIN, _geodesic_km, _Grid
from mkdocs_dossier.site.encode import attribute_json
from mkdocs_dossier.site.fragments import Fragments
from mkdocs_dossier.site.markers import Blocks
from mkdocs_dossier.site.urls import relative_url

#: Where our assets and Leaflet's go in the site.
ASSETS = "assets/dossier"


LEAFLET_DIR = f"{ASSETS}/leaflet"


# A page with a map loads Leaflet's CSS and script, maps.css and maps.js
# from these folders: dossier.js's NEEDS, on pages that draw a map only.


#: Leaflet's files used by the site: the minified script, its CSS and images.
_LEAFLET_FILES = ("leaflet.js", "leaflet.css")


def leaflet_files() -> dict[str, bytes]:
    """Leaflet's files from the installed package, by their path in the site."""
    static = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    out = {f"{LEAFLET_DIR}/{name}": (static / name).read_bytes() for name in _LEAFLET_FILES}
    for image in (static / "images").iterdir():
        if image.name.endswith(".png"):
            out[f"{LEAFLET_DIR}/images/{image.name}"] = image.read_bytes()
    return out


def own_files() -> dict[str, bytes]:
    """Our own script and style sheet, shipped in the package."""
    assets = resources.files("mkdocs_dossier") / "assets"
    return {f"{ASSETS}/{name}": (assets / name).read_bytes() for name in ("maps.js", "maps.css")}


def tile_layer(name: str) -> dict[str, Any] | None:
    """The tile layer named in ``xyzservices`` (``OpenStreetMap.Mapnik``); ``none``: no tiles.

    Raises ValueError for an unknown name or a provider that needs an API key.
    """
    if name.strip().lower() in ("none", "", "false", "off"):
        return None
    from xyzservices import providers

    try:
        provider = providers.query_name(name)
    except ValueError as err:
        raise ValueError(f"no tile provider is called '{name}'") from err
    if provider.requires_token():
        raise ValueError(f"the tile provider '{name}' needs an API key; choose another")
    return {
        "url": provider.build_url(),
        "attribution": provider.html_attribution,
        "max_zoom": int(provider.get("max_zoom", 18)),
    }


def format_point(lat: float, lon: float) -> str:
    """``10.55847° N, 104.46753° E``: readable, and exact to the stored digits."""
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.5f}° {ns}, {abs(lon):.5f}° {ew}"


@dataclass(frozen=True)
class Marker:
    """One place on one map, with the events shown in its popup."""

    key: str
    events: tuple[str, ...] = ()
    #: ``self`` for the page's own place, else ``place``.
    role: str = "place"


class Maps:
    """Builds map blocks for pages; indexes are made once per build."""

    def __init__(
        self,
        dossier: Dossier,
        related: Related,
        options: Options | None = None,
        language: Language | None = None,
        fragments: Fragments | None = None,
    ) -> None:
        """``options``: the URL style, the tiles and what counts as nearby;
        ``language``: the site's, for the maps' labels and dates; ``fragments``:
        the build's (a map block is ``fragments/map.html.j2``), else the plugin's own."""
        options = options or Options()
        self.language = language or Language()
        self.fragments = fragments or Fragments(
            jinja2.PackageLoader("mkdocs_dossier", "templates"), self.language
        )
        self.d = dossier
        self.related = related
        self.directory_urls = options.directory_urls
        self.tiles = tile_layer(options.tiles)
        self.nearby_count = options.nearby
        self.nearby_km = float(options.nearby_km)
        self.loc = dossier.locations
        #: Place key -> events that happened there, in date order.
        self.events_at: dict[str, list[Entity]] = defaultdict(list)
        for ent in dossier.entities.values():
            if ent.type == "event":
                for place in ent.values("place"):
                    self.events_at[place].append(ent)
        for events in self.events_at.values():
            events.sort(key=lambda e: e.date.sort_key() if e.date else ())
        # Precise places in a grid, for nearby lookups that look only around a place.
        self._grid = _Grid(
            [(loc.lat, loc.lon, key) for key, loc in self.loc.items() if not loc.approximate],
            self.nearby_km * _MARGIN,
        )

    # -- pages --------------------------------------------------------------

    def entity(self, ent: Entity) -> Markup:
        """The map of an entity page: a place with its children, an event's place,
        or the places of a person's, party's or organisation's events."""
        src, markers, label = self._entity_spec(ent)
        return self.block(src, markers, label=label)

    def article(self, article: Article) -> Markup:
        """The map of an article page: every place it annotates or its events happened at."""
        src, markers, label = self._article_spec(article)
        return self.block(src, markers, label=label)

    def overview(self, src: str = "places/index.md", label: str | None = None) -> Markup:
        """The map of every place, clustered when dense: the places index's, or
        another page's (``src``, the page its links lead from)."""
        _src, markers, default = self._overview_spec()
        return self.block(src, markers, label=label or default, overview=True)

    def _entity_spec(self, ent: Entity) -> tuple[str, list[Marker], str]:
        """(page source, markers, label) of an entity page's map."""
        _ = self.language.gettext
        src = f"{ent.key}.md"
        if ent.type == "place":
            markers = [Marker(ent.key, self._event_keys(ent.key), "self")]
            markers += [
                Marker(c.key, self._event_keys(c.key)) for c in self.related.children[ent.key]
            ]
            return src, markers, _("Map of {name}").format(name=ent.title)
        if ent.type == "event":
            markers = [Marker(p, (ent.key,)) for p in ent.values("place")]
            return src, markers, _("Where {name} happened").format(name=ent.title)
        by_place: dict[str, list[str]] = defaultdict(list)
        for event, _role in self.related.events.get(ent.key, []):
            for place in event.values("place"):
                by_place[place].append(event.key)
        markers = [Marker(p, tuple(dict.fromkeys(evs))) for p, evs in by_place.items()]
        return src, markers, _("Places of {name}'s events").format(name=ent.title)

    def _article_spec(self, article: Article) -> tuple[str, list[Marker], str]:
        by_place: dict[str, list[str]] = defaultdict(list)
        for key in article.annotated:
            ent = self.d.entities.get(key)
            if ent is None:
                continue
            if ent.type == "place":
                by_place.setdefault(key, [])
            elif ent.type == "event":
                for place in ent.values("place"):
                    by_place[place].append(key)
        markers = [Marker(p, tuple(evs)) for p, evs in by_place.items()]
        label = self.language.gettext("Places in this article")
        return f"articles/{article.id}.md", markers, label

    def _overview_spec(self) -> tuple[str, list[Marker], str]:
        markers = [
            Marker(e.key, self._event_keys(e.key))
            for e in self.d.of_type("place")
            if e.key in self.loc
        ]
        return "places/index.md", markers, self.language.gettext("Map of every place")

    def _drawable(self, markers: Iterable[Marker]) -> bool:
        """Whether :meth:`block` would draw anything for these markers (cheap)."""
        return any(m.key in self.loc and m.key in self.d.entities for m in markers)

    # -- nearby places --------------------------------------------------------

    def nearby(self, ent: Entity) -> list[tuple[Entity, float]]:
        """Dossier places within ``nearby_km``, nearest first, with their distance in km.

        Places containing this one or inside it are left out (the page lists
        them already), and so are places whose point is only approximate.
        """
        here = self.loc.get(ent.key)
        if here is None or here.approximate or self.nearby_count <= 0:
            return []
        related = self._lineage(ent.key)
        # Places are dense where a story happens: thousands can lie within
        # ``nearby_km`` of each other, and measuring all of them from every
        # place made this quadratic (2.8 million distances at 10,000
        # articles). The grid hands out places ring by ring around this one
        # and stops once no place left can be among the nearest; which ones
        # are kept is decided exactly as with all of them measured.
        approx = self._grid.nearest(here.lat, here.lon, self.nearby_count, related)
        approx.sort()
        if len(approx) > self.nearby_count:
            cutoff = approx[self.nearby_count - 1][0] * _MARGIN
            approx = [(km, key) for km, key in approx if km <= cutoff]
        found = []
        for _km, key in approx:
            km = _geodesic_km(here.point, self.loc[key].point)
            if km <= self.nearby_km:
                found.append((km, key))
        found.sort()
        return [(self.d.entities[k], km) for km, k in found[: self.nearby_count]]

    def _lineage(self, key: str) -> set[str]:
        """The place itself, the places containing it and the places inside it."""
        out = {key} | {parent.key for parent in self.d.ancestors(key)}
        todo = [key]
        while todo:
            for child in self.related.children.get(todo.pop(), []):
                if child.key not in out:
                    out.add(child.key)
                    todo.append(child.key)
        return out

    # -- the block ------------------------------------------------------------

    def _date(self, event: Entity) -> str:
        """When an event happened, as the popup and the list say it: the date, "about"
        if approximate, and its status unless it took place ("scheduled")."""
        _ = self.language.gettext
        if event.date is None:
            return ""
        text = self.language.partial(event.date)
        if event.approximate:
            text = _("about {date}").format(date=text)
        status = event.first("status")
        if status and status != "held":
            text = f"{text}, {_(glossary.EVENT_STATUSES.get(status, status))}"
        return text

    def where(self, key: str) -> str:
        """How far the list's coordinates can be trusted, in plain words; "" for a point
        that is the place's own (exact, or the middle of the district it names).

        A commune placed at its district's point, or a building found only as
        its town, is "location approximate (district)", "(town)".
        """
        _ = self.language.gettext
        loc, ent = self.loc[key], self.d.entities[key]
        # The closest a gazetteer locates a place of this kind: a district is
        # found as a district, a city or a village as a town.
        own = ("exact", precision_of(ent.kind, "town"))
        if loc.precision in own and not loc.approximate:
            return ""
        if loc.precision == "exact":
            return _("location approximate")
        level = _(glossary.place_kind(loc.precision))
        return _("location approximate ({level})").format(level=level)

    def _event_keys(self, place: str) -> tuple[str, ...]:
        return tuple(e.key for e in self.events_at.get(place, []))

    def data(self, src: str, markers: Iterable[Marker], overview: bool = False) -> dict[str, Any]:
        """The JSON a map is drawn from: markers with names, URLs and popups' events."""
        _ = self.language.gettext
        items = []
        for m in markers:
            loc = self.loc.get(m.key)
            ent = self.d.entities.get(m.key)
            if loc is None or ent is None:
                continue
            items.append(
                {
                    "key": m.key,
                    "name": ent.title,
                    "url": relative_url(src[: -len(".md")], m.key, self.directory_urls),
                    "lat": loc.lat,
                    "lon": loc.lon,
                    "kind": ent.kind or "other",
                    # A place's kind is one of the schema's words (the glossary's).
                    "kind_label": _(glossary.place_kind(ent.kind)).capitalize(),
                    "point": format_point(loc.lat, loc.lon),
                    "precision": loc.precision,
                    "approximate": loc.approximate,
                    "role": m.role,
                    "events": [
                        {
                            "key": e,  # the Explore page's range keeps markers by event
                            "name": self.d.entities[e].title,
                            "url": relative_url(src[: -len(".md")], e, self.directory_urls),
                            "date": self._date(self.d.entities[e]),
                        }
                        for e in m.events
                    ],
                }
            )
        return {"markers": items, "tiles": self.tiles, "cluster": overview}

    def labels(self) -> dict[str, str]:
        """The words maps.js writes, in the site's language (the block's ``data-labels``)."""
        _ = self.language.gettext
        return {"approximate": _("approximate"), "places": _("{n} places")}

    def block(
        self, src: str, markers: list[Marker], *, label: str, overview: bool = False
    ) -> Markup:
        """The raw HTML of a map: container, JSON data and the fallback list."""
        _ = self.language.gettext
        data = self.data(src, markers, overview)
        if not data["markers"]:
            return Markup("")
        # The data rides in an attribute, not a <script type="application/json">:
        # mkdocs-material's instant navigation re-creates every script of a new
        # page without its type, and would run the JSON as JavaScript.
        return Markup(
            self.fragments.render(
                "map",
                kind="overview" if overview else "page",
                label=label,
                data=attribute_json(data),
                labels=attribute_json(self.labels()),
                places=[
                    {
                        **item,
                        "kind_word": _(glossary.place_kind(self.d.entities[item["key"]].kind)),
                        "where": self.where(item["key"]),
                    }
                    for item in data["markers"]
                ],
            )
        )


class DeferredMaps:
    """What templates call ``maps``: map blocks as placeholders, filled in later.

    A map block (its JSON and its fallback list) is large raw HTML that
    Python-Markdown, the table of contents and the search index would all
    parse for nothing. Pages get a :class:`~.render.Blocks` marker instead
    (only when the map would draw something, so ``{% if block %}`` still
    works), and :meth:`block_html` makes the block when that page is
    written, after the search index has read it.
    """

    def __init__(self, maps: Maps, blocks: Blocks) -> None:
        self.maps = maps
        self.blocks = blocks
        blocks.register("map-entity", self._entity_html)
        blocks.register("map-article", self._article_html)
        # Keyed by the page it is on (the places index's when none): links lead from there.
        blocks.register("map-overview", lambda src: self.maps.overview(src or "places/index.md"))

    def entity(self, ent: Entity) -> Markup:
        if not self.maps._drawable(self.maps._entity_spec(ent)[1]):
            return Markup("")
        return self.blocks.marker("map-entity", ent.key)

    def article(self, article: Article) -> Markup:
        if not self.maps._drawable(self.maps._article_spec(article)[1]):
            return Markup("")
        return self.blocks.marker("map-article", article.id)

    def overview(self, src: str = "") -> Markup:
        """The overview map for the page ``src`` (``explore/index.md``), else the places index."""
        if not self.maps._drawable(self.maps._overview_spec()[1]):
            return Markup("")
        return self.blocks.marker("map-overview", src)

    def nearby(self, ent: Entity) -> list[tuple[Entity, float]]:
        return self.maps.nearby(ent)

    def _entity_html(self, key: str) -> str:
        ent = self.maps.d.entities.get(key)
        return self.maps.entity(ent) if ent is not None else ""

    def _article_html(self, ident: str) -> str:
        article = self.maps.d.articles.get(ident)
        return self.maps.article(article) if article is not None else ""
