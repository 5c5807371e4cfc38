"""One configuration: the plugin, the commands and README agree with ``core.options``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, write
from mkdocs.config import load_config

from mkdocs_dossier import cli
from mkdocs_dossier.core.options import Options, option_docs
from mkdocs_dossier.plugin import DossierConfig


def _shown(value: object) -> str:
    """A default as README's table writes it (YAML's spelling)."""
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if value is None:
        return "not set"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def test_readme_table_lists_every_plugin_option_with_its_default_and_description() -> None:
    rows = [
        f"| `{name}` | {_shown(default)} | {doc} |"
        for name, (default, doc) in option_docs("plugin").items()
    ]
    table = "\n".join(["| option | default | what it does |", "| --- | --- | --- |", *rows])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert table in readme, "README's plugin options table differs; write it as:\n" + table


def test_the_plugins_configuration_has_the_options_and_their_defaults() -> None:
    config = DossierConfig()
    errors, warnings = config.validate()
    assert (errors, warnings) == ([], [])
    plugin = {name: default for name, (default, _) in option_docs("plugin").items()}
    assert {name: config[name] for name in config} == plugin


def _site(tmp_path: Path, plugin: str) -> Path:
    write(tmp_path / "mkdocs.yml", f"site_name: Crackdown\nplugins:\n  - dossier:{plugin}\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    (tmp_path / "dossier").mkdir()
    return tmp_path / "mkdocs.yml"


def test_plugin_options_become_the_build_options_with_the_sites_settings(tmp_path: Path) -> None:
    config_file = _site(
        tmp_path, "\n      country: KH\n      nearby_km: 20\n      link_mentions: all"
    )
    (tmp_path / "mkdocs.yml").write_text(
        (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
        + "site_url: https://example.org/d/\nuse_directory_urls: false\n"
        + "theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        encoding="utf-8",
    )
    (tmp_path / "overrides").mkdir()
    config = load_config(config_file=str(config_file))
    options = config.plugins["dossier"].config.options(config)
    assert options == Options(
        country="KH",
        nearby_km=20.0,
        link_mentions="all",
        title="Crackdown",
        site_url="https://example.org/d/",
        directory_urls=False,
        template_dirs=(tmp_path / "overrides" / "dossier",),
    )


def test_commands_read_mkdocs_yml_as_a_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``!ENV`` tags and the plugin's defaults: what MkDocs' loader gives, not a re-parse."""
    monkeypatch.setenv("DOSSIER_COUNTRY", "KH")
    config_file = _site(tmp_path, "\n      country: !ENV [DOSSIER_COUNTRY, TH]")
    site = cli.read_site(config_file)
    assert site.options.country == "KH"
    assert site.options.nearby == 5
    assert site.root == (tmp_path / "dossier").resolve()


def test_a_command_refuses_an_invalid_plugin_option_as_a_build_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file = _site(tmp_path, "\n      nearby: five")
    assert cli.main(["geocode", "--check", "-f", str(config_file)]) == 2
    err = capsys.readouterr().err
    assert str(config_file) in err and "fix the configuration" in err
