"""The committed corpus of bad inputs (tests/corpus/bad_inputs/*.yml), as data.

Each case is one or more files written into a fresh site (and optionally a
file that is not a regular one: a dangling link, a named pipe). For every
case: ``dossier check`` and ``mkdocs build --strict`` report exactly the
same problems, each as ``path:line:col: what is wrong; what to do``, the
expected ones among them, and neither ends in a traceback. Both run in this
process (the build as MkDocs' own ``build`` command does), so 150 cases take
seconds per file, not minutes.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, PluginError

from mkdocs_dossier.cli import main

CORPUS = Path(__file__).parent / "corpus" / "bad_inputs"
#: One problem as editors see it: a position, what is wrong, and a remedy.
PROBLEM = re.compile(r"^[^\s:][^:]*:\d+:\d+: .+; .+$")
CONFIG = "site_name: Test\ntheme: mkdocs\nplugins: [dossier]\n"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CORPUS.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(pytest.param(case, id=f"{path.stem}/{case['id']}"))
    return out


CASES = _cases()


def _site(root: Path, case: dict[str, Any]) -> Path:
    (root / "mkdocs.yml").write_text(case.get("mkdocs", CONFIG), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (root / "dossier/articles").mkdir(parents=True)
    for name, text in (case.get("files") or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    for name, kind in (case.get("special") or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling-link":
            path.symlink_to(root / "no-such-file.md")
        else:
            raise AssertionError(f"unknown special file kind {kind!r}")
    return root


def _check(site: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(site)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["check"])
    lines = out.getvalue().splitlines()
    assert status == (1 if lines else 0)
    return lines


class _Collect(logging.Handler):
    """Warnings and errors, and the conflicts for review (logged as information)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().removeprefix("mkdocs_dossier: ")
        if record.levelno >= logging.WARNING or message.startswith("review: "):
            self.lines.extend(message.splitlines())


def _build(site: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problems a strict build reports: warnings, and the error that stopped it."""
    monkeypatch.chdir(site)
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # conflicts for review are logged as information
    try:
        config = load_config(str(site / "mkdocs.yml"), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except PluginError as err:
            handler.lines.extend(str(err).splitlines())
        except (Abort, BuildError):
            pass  # --strict stopped it; the warnings say why
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.lines


def test_corpus_holds_at_least_150_distinct_cases() -> None:
    ids = [case.values[0]["id"] for case in CASES]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)
    assert sum(len(case.values[0]["files"]) > 1 for case in CASES) >= 10  # multi-file cases


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_the_same_by_check_and_build(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, case)
    checked = _check(site, monkeypatch)
    built = _build(site, monkeypatch)  # a traceback fails the test here
    assert sorted(built) == sorted(checked)
    for line in checked:
        assert PROBLEM.match(line.removeprefix("review: ")), line
    for expected in case["expect"]:
        assert any(line.startswith(expected) for line in checked), (expected, checked)
