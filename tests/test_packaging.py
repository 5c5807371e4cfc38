"""The wheel a user installs holds everything a build needs.

The wheel is built from a copy of the source (without network: the build
backend is the one installed), installed into a fresh virtualenv that sees
the installed dependencies but not this source tree, and builds the example
there with ``--strict``: byte for byte the site the source tree builds.
"""

from __future__ import annotations

import email
import os
import shutil
import site
import subprocess
import sys
import zipfile
from email.message import Message
from pathlib import Path

import pytest
from conftest import ROOT, copy_example

pytestmark = pytest.mark.slow

PACKAGE = ROOT / "plugins" / "mkdocs_dossier"
#: What the build backend reads; nothing else of the checkout goes into the copy.
SOURCE = ("pyproject.toml", "README.md", "LICENSE", "plugins")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without PYTHONPATH (the tests' own points at the source tree)."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    return {**env, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source (so the checkout gets no build/ folder)."""
    src = tmp_path_factory.mktemp("source")
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, src / name)
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(dist), str(src)],
        src,
        _clean_env(),
    )
    (built,) = dist.glob("mkdocs_dossier-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A fresh virtualenv with the wheel installed, seeing the dependencies installed here.

    ``--system-site-packages`` gives the base interpreter's packages, not
    those of the virtualenv the tests run in; a path file adds those (a
    path file's folders are put on ``sys.path`` without running their own
    path files, so an editable install of this checkout stays out).
    """
    env_dir = tmp_path_factory.mktemp("venv")
    _run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)],
        env_dir,
        _clean_env(),
    )
    python = env_dir / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        env_dir,
        _clean_env(),
    ).stdout.strip()
    outer = [p for p in site.getsitepackages() if not p.startswith(str(env_dir))]
    (Path(purelib) / "outer-site-packages.pth").write_text("\n".join(outer) + "\n")
    _run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        env_dir,
        _clean_env(),
    )
    return env_dir


def _metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as whl:
        (name,) = [n for n in whl.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(whl.read(name))


def test_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    """Templates, browser assets, py.typed and every module: nothing left behind."""
    expected = {
        f"mkdocs_dossier/{p.relative_to(PACKAGE).as_posix()}"
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    with zipfile.ZipFile(wheel) as whl:
        packaged = {n for n in whl.namelist() if n.startswith("mkdocs_dossier/")}
    assert {n for n in expected if n.endswith(".j2")}, "no templates found in the source"
    assert packaged == expected


def test_wheel_metadata_names_the_licence_and_valid_classifiers(wheel: Path) -> None:
    from trove_classifiers import classifiers as known

    meta = _metadata(wheel)
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    with zipfile.ZipFile(wheel) as whl:
        licence = [n for n in whl.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(licence) == 1
        assert whl.read(licence[0]) == (ROOT / "LICENSE").read_bytes()
    classifiers = meta.get_all("Classifier") or []
    assert "Framework :: MkDocs" in classifiers
    assert [c for c in classifiers if c not in known] == []
    # A licence classifier beside an SPDX expression is refused by PyPI (PEP 639).
    assert [c for c in classifiers if c.startswith("License ::")] == []


def test_wheel_registers_the_plugin_for_mkdocs_and_properdocs_and_the_command(
    venv: Path,
) -> None:
    script = (
        "from importlib.metadata import entry_points as e; "
        "print([p.value for g in ('mkdocs.plugins', 'properdocs.plugins') "
        "for p in e(group=g) if p.name == 'dossier']); "
        "print([p.value for p in e(group='console_scripts') if p.name == 'dossier'])"
    )
    out = _run([str(venv / "bin" / "python"), "-c", script], venv, _clean_env()).stdout
    plugins, scripts = out.splitlines()
    assert plugins == repr(["mkdocs_dossier.plugin:DossierPlugin"] * 2)
    assert scripts == repr(["mkdocs_dossier.cli:main"])


def test_installed_wheel_is_what_the_fresh_virtualenv_imports(venv: Path, tmp_path: Path) -> None:
    script = "import mkdocs_dossier, mkdocs; print(mkdocs_dossier.__file__); print(mkdocs.__file__)"
    out = _run([str(venv / "bin" / "python"), "-c", script], tmp_path, _clean_env()).stdout
    ours, mkdocs = (Path(line).resolve() for line in out.splitlines())
    assert ours.is_relative_to(venv.resolve())
    assert not ours.is_relative_to(ROOT)
    assert not mkdocs.is_relative_to(venv.resolve())  # a dependency, from outside


def test_installed_wheel_builds_the_example_as_the_source_tree_does(
    venv: Path, tmp_path: Path
) -> None:
    site = copy_example(tmp_path / "example")
    epoch = {"SOURCE_DATE_EPOCH": "1510617600", "PYTHONHASHSEED": "0"}
    build = ["-m", "mkdocs", "build", "--strict", "-d"]
    _run([str(venv / "bin" / "python"), *build, str(tmp_path / "wheel")], site, _clean_env(**epoch))
    source_env = _clean_env(**epoch, PYTHONPATH=str(ROOT / "plugins"))
    _run([sys.executable, *build, str(tmp_path / "source")], site, source_env)
    from_wheel = _files(tmp_path / "wheel")
    from_source = _files(tmp_path / "source")
    assert len(from_wheel) > 50
    assert {"assets/dossier/dossier.css", "assets/dossier/maps.js"} <= from_wheel.keys()
    assert sorted(from_wheel) == sorted(from_source)
    assert [name for name in from_wheel if from_wheel[name] != from_source[name]] == []
    check = [str(venv / "bin" / "dossier"), "check", "dossier"]
    _run(check, site, _clean_env())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
