"""``mkdocs serve`` rebuilds in one process give the site a one-off build gives.

A rebuild is a fresh, pure build: nothing is kept from the last one, so what
this checks is that no state survives in the process to change the output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from mkdocs_dossier.pipeline import load_dossier

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate


def _articles(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.md"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


#: Serve builds in one process, as ``mkdocs serve`` makes them: each with a
#: fresh config and plugin instances, in the same interpreter. Between
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
    """After edits that move paragraphs, drop a mention, add a sentence and change
    a title, each build of a serving process is, file for file, the site a
    one-off build makes of the same sources."""
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
