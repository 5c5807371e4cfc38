"""mkdocs-dossier: an annotated story dossier as a static site.

The public API is the core without MkDocs: :func:`load_dossier` reads a
``dossier/`` folder into a resolved :class:`Dossier`, as the :class:`Options`
say; problems are :class:`Problem` records, raised together as
:class:`DossierError`. The MkDocs plugin (``mkdocs_dossier.plugin``) and the
``dossier render`` command (``mkdocs_dossier.folder``) are hosts of it: both
publish the :class:`Page` objects :func:`generated_pages` yields (source path,
URL, Markdown).
Names are imported on first use, so ``import mkdocs_dossier`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Dossier",
    "DossierError",
    "Options",
    "Page",
    "Problem",
    "Problems",
    "__version__",
    "generated_pages",
    "load_dossier",
    "render_folder",
]

_LOCATIONS = {
    "Dossier": "mkdocs_dossier.core.model",
    "DossierError": "mkdocs_dossier.core.errors",
    "Options": "mkdocs_dossier.core.options",
    "Problem": "mkdocs_dossier.core.errors",
    "Problems": "mkdocs_dossier.core.errors",
    "load_dossier": "mkdocs_dossier.pipeline",
    "Page": "mkdocs_dossier.site.pages",
    "generated_pages": "mkdocs_dossier.site.pages",
    "render_folder": "mkdocs_dossier.folder",
}

if TYPE_CHECKING:
    from mkdocs_dossier.core.errors import DossierError, Problem, Problems
    from mkdocs_dossier.core.model import Dossier
    from mkdocs_dossier.core.options import Options
    from mkdocs_dossier.folder import render_folder
    from mkdocs_dossier.pipeline import load_dossier
    from mkdocs_dossier.site.pages import Page, generated_pages


def __getattr__(name: str) -> Any:
    if name in _LOCATIONS:
        return getattr(import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'mkdocs_dossier' has no attribute {name!r}")
