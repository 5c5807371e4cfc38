"""The editors' authoring subcommands of ``dossier``: import, suggest, review.

``cli.py`` registers them with :func:`adders`, giving the function that reads
the site's ``mkdocs.yml`` (a host's job, so it is passed down, not imported).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from mkdocs_dossier.authoring.importer import import_file


class SiteLike(Protocol):
    root: Path
    options: dict[str, Any]


ReadSite = Callable[[Path], SiteLike]


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml"
    )


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def run_import(args: argparse.Namespace, read_site: ReadSite) -> int:
    """Write the article; 0 done, 1 refused (it exists, or the file is unreadable)."""
    site = read_site(args.config_file)
    raw = Path(args.file)
    try:
        target = import_file(raw, site.root, args.id)
    except FileExistsError as err:
        existing = _shown(Path(str(err.filename)))
        print(
            f"{existing}:1:1: the article exists already; "
            "give another id with --id, or delete the file to import again",
            file=sys.stderr,
        )
        return 1
    except (OSError, UnicodeDecodeError, ValueError) as err:
        print(f"{raw}:1:1: cannot import the file ({err}); give a UTF-8 text file", file=sys.stderr)
        return 1
    print(f"{_shown(target)} written")
    return 0


def _add_import(sub: Any, read_site: ReadSite) -> None:
    parser = sub.add_parser(
        "import",
        help="turn a raw article (text or Markdown) into a dossier article",
        description="Write dossier/articles/<id>.md from a raw article: headline, date, "
        "source, byline and translator where the text states them, the paragraphs as "
        "Markdown, the page's furniture left out. Never overwrites an article.",
    )
    parser.add_argument("file", help="the raw article (plain text as in seeds/, or Markdown)")
    parser.add_argument("--id", help="the article's id (default: publisher-date-headline)")
    _site_arguments(parser)
    parser.set_defaults(func=lambda args: run_import(args, read_site))


def adders(read_site: ReadSite) -> list[Callable[[Any], None]]:
    """Functions that each add one subcommand to ``dossier``'s subparsers."""
    return [lambda sub, add=add: add(sub, read_site) for add in (_add_import,)]
