"""The ``dossier`` command: tools for editors that need no MkDocs build.

One argparse dispatcher with a subcommand per tool; ``python -m
mkdocs_dossier`` runs the same. Each subcommand registers its parser in
:data:`COMMANDS` and sets ``func``, which returns the exit status (0 fine,
1 problems found, 2 usage error). ``dossier check`` validates every file of
the dossier and prints every problem at once, in the one error format, so a
newsroom's CI can refuse a broken annotation before anyone builds the site;
``dossier geocode`` refreshes or checks the geocode lock file.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils.meta import get_data

from mkdocs_dossier.authoring import commands as authoring
from mkdocs_dossier.core.docs_pages import docs_front_matter_problems, wikilink_problems
from mkdocs_dossier.core.errors import Pos, Problem, Problems
from mkdocs_dossier.core.i18n import untranslated
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.core.sources import walk_files
from mkdocs_dossier.geo.geocode import Geocoding, Lock, Online, OnlineError, lock_path
from mkdocs_dossier.pipeline import Lookup, load_dossier
from mkdocs_dossier.safety.leaks import redact
from mkdocs_dossier.site.language import site_language


@dataclass(frozen=True)
class Site:
    """What the commands need from ``mkdocs.yml``: where the dossier is, and its options."""

    root: Path
    options: Options
    #: The site's docs folder (``docs_dir``).
    docs: Path


class SiteError(Exception):
    """``mkdocs.yml`` cannot be read; the message says why."""


def read_site(config_file: Path) -> Site:
    """The site's options and dossier folder, read with MkDocs' own loader.

    So the command sees what a build would: the same defaults, ``!ENV``
    tags, ``INHERIT`` and validation. A site without the plugin gets the
    default options. (``dossier check`` needs no configuration: it takes the folder.)
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from mkdocs_dossier.plugin import site_options

    errors = _Errors()
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(errors)
    try:
        config = load_config(config_file=str(config_file))
    except (MkDocsException, OSError) as err:
        why = "; ".join(errors.messages) or str(err).rstrip(".")
        raise SiteError(f"{config_file}: {why}; fix the configuration") from err
    finally:
        logger.removeHandler(errors)
    options = site_options(config)
    root = options.root(Path(config_file).resolve().parent)
    return Site(root, options, Path(config.docs_dir).resolve())


class _Errors(logging.Handler):
    """The errors MkDocs' loader logs before it gives up, for the command's one message."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml"
    )


def _print_problems(problems: Problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


# -- dossier check ------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
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
    problems = Problems()
    problems.extend(dossier.problems)
    problems.extend(_docs_problems(root, dossier))
    strict = getattr(args, "conflicts", "review") == "error"
    reviews = [p for p in problems if p.severity == "review" and not strict]
    for problem in problems:
        # Check output ends up in CI logs: it never spells a protected name.
        shown = redact(str(problem), dossier.protected)
        print(f"review: {shown}" if problem in reviews else shown)
    _print_untranslated(root.resolve().parent / "mkdocs.yml")
    count = len(problems) - len(reviews)
    files = len({a.path for a in dossier.articles.values()})
    if reviews:
        print(
            f"{len(reviews)} conflict{'s' if len(reviews) != 1 else ''} between sources "
            "to review (not errors; --conflicts error makes them so)",
            file=sys.stderr,
        )
    if count:
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    print(
        f"no problems in {files} article{'s' if files != 1 else ''} "
        f"and {len(dossier.entities)} entit{'y' if len(dossier.entities) == 1 else 'ies'}",
        file=sys.stderr,
    )
    return 0


def _docs_problems(root: Path, dossier: Any) -> list[Problem]:
    """What the build reports of the site's docs/ pages: front matter and ``[[links]]``.

    Read from the ``mkdocs.yml`` beside the dossier folder, as the build
    reads it; without one there are no docs/ pages to check.
    """
    config = root.resolve().parent / "mkdocs.yml"
    if not config.is_file():
        return []
    site = read_site(config)
    docs, wikilinks = site.docs, site.options.wikilinks
    lookup = Lookup(dossier.entities)
    found: list[Problem] = []
    for parts in walk_files(docs) if docs.is_dir() else []:
        if not parts[-1].endswith(".md") or any(p.startswith(".") for p in parts):
            continue
        shown = f"{docs.name}/{'/'.join(parts)}"
        source = docs.joinpath(*parts).read_text(encoding="utf-8-sig", errors="replace")
        found.extend(docs_front_matter_problems(source, shown))
        if wikilinks:
            markdown, _meta = get_data(source)
            found.extend(wikilink_problems(source, markdown, shown, lookup.find))
    return found


def _print_untranslated(config: Path) -> None:
    """List the messages the site's language has no translation of (the build logs them too)."""
    if not config.is_file():
        return
    from mkdocs.config import load_config

    from mkdocs_dossier.plugin import site_options

    try:
        site = load_config(config_file=str(config))
    except Exception:  # a broken mkdocs.yml is the build's to report
        return
    language = site_language(site_options(site).language, site.theme)
    missing = untranslated(language)
    if missing:
        print(
            f"{len(missing)} message{'s' if len(missing) != 1 else ''} of the plugin "
            f"ha{'ve' if len(missing) != 1 else 's'} no '{language}' translation and "
            "are written in English:",
            file=sys.stderr,
        )
        for message in missing:
            print(f"  {message}", file=sys.stderr)


def _add_check(sub: Any) -> None:
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
    check.add_argument(
        "--conflicts",
        choices=("review", "error"),
        default="review",
        help="'error': sources that disagree fail the check, as 'conflicts: error' "
        "fails mkdocs build --strict",
    )
    check.set_defaults(func=run_check)


# -- dossier geocode ----------------------------------------------------------


def _add_geocode(sub: Any) -> None:
    parser = sub.add_parser(
        "geocode",
        help="locate places and write the geocode lock file",
        description="Look up places missing from the lock file (offline gazetteer; online "
        "only with --online) and write it; with --check, only verify it is complete.",
    )
    _site_arguments(parser)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if the lock file is incomplete"
    )
    parser.add_argument("--refresh", action="store_true", help="look every place up again")
    parser.add_argument(
        "--online", action="store_true", help="ask an online geocoder for what the gazetteer lacks"
    )
    parser.add_argument("--service", default="nominatim", help="geopy service name")
    parser.add_argument("--user-agent", default="", help="required with --online: who is asking")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per online request")
    parser.set_defaults(func=run_geocode)


def run_geocode(args: argparse.Namespace, online: Online | None = None) -> int:
    """Refresh (or check) the lock file of the site in ``args.config_file``."""
    site = read_site(args.config_file)
    if not site.root.is_dir():
        print(f"{site.root}: the dossier folder does not exist", file=sys.stderr)
        return 2
    if args.online and online is None:
        try:
            online = Online.from_service(args.service, args.user_agent, args.timeout)
        except OnlineError as err:
            print(f"dossier geocode: {err}; pass --user-agent", file=sys.stderr)
            return 2
    problems = Problems()
    dossier = load_dossier(site.root, dataclasses.replace(site.options, geocode=False))
    path = lock_path(site.root)
    shown = _shown(path)
    geocoding = Geocoding(
        dossier,
        Lock.load(path, problems),
        country=site.options.country,
        online=online,
        refresh_all=args.refresh,
    )
    if args.check:
        return _check(geocoding, shown, problems)
    locations = geocoding.run(problems)
    for key in geocoding.unused():
        del geocoding.lock.entries[key]
    written = geocoding.lock.save()
    _print_problems(problems)
    print(
        f"{len(locations)} places located; {len(geocoding.looked_up)} looked up; "
        f"{shown} {'written' if written else 'unchanged'}"
    )
    return 1 if problems else 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _check(geocoding: Geocoding, shown: str, problems: Problems) -> int:
    for ent in geocoding.missing():
        problems.add(
            ent.citations[0].pos if ent.citations else Pos(shown),
            f"the place '{ent.name}' ({ent.key}) is missing or outdated in {shown}",
            "run `dossier geocode` and commit the lock file",
        )
    for key in geocoding.unused():
        problems.add(
            Pos(shown), f"{key} is in the lock file but needs no entry", "run `dossier geocode`"
        )
    if not problems:
        # Complete: placing each place reads only the lock file, never the gazetteer.
        located = geocoding.run(problems)
        for key in geocoding.stale_parent_points(located):
            problems.add(
                Pos(shown),
                f"{key} is recorded at an old point of its parent place",
                "run `dossier geocode`",
            )
    _print_problems(problems)
    if not problems:
        print(f"{shown} is complete")
    return 1 if problems else 0


# -- dossier render -----------------------------------------------------------


def _add_render(sub: Any) -> None:
    parser = sub.add_parser(
        "render",
        help="write the generated pages as Markdown, with assets and exports, into a folder",
        description="Write every page the plugin generates, as Markdown with its sections "
        "as raw HTML, plus the static files and the exports, into OUT_DIR (replaced), for "
        "a site generator without the plugin. Prints what the site's configuration needs.",
    )
    _site_arguments(parser)
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="e.g. docs/_dossier")
    parser.add_argument(
        "--with-docs",
        action="store_true",
        help="copy the site's docs folder in too ([[links]] expanded): a whole docs folder",
    )
    parser.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    """``dossier render``: 0 if written without a problem, 1 if any, 2 if nothing could be."""
    from mkdocs_dossier.folder import render_folder

    try:
        rendered = render_folder(args.config_file, args.out_dir, args.with_docs)
    except ValueError as err:
        print(f"dossier render: {err}", file=sys.stderr)
        return 2
    for problem in rendered.problems:
        print(problem, file=sys.stderr)
    if not rendered.files:
        return 2 if any(p.severity == "fatal" for p in rendered.problems) else 1
    prefix = _docs_prefix(read_site(args.config_file).docs, args.out_dir)
    print(f"{len(rendered.files)} files written to {args.out_dir.as_posix()}; in mkdocs.yml:")
    print("extra_css:")
    print("".join(f"  - {prefix}{path}\n" for path in rendered.css), end="")
    print("extra_javascript:")
    print("".join(f"  - {prefix}{path}\n" for path in rendered.javascript), end="")
    # Heading ids that are valid selectors, as the plugin makes them (site/anchors.py).
    print("markdown_extensions:\n  - toc:")
    print("      slugify: !!python/name:mkdocs_dossier.site.anchors.slugify")
    # Entity and article pages stay out of the nav, as the plugin keeps them out.
    print(f"not_in_nav: |\n  /{prefix}*/*.md\n  !/{prefix}*/index.md")
    return 1 if rendered.problems else 0


def _docs_prefix(docs: Path, out_dir: Path) -> str:
    """The folder's path inside docs_dir (``_dossier/``), as the configuration names files."""
    try:
        rel = out_dir.resolve().relative_to(docs).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else f"{rel}/"


# -- dossier serve ------------------------------------------------------------


def run_serve(args: argparse.Namespace) -> int:
    """MkDocs' own server with ``--dirty``: a save rebuilds only the pages it changed."""
    import click  # MkDocs' command line, which only this command needs
    from mkdocs.__main__ import cli as mkdocs_cli

    argv = ["serve", "--dirty", "--config-file", str(args.config_file)]
    argv += ["--dev-addr", args.dev_addr] if args.dev_addr else []
    argv += ["--open"] if args.open else []
    try:
        mkdocs_cli.main(argv, prog_name="dossier serve", standalone_mode=False)
    except SystemExit as stop:  # click's exit on a usage error or Ctrl-C
        return int(stop.code or 0)
    except click.ClickException as err:  # MkDocs' own abort: its message, no traceback
        message = err.format_message()
        print(f"{args.config_file}: {message}; fix it and serve again", file=sys.stderr)
        return 1
    return 0


def _add_serve(sub: Any) -> None:
    parser = sub.add_parser(
        "serve",
        help="preview the site; a save rebuilds only the pages it changed",
        description="Run MkDocs' preview server in dirty mode (`mkdocs serve --dirty`): "
        "after a save only the pages whose content changed are built again. Build clean "
        "(`mkdocs build`) before publishing.",
    )
    _site_arguments(parser)
    parser.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default: MkDocs')")
    parser.add_argument("--open", action="store_true", help="open the site in a browser")
    parser.set_defaults(func=run_serve)


#: Subcommands: each adds its parser and sets ``func``.
COMMANDS: list[Callable[[Any], None]] = [
    _add_check,
    _add_geocode,
    _add_render,
    _add_serve,
    *authoring.adders(read_site),
]


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    top = argparse.ArgumentParser(prog="dossier", description=__doc__.split("\n\n")[0])
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SiteError as err:  # mkdocs.yml, read by a subcommand that needs it
        print(err, file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
