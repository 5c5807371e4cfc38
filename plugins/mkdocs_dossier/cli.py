"""The ``dossier`` command: tools for editors that need no MkDocs build.

One argparse dispatcher with a subcommand per tool; ``python -m
mkdocs_dossier`` runs the same. ``dossier check`` validates every file of the
dossier and prints every problem at once, in the one error format, so a
newsroom's CI can refuse a broken annotation before anyone builds the site.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import Options, load_dossier


def _check(args: argparse.Namespace) -> int:
    """Validate the dossier; 0 if clean, 1 if any problem, 2 if there is no dossier."""
    root = Path(args.dossier_dir)
    if not root.is_dir():
        print(
            f"{args.dossier_dir}: the dossier folder does not exist; "
            "run the command where mkdocs.yml is, or give the folder",
            file=sys.stderr,
        )
        return 2
    # Embargoed articles are validated too: an editor wants to know now.
    dossier = load_dossier(root, Options(include_embargoed=True))
    for problem in dossier.problems:
        print(problem)
    count = len(dossier.problems)
    files = len({a.path for a in dossier.articles.values()})
    if count:
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    print(
        f"no problems in {files} article{'s' if files != 1 else ''} "
        f"and {len(dossier.entities)} entit{'y' if len(dossier.entities) == 1 else 'ies'}",
        file=sys.stderr,
    )
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    top = argparse.ArgumentParser(prog="dossier", description=__doc__.split("\n\n")[0])
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser(
        "check",
        help="validate the dossier without building; exit 1 if anything is wrong",
        description="Validate every file of the dossier and print every problem at once.",
    )
    check.add_argument(
        "dossier_dir",
        nargs="?",
        default="dossier",
        help="the folder of annotated sources (default: dossier)",
    )
    check.set_defaults(func=_check)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    return int(args.func(args))
