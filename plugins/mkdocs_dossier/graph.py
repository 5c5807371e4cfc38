"""The relationship graph: who belongs to what and who took part in what.

Built once per build from ``Dossier.relations`` (membership, office, family,
ties and event participation) into an adjacency index. The graph page lays
out the most-connected nodes with networkx's spring layout (fixed seed, nodes
and edges added in sorted order, coordinates rounded), so two builds draw the
same picture; each entity page draws its own neighbourhood on a circle, read
from the index. Output is static SVG: nodes are links, labels are text, and
the drawing has a title and a description for assistive technology.
"""

from __future__ import annotations

import html
import math
import posixpath
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .model import Dossier
from .render import page_url
from .urls import relpath

#: Node types drawn, in legend order, with their label, shape and colour.
#: Shapes differ as well as colours, so the types do not rely on colour alone.
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "person": ("Person", "circle", "#1f77b4"),
    "party": ("Party", "square", "#d62728"),
    "organization": ("Organisation", "diamond", "#2ca02c"),
    "event": ("Event", "triangle", "#ff7f0e"),
    "place": ("Place", "hexagon", "#7f7f7f"),
}
#: The graph page draws at most this many nodes, the most connected.
MAX_NODES = 120
#: An entity page draws at most this many neighbours.
MAX_NEIGHBOURS = 16
LAYOUT_SEED = 20171114
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


def _edge_label(rel_type: str, role: str | None) -> str:
    names = {"member": "member", "office": "office", "participant": "took part"}
    base = names.get(rel_type, rel_type)
    return f"{base}: {role}" if role else base


class RelationGraph:
    """An adjacency index of the dossier's relations, and drawings from it."""

    def __init__(self, dossier: Dossier) -> None:
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
            labels[a, b].add(_edge_label(rel.type, rel.role))
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

    def full(self, limit: int = MAX_NODES) -> Drawing:
        """The most-connected nodes, each connected group laid out on its own.

        A spring layout of a disconnected graph pushes the groups to the
        edges and crushes each one; laying out every group in a square sized
        to it and packing the squares in rows keeps them all readable.
        """
        import networkx as nx

        ranked = sorted(self.adjacent, key=lambda k: (-self.degree(k), k))
        keep = set(ranked[:limit])
        graph = nx.Graph()
        graph.add_nodes_from(sorted(keep))
        edges = self._edges_among(keep)
        graph.add_edges_from((e.source, e.target) for e in edges)
        groups = sorted(
            (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
        )
        unit = 150.0
        width = int(max(960.0, min(2400.0, unit * math.sqrt(len(groups[0]) if groups else 1))))
        nodes: dict[str, tuple[float, float]] = {}
        x = y = row = 0.0
        for members in groups:
            size = min(float(width), unit * max(1.4, math.sqrt(len(members))))
            if x + size > width + 0.1:
                x, y, row = 0.0, y + row, 0.0
            # A fresh graph in sorted order: a subgraph view iterates a set,
            # whose order changes from one Python process to the next.
            sub = nx.Graph()
            sub.add_nodes_from(members)
            inside = set(members)
            sub.add_edges_from((e.source, e.target) for e in edges if e.source in inside)
            pos = nx.spring_layout(sub, seed=LAYOUT_SEED, iterations=100)
            half, pad_x, pad_y = size / 2, 95.0, 30.0
            for key in members:
                px, py = pos[key]
                nodes[key] = (
                    round(x + half + float(px) * max(half - pad_x, 10.0), 1),
                    round(y + half + float(py) * (half - pad_y), 1),
                )
            x, row = x + size, max(row, size)
        height = math.ceil(y + row) or 200
        return Drawing(
            dict(sorted(nodes.items())), edges, width, height, omitted=len(ranked) - len(keep)
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
        width, height = 760, 420 if len(ranked) > 6 else 320
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


# -- SVG --------------------------------------------------------------------


def relative_url(from_key: str, to_key: str, directory_urls: bool) -> str:
    """URL of one generated page relative to another, as MkDocs would write it."""
    here = page_url(from_key, directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    target = page_url(to_key, directory_urls)
    rel = relpath(target, base.rstrip("/"))
    return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)


def _text(value: str) -> str:
    """Text safe in SVG content and attributes, and inert for Markdown processing."""
    return html.escape(value, quote=True).replace("[", "&#91;").replace("]", "&#93;")


def _short(name: str, size: int = 26) -> str:
    return name if len(name) <= size else name[: size - 1].rstrip() + "…"


def _shape(kind: str, x: float, y: float, r: float, fill: str) -> str:
    common = f'fill="{fill}" stroke="#fff" stroke-width="1.5"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'
    if kind == "square":
        s = r * 1.7
        corner = f'x="{x - s / 2:.1f}" y="{y - s / 2:.1f}"'
        return f'<rect {corner} width="{s:.1f}" height="{s:.1f}" {common}/>'
    sides = {"diamond": 4, "triangle": 3, "hexagon": 6}[kind]
    scale = 1.35 if kind != "hexagon" else 1.1
    points = " ".join(
        f"{x + r * scale * math.sin(2 * math.pi * i / sides):.1f},"
        f"{y - r * scale * math.cos(2 * math.pi * i / sides):.1f}"
        for i in range(sides)
    )
    return f'<polygon points="{points}" {common}/>'


def svg(
    drawing: Drawing,
    *,
    page_key: str,
    directory_urls: bool,
    name_of: Callable[[str], str],
    type_of: Callable[[str], str],
    title: str,
    desc: str,
    ident: str = "dossier-graph",
) -> str:
    """The drawing as one line of inline SVG whose nodes link to their pages."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="{XLINK}" '
        f'class="dossier-graph" id="{ident}" '
        f'viewBox="0 0 {drawing.width} {drawing.height}" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'style="max-width:100%;height:auto" width="{drawing.width}" height="{drawing.height}">',
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(desc)}</desc>',
        '<g class="dossier-graph-edges" stroke="currentColor" stroke-opacity="0.35" '
        'stroke-width="1.2">',
    ]
    for e in drawing.edges:
        (x1, y1), (x2, y2) = drawing.nodes[e.source], drawing.nodes[e.target]
        what = f"{name_of(e.source)} — {e.label} — {name_of(e.target)}"
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{_text(what)}</title></line>"
        )
    parts.append("</g>")
    parts.append('<g class="dossier-graph-nodes" font-size="12" fill="currentColor">')
    cx, cy = drawing.width / 2, drawing.height / 2
    for key, (x, y) in drawing.nodes.items():
        kind_label, shape, colour = NODE_STYLE.get(type_of(key), NODE_STYLE["place"])
        focus = key == drawing.focus
        r = 13.0 if focus else 8.0
        name = name_of(key)
        if drawing.focus and not focus:
            anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
            dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
            tx, ty = x + dx, y + (4 if anchor != "middle" else (22 if y > cy else -14))
        else:
            anchor, tx, ty = "middle", x, y + r + 13
        href = relative_url(page_key, key, directory_urls)
        parts.append(
            f'<a xlink:href="{_text(href)}" class="dossier-node dossier-node-{type_of(key)}">'
            f"<title>{_text(f'{name} ({kind_label})')}</title>"
            + _shape(shape, x, y, r, colour)
            + f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}"'
            + (' font-weight="bold"' if focus else "")
            + f">{_text(_short(name))}</text></a>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def legend() -> str:
    """A small inline SVG legend of node shapes, one per type."""
    items = []
    for i, (_, (label, shape, colour)) in enumerate(NODE_STYLE.items()):
        x = 12 + i * 130
        items.append(
            _shape(shape, x, 14, 7, colour)
            + f'<text x="{x + 14}" y="18" font-size="12" fill="currentColor">{label}</text>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="dossier-graph-legend" '
        'viewBox="0 0 660 28" width="660" height="28" style="max-width:100%;height:auto" '
        'role="img" aria-label="Legend: person circle, party square, organisation diamond, '
        'event triangle, place hexagon">' + "".join(items) + "</svg>"
    )


# -- what templates call ----------------------------------------------------


@dataclass
class FullGraph:
    drawing: Drawing
    #: Markup: built from escaped parts, so templates may insert it as is.
    svg: Markup
    legend: Markup


class GraphViews:
    """The graph page and per-entity neighbourhoods, as templates use them.

    The index is built once; the full layout is computed on first use only.
    """

    def __init__(
        self, dossier: Dossier, name_of: Callable[[str], str], directory_urls: bool = True
    ) -> None:
        self.graph = RelationGraph(dossier)
        self.name_of = name_of
        self.directory_urls = directory_urls
        self._full: FullGraph | None = None

    def _type_of(self, key: str) -> str:
        return self.graph.types.get(key, "place")

    def full(self) -> FullGraph:
        if self._full is None:
            drawing = self.graph.full()
            edges = len(drawing.edges)
            desc = (
                f"A network of {len(drawing.nodes)} people, parties, organisations, events "
                f"and places joined by {edges} relations; each node links to its page."
            )
            text = svg(
                drawing,
                page_key="graph/index",
                directory_urls=self.directory_urls,
                name_of=self.name_of,
                type_of=self._type_of,
                title="Relationship graph",
                desc=desc,
            )
            self._full = FullGraph(drawing, Markup(text), Markup(legend()))
        return self._full

    def neighbourhood(self, key: str) -> str:
        drawing = self.graph.neighbourhood(key, name_of=self.name_of)
        if drawing is None:
            return ""
        name = self.name_of(key)
        others = sorted(self.name_of(k) for k in drawing.nodes if k != key)
        desc = f"{name} is connected to " + ", ".join(others)
        if drawing.omitted:
            desc += f", and {drawing.omitted} more"
        return svg(
            drawing,
            page_key=key,
            directory_urls=self.directory_urls,
            name_of=self.name_of,
            type_of=self._type_of,
            title=f"Connections of {name}",
            desc=desc + ".",
        )

    def caption(self, key: str) -> str:
        total = self.graph.degree(key)
        shown = min(total, MAX_NEIGHBOURS)
        name = self.name_of(key)
        if shown < total:
            return f"{name} and {shown} of its {total} direct connections, the most connected."
        return f"{name} and its direct connections."
