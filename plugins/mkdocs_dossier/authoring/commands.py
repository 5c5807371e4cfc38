"""The editors' authoring subcommands of ``dossier``: import, suggest, review.

``cli.py`` registers them with :func:`adders`, giving the function that reads
the site's ``mkdocs.yml`` (a host's job, so it is passed down, not imported).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from mkdocs_dossier.authoring.annotate import suggest_file
from mkdocs_dossier.authoring.importer import import_file
from mkdocs_dossier.authoring.ner import MODEL as NER_MODEL
from mkdocs_dossier.authoring.ner import NerUnavailable
from mkdocs_dossier.authoring.ner import load as load_ner
from mkdocs_dossier.authoring.review import review
from mkdocs_dossier.authoring.suggest import Suggestion
from mkdocs_dossier.core.options import Options


class SiteLike(Protocol):
    """What a subcommand reads of the site (``cli.Site``)."""

    @property
    def root(self) -> Path: ...

    @property
    def options(self) -> Options: ...


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
    """Write each article; 0 done, 1 if any was refused (it exists, or is unreadable).

    Files are imported in the order given, each suggested against the dossier
    as the ones before left it: the second article about Kem Sokha gets the id
    the first one suggested.
    """
    site = read_site(args.config_file)
    if args.id and len(args.file) > 1:
        print("dossier import: --id names one article; import one file with it", file=sys.stderr)
        return 2
    try:
        nlp = _ner(args) if args.suggest else None
    except NerUnavailable as err:
        print(f"dossier import: {err}", file=sys.stderr)
        return 2
    status = 0
    for name in args.file:
        target = _import_one(Path(name), site.root, args.id)
        if target is None:
            status = 1
        elif args.suggest:
            found = suggest_file(target, site.root, site.options.country, ner=nlp)
            _print_suggestions(target, found)
    return status


def _import_one(raw: Path, root: Path, ident: str | None) -> Path | None:
    try:
        target = import_file(raw, root, ident)
    except FileExistsError as err:
        existing = _shown(Path(str(err.filename)))
        print(
            f"{existing}:1:1: the article exists already; "
            "give another id with --id, or delete the file to import again",
            file=sys.stderr,
        )
        return None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        print(f"{raw}:1:1: cannot import the file ({err}); give a UTF-8 text file", file=sys.stderr)
        return None
    print(f"{_shown(target)} written")
    return target


def _ner_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ner",
        nargs="?",
        const=NER_MODEL,
        metavar="MODEL",
        help=f"add the names a spaCy model finds (default model: {NER_MODEL}); "
        "needs the optional 'ner' extra",
    )


def _ner(args: argparse.Namespace) -> Any:
    return load_ner(args.ner) if getattr(args, "ner", None) else None


def _print_suggestions(path: Path, found: list[Suggestion]) -> None:
    for s in found:
        what = f"{s.type} {s.name}" + (f" (known: {s.known})" if s.known else "")
        print(f"  {what}: {s.where}")
    print(
        f"{len(found)} suggestion{'s' if len(found) != 1 else ''} added to {_shown(path)}: "
        "keep, edit or delete each, then run `dossier check`"
    )


def run_suggest(args: argparse.Namespace, read_site: ReadSite) -> int:
    """Propose annotations for each article; 0 done, 1 if one cannot be read."""
    site = read_site(args.config_file)
    try:
        nlp = _ner(args)
    except NerUnavailable as err:
        print(f"dossier suggest: {err}", file=sys.stderr)
        return 2
    status = 0
    for name in args.article:
        path = Path(name)
        if not path.is_file() and (site.root / "articles" / f"{name}.md").is_file():
            path = site.root / "articles" / f"{name}.md"
        try:
            found = suggest_file(
                path, site.root, site.options.country, write=not args.dry_run, ner=nlp
            )
        except (OSError, ValueError) as err:
            print(f"{path}:1:1: cannot read the article ({err}); fix it first", file=sys.stderr)
            status = 1
            continue
        if args.dry_run:
            for s in found:
                known = f" ({s.known})" if s.known else ""
                print(f"{_shown(path)}: {s.type} {s.name}{known}: {s.where}")
        else:
            _print_suggestions(path, found)
    return status


def _add_suggest(sub: Any, read_site: ReadSite) -> None:
    parser = sub.add_parser(
        "suggest",
        help="propose the annotations an article needs",
        description="Add to the article's front matter the entities and events its text "
        "names (known entities with their ids, gazetteer places, names the rules find, dates "
        "as events), each with a comment saying where; suggestions answered before (kept or "
        "deleted, see dossier/answers.yml) are not proposed again.",
    )
    parser.add_argument("article", nargs="+", help="article files, or their ids")
    parser.add_argument("--dry-run", action="store_true", help="print them; write nothing")
    _ner_argument(parser)
    _site_arguments(parser)
    parser.set_defaults(func=lambda args: run_suggest(args, read_site))


def _add_import(sub: Any, read_site: ReadSite) -> None:
    parser = sub.add_parser(
        "import",
        help="turn a raw article (text or Markdown) into a dossier article",
        description="Write dossier/articles/<id>.md from a raw article: headline, date, "
        "source, byline and translator where the text states them, the paragraphs as "
        "Markdown, the page's furniture left out. Never overwrites an article.",
    )
    parser.add_argument(
        "file", nargs="+", help="raw articles (plain text as in seeds/, or Markdown)"
    )
    parser.add_argument("--id", help="the article's id (default: publisher-date-headline)")
    parser.add_argument(
        "--no-suggest",
        dest="suggest",
        action="store_false",
        help="write the text only, without suggested annotations",
    )
    _ner_argument(parser)
    _site_arguments(parser)
    parser.set_defaults(func=lambda args: run_import(args, read_site))


def run_review(args: argparse.Namespace, read_site: ReadSite) -> int:
    """Print the review; 0 if nothing to look at, 1 otherwise, 2 without a dossier."""
    site = read_site(args.config_file)
    if not site.root.is_dir():
        print(f"{site.root}: the dossier folder does not exist", file=sys.stderr)
        return 2
    try:
        findings = review(site.root, site.options.country)
    except ValueError as err:  # the answers file is not YAML
        print(f"dossier review: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        count = len(findings)
        summary = (
            f"{count} thing{'s' if count != 1 else ''} to review" if count else "nothing to review"
        )
        print(summary, file=sys.stderr)
    return 1 if findings else 0


def _add_review(sub: Any, read_site: ReadSite) -> None:
    parser = sub.add_parser(
        "review",
        help="what to look at before publishing; exit 1 if anything",
        description="Report names in the texts that are not annotated (with the closest "
        "known entity), entities no text mentions, near-duplicate entities and values the "
        "sources disagree on, each at its path:line:col.",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    _site_arguments(parser)
    parser.set_defaults(func=lambda args: run_review(args, read_site))


def adders(read_site: ReadSite) -> list[Callable[[Any], None]]:
    """Functions that each add one subcommand to ``dossier``'s subparsers."""

    def bound(add: Callable[[Any, ReadSite], None]) -> Callable[[Any], None]:
        return lambda sub: add(sub, read_site)

    return [bound(add) for add in (_add_import, _add_suggest, _add_review)]
