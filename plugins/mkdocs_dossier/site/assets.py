"""Static files the plugin ships with every site (stylesheets, scripts).

Kept out of ``plugin.py`` so the adapter only decides where they go; this
module knows nothing of MkDocs. Files live in the package's ``assets/``
folder and are published under ``assets/dossier/`` in the site.
"""

from __future__ import annotations

from importlib.resources import files

#: Site path of the stylesheet every generated page uses.
STYLESHEET = "assets/dossier/dossier.css"
#: Site path of the script every page loads (brings a linked paragraph into view).
SCRIPT = "assets/dossier/dossier.js"
#: Cytoscape.js, vendored at a pinned version with its licence
#: (``assets/vendor/cytoscape/VERSION``); dossier.js's NEEDS names the same file.
CYTOSCAPE = "vendor/cytoscape/cytoscape-3.35.0.min.js"
#: Files that pages drawing a graph load (dossier.js brings them in there only).
_GRAPH_FILES = ("graph.js", "graph.css", CYTOSCAPE, "vendor/cytoscape/LICENSE")
#: The DOM helpers maps.js and graph.js share (dossier.js loads it before either).
SAFE_DOM = "safe-dom.js"
#: The Explore page's date range (dossier.js loads it on that page only).
EXPLORE = "explore.js"


def asset_text(name: str) -> str:
    """The text of a file shipped in the package's ``assets/`` folder."""
    return (files("mkdocs_dossier") / "assets" / name).read_text(encoding="utf-8")


def site_assets() -> dict[str, str]:
    """Every shipped file, by its path in the built site."""
    out = {STYLESHEET: asset_text("dossier.css"), SCRIPT: asset_text("dossier.js")}
    for name in (SAFE_DOM, EXPLORE, *_GRAPH_FILES):
        out[f"assets/dossier/{name}"] = asset_text(name)
    return out
