"""``dossier import``: a raw article becomes an article whose body is the seed's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_dossier.authoring.importer import parse_markdown, parse_text
from mkdocs_dossier.cli import main
from mkdocs_dossier.core.errors import Problems
from mkdocs_dossier.core.mentions import blocks
from mkdocs_dossier.core.sources import parse_source
from mkdocs_dossier.pipeline import Options, load_dossier

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_5c7b923898c733e8.txt"
EXAMPLE = ROOT / "dossier" / "articles" / "rfa-2017-11-14-us-rejects-charges.md"


def _site(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins: [dossier]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / "dossier").mkdir()
    return tmp_path


def _paragraphs(body: str) -> list[str]:
    return [body[b.start : b.end] for b in blocks(body)]


def _imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = _site(tmp_path)
    monkeypatch.chdir(site)
    assert main(["import", f"seeds/{SEED.name}"]) == 0
    return site / "dossier" / "articles" / EXAMPLE.name


def test_importing_the_seed_gives_the_example_body_paragraph_for_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _imported(tmp_path, monkeypatch)
    source = parse_source(written.read_bytes(), "a.md", "article", Problems())
    example = parse_source(EXAMPLE.read_bytes(), "e.md", "article", Problems())
    assert source is not None and example is not None
    got, want = _paragraphs(source.body), _paragraphs(example.body)
    assert len(got) == len(want) == 17
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"paragraph {i + 1}"


def test_the_imported_article_states_title_date_byline_translator_and_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _imported(tmp_path, monkeypatch)
    problems = Problems()
    source = parse_source(written.read_bytes(), "a.md", "article", problems)
    assert not problems, [str(p) for p in problems]
    values = source.record.values
    assert values["title"] == (
        "US Rejects Charges of Interfering in Cambodian Politics, But Criticizes Crackdown"
    )
    assert values["date"].iso() == "2017-11-14"
    assert values["byline"] == "Richard Finney"
    assert values["translator"] == "Nareth Muong"
    assert values["source"] == "Radio Free Asia"
    assert values["seed"] == f"seeds/{SEED.name}"
    # The furniture is gone, the image file name too.
    body = source.body
    for furniture in ("Add comment", "View Full Site", "moderator", ".jpg"):
        assert furniture not in body
    # And the dossier loads it without a problem.
    dossier = load_dossier(tmp_path / "dossier", Options(geocode=False))
    assert [str(p) for p in dossier.problems] == []


def test_import_never_overwrites_an_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written = _imported(tmp_path, monkeypatch)
    written.write_text(written.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    before = written.read_bytes()
    assert main(["import", f"seeds/{SEED.name}"]) == 1
    assert written.read_bytes() == before
    assert "exists already" in capsys.readouterr().err
    assert main(["import", f"seeds/{SEED.name}", "--id", "second-copy"]) == 0
    assert (written.parent / "second-copy.md").is_file()


def test_a_plain_text_article_with_dateline_byline_and_url() -> None:
    raw = parse_text(
        "Court Rules on Party\n\nNovember 16, 2017\n\nBy Jane Roe\n\n"
        "https://example.org/story\n\nThe court ruled *today* on <b>the</b> case.\n\n"
        "- a line that looks like a list\n\nView Full Site\n"
    )
    assert raw.title == "Court Rules on Party"
    assert raw.date is not None and raw.date.iso() == "2017-11-16"
    assert raw.byline == "Jane Roe"
    assert raw.url == "https://example.org/story"
    # Markdown characters of the text are shown as written, not interpreted.
    assert raw.blocks == [
        r"The court ruled \*today\* on \<b\>the\</b\> case.",
        r"\- a line that looks like a list",
    ]


def test_a_markdown_article_keeps_its_markdown_and_takes_its_heading_as_title() -> None:
    raw = parse_markdown(
        "# Court Rules on Party\n\n![photo](x.jpg)\n\nOn Nov. 16, 2017 the court *ruled*.\n\n"
        "## Reactions\n\nReported by RFA's Khmer Service. Written in English by Jane Roe.\n\n"
        "Add comment\n\nform text\n"
    )
    assert raw.title == "Court Rules on Party"
    assert raw.date is not None and raw.date.iso() == "2017-11-16"
    assert raw.byline == "Jane Roe"
    assert raw.blocks[:2] == ["On Nov. 16, 2017 the court *ruled*.", "## Reactions"]
    assert "form text" not in raw.body
