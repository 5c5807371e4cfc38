"""The FtM export is made with followthemoney, streamed, as the whole-list reference makes it.

``ftm_reference`` builds every entity through the package in one list, as the
plugin did before it wrote the lines as they are made: the two agree byte for
byte, and every line loads back through the package's model unchanged. These
tests need the ``[ftm]`` extra (CI installs it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ftm_reference
import pytest
from conftest import ROOT, write

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.core.options import Options
from mkdocs_dossier.exports import files as exports
from mkdocs_dossier.exports import ftm
from mkdocs_dossier.exports.files import export_files
from mkdocs_dossier.pipeline import load_dossier

followthemoney = pytest.importorskip("followthemoney")
from followthemoney import model  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402

OPTIONS = [
    Options(ftm=True),
    Options(title="T", site_url="https://example.org/sub/", directory_urls=False, ftm=True),
]

#: Values the dossier's format lets through that FtM's cleaning changes or drops.
ODD = """
---
title: '"Quoted"   title'
date: 2017-11-14
source: "Paper\u200b B\u00ad "
url: https://Example.ORG
byline: "  A\tWriter  "
language: pt-BR
people:
  - name: "'Hun  Many'"
    role: "minister\\nof\\tthings"
    aliases: ["Hun\u2003Many", "H. M."]
  - name: Sam  Rainsy
    party: cnrp
parties:
  - {name: Cambodia National Rescue Party, id: cnrp, country: kingdom}
organizations:
  - {name: Supreme Court, kind: "Court; of appeal", country: kingdom}
  - {name: Odd Body, kind: newsroom, parent: supreme-court}
places:
  - {name: Kingdom, id: kingdom, kind: country, country_code: KHM, lat: 12, lon: 105}
  - {name: Scotland, kind: region, country_code: gb_sct, lat: 56, lon: -4}
  - {name: Nowhere, kind: region, country_code: xx, lat: 11.5, lon: 104.9}
  - {name: Elsewhere, kind: region, country_code: uk, coordinates: [1, 2]}
  - {name: "Line\\nbreak; town", kind: city, in: Scotland, lat: 56.1, lon: -4.1}
events:
  - {name: Old event, date: 0999, place: Nowhere}
  - {name: Future event, date: 3001-02, end: 3001-03, scheduled: true, place: Elsewhere}
  - {name: Meeting, date: 2017-01-02, place: "Line\\nbreak; town", people: [sam-rainsy]}
relations:
  - {subject: hun-many, type: office, object: kingdom, role: Prime minister}
  - {subject: hun-many, type: office, object: supreme-court}
  - {subject: hun-many, type: family, object: sam-rainsy, role: '"cousin"'}
  - {subject: sam-rainsy, type: member, object: cnrp, role: " leader ", start: 1995, end: 2017-03}
  - {subject: kingdom, type: member, object: cnrp}
---
Hun Many met Sam Rainsy in Scotland.
"""


def _odd_article(n: int, **meta: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\ntitle: Odd {n}\ndate: 2018-0{n}\n{lines}---\nText {n}.\n"


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    root = tmp_path_factory.mktemp("odd")
    write(root / "dossier/articles/odd.md", ODD)
    metas = [
        {"language": "EN", "url": "mailto:desk@example.org"},
        {"language": "english", "url": "https://example.org:99999/x"},
        {"language": "zh-Hant", "url": "http://127.0.0.1:8080/a"},
        {"language": "xx-yy", "url": "https://example.org/path?q=1#f"},
        {"language": "tlh", "source": "1234"},
    ]
    for n, meta in enumerate(metas, 1):
        write(root / f"dossier/articles/odd{n}.md", _odd_article(n, **meta))
    dossier = load_dossier(root / "dossier")
    assert not dossier.problems, [str(p) for p in dossier.problems]
    return dossier


@pytest.fixture(scope="module")
def example() -> Dossier:
    return load_dossier(ROOT / "dossier")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    out = tmp_path_factory.mktemp("synthetic")
    generate.generate(60, out, seed=7)
    return load_dossier(out / "dossier/dossier")


@pytest.mark.parametrize("name", ["example", "synthetic", "odd"])
@pytest.mark.parametrize("options", OPTIONS, ids=["relative", "site_url"])
def test_lines_are_byte_identical_to_followthemoney(request, name, options) -> None:
    dossier = request.getfixturevalue(name)
    ours = ftm.ftm_text(dossier, options)
    assert ours == ftm_reference.ftm_text(dossier, options)
    assert ours == "".join(line + "\n" for line in ftm.ftm_lines(dossier, options))
    assert ours == export_files(dossier, options)[exports.FTM_JSONL]
    assert ours.count("\n") > 10


@pytest.mark.parametrize("name", ["example", "synthetic", "odd"])
def test_every_line_loads_back_through_followthemoney_unchanged(request, name) -> None:
    dossier = request.getfixturevalue(name)
    lines = ftm.ftm_text(dossier, OPTIONS[1]).splitlines()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value again
        assert proxy.to_dict() == data, line  # ... and changes none
        proxy.schema.validate(data)
        assert all(proxy.get(p) for p in proxy.schema.required), proxy.id
    schemas = {json.loads(line)["schema"] for line in lines}
    assert {"Person", "Organization", "Address", "Event", "Article", "Documentation"} <= schemas


def test_a_build_without_the_ftm_option_imports_no_followthemoney(tmp_path: Path) -> None:
    """Off (the default), the export costs nothing: neither the package nor SQLAlchemy loads."""
    write(tmp_path / "dossier/articles/a.md", ODD)
    code = (
        "import sys; from pathlib import Path\n"
        "from mkdocs_dossier.pipeline import load_dossier\n"
        "from mkdocs_dossier.core.options import Options\n"
        "from mkdocs_dossier.exports.files import write_exports\n"
        f"d = load_dossier(Path({str(tmp_path / 'dossier')!r}))\n"
        f"out = write_exports(d, Options(), Path({str(tmp_path / 'out')!r}))\n"
        "assert 'exports/ftm.jsonl' not in out and 'exports/dossier.json' in out, out\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('followthemoney', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
        f"out = write_exports(d, Options(ftm=True), Path({str(tmp_path / 'on')!r}))\n"
        "assert 'exports/ftm.jsonl' in out, out\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "out/exports/ftm.jsonl").exists()
    assert (tmp_path / "on/exports/ftm.jsonl").read_text("utf-8").count("\n") > 10


def test_the_ftm_option_without_the_package_stops_the_build_with_the_install_command(
    tmp_path: Path,
) -> None:
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - dossier:\n      ftm: true\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    write(tmp_path / "dossier/articles/a.md", ODD)
    code = (
        "import sys; sys.modules['followthemoney'] = None  # not installed\n"
        "from mkdocs.__main__ import cli\n"
        "sys.argv = ['mkdocs', 'build', '--strict']\n"
        "cli()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode != 0
    expected = "dossier: ftm: the FtM export needs the followthemoney package; run pip install"
    assert f'{expected} "mkdocs-dossier[ftm]"' in done.stderr
    assert not (tmp_path / "site").exists()
