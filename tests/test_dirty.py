"""Dirty builds (``serve --dirty``, ``build --dirty``) make the site a clean build makes.

A dirty build makes again only the pages whose digest changed (``dirty.py``)
and keeps the rest of the last build's site: these tests compare its site,
file for file and the search index included, with a clean build of the same
sources in another folder, after each of a sequence of edits; and check that
a one-article edit makes again only the pages it changed.
"""

from __future__ import annotations

import gzip
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from mkdocs_dossier.pipeline import load_dossier

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate

#: The embargo clock and the exports' build time: 1 January 2025.
_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600"}

#: Dirty builds in one process, as ``mkdocs serve --dirty`` makes them: a
#: fresh config per build, the plugin instance kept (it has ``on_startup``).
#: Between builds it waits for a line on stdin (the test edits meanwhile).
_SERVE_DIRTY = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site = sys.argv[1:3]
first = True
while True:
    config = load_config(config_file=config_file, site_dir=site)
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
        first = False
    build(config, dirty=True)
    print("built", flush=True)
    if sys.stdin.readline().strip() != "next":
        break
config.plugins.on_shutdown()
"""


class _Serve:
    """A process building as ``mkdocs serve --dirty`` does (``_SERVE_DIRTY``)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process, self._stdin, self._stdout = process, process.stdin, process.stdout

    def build(self, first: bool = False) -> str:
        """Let it build again (the first build needs no word); the line it printed then."""
        if not first:
            self._stdin.write("next\n")
            self._stdin.flush()
        return self._stdout.readline().removesuffix("\n")

    def finish(self) -> None:
        self._stdin.write("done\n")
        self._stdin.close()
        assert self.process.wait(timeout=120) == 0


@contextmanager
def _serving(script: str, project: Path, site: Path) -> Iterator[_Serve]:
    """Run ``script`` (``_SERVE_DIRTY`` or a variant) on ``project``, building into ``site``;
    it ends when the block does (and is killed if the block failed)."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(project / "mkdocs.yml"), str(site)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_ENV,
    )
    try:
        serve = _Serve(process)
        yield serve
        serve.finish()
    finally:
        process.kill()


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a site; gzip files by their content (their header holds a time)."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if path.suffix == ".gz" else data
            )
    return out


def _split(path: Path) -> tuple[str, str]:
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    return head + "\n---\n", body


def _edit_body(path: Path, change: Callable[[str], str]) -> None:
    head, body = _split(path)
    new = change(body)
    assert new != body
    path.write_text(head + new, encoding="utf-8")


def _replace_body(path: Path, old: str, new: str) -> None:
    _edit_body(path, lambda body: body.replace(old, new, 1))


def _edit_head(path: Path, old: str, new: str) -> None:
    head, body = _split(path)
    assert old in head
    path.write_text(head.replace(old, new, 1) + body, encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _protect(article: Path, name: str, display: str) -> None:
    """Make the entity declared as ``name`` protected, its id from the pseudonym."""
    head, body = _split(article)
    declared = re.compile(f'(  - name: "{re.escape(name)}"\n)    id: [^\n]*\n')
    new = declared.sub(rf'\1    protected: true\n    display: "{display}"\n', head, count=1)
    assert new != head
    article.write_text(new + body, encoding="utf-8")


def _clean_build(project: Path, out: Path) -> Path:
    """A clean build of ``project``'s sources, in a copy with its own cache folder."""
    copy = out.parent / f"{out.name}-project"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache", "site*"))
    _mkdocs_build(copy, "-d", str(out))
    return out


def _mkdocs_build(project: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=_ENV,
    )
    assert result.returncode == 0, result.stderr


def _differences(dirty: Path, clean: Path) -> list[str]:
    a, b = _files(dirty), _files(clean)
    return sorted(set(a) ^ set(b)) + [p for p in sorted(a.keys() & b.keys()) if a[p] != b[p]]


def _project(tmp_path: Path) -> tuple[Path, list[Path]]:
    generate.generate(30, tmp_path, seed=5)
    project = tmp_path / "dossier"
    articles = sorted((project / "dossier" / "articles").glob("*.md"))
    return project, articles


def _declared(articles: list[Path], kind: str, skip: str = "") -> tuple[Path, str]:
    """An article declaring an entity of ``kind`` with an id, and the entity's name.

    The entity is declared so in that article only, and its name is part of no
    other entity's (so a protected flag hides it everywhere).
    """
    declared: dict[str, list[Path]] = {}
    for article in articles:
        head, _ = _split(article)
        section = ""
        for line in head.splitlines():
            if not line.startswith(" "):
                section = line.rstrip(":")
            elif section == kind and line.startswith("  - name: "):
                declared.setdefault(json.loads(line.removeprefix("  - name: ")), []).append(article)
    names = sorted(declared)
    for name, where in sorted(declared.items()):
        others = [n for n in names if n != name and name.lower() in n.lower()]
        if len(where) == 1 and not others and name != skip:
            return where[0], name
    raise AssertionError(f"no {kind} is declared once")


@pytest.mark.slow
def test_dirty_serve_builds_after_a_sequence_of_edits_equal_clean_builds(tmp_path: Path) -> None:
    """After a body edit, a new and a removed mention, a renamed entity and event,
    an event's date made precise, a new and a deleted article, a description
    linking a person who is then
    renamed (the link leads nowhere), an embargo lifted and a
    protected flag added, each dirty rebuild of a serving process gives, file
    for file (search index included), the site a clean build of the same
    sources makes."""
    project, articles = _project(tmp_path)
    root = project / "dossier"
    found = load_dossier(root).found
    a, b = articles[3], articles[5]
    a_names = {m.text for m in found[a.stem]}
    mentioned = found[a.stem][0].text
    other = next(m.text for m in found[b.stem] if m.text not in a_names)
    embargoed, deleted = articles[9], articles[7]
    _edit_head(embargoed, 'source: "', 'embargo: "2030-01-01T00:00:00+00:00"\nsource: "')
    renaming, renamed = _declared(articles, "organizations")
    # An event's name is in events.ics and timeline.json, which keep their text
    # of the last build while their rows are the same.
    retitling, retitled = _declared(articles, "events")
    declaring, protected = _declared(articles, "people")
    # An event's date known to the year, made precise (a later report's day):
    # its pages, timelines and the maps' popups of the articles naming it change.
    dating, year = next(
        (p, dated[1])
        for p in articles
        if (dated := re.search(r'\n    date: "(\d{4})"\n    place: ', _split(p)[0]))
    )
    added = f"\n\nLater {other} spoke."
    # A new entity file whose description links a person: that person's page
    # lists it under "Linked from", though nothing of her own record changed.
    # Renamed later, so the link leads nowhere while the linking page's record
    # stays the same.
    naming, linked = _declared(articles, "people", skip=protected)
    linking = root / "people" / "neary-linking.md"
    description = f"---\nname: Neary Linking\n---\n\nShe worked with [[{linked}]].\n"
    new_article = root / "articles" / "2024-05-01-99999.md"
    # A copy of an article that names events: the events' index lists it.
    reporting = next(p for p in articles if "\nevents:\n" in _split(p)[0])
    copied = reporting.read_text(encoding="utf-8").replace('title: "', 'title: "New: ', 1)
    edits: list[tuple[str, Callable[[], object]]] = [
        # a sentence that mentions an entity: its snippet on the entity's page changes
        ("body edit", lambda: _replace_body(a, f"{mentioned} ", f"{mentioned} then ")),
        ("new mention", lambda: _replace_body(a, "\n\n", f"{added}\n\n")),
        ("removed mention", lambda: _replace_body(a, added, "")),
        ("renamed entity", lambda: _edit_head(renaming, f'"{renamed}"', f'"{renamed} II"')),
        ("renamed event", lambda: _edit_head(retitling, f'"{retitled}"', f'"{retitled} II"')),
        (
            "event date made precise",
            lambda: _edit_head(dating, f'    date: "{year}"', f'    date: "{year}-11-16"'),
        ),
        ("new article", lambda: new_article.write_text(copied, encoding="utf-8")),
        ("deleted article", lambda: deleted.unlink()),
        ("description links a person", lambda: _write(linking, description)),
        ("linked person renamed", lambda: _edit_head(naming, f'"{linked}"', f'"{linked} II"')),
        ("embargo lifted", lambda: _edit_head(embargoed, "2030-01-01", "2019-01-01")),
        ("protected flag added", lambda: _protect(declaring, protected, "Official A")),
    ]
    served = tmp_path / "served"
    with _serving(_SERVE_DIRTY, project, served) as serve:
        for i, (what, edit) in enumerate([("first build", lambda: None), *edits]):
            if i:
                edit()
            assert serve.build(first=not i) == "built", what
            clean = _clean_build(project, tmp_path / f"clean-{i}")
            assert _differences(served, clean) == [], f"after {what}"
    # the protected name is on no page; the deleted article's page is gone
    assert not (served / "articles" / deleted.stem).exists()
    assert (served / "articles" / "2024-05-01-99999" / "index.html").is_file()


@pytest.mark.slow
def test_an_article_naming_no_event_added_is_on_the_events_index(tmp_path: Path) -> None:
    """The events' index lists every article as a source on its date, beside the
    events. An article added that names no entity changes no event's record
    (an article naming an event adds a citation to it): after a dirty rebuild
    the events' index and the search index are still a clean build's, the new
    article on them."""
    project, _ = _project(tmp_path)
    # Between two articles' dates, so the index has the new line in the middle.
    new_article = project / "dossier" / "articles" / "2016-06-01-99998.md"
    text = (
        '---\ntitle: "A note on the case"\ndate: "2016-06-01"\nsource: "Radio Free Asia"\n'
        'url: "https://news.example.org/2016-06-01-99998"\n'
        "---\n\nA short note that names nobody.\n"
    )
    served = tmp_path / "served"
    with _serving(_SERVE_DIRTY, project, served) as serve:
        assert serve.build(first=True) == "built"
        _write(new_article, text)
        assert serve.build() == "built"
    clean = _clean_build(project, tmp_path / "clean")
    assert _differences(served, clean) == []
    events = BeautifulSoup((served / "events" / "index.html").read_bytes(), "lxml")
    hrefs = [a.get("href", "") for a in events.select("article a")]
    assert any("articles/2016-06-01-99998/" in str(h) for h in hrefs)


def _mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


@pytest.mark.slow
def test_a_one_article_edit_rebuilds_only_the_pages_it_changed(tmp_path: Path) -> None:
    """``mkdocs build --dirty`` into the last build's site, with the cache kept,
    after one sentence of an article changed: it writes the article, the
    entity pages whose snippets changed, and nothing else (not all pages)."""
    project, articles = _project(tmp_path)
    article = articles[3]
    name = load_dossier(project / "dossier").found[article.stem][0].text
    site = project / "site"

    _mkdocs_build(project)
    before_files = _files(site)
    before = _mtimes(site)
    _replace_body(article, f"{name} ", f"{name} then ")
    _mkdocs_build(project, "--dirty")
    after_files = _files(site)
    written = {p for p, t in _mtimes(site).items() if before.get(p) != t} - {"404.html"}
    changed = {p for p in before_files if p.endswith(".html") and after_files[p] != before_files[p]}
    assert f"articles/{article.stem}/index.html" in written
    entity_pages = {"people", "parties", "organizations", "places", "events"}
    assert any(p.split("/")[0] in entity_pages for p in written)
    assert written == changed
    assert len(written) < len(before) / 10
    assert _differences(site, _clean_build(project, tmp_path / "clean")) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lines_until(lines: queue.Queue[str], wanted: str, seen: list[str]) -> str:
    """The first line of the server's log holding ``wanted`` (or fail after a minute)."""
    while True:
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            raise AssertionError(f"no {wanted!r} in:\n{''.join(seen)}") from None
        seen.append(line)
        if wanted in line:
            return line


@pytest.mark.slow
def test_dossier_serve_shows_an_edit_after_a_dirty_rebuild(tmp_path: Path) -> None:
    """``dossier serve`` runs MkDocs' server in dirty mode: after an article is
    saved, the served article page has the new sentence, and the rebuild built
    only some of the pages."""
    generate.generate(10, tmp_path, seed=3)
    project = tmp_path / "dossier"
    article = sorted((project / "dossier" / "articles").glob("*.md"))[2]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs_dossier", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**_ENV, "NO_MKDOCS_2_WARNING": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert server.stderr is not None
    threading.Thread(target=lambda: [lines.put(x) for x in server.stderr], daemon=True).start()
    seen: list[str] = []
    try:
        _lines_until(lines, "Serving on", seen)
        _replace_body(article, "\n\n", "\n\nA sentence only the preview has.\n\n")
        made = _lines_until(lines, "dirty build:", seen)
        _lines_until(lines, "Documentation built", seen)
        url = f"http://127.0.0.1:{port}/bench/articles/{article.stem}/"
        with urllib.request.urlopen(url, timeout=30) as response:
            page = BeautifulSoup(response.read(), "lxml")
        paragraphs = [p.get_text(" ", strip=True) for p in page.select("article p")]
        assert "A sentence only the preview has." in paragraphs
        built, total = (int(n) for n in re.findall(r"(\d+) of (\d+) pages", made)[0])
        assert 1 <= built < total / 2, made
    finally:
        server.terminate()
        server.wait(timeout=60)


#: As ``_SERVE_DIRTY``, printing after each build the pages whose Markdown it made again.
_SERVE_REMADE = _SERVE_DIRTY.replace(
    'print("built", flush=True)',
    'import json; r = config.plugins["dossier"].rebuilds; '
    "print(json.dumps([r.remade, r.kept]), flush=True)",
)


@pytest.mark.slow
def test_a_new_mention_makes_again_only_the_pages_it_touches(tmp_path: Path) -> None:
    """A sentence naming an entity added to one article's end: the rebuild makes the
    Markdown of that article, the entity's page, the lists and the graph again,
    and of other entities only those the article names; the others' pages are
    the last build's (the site stays equal to a clean build's, checked above)."""
    project, articles = _project(tmp_path)
    found = load_dossier(project / "dossier").found
    a, b = articles[3], articles[5]
    named = {m.key for m in found[a.stem]}
    newcomer = next(m for m in found[b.stem] if m.key not in named)
    with _serving(_SERVE_REMADE, project, tmp_path / "s") as serve:
        first, kept = json.loads(serve.build(first=True))
        assert kept == 0  # a first build makes every page
        # At the end of the last paragraph, so no paragraph's anchor moves (a
        # new paragraph renumbers those after it, and with them the citations
        # pointing there: the pages showing those are made again too).
        _edit_body(a, lambda body: body.rstrip() + f" Later {newcomer.text} spoke.\n")
        remade, kept = json.loads(serve.build())
    assert len(first) == len(remade) + kept  # the same pages, each made or kept
    assert f"articles/{a.stem}.md" in remade
    assert f"{newcomer.key}.md" in remade
    entities = {p.removesuffix(".md") for p in remade} - {f"articles/{a.stem}"}
    entities = {k for k in entities if not k.endswith("/index")}
    assert entities <= named | {newcomer.key}, entities - named
    assert len(remade) < kept / 10, remade


def _articles_remade_by_a_copy(project: Path, articles: list[Path], served: Path) -> list[str]:
    """The other articles' pages a new article (a copy of one, citing what it
    cites) makes again in a serving process."""
    source = articles[4]
    copy = source.read_text(encoding="utf-8").replace('title: "', 'title: "Copied: ', 1)
    with _serving(_SERVE_REMADE, project, served) as serve:
        serve.build(first=True)
        (source.parent / "2024-06-01-99998.md").write_text(copy, encoding="utf-8")
        remade, _kept = json.loads(serve.build())
    return [p for p in remade if p.startswith("articles/") and "99998" not in p]


@pytest.mark.slow
def test_a_new_article_citing_an_entity_keeps_the_pages_of_articles_naming_it(
    tmp_path: Path,
) -> None:
    """An article page shows of the entities it names their names, places and
    dates, never who cites them: a new article citing them makes no other
    article page again (their entities' pages and the lists are), and the
    site equals a clean build's. A site that overrides a template of the
    article page may show more: there each article naming them is made again."""
    project, articles = _project(tmp_path)
    served = tmp_path / "served"
    assert _articles_remade_by_a_copy(project, articles, served) in ([], ["articles/index.md"])
    assert _differences(served, _clean_build(project, tmp_path / "clean")) == []

    project, articles = _project(tmp_path / "overridden")
    fragment = project / "overrides" / "dossier" / "fragments" / "in_this_article.html.j2"
    fragment.parent.mkdir(parents=True)
    fragment.write_text(
        (ROOT / "plugins/mkdocs_dossier/templates/fragments/in_this_article.html.j2").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    served = tmp_path / "overridden" / "served"
    remade = _articles_remade_by_a_copy(project, articles, served)
    assert len([p for p in remade if p != "articles/index.md"]) > 3, remade
    assert _differences(served, _clean_build(project, tmp_path / "overridden" / "clean")) == []


@pytest.mark.slow
def test_an_index_is_made_again_only_when_what_it_shows_changed(tmp_path: Path) -> None:
    """The index pages (articles, events, people..., the graph, explore, disputed)
    show records, never mentions or article texts: a sentence naming nobody
    added to an article's end makes only that article's page again; a new
    title makes the articles' index again too, which then shows it."""
    project, articles = _project(tmp_path)
    article = articles[3]
    indexes = {"articles", "graph", "explore", "disputed", "people", "parties"}
    indexes |= {"organizations", "places", "events"}
    served = tmp_path / "served"
    with _serving(_SERVE_REMADE, project, served) as serve:
        serve.build(first=True)
        _edit_body(article, lambda body: body.rstrip() + " The hearing was adjourned.\n")
        remade, _kept = json.loads(serve.build())
        assert remade == [f"articles/{article.stem}.md"]
        _edit_head(article, 'title: "', 'title: "Retitled: ')
        remade, _kept = json.loads(serve.build())
    made_indexes = {p.removesuffix("/index.md") for p in remade if p.endswith("/index.md")}
    assert "articles" in made_indexes and made_indexes <= indexes
    assert _differences(served, _clean_build(project, tmp_path / "clean")) == []
    listed = BeautifulSoup((served / "articles" / "index.html").read_bytes(), "lxml")
    titles = [a.get_text() for a in listed.select("article a")]
    assert any(t.startswith("Retitled: ") for t in titles), titles


@pytest.mark.slow
def test_a_serving_process_merges_the_search_index_it_kept_not_the_file(
    tmp_path: Path,
) -> None:
    """A serving process keeps the last build's search index in memory: a
    dirty rebuild merges the entries of the pages it kept from there, not
    from the site's index file read back (here emptied in between), and the
    index still equals a clean build's."""
    project, articles = _project(tmp_path)
    served = tmp_path / "served"
    with _serving(_SERVE_DIRTY, project, served) as serve:
        serve.build(first=True)
        index = served / "search" / "search_index.json"
        emptied = json.loads(index.read_text(encoding="utf-8")) | {"docs": []}
        index.write_text(json.dumps(emptied), encoding="utf-8")
        _edit_body(articles[3], lambda body: body.rstrip() + " The hearing was adjourned.\n")
        serve.build()
    assert _differences(served, _clean_build(project, tmp_path / "clean")) == []


def test_a_dirty_build_after_serving_an_edit_that_was_undone_shows_the_sources(
    tmp_path: Path,
) -> None:
    """``mkdocs serve`` keeps its state in memory and writes the cache folder's
    pages again: a ``build --dirty`` into the site of an earlier build, after a
    served edit was undone, must not take the served page's Markdown for that
    build's."""
    project, articles = _project(tmp_path)
    article = articles[3]
    original = article.read_text(encoding="utf-8")
    site = project / "site"
    _mkdocs_build(project)
    assert (project / ".cache" / "dossier" / "state.json").is_file()
    with _serving(_SERVE_DIRTY, project, tmp_path / "served") as serve:
        serve.build(first=True)
        _edit_body(article, lambda body: body.rstrip() + " The hearing was adjourned.\n")
        serve.build()
    assert not (project / ".cache" / "dossier" / "state.json").exists()
    article.write_text(original, encoding="utf-8")
    _mkdocs_build(project, "--dirty")
    assert _differences(site, _clean_build(project, tmp_path / "clean")) == []
