"""Rebuilds that reuse pages give exactly the pages a full build gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from mkdocs_dossier import pipeline as build
from mkdocs_dossier.core import incremental
from mkdocs_dossier.core.memo import Memo
from mkdocs_dossier.exports import files as exports
from mkdocs_dossier.exports.files import export_files
from mkdocs_dossier.exports.ftm import ftm_id
from mkdocs_dossier.exports.options import ExportOptions
from mkdocs_dossier.pipeline import Options, forget_caches, load_dossier
from mkdocs_dossier.site.encode import safe_json
from mkdocs_dossier.site.maps import Maps
from mkdocs_dossier.site.render import Renderer

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate

#: Sections kept from one build for the next, as the plugin keeps them while serving.
_TEXTS = Memo()


def _render(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(pages rendered reusing the previous build's, pages rendered from scratch).

    Both with their sections and blocks filled in, as the plugin does: a
    reused page takes its sections from the previous build (they are right
    only if ``incremental.reusable`` missed nothing), the others are made
    again; a reused page's block markers must give this build's maps and
    drawings.
    """
    dossier = load_dossier(root)
    renderer = Renderer(dossier)
    reuse = incremental.reusable(dossier, dossier.structure)
    pages = renderer.pages(reuse)
    incremental.remember(dossier, dossier.structure, pages)
    _TEXTS.begin(dossier.structure)
    renderer.texts.pages = _TEXTS
    kept = {
        u: renderer.blocks.fill(renderer.texts.fill_page(u, t, reused=u in reuse))
        for u, t in pages.items()
    }
    full = Renderer(dossier)
    return kept, {u: full.blocks.fill(full.texts.fill(t)) for u, t in full.pages().items()}


@pytest.fixture
def story(tmp_path: Path) -> Path:
    generate.generate(30, tmp_path, seed=5)
    root = tmp_path / "dossier/dossier"
    _TEXTS.clear()
    _render(root)  # the first build, remembered
    return root


def _articles(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.md"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_body_edit_rerenders_only_touched_pages_and_matches_full_render(story: Path) -> None:
    article = _articles(story)[3]
    body = article.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    first_sentence = body.strip().split(". ")[0]
    # Drop a sentence, so mentions move and paragraph snippets change.
    _edit(article, first_sentence + ". ", "")
    reuse = incremental.reusable(load_dossier(story), load_dossier(story).structure)
    assert reuse, "a body edit should let most pages be reused"
    assert f"articles/{article.stem}.md" not in reuse
    pages, full = _render(story)
    assert pages == full


def test_removing_a_mention_updates_the_entity_that_lost_it(story: Path) -> None:
    dossier = load_dossier(story)
    article = _articles(story)[5]
    mentioned = [
        (key, m) for key, ms in dossier.mentions.items() for m in ms if m.article == article.stem
    ]
    key, mention = mentioned[-1]
    text = article.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    article.write_text(head + "\n---\n" + body.replace(mention.text, "someone"), encoding="utf-8")
    pages, full = _render(story)
    assert pages == full
    after = load_dossier(story).mentions.get(key, [])
    count = sum(m.article == article.stem for m in after)
    assert count < sum(1 for k, _ in mentioned if k == key)


def test_front_matter_edit_renders_everything_again(story: Path) -> None:
    article = _articles(story)[0]
    _edit(article, 'source: "', 'source: "The ')
    dossier = load_dossier(story)
    assert incremental.reusable(dossier, dossier.structure) == {}
    pages, full = _render(story)
    assert pages == full


def test_template_or_setting_change_renders_everything_again(story: Path, tmp_path: Path) -> None:
    dossier = load_dossier(story)
    before = incremental.settings_digest(dossier.structure, "link_mentions=first", [])
    custom = tmp_path / "overrides"
    generate._write(custom / "article.md.j2", "{{ a.title|md }}\n")
    assert incremental.settings_digest(dossier.structure, "link_mentions=all", []) != before
    assert incremental.settings_digest(dossier.structure, "link_mentions=first", [custom]) != before


_MEMO = Memo()


def _exports(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(exports made reusing the previous build's pieces, exports made from scratch)."""
    dossier = load_dossier(root)
    options = ExportOptions(title="T", site_url="https://x.org/d/")
    _MEMO.begin(dossier.structure)
    return export_files(dossier, options, _MEMO), export_files(dossier, options)


@pytest.fixture
def exported(story: Path) -> Path:
    _MEMO.clear()
    _exports(story)  # the first build, remembered
    return story


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def test_sentence_added_reuses_index_pages_and_untouched_entities(story: Path) -> None:
    article = _articles(story)[4]
    dossier = load_dossier(story)
    # The sentence joins the last paragraph: only its mentions can change.
    last = re.findall(r'<a id="([^"]+)"></a>', dossier.articles[article.stem].text)[-1]
    mentioned_before = {
        key
        for key, ms in dossier.mentions.items()
        if any(m.article == article.stem for m in ms)
        and all(m.anchor != last for m in ms if m.article == article.stem)
    }
    _edit(article, _body(article).rstrip("\n"), _body(article).rstrip("\n") + " Nobody else.")
    dossier = load_dossier(story)
    reuse = incremental.reusable(dossier, dossier.structure)
    assert {"people/index.md", "places/index.md", "graph/index.md"} <= reuse.keys()
    assert f"articles/{article.stem}.md" not in reuse
    assert mentioned_before, "the fixture article should mention someone before its end"
    assert {f"{key}.md" for key in mentioned_before} - reuse.keys() == set()
    pages, full = _render(story)
    assert pages == full


def test_overridden_templates_render_index_pages_again(story: Path) -> None:
    dossier = load_dossier(story)
    reuse = incremental.reusable(dossier, dossier.structure, overridden=True)
    assert reuse and not any(uri.endswith("/index.md") for uri in reuse)


def test_exports_after_body_edit_match_full_exports(exported: Path) -> None:
    dossier = load_dossier(exported)
    article = _articles(exported)[5]
    mention = next(m for ms in dossier.mentions.values() for m in ms if m.article == article.stem)
    # Lose one mention and change the first paragraph: snippets, anchors and
    # the FtM "mentioned" links all move.
    body = _body(article)
    _edit(article, body, "A new first paragraph.\n\n" + body.replace(mention.text, "someone", 1))
    reused, full = _exports(exported)
    assert reused == full
    assert _MEMO.hits > 0, "unchanged records should come from the previous build"
    data = json.loads(reused["exports/dossier.json"])
    assert any(m["article"] == article.stem for m in data["mentions"])


def test_body_edit_that_drops_an_entity_changes_its_ftm_documentation(exported: Path) -> None:
    # An article's FtM Documentation lines are kept by its body: a body that
    # no longer names an entity must lose that entity's "mentioned" link.
    dossier = load_dossier(exported)
    article = _articles(exported)[5]
    texts: dict[str, set[str]] = {}
    for ms in dossier.mentions.values():
        for m in ms:
            if m.article == article.stem:
                texts.setdefault(m.key, set()).add(m.text)
    key, names = sorted(texts.items())[0]
    before, _ = _exports(exported)
    body = new = _body(article)
    for name in sorted(names, key=len, reverse=True):
        new = new.replace(name, "someone")
    _edit(article, body, new)
    reused, full = _exports(exported)
    assert reused == full
    assert reused["exports/ftm.jsonl"] != before["exports/ftm.jsonl"]
    docs = [
        json.loads(line)
        for line in reused["exports/ftm.jsonl"].splitlines()
        if '"Documentation"' in line
    ]
    roles = {
        tuple(d["properties"]["role"])
        for d in docs
        if d["properties"]["entity"] == [ftm_id(key)]
        and d["properties"]["document"] == [ftm_id(f"articles/{article.stem}")]
    }
    assert ("mentioned",) not in roles


def test_serve_rewrites_only_the_export_files_an_edit_changed(story: Path, tmp_path: Path) -> None:
    memo, folder, options = Memo(), tmp_path / "exports", ExportOptions()

    def write() -> dict[str, Path]:
        dossier = load_dossier(story)
        memo.begin(dossier.structure)
        written = exports.write_exports(dossier, options, folder, memo)
        assert {p: f.read_bytes().decode() for p, f in written.items()} == export_files(
            dossier, options
        )
        return written

    def untouched(written: dict[str, Path]) -> set[str]:
        return {path for path, file in written.items() if file.stat().st_mtime_ns == 0}

    written = write()
    for file in written.values():
        os.utime(file, ns=(0, 0))  # a mark a rewrite removes
    article = _articles(story)[5]
    body = _body(article)
    _edit(article, body, body.rstrip("\n") + "\n\nA closing paragraph that names nobody.\n")
    assert untouched(write()) == set(written), "nothing exported changed"
    _edit(article, "A closing paragraph", "A first paragraph.\n\n" + body + "\n\nA closing")
    # Anchors move (dossier.json); the entities the article names do not (ftm.jsonl).
    assert set(written) - untouched(write()) == {exports.DOSSIER_JSON}


def test_exports_after_front_matter_edit_match_full_exports(exported: Path) -> None:
    article = _articles(exported)[2]
    _edit(article, 'title: "', 'title: "Revised: ')
    reused, full = _exports(exported)
    assert reused == full
    data = json.loads(reused["exports/dossier.json"])
    titles = [s["title"] for s in data["sources"] if s["id"] == article.stem]
    assert titles and titles[0].startswith("Revised: ")


def test_dossier_json_text_is_the_document_encoded_whole(exported: Path) -> None:
    dossier = load_dossier(exported)
    options = ExportOptions(title="<T> & \u2028", site_url="")
    text = exports.dossier_json_text(dossier, options, Memo())
    assert text == safe_json(exports.dossier_json(dossier, options), indent=1) + "\n"


def test_front_matter_alias_edit_pages_and_exports_match_full(story: Path, exported: Path) -> None:
    article = _articles(story)[1]
    head = article.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert "\n    id: " in head
    _edit(article, "\n    id: ", '\n    aliases: ["The Newcomer"]\n    id: ')
    text = _body(_articles(story)[7])
    _edit(_articles(story)[7], text, text.rstrip("\n") + " The Newcomer spoke.\n")
    pages, full = _render(story)
    assert pages == full
    assert any("The Newcomer" in page for uri, page in pages.items() if uri.startswith("articles/"))
    reused, fresh = _exports(exported)
    assert reused == fresh


def test_serve_link_to_an_alias_added_since_the_last_build_resolves(story: Path) -> None:
    # The [[link]] lookup is kept with the dossier it was made from; a
    # front-matter edit makes another dossier, and so another lookup.
    forget_caches()
    other = _articles(story)[7]
    text = _body(other)
    _edit(other, text, text.rstrip("\n") + " [[The Newcomer]] spoke.\n")
    before = load_dossier(story, Options(rebuild=True))
    assert any("The Newcomer" in str(p) for p in before.problems)
    _edit(_articles(story)[1], "\n    id: ", '\n    aliases: ["The Newcomer"]\n    id: ')
    after = load_dossier(story, Options(rebuild=True))
    assert not any("The Newcomer" in str(p) for p in after.problems)
    assert "[The Newcomer](" in after.articles[other.stem].text
    forget_caches()


def test_blocks_kept_for_a_rebuild_are_the_blocks_a_full_build_makes(story: Path) -> None:
    memo = Memo()

    def filled() -> tuple[dict[str, str], dict[str, str]]:
        dossier = load_dossier(story)
        renderer = Renderer(dossier, maps=lambda related: Maps(dossier, related))
        pages = renderer.pages()
        fresh = {u: renderer.blocks.fill(t) for u, t in pages.items()}
        memo.begin(dossier.structure)
        renderer.blocks.memo = memo
        return {u: renderer.blocks.fill(t) for u, t in pages.items()}, fresh

    filled()
    article = _articles(story)[6]
    _edit(article, _body(article), _body(article) + "\nA last paragraph.\n")
    kept, fresh = filled()
    assert memo.hits > 0
    assert kept == fresh
    assert any('class="dossier-map' in page for page in kept.values())
    _edit(article, 'title: "', 'title: "Revised: ')
    kept, fresh = filled()
    assert kept == fresh


def test_new_alias_found_in_unedited_articles_matches_full_render(story: Path) -> None:
    article = _articles(story)[1]
    phrase = "told reporters"
    others = [p for p in _articles(story) if p != article and phrase in _body(p)]
    assert others, "the generated bodies should share a common phrase"
    _edit(article, "\n    id: ", f'\n    aliases: ["{phrase}"]\n    id: ')
    pages, full = _render(story)
    assert pages == full
    dossier = load_dossier(story)
    key = next(k for k, e in dossier.entities.items() if phrase in e.aliases)
    assert {m.article for m in dossier.mentions[key]} >= {p.stem for p in others}


_INDEXES = Memo()


def _snapshot(root: Path, **options: bool) -> tuple[dict[str, str], dict[str, str], list, str]:
    """Pages, exports, problems and mentions of one load of the dossier."""
    dossier = load_dossier(root, Options(**options))
    mentions = repr(sorted((k, repr(ms)) for k, ms in dossier.mentions.items()))
    memo = None
    if options.get("rebuild"):
        memo = _INDEXES  # the relations, timelines and graph, as the plugin keeps them
        memo.begin(dossier.structure)
    pages = Renderer(dossier, memo=memo).pages()
    files = export_files(dossier, ExportOptions())
    return pages, files, [str(p) for p in dossier.problems], mentions


def test_resolved_dossier_kept_for_a_rebuild_gives_a_fresh_build(story: Path) -> None:
    forget_caches()
    _snapshot(story, rebuild=True)  # the first build, kept
    first = build._RESOLVED[0][1]
    article = _articles(story)[3]
    body = _body(article)
    _edit(article, body, "A first paragraph.\n\n" + body.replace(". ", ". [[Nobody Known]] ", 1))
    kept = _snapshot(story, rebuild=True)
    assert build._RESOLVED[0][1] is first, "a body edit should reuse the resolved dossier"
    assert _INDEXES.hits == 1, "and the indexes made from it"
    assert kept == _snapshot(story)
    assert any("Nobody Known" in p for p in kept[2])
    # A front-matter edit resolves again.
    _edit(article, 'title: "', 'title: "Revised: ')
    kept = _snapshot(story, rebuild=True)
    assert _INDEXES.hits == 0
    assert kept == _snapshot(story)
    assert any("Revised: " in page for page in kept[0].values())
    forget_caches()


def _citations(dossier) -> list[tuple[str, str | None, str | None]]:
    """Every citation's owner, article and anchor."""
    out = []
    for key, ent in sorted(dossier.entities.items()):
        out += [(key, c.article, c.anchor) for c in ent.citations]
        for facts in ent.facts.values():
            out += [(key, c.article, c.anchor) for fact in facts for c in fact.citations]
    out += [(r.subject, c.article, c.anchor) for r in dossier.relations for c in r.citations]
    return out


def _serve_then_move_paragraphs(story: Path) -> Path:
    """A first serve build; then an article gets a paragraph before all others.

    Every mention in that article moves to another paragraph. The article is returned.
    """
    forget_caches()
    load_dossier(story, Options(rebuild=True))
    article = _articles(story)[3]
    body = _body(article)
    _edit(article, body, "A first paragraph.\n\n" + body)
    return article


def test_rebuild_reanchors_the_edited_article_citations_only_as_a_fresh_load_does(
    story: Path,
) -> None:
    article = _serve_then_move_paragraphs(story)
    kept = load_dossier(story, Options(rebuild=True))
    assert build._RESOLVED[0][1] is kept, "the resolved dossier is reused"
    moved = [c for c in _citations(kept) if c[1] == article.stem]
    assert moved, "the article cites entities"
    forget_caches()
    assert _citations(kept) == _citations(load_dossier(story))


def test_rebuild_that_stops_before_anchoring_leaves_the_article_to_the_next(
    story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve_then_move_paragraphs(story)

    def stop(*args: object) -> None:
        raise RuntimeError("the build stops here")

    with monkeypatch.context() as patch:
        patch.setattr(build, "_reanchor", stop)
        with pytest.raises(RuntimeError):
            load_dossier(story, Options(rebuild=True))
    # The article's new scan is kept, so the next build does not scan it
    # again: it must still point its citations at the moved paragraphs.
    kept = _citations(load_dossier(story, Options(rebuild=True)))
    forget_caches()
    assert kept == _citations(load_dossier(story))


def test_lock_file_edit_renders_everything_again(story: Path) -> None:
    """Coordinates in the lock file show on maps of pages whose Markdown is reused."""
    lock = story / "geocode.lock.yml"
    lock.write_text("{}\n", encoding="utf-8")
    before = load_dossier(story).structure
    lock.write_text("{}\n# checked again\n", encoding="utf-8")
    assert load_dossier(story).structure != before
    (story / "notes.md").write_text("Editors' notes, not a source.\n", encoding="utf-8")
    after = load_dossier(story).structure
    lock.unlink()
    assert load_dossier(story).structure not in (before, after)


#: Serve builds in one process, as ``mkdocs serve`` makes them: each with a
#: fresh config and plugin instances, the module-level caches kept. Between
#: builds it waits for a line on stdin (the test edits the dossier meanwhile).
_SERVE = """
import shutil, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site, copies = sys.argv[1:4]
for i in range(int(sys.argv[4])):
    config = load_config(config_file=config_file, site_dir=site)
    if i == 0:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    shutil.copytree(site, f"{copies}/{i}")
    print("built", flush=True)
    sys.stdin.readline()
config.plugins.on_shutdown()
"""


def _files(site: Path) -> dict[str, bytes]:
    # The gzipped sitemap's header holds the time it was written.
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz"
    }


@pytest.mark.slow
def test_serve_rebuilds_after_edits_build_the_site_a_fresh_build_makes(tmp_path: Path) -> None:
    """Every cache a serve rebuild keeps (scans, anchors, pages, sections, blocks,
    exports) gives, file for file, the site a one-off build makes of the same sources."""
    generate.generate(30, tmp_path, seed=5)
    site = tmp_path / "dossier"
    root = site / "dossier"
    article, other = _articles(root)[3], _articles(root)[5]
    body = _body(article)
    name = load_dossier(root).found[article.stem][0].text
    edits = [
        # paragraphs move, a mention is lost
        lambda: _edit(article, body, "A first paragraph.\n\n" + body.replace(name, "someone", 1)),
        lambda: _edit(other, _body(other), _body(other).rstrip("\n") + " Nobody else.\n"),
        # the structure changes: a new title
        lambda: _edit(other, 'title: "', 'title: "Revised: '),
    ]
    serve = subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(site / "mkdocs.yml"), str(tmp_path / "served")]
        + [str(tmp_path / "copies"), str(len(edits) + 1)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert serve.stdin is not None and serve.stdout is not None
    try:
        for i, edit in enumerate([None, *edits]):
            if edit is not None:
                edit()
                serve.stdin.write("next\n")
                serve.stdin.flush()
            assert serve.stdout.readline() == "built\n"
            fresh = tmp_path / f"fresh-{i}"
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(fresh)],
                cwd=site,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            served, built = _files(tmp_path / "copies" / str(i)), _files(fresh)
            assert served.keys() == built.keys()
            assert [p for p in served if served[p] != built[p]] == [], f"after edit {i}"
        serve.stdin.write("done\n")
        serve.stdin.close()
        assert serve.wait(timeout=120) == 0
    finally:
        serve.kill()
