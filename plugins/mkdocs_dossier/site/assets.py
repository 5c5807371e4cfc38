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


def asset_text(name: str) -> str:
    """The text of a file shipped in the package's ``assets/`` folder."""
    return (files("mkdocs_dossier") / "assets" / name).read_text(encoding="utf-8")


def site_assets() -> dict[str, str]:
    """Every shipped file, by its path in the built site."""
    return {STYLESHEET: asset_text("dossier.css"), SCRIPT: asset_text("dossier.js")}
