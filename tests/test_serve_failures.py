"""``mkdocs serve`` after a rebuild that fails: the last good site is served, never the failed one.

The end-to-end test runs the real server (``mkdocs serve`` and ``dossier
serve``, which is ``mkdocs serve --dirty``) on a copy of the example with a
protected witness, saves an edit that leaks her name (the leak scan fails the
build), reads the site over HTTP, then fixes the edit and reads it again.
"""

from __future__ import annotations

import gzip
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_example, write
from test_csp import inline_scripts, policy_of, sha256

from mkdocs_dossier.serving import StagedServe, sync_tree

# -- the staging folder, with stand-in builders ---------------------------------


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _staged(tmp_path: Path, dirty: bool = False) -> tuple[StagedServe, list[str]]:
    served = tmp_path / "served"
    write(served / "index.html", "good")
    forgotten: list[str] = []
    serving = StagedServe(
        served,
        dirty=dirty,
        redact=lambda text: text.replace("Srey Ann", "[a protected entity]"),
        on_failure=lambda: forgotten.append("forgot"),
    )
    return serving, forgotten


def _writes(
    serving: StagedServe, files: dict[str, str], fail: Exception | None = None
) -> Callable[[], None]:
    """A builder that writes ``files`` into the staging folder, then raises ``fail``."""

    def builder() -> None:
        for name, text in files.items():
            write(serving.staging / name, text)
        if fail is not None:
            raise fail

    return builder


def test_a_failed_rebuild_leaves_the_served_folder_as_it_was(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    serving, forgotten = _staged(tmp_path)
    builder = _writes(serving, {"index.html": "Srey Ann", "new.html": "x"}, Abort("Aborted"))
    serving.build(builder)  # does not raise: MkDocs' loop would hold every request
    assert _tree(serving.served) == {"index.html": "good"}
    assert not serving.staging.exists()
    assert forgotten == ["forgot"]
    assert serving.failure is not None and "Aborted" in serving.failure


def test_a_crash_in_a_rebuild_is_reported_without_the_protected_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    serving, _ = _staged(tmp_path)
    serving.build(_writes(serving, {"index.html": "bad"}, ValueError("Srey Ann broke it")))
    assert _tree(serving.served) == {"index.html": "good"}
    assert "Srey Ann" not in caplog.text
    assert "ValueError: [a protected entity] broke it" in caplog.text


def test_a_passing_rebuild_is_served_and_the_failure_note_goes(tmp_path: Path) -> None:
    serving, _ = _staged(tmp_path)
    serving.build(_writes(serving, {}, RuntimeError("no")))
    shown = BeautifulSoup(serving.banner(b"<html><body><p>page</p></body></html>"), "lxml")
    note = shown.select_one("[data-dossier-rebuild-failed]")
    assert note is not None and "RuntimeError: no" in note.get_text()
    assert shown.body is not None and shown.body.contents[0] is note  # at the top
    serving.build(_writes(serving, {"index.html": "new"}))
    assert _tree(serving.served) == {"index.html": "new"}
    assert serving.banner(b"<body>page</body>") == b"<body>page</body>"


def test_the_failure_note_is_text_not_html(tmp_path: Path) -> None:
    serving, _ = _staged(tmp_path)
    serving.build(_writes(serving, {}, RuntimeError("<img src=x onerror=alert(1)>")))
    shown = BeautifulSoup(serving.banner(b"<body></body>"), "lxml")
    assert shown.find("img") is None
    assert "<img src=x" in shown.get_text()


def test_a_dirty_rebuild_starts_from_the_served_site(tmp_path: Path) -> None:
    serving, _ = _staged(tmp_path, dirty=True)
    write(serving.served / "kept/page.html", "kept")
    seen: dict[str, str] = {}

    def builder() -> None:
        seen.update(_tree(serving.staging))
        write(serving.staging / "index.html", "rebuilt")

    serving.build(builder)
    assert seen == {"index.html": "good", "kept/page.html": "kept"}
    assert _tree(serving.served) == {"index.html": "rebuilt", "kept/page.html": "kept"}
    # The staging folder is now the site before; the next rebuild brings it up to date.
    serving.build(lambda: seen.update(_tree(serving.staging)))
    assert seen == {"index.html": "rebuilt", "kept/page.html": "kept"}


def test_sync_copies_changed_files_with_their_times_and_removes_the_rest(tmp_path: Path) -> None:
    source, dest = tmp_path / "a", tmp_path / "b"
    write(source / "same.txt", "same")
    write(source / "d/changed.txt", "new")
    write(dest / "d/changed.txt", "old")
    write(dest / "gone/file.txt", "gone")
    write(dest / "gone.txt", "gone")
    os.utime(source / "d/changed.txt", ns=(1_000_000_000, 1_000_000_000))
    sync_tree(source, dest)
    assert _tree(dest) == {"same.txt": "same", "d/changed.txt": "new"}
    assert (dest / "d/changed.txt").stat().st_mtime_ns == 1_000_000_000
    assert not (dest / "gone").exists()


# -- the real server ------------------------------------------------------------------

WITNESS = """---
title: A witness speaks
date: 2017-11-15
people:
  - name: Sok Dara
    protected: true
    display: Witness B
---
Sok Dara saw the commune chiefs taken away.
"""
ARTICLE = "dossier/articles/rfa-2017-11-14-us-rejects-charges.md"
PAGE = "articles/rfa-2017-11-14-us-rejects-charges/"
LAST = "Written in English by Richard Finney."
#: The leak: emphasis inside the name, which the pseudonyms do not replace
#: and the leak scan finds (issue 15).
LEAK = "A witness, S**ok** Dara, spoke again."
FIXED = "A witness spoke again."
_FORMS = re.compile(r"sok[\W_]{0,3}dara", re.IGNORECASE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    """A serving process, its log lines read as they come."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            argv, cwd=cwd, env=env, stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str) -> list[str]:
        """The log lines up to the first that holds ``text`` (a generous limit: no timing)."""
        seen = []
        while True:
            try:
                line = self.lines.get(timeout=300)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} in:\n{''.join(self.log)}") from None
            self.log.append(line)
            seen.append(line)
            if text in line:
                return seen


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        data: bytes = response.read()
    return gzip.decompress(data) if url.endswith(".gz") else data


def _served_texts(base: str) -> dict[str, str]:
    """Every page the sitemap lists, the sitemaps and the search index, as served."""
    sitemap = _get(base + "sitemap.xml").decode("utf-8")
    pages = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert len(pages) > 20 and all(url.startswith(base) for url in pages)
    paths = ["sitemap.xml", "sitemap.xml.gz", "search/search_index.json"]
    urls = [base + path for path in paths] + pages
    return {url: _get(url).decode("utf-8", errors="replace") for url in urls}


def _article(base: str) -> BeautifulSoup:
    return BeautifulSoup(_get(base + PAGE), "lxml")


def _edit(site: Path, old: str, new: str) -> None:
    path = site / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SERVERS = {
    "mkdocs serve": [sys.executable, "-m", "mkdocs", "serve"],
    "dossier serve": [sys.executable, "-m", "mkdocs_dossier", "serve"],
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(SERVERS))
def test_serve_keeps_the_last_good_site_while_an_edit_leaks_a_protected_name(
    command: str, tmp_path: Path
) -> None:
    site = copy_example(tmp_path / "example")
    write(site / "dossier/articles/witness.md", WITNESS)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/cambodia-dossier/"
    server = _Server([*SERVERS[command], "-a", f"127.0.0.1:{port}"], cwd=site)
    try:
        server.wait_for("Serving on")
        first = _article(base)
        assert LAST in first.get_text() and "spoke again" not in first.get_text()
        # The server adds its live-reload script inline; the page's policy allows it.
        scripts = inline_scripts(first)
        assert any("livereload(" in script for script in scripts)
        assert set(map(sha256, scripts)) <= set(policy_of(first)["script-src"])

        _edit(site, LAST, f"{LAST}\n\n{LEAK}")
        failed = "".join(server.wait_for("the rebuild failed"))
        # The error, in the usual form, names the file without spelling the name.
        assert "the real name or an alias of protected people/witness-b appears" in failed
        assert not _FORMS.search(failed)
        served = _served_texts(base)  # answered, not held until the sources are fixed
        assert [path for path, text in served.items() if _FORMS.search(text)] == []
        page = _article(base)
        assert LAST in page.get_text() and "spoke again" not in page.get_text()
        note = page.select_one("[data-dossier-rebuild-failed]")
        assert note is not None and "the rebuild failed" in note.get_text()

        _edit(site, LEAK, FIXED)
        server.wait_for("the rebuild passed")
        page = _article(base)
        assert FIXED in page.get_text()
        assert page.select_one("[data-dossier-rebuild-failed]") is None
        assert [p for p, text in _served_texts(base).items() if _FORMS.search(text)] == []
    finally:
        server.process.terminate()
        server.process.wait(timeout=60)
