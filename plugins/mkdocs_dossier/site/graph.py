"""The relationship graph: who belongs to what and who took part in what.

Built once per build from ``Dossier.relations`` (membership, office, family,
ties and event participation), events' places and places' parents into an
adjacency index. The graph page lays out the nodes, each connected group as
a tree on rings (pure Python, in sorted order, coordinates rounded), so two
builds draw the same picture, and hands the positions to the browser, where
Cytoscape.js draws them (``assets/graph.js``: pan, zoom, focus, search); a
table of the same connections is there for readers without JavaScript. Each
entity page draws its own neighbourhood on a circle as static SVG: nodes are
links, labels are text, and the drawing has a title and a description for
assistive technology.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from mkdocs_dossier.core import glossary
from mkdocs_dossier.core.i18n import Language
from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.dates import span
from mkdocs_dossier.site.fragments import Fragments
from mkdocs_dossier.site.urls import relative_url

#: Node types drawn, in legend order, with their label, shape and colour.
#: Shapes differ as well as colours, so the types do not rely on colour alone.
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "person": (glossary.KINDS["person"].single, "circle", "#1f77b4"),
    "party": (glossary.KINDS["party"].single, "square", "#d62728"),
    "organization": (glossary.KINDS["organization"].single, "diamond", "#2ca02c"),
    "event": (glossary.KINDS["event"].single, "triangle", "#ff7f0e"),
    "place": (glossary.KINDS["place"].single, "hexagon", "#7f7f7f"),
}


def _english(message: str) -> str:
    """No translation: the messages as written, in English."""
    return message


#: The static drawing (``graph_full().svg``) has at most this many nodes, the most connected.
MAX_NODES = 120
#: The interactive graph has at most this many nodes, the most connected.
MAX_INTERACTIVE = 5000
#: Up to this many nodes the layout also moves nodes apart until no label at
#: the drawing's own size overlaps another node (:func:`_separate`, about a
#: second at 600 nodes, 17 s at 5,000). Larger graphs keep the rings'
#: spacing; the browser shows only the labels that fit at each zoom.
SEPARATE_LIMIT = 600
#: An entity page draws at most this many neighbours.
MAX_NEIGHBOURS = 16
#: Links use ``xlink:href``: mkdocs-material's instant navigation rewrites
#: every ``[href]`` element by assigning ``el.href``, which throws on an SVG
#: ``<a>`` (its ``href`` is read-only); the namespaced attribute is not matched.
XLINK = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


@dataclass
class Drawing:
    """Positioned nodes and edges, ready to turn into SVG."""

    nodes: dict[str, tuple[float, float]]
    edges: list[Edge]
    width: int
    height: int
    #: Node keys drawn larger (the page's own entity).
    focus: str | None = None
    #: Neighbours or nodes left out for size.
    omitted: int = 0


def _edge_label(rel_type: str, role: str | None, gettext: Callable[[str], str]) -> str:
    """An edge's label in the site's language; the role is the editor's, as written.

    A participant's role says what part they took ("arrested"), so it stands
    alone: "took part: arrested" read as jargon. Other roles qualify their
    relation as "Linked from" does ("member, President").
    """
    if role and rel_type == "participant":
        return role
    base = gettext(glossary.EDGE_WORDS.get(rel_type) or glossary.relation_word(rel_type))
    return f"{base}, {role}" if role else base


def _place_links(dossier: Dossier, gettext: Callable[[str], str]) -> list[tuple[str, str, str]]:
    """(from, to, label) for where each event happened and which place holds which.

    They are facts of the entities, not relations, so the relation index
    lacks them; without them an event's place (Kampong Trach, where the
    detentions happened) stands apart from the event.
    """
    out = []
    for key, ent in dossier.entities.items():
        if ent.type == "event":
            at = gettext(glossary.EDGE_HAPPENED_AT)
            out += [(key, place, at) for place in ent.values("place")]
        elif ent.type == "place":
            within = gettext(glossary.EDGE_WITHIN)
            out += [(key, parent, within) for parent in ent.values("in")]
    return out


class RelationGraph:
    """An adjacency index of the dossier's relations, and drawings from it."""

    def __init__(self, dossier: Dossier, gettext: Callable[[str], str] = _english) -> None:
        """``gettext``: the site's language, for the edges' labels (English by default)."""
        self.dossier = dossier
        self.types = {k: e.type for k, e in dossier.entities.items()}
        self.adjacent: dict[str, set[str]] = defaultdict(set)
        labels: dict[tuple[str, str], set[str]] = defaultdict(set)
        for rel in dossier.relations:
            a, b = rel.subject, rel.object
            if a == b or a not in self.types or b not in self.types:
                continue
            self.adjacent[a].add(b)
            self.adjacent[b].add(a)
            labels[a, b].add(_edge_label(rel.type, rel.role, gettext))
        for a, b, label in _place_links(dossier, gettext):
            if a != b and isinstance(b, str) and b in self.types:
                self.adjacent[a].add(b)
                self.adjacent[b].add(a)
                labels[a, b].add(label)
        self.edges: dict[tuple[str, str], Edge] = {}
        for (a, b), names in sorted(labels.items()):
            pair = (a, b) if (b, a) not in self.edges else (b, a)
            old = self.edges.get(pair)
            text = "; ".join(sorted(names | ({old.label} if old else set())))
            self.edges[pair] = Edge(pair[0], pair[1], text)

    def degree(self, key: str) -> int:
        return len(self.adjacent.get(key, ()))

    def edge(self, a: str, b: str) -> Edge | None:
        return self.edges.get((a, b)) or self.edges.get((b, a))

    def _edges_among(self, keys: set[str]) -> list[Edge]:
        """Edges between the given nodes; set intersections keep hubs cheap."""
        found = []
        for a in sorted(keys):
            for b in sorted(self.adjacent.get(a, set()) & keys):
                edge = self.edges.get((a, b))
                if edge is not None:
                    found.append(edge)
        return found

    def full(self, limit: int = MAX_NODES, name_of: Callable[[str], str] = str) -> Drawing:
        """The most-connected nodes, each connected group laid out on its own.

        Each group is drawn as a tree around its best-connected node
        (:func:`_radial`), then nodes are moved apart until no node's shape
        and label overlap another's (:func:`_separate`), and the groups are
        packed in rows, largest first. Pure Python, in a fixed order: the
        same drawing in every process, and no numerical library to load.
        """
        ranked = sorted(self.adjacent, key=lambda k: (-self.degree(k), k))
        keep = set(ranked[:limit])
        edges = self._edges_among(keep)
        near = {k: sorted(self.adjacent[k] & keep) for k in sorted(keep)}
        boxes = {k: _node_box(name_of(k)) for k in near}
        laid_out = []
        apart = len(keep) <= SEPARATE_LIMIT
        for members in _groups(near):
            pos = _radial(members, near)
            if apart:
                pos = _separate(pos, boxes)
            left = min(pos[k][0] - boxes[k][0] for k in members)
            top = min(pos[k][1] - boxes[k][1] for k in members)
            right = max(pos[k][0] + boxes[k][0] for k in members)
            bottom = max(pos[k][1] + boxes[k][2] for k in members)
            shifted = {k: (x - left, y - top) for k, (x, y) in pos.items()}
            laid_out.append((shifted, right - left, bottom - top))
        width = max([_MIN_WIDTH, *(w + 2 * _MARGIN_PX for _, w, _ in laid_out)])
        nodes: dict[str, tuple[float, float]] = {}
        x = y = row = _MARGIN_PX
        for pos, w, h in laid_out:
            if x > _MARGIN_PX and x + w > width - _MARGIN_PX:
                x, y, row = _MARGIN_PX, row + _GAP, _MARGIN_PX
            for key, (px, py) in pos.items():
                nodes[key] = (round(x + px, 1), round(y + py, 1))
            x, row = x + w + _GAP, max(row, y + h)
        height = math.ceil(row + _MARGIN_PX) if nodes else 200
        return Drawing(
            dict(sorted(nodes.items())),
            edges,
            math.ceil(width),
            height,
            omitted=len(ranked) - len(keep),
        )

    def neighbourhood(
        self, key: str, limit: int = MAX_NEIGHBOURS, name_of: Callable[[str], str] = str
    ) -> Drawing | None:
        """The entity and its neighbours on a circle around it, or None if it has none."""
        near = self.adjacent.get(key)
        if not near:
            return None
        ranked = sorted(near, key=lambda k: (-self.degree(k), k))[:limit]
        order = list(NODE_STYLE)
        ranked.sort(key=lambda k: (order.index(self.types[k]), name_of(k).casefold(), k))
        width, height = _NEAR_WIDTH, 420 if len(ranked) > 6 else 320
        cx, cy = width / 2, height / 2
        rx, ry = width / 2 - 190, height / 2 - 45
        nodes = {key: (cx, cy)}
        for i, other in enumerate(ranked):
            angle = -math.pi / 2 + 2 * math.pi * i / len(ranked)
            nodes[other] = (
                round(cx + rx * math.cos(angle), 1),
                round(cy + ry * math.sin(angle), 1),
            )
        edges = self._edges_among(set(nodes))
        return Drawing(nodes, edges, width, height, key, len(near) - len(ranked))


#: An entity's Connections drawing is this wide (SVG units): no wider than
#: mkdocs-material's column on a desktop (688 px at 1366), so it is drawn at
#: its own size there and its names stay 12 px (at 760 they were 10.9 px).
#: Its neighbours keep 190 units beside them for their names either way.
_NEAR_WIDTH = 680


# -- the full graph's layout -----------------------------------------------

#: The full drawing is at least this wide (SVG units); groups sit this far
#: from its edges and this far apart.
_MIN_WIDTH = 960.0
_MARGIN_PX = 10.0
_GAP = 30.0
#: Rings of a group's tree are at least this far apart...
_RING = 70.0
#: ... and wide enough that neighbours on a ring are this far apart.
_SPACING = 30.0
#: Width of one character of a label at the drawing's 12px sans-serif,
#: generously: two labels kept apart by it do not touch in common fonts.
_CHAR_WIDTH = 7.2


def _node_box(name: str) -> tuple[float, float, float]:
    """How far a node of the full graph reaches from its point: (half its width,
    above, below), its shape and its label (``svg``: centred, 21 units below
    the point, 12 units high) with a little room around."""
    return (max(14.0, len(_short(name)) * _CHAR_WIDTH / 2 + 3.0), 14.0, 28.0)


def _groups(near: dict[str, list[str]]) -> list[list[str]]:
    """Connected groups, largest first, each sorted; ties by their first key."""
    seen: set[str] = set()
    groups = []
    for start in near:
        if start in seen:
            continue
        seen.add(start)
        todo, members = [start], []
        while todo:
            key = todo.pop()
            members.append(key)
            for other in near[key]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        groups.append(sorted(members))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _radial(members: list[str], near: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    """A group as a tree on rings around its best-connected node.

    The tree is the breadth-first one from that node; each node gets a
    wedge of its parent's wedge in proportion to the leaves under it and
    sits on the ring of its depth in the middle of its wedge, so branches
    do not cross. A ring is wide enough for its narrowest wedge to hold a
    node.
    """
    root = min(members, key=lambda k: (-len(near[k]), k))
    parent: dict[str, str | None] = {root: None}
    children: dict[str, list[str]] = {k: [] for k in members}
    order = [root]
    for key in order:  # grows as it goes: breadth first
        for other in near[key]:
            if other not in parent:
                parent[other] = key
                children[key].append(other)
                order.append(other)
    leaves: dict[str, int] = {}
    for key in reversed(order):
        leaves[key] = sum(leaves[c] for c in children[key]) or 1
    depth = {root: 0}
    wedge = {root: (-math.pi / 2, 3 * math.pi / 2)}  # the first child straight below
    for key in order:
        lo, hi = wedge[key]
        at = lo
        for child in children[key]:
            span = (hi - lo) * leaves[child] / leaves[key]
            wedge[child] = (at, at + span)
            depth[child] = depth[key] + 1
            at += span
    rings = [0.0]
    for level in range(1, max(depth.values()) + 1):
        narrowest = min(hi - lo for k, (lo, hi) in wedge.items() if depth[k] == level)
        # The chord between the middles of two neighbouring wedges.
        needed = _SPACING / (2 * math.sin(min(narrowest, math.pi) / 2))
        rings.append(max(rings[-1] + _RING, needed))
    pos = {}
    for key in order:
        lo, hi = wedge[key]
        r, angle = rings[depth[key]], (lo + hi) / 2
        pos[key] = (r * math.cos(angle), r * math.sin(angle))
    return pos


def _separate(
    pos: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float]]
) -> dict[str, tuple[float, float]]:
    """Nodes moved apart until no node's box (shape and label) overlaps another's.

    Each round sweeps the boxes from left to right and pushes every
    overlapping pair apart, half each, along the axis where they overlap
    least. If rounds do not settle it, the group is spread out a little
    and separated again; spreading alone ends every overlap.
    """
    pos = dict(pos)
    keys = sorted(pos)
    for round_ in range(200):
        moved = False
        ordered = sorted(keys, key=lambda k: (pos[k][0] - boxes[k][0], k))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                (ax, ay), (bx, by) = pos[a], pos[b]
                (aw, at, ab), (bw, bt, bb) = boxes[a], boxes[b]
                if bx - bw >= ax + aw:
                    break  # sorted by left edge: no later box reaches back to a
                dx = min(ax + aw, bx + bw) - max(ax - aw, bx - bw)
                dy = min(ay + ab, by + bb) - max(ay - at, by - bt)
                if dx <= 0 or dy <= 0:
                    continue
                moved = True
                if dy <= dx:
                    step = (dy + 0.5) / 2 * (1 if (by, b) >= (ay, a) else -1)
                    pos[a], pos[b] = (ax, ay - step), (bx, by + step)
                else:
                    step = (dx + 0.5) / 2 * (1 if (bx, b) >= (ax, a) else -1)
                    pos[a], pos[b] = (ax - step, ay), (bx + step, by)
        if not moved:
            return pos
        if round_ % 20 == 19:
            pos = {k: (x * 1.15, y * 1.15) for k, (x, y) in pos.items()}
    return pos


# -- SVG --------------------------------------------------------------------


def _short(name: str, size: int = 26) -> str:
    return name if len(name) <= size else name[: size - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Shape:
    """A node's shape, as ``fragments/graph_shape.html.j2`` draws it; numbers formatted.

    ``kind`` is ``circle`` (``x``, ``y``: its centre, ``r``), ``square``
    (``x``, ``y``: its top left corner, ``size``) or a polygon (``points``).
    """

    kind: str
    fill: str
    x: str = ""
    y: str = ""
    r: str = ""
    size: str = ""
    points: str = ""


@dataclass(frozen=True, slots=True)
class SvgEdge:
    """An edge of ``fragments/graph_drawing.html.j2``: its ends and what it says."""

    x1: str
    y1: str
    x2: str
    y2: str
    title: str


@dataclass(frozen=True, slots=True)
class SvgNode:
    """A node of ``fragments/graph_drawing.html.j2``: its link, shape and label."""

    href: str
    type: str
    title: str
    shape: Shape
    #: Where its label is, and which end of it is there (``text-anchor``).
    x: str
    y: str
    anchor: str
    bold: bool
    label: str


@dataclass(frozen=True, slots=True)
class LegendItem:
    """A node type in ``fragments/graph_legend.html.j2``: its shape and its name at x, y."""

    shape: Shape
    x: int
    y: int
    name: str


def _shape(kind: str, x: float, y: float, r: float, fill: str) -> Shape:
    """A node's shape of ``kind`` around (x, y), ``r`` its radius."""
    if kind == "circle":
        return Shape(kind, fill, x=f"{x:.1f}", y=f"{y:.1f}", r=f"{r:.1f}")
    if kind == "square":
        s = r * 1.7
        return Shape(kind, fill, x=f"{x - s / 2:.1f}", y=f"{y - s / 2:.1f}", size=f"{s:.1f}")
    sides = {"diamond": 4, "triangle": 3, "hexagon": 6}[kind]
    scale = 1.35 if kind != "hexagon" else 1.1
    points = " ".join(
        f"{x + r * scale * math.sin(2 * math.pi * i / sides):.1f},"
        f"{y - r * scale * math.cos(2 * math.pi * i / sides):.1f}"
        for i in range(sides)
    )
    return Shape(kind, fill, points=points)


def svg(
    drawing: Drawing,
    *,
    page_key: str,
    directory_urls: bool,
    name_of: Callable[[str], str],
    type_of: Callable[[str], str],
    title: str,
    desc: str,
    fragments: Fragments,
    ident: str = "dossier-graph",
    gettext: Callable[[str], str] | None = None,
) -> str:
    """The drawing as one line of inline SVG whose nodes link to their pages
    (``fragments/graph_drawing.html.j2``); the layout's numbers worked out here.

    ``gettext`` translates the types' names (the site's language; English by default).
    """
    gettext = gettext or _english
    edges = []
    for e in drawing.edges:
        (x1, y1), (x2, y2) = drawing.nodes[e.source], drawing.nodes[e.target]
        what = f"{name_of(e.source)} — {e.label} — {name_of(e.target)}"
        edges.append(SvgEdge(f"{x1:.1f}", f"{y1:.1f}", f"{x2:.1f}", f"{y2:.1f}", what))
    nodes = []
    cx, cy = drawing.width / 2, drawing.height / 2
    for key, (x, y) in drawing.nodes.items():
        kind = type_of(key)
        kind_label, shape, colour = NODE_STYLE.get(kind, NODE_STYLE["place"])
        focus = key == drawing.focus
        r = 13.0 if focus else 8.0
        name = name_of(key)
        if drawing.focus and not focus:
            anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
            dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
            tx, ty = x + dx, y + (4 if anchor != "middle" else (22 if y > cy else -14))
        else:
            anchor, tx, ty = "middle", x, y + r + 13
        nodes.append(
            SvgNode(
                href=relative_url(page_key, key, directory_urls),
                type=kind,
                title=f"{name} ({gettext(kind_label)})",
                shape=_shape(shape, x, y, r, colour),
                x=f"{tx:.1f}",
                y=f"{ty:.1f}",
                anchor=anchor,
                bold=focus,
                label=_short(name),
            )
        )
    return fragments.render(
        "graph_drawing",
        ident=ident,
        width=drawing.width,
        height=drawing.height,
        title=title,
        desc=desc,
        edges=edges,
        nodes=nodes,
    )


def legend(fragments: Fragments, gettext: Callable[[str], str] = _english) -> str:
    """A small inline SVG legend of node shapes, one per type (``graph_legend.html.j2``)."""
    items = []
    for i, (label, shape, colour) in enumerate(NODE_STYLE.values()):
        x = 12 + i * 130
        items.append(LegendItem(_shape(shape, x, 14, 7, colour), x + 14, 18, gettext(label)))
    aria = gettext(
        "Legend: person circle, party square, organisation diamond, event triangle, place hexagon"
    )
    return fragments.render("graph_legend", label=aria, items=items)


# -- what templates call ----------------------------------------------------


@dataclass
class FullGraph:
    drawing: Drawing
    #: Markup: rendered by the autoescaped fragments, so templates may insert it as is.
    svg: Markup
    legend: Markup


class GraphViews:
    """The graph page and per-entity neighbourhoods, as templates use them.

    The index is built once; the full layout is computed on first use only.
    """

    def __init__(
        self,
        dossier: Dossier,
        name_of: Callable[[str], str],
        directory_urls: bool = True,
        language: Language | None = None,
        fragments: Fragments | None = None,
    ) -> None:
        """``fragments``: the build's (the drawings are ``fragments/graph_drawing.html.j2``
        and ``graph_legend.html.j2``, overridable), else the plugin's own."""
        #: The site's language: the drawings' titles, descriptions and captions.
        self.language = language or Language()
        self.fragments = fragments or Fragments(
            jinja2.PackageLoader("mkdocs_dossier", "templates"), self.language
        )
        self.graph = RelationGraph(dossier, self.language.gettext)
        self.name_of = name_of
        self.directory_urls = directory_urls
        self._full: FullGraph | None = None
        self._browser: dict[str, Any] | None = None

    def browser_data(self) -> dict[str, Any]:
        """What ``assets/graph.js`` draws: nodes with their positions, names,
        types, page URLs and (events) the days they span; edges by node index.

        URLs are relative to a page one folder deep (``graph/``,
        ``explore/``), the same from every such page, so this is made once.
        Names stay data: the script gives them to Cytoscape, which paints
        them on a canvas, and to the page with ``textContent`` only.
        """
        if self._browser is None:
            drawing = self.graph.full(limit=MAX_INTERACTIVE, name_of=self.name_of)
            index = {key: i for i, key in enumerate(drawing.nodes)}
            nodes = []
            for key, (x, y) in drawing.nodes.items():
                node: dict[str, Any] = {
                    "id": key,
                    "name": self.name_of(key),
                    "type": self._type_of(key),
                    "url": relative_url("graph/index", key, self.directory_urls),
                    "x": x,
                    "y": y,
                    "degree": self.graph.degree(key),
                }
                ent = self.graph.dossier.entities.get(key)
                days = span(ent) if ent is not None and ent.type == "event" else None
                if days:
                    node["from"], node["to"] = days
                nodes.append(node)
            edges = [[index[e.source], index[e.target], e.label] for e in drawing.edges]
            self._browser = {"nodes": nodes, "edges": edges, "omitted": drawing.omitted}
        return self._browser

    def _type_of(self, key: str) -> str:
        return self.graph.types.get(key, "place")

    def full(self) -> FullGraph:
        if self._full is None:
            drawing = self.graph.full(name_of=self.name_of)
            _ = self.language.gettext
            desc = _(
                "A network of {nodes} people, parties, organisations, events and places "
                "joined by {edges} relations; each node links to its page."
            ).format(nodes=len(drawing.nodes), edges=len(drawing.edges))
            text = svg(
                drawing,
                page_key="graph/index",
                directory_urls=self.directory_urls,
                name_of=self.name_of,
                type_of=self._type_of,
                title=_("Relationship graph"),
                desc=desc,
                fragments=self.fragments,
                gettext=_,
            )
            self._full = FullGraph(drawing, Markup(text), Markup(legend(self.fragments, _)))
        return self._full

    def neighbourhood(self, key: str) -> str:
        drawing = self.graph.neighbourhood(key, name_of=self.name_of)
        if drawing is None:
            return ""
        _ = self.language.gettext
        name = self.name_of(key)
        others = ", ".join(sorted(self.name_of(k) for k in drawing.nodes if k != key))
        if drawing.omitted:
            desc = _("{name} is connected to {others}, and {n} more.")
        else:
            desc = _("{name} is connected to {others}.")
        return svg(
            drawing,
            page_key=key,
            directory_urls=self.directory_urls,
            name_of=self.name_of,
            type_of=self._type_of,
            title=_("Connections of {name}").format(name=name),
            desc=desc.format(name=name, others=others, n=drawing.omitted),
            fragments=self.fragments,
            gettext=_,
        )

    def caption(self, key: str) -> str:
        total = self.graph.degree(key)
        shown = min(total, MAX_NEIGHBOURS)
        name = self.name_of(key)
        _ = self.language.gettext
        if shown < total:
            # Not "its": a person is not an "it" (Khmer's "វា" for one is rude).
            return _(
                "{shown} of the {total} direct connections of {name}, the most connected."
            ).format(name=name, shown=shown, total=total)
        return _("Direct connections of {name}.").format(name=name)
