"""How long the interactive relationship graph takes at scale, in Python and in Chromium.

``python benchmarks/graph_browser.py 5000`` makes a synthetic graph of N
entities (people, parties, organisations, events, places; about two
relations each, half of them to the best-connected tenth, so there are hubs),
lays it out as the build does (``GraphViews.browser_data``), writes a page with
the graph fragment, graph.css, Cytoscape and graph.js, and opens it in
Chromium (``/usr/bin/chromium``, headless) at 1366x900 and 390x844. It prints
the layout's seconds, the data's size, and per screen the milliseconds from
navigation start until graph.js has drawn the graph and two frames have been
painted (``first render``), the median of ``--runs`` loads.

Not a test: timings depend on the machine (tests never assert timings).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

from mkdocs_dossier.core.i18n import Language  # noqa: E402
from mkdocs_dossier.core.model import Entity, PartialDate, Relation  # noqa: E402
from mkdocs_dossier.site.assets import site_assets  # noqa: E402
from mkdocs_dossier.site.encode import attribute_json  # noqa: E402
from mkdocs_dossier.site.fragments import Fragments  # noqa: E402
from mkdocs_dossier.site.graph import GraphViews  # noqa: E402

TYPES = ["person"] * 50 + ["party"] * 3 + ["organization"] * 10 + ["event"] * 25 + ["place"] * 12

DRAWN = """() => new Promise(done => {
    const ready = () => document.querySelector('.dossier-graph-canvas[data-ready]');
    const frames = () => requestAnimationFrame(() => requestAnimationFrame(
        () => done(performance.now())));
    if (ready()) return frames();
    new MutationObserver((_, obs) => { if (ready()) { obs.disconnect(); frames(); } })
        .observe(document.body, {attributes: true, subtree: true});
})"""


def synthetic(n: int, seed: int = 1) -> SimpleNamespace:
    rng = random.Random(seed)
    entities = {}
    for i in range(n):
        kind = rng.choice(TYPES)
        key = f"{kind}s/n{i}"
        ent = Entity(kind, f"n{i}", f"{kind.capitalize()} number {i}", key)
        entities[key] = ent
    keys = list(entities)
    hubs = keys[: max(50, n // 10)]
    relations = []
    for key in keys:
        for _ in range(2):
            other = rng.choice(hubs) if rng.random() < 0.5 else rng.choice(keys)
            relations.append(Relation(key, "participant", other))
    for ent in entities.values():
        if ent.type == "event":
            date = PartialDate(2017, rng.randint(1, 12), rng.randint(1, 28))
            ent.facts["date"] = [SimpleNamespace(value=date)]
    return SimpleNamespace(entities=entities, relations=relations)


def page(folder: Path, n: int) -> tuple[Path, float, int]:
    dossier = synthetic(n)
    views = GraphViews(dossier, lambda k: dossier.entities[k].title)  # type: ignore[arg-type]
    start = time.perf_counter()
    data = views.browser_data()
    layout = time.perf_counter() - start
    import jinja2

    loader = jinja2.PackageLoader("mkdocs_dossier", "templates")
    block = Fragments(loader, Language()).render(
        "graph",
        ident="bench",
        data=attribute_json(data),
        count=len(data["nodes"]),
        types={t: t for t in ("person", "party", "organization", "event", "place")},
    )
    for path, text in site_assets().items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    base = "assets/dossier/"
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>'
        f'<meta name="viewport" content="width=device-width">'
        f'<link rel="stylesheet" href="{base}graph.css"></head><body>{block}'
        f'<script src="{base}vendor/cytoscape/cytoscape-3.35.0.min.js"></script>'
        f'<script src="{base}safe-dom.js"></script>'  # graph.js's DOM helpers
        f'<script src="{base}graph.js"></script></body></html>'
    )
    out = folder / "index.html"
    out.write_text(html, encoding="utf-8")
    return out, layout, len(html.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nodes", type=int, nargs="?", default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from browser_support import CHROMIUM, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, layout, size = page(folder, args.nodes)
        print(f"{args.nodes} nodes: layout in Python {layout:.2f} s, page {size / 1e6:.2f} MB")
        served, stop = serve(folder, "http://localhost/")
        screens = {
            "desktop 1366x900": {"viewport": {"width": 1366, "height": 900}},
            "phone 390x844": {
                "viewport": {"width": 390, "height": 844},
                "device_scale_factor": 2,
                "is_mobile": True,
                "has_touch": True,
            },
        }
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, options in screens.items():
                times, labels = [], 0
                for _ in range(args.runs):
                    context = browser.new_context(**options)
                    tab = context.new_page()
                    tab.goto(served.url(""), wait_until="commit")
                    times.append(tab.evaluate(DRAWN))
                    labels = tab.evaluate(
                        "() => document.querySelector('.dossier-graph-canvas')"
                        ".dossierGraph.nodes('.labelled').length"
                    )
                    context.close()
                print(
                    f"{name}: first render {statistics.median(times):.0f} ms after navigation "
                    f"start (median of {args.runs}: {', '.join(f'{t:.0f}' for t in times)}), "
                    f"{labels} labels"
                )
            browser.close()
        stop()


if __name__ == "__main__":
    main()
