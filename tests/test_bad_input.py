"""A corpus of bad inputs: each gives exactly the expected problems, with
path, line and column, through ``dossier check`` and ``mkdocs build --strict``,
and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import mkdocs_build, write

from mkdocs_dossier.cli import main

A = "dossier/articles/a.md"
B = "dossier/articles/b.md"
HEAD = "---\ntitle: T\ndate: 2017-11-14\n"


def article(body: str) -> str:
    """An article whose front matter is the title, the date, then ``body``."""
    return f"{HEAD}{body}---\nText.\n"


CASES: list[tuple[str, dict[str, str | bytes], list[str]]] = [
    (
        "unclosed_flow_list",
        {A: article("people: [Kem Sokha, Sam Rainsy\n")},
        [
            f"{A}:4:31: the front matter is not valid YAML: expected ',' or ']', but got "
            "'<stream end>'; close the list with ']' or quote the items"
        ],
    ),
    (
        "tab_indentation",
        {A: article("people:\n\t- Kem Sokha\n")},
        [
            f"{A}:5:1: the front matter is not valid YAML: found character '\\t' that cannot "
            "start any token; indent with spaces, not tabs"
        ],
    ),
    (
        "colon_in_unquoted_value",
        {A: "---\ntitle: Why: a ban\ndate: 2017\n---\n"},
        [
            f"{A}:2:11: the front matter is not valid YAML: mapping values are not allowed "
            "here; put quotes around a value that contains ': '"
        ],
    ),
    (
        "yaml_alias",
        {A: article("source: *rfa\n")},
        [
            f"{A}:4:9: the front matter is not valid YAML: aliases such as '*name' are not "
            "supported; put quotes around a value that starts with '*'"
        ],
    ),
    (
        "front_matter_never_closed",
        {A: f"{HEAD}people: [Kem Sokha]\nKem Sokha was arrested.\n"},
        [
            f"{A}:1:1: the front matter block is never closed; add a line '---' after the "
            "last YAML key"
        ],
    ),
    (
        "no_front_matter",
        {A: "Kem Sokha was arrested.\n"},
        [
            f"{A}:1:1: the file has no front matter; start it with a line '---', the YAML "
            "keys, and another '---'"
        ],
    ),
    (
        "empty_file",
        {A: ""},
        [f"{A}:1:1: the file is empty; add front matter and text, or delete the file"],
    ),
    (
        "blank_file",
        {A: "\n  \n\n"},
        [f"{A}:1:1: the file is empty; add front matter and text, or delete the file"],
    ),
    (
        "not_utf8",
        {A: "---\ntitle: Phnom Penh café\ndate: 2017\n---\n".encode("latin-1")},
        [f"{A}:2:22: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding"],
    ),
    (
        "front_matter_is_a_list",
        {A: "---\n- title: T\n---\n"},
        [
            f"{A}:2:1: the front matter should be a mapping of keys to values; write one "
            "'key: value' per line"
        ],
    ),
    (
        "title_is_a_list",
        {A: "---\ntitle: [One, Two]\ndate: 2017\n---\n"},
        [
            f"{A}:2:8: title should be a single value, not a list or mapping; write it on one "
            "line after the colon"
        ],
    ),
    (
        "missing_date",
        {A: "---\ntitle: T\n---\n"},
        [f"{A}:2:1: front matter has no 'date'; add 'date:' (publication date)"],
    ),
    (
        "unknown_key",
        {A: article("peopel: [Kem Sokha]\n")},
        [f"{A}:4:1: unknown key 'peopel' in front matter; did you mean 'people'?"],
    ),
    (
        "unknown_nested_key",
        {A: article("people:\n  - name: Kem Sokha\n    rol: President\n")},
        [f"{A}:6:5: unknown key 'rol' in people[0]; did you mean 'role'?"],
    ),
    (
        "key_twice",
        {A: article("source: RFA\nsource: VOA\n")},
        [f"{A}:5:1: key 'source' appears twice in front matter; keep one of them"],
    ),
    (
        "unknown_place_in_event",
        {
            A: article(
                "places:\n  - name: Kampong Trach\nevents:\n  - name: Arrest\n"
                "    date: 2017-09-03\n    place: Kampong Trak\n"
            )
        },
        [
            f"{A}:9:12: unknown place 'Kampong Trak' in events[0].place; did you mean "
            "'kampong-trach'?"
        ],
    ),
    (
        "unknown_party_of_person",
        {
            A: article(
                "parties:\n  - {name: Cambodia National Rescue Party, id: cnrp}\n"
                "people:\n  - {name: Kem Sokha, party: cnrpp}\n"
            )
        },
        [f"{A}:7:30: unknown party 'cnrpp' in people[0].party; did you mean 'cnrp'?"],
    ),
    (
        "unknown_participant",
        {
            A: article(
                "people:\n  - name: Kem Sokha\nevents:\n  - name: Trial\n    date: 2017\n"
                "    people: [Kem Sokha, Hun Senn]\n"
            )
        },
        [
            f"{A}:9:25: unknown person 'Hun Senn' in events[0].people[1]; annotate the "
            "person first, in a list or file"
        ],
    ),
    (
        "unknown_relation_object",
        {
            A: article(
                "people:\n  - name: Kem Sokha\nrelations:\n"
                "  - {subject: Kem Sokha, type: member, object: CNRP}\n"
            )
        },
        [
            f"{A}:7:48: unknown entity 'CNRP' in relations[0].object; annotate the entity "
            "first, in a list or file"
        ],
    ),
    (
        "article_ids_collide",
        {A: article("id: crackdown\n"), B: article("id: crackdown\n")},
        [
            f"{B}:4:5: article id 'crackdown' is also used by {A}; give one of them another "
            "'id:' or file name"
        ],
    ),
    (
        "entity_file_ids_collide",
        {
            "dossier/people/kem-sokha.md": "---\nname: Kem Sokha\n---\n",
            "dossier/people/sokha.md": "---\nname: Sokha\nid: kem-sokha\n---\n",
        },
        [
            "dossier/people/sokha.md:3:5: person id 'kem-sokha' is also used by "
            "dossier/people/kem-sokha.md; give one of them another 'id:' or file name"
        ],
    ),
    (
        "alias_claimed_twice",
        {
            A: article(
                "people:\n  - {name: Sam Rainsy, aliases: [Sam]}\n"
                "  - {name: Sam Sary, aliases: [Sam]}\n"
            )
        },
        [
            f"{A}:5:34: the name 'Sam' is claimed by 2 entities: people/sam-rainsy "
            f"({A}:5:34), people/sam-sary ({A}:6:32); if they are one, refer to the existing "
            "entity by its id 'sam-rainsy'; if not, give each a distinct alias"
        ],
    ),
    (
        "place_cycle",
        {A: article("places:\n  - {name: Trach, in: Kampot}\n  - {name: Kampot, in: Trach}\n")},
        [
            f"{A}:6:24: places contain each other in a cycle: places/kampot -> places/trach "
            "-> places/kampot; fix the 'in:' of one of them"
        ],
    ),
    (
        "place_inside_itself",
        {A: article("places:\n  - {name: Kampot, in: kampot}\n")},
        [
            f"{A}:5:24: places contain each other in a cycle: places/kampot -> places/kampot"
            "; fix the 'in:' of one of them"
        ],
    ),
    (
        "day_that_does_not_exist",
        {A: "---\ntitle: T\ndate: 2017-02-30\n---\n"},
        [
            f"{A}:3:7: date '2017-02-30' is impossible: day 30 does not exist in 2017-02; "
            "write YYYY-MM-DD, YYYY-MM or YYYY"
        ],
    ),
    (
        "month_thirteen",
        {A: article("events:\n  - {name: Ban, date: 2017-13-01}\n")},
        [
            f"{A}:5:23: events[0].date '2017-13-01' is impossible: month 13 does not exist; "
            "write YYYY-MM-DD, YYYY-MM or YYYY"
        ],
    ),
    (
        "date_in_words",
        {A: "---\ntitle: T\ndate: next week\n---\n"},
        [f"{A}:3:7: date 'next week' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"],
    ),
    (
        "event_ends_before_it_starts",
        {A: article("events:\n  - {name: Trial, date: 2017-11-14, end: 2017-10}\n")},
        [
            f"{A}:5:42: events/trial ends (2017-10) before it starts (2017-11-14); swap "
            "'date:' and 'end:' or correct one of them"
        ],
    ),
    (
        "latitude_out_of_range",
        {A: article("places:\n  - {name: Kampot, lat: 95.2, lon: 104.1}\n")},
        [
            f"{A}:5:25: places[0].lat '95.2' is not a latitude; give decimal degrees between "
            "-90 and 90"
        ],
    ),
    (
        "longitude_out_of_range",
        {A: article("places:\n  - {name: Kampot, coordinates: [10.6, 204.1]}\n")},
        [
            f"{A}:5:40: places[0].coordinates[1] '204.1' is not a longitude; give decimal "
            "degrees between -180 and 180"
        ],
    ),
    (
        "latitude_without_longitude",
        {A: article("places:\n  - {name: Kampot, lat: 10.6}\n")},
        [
            f"{A}:5:25: places[0].lat is given without 'lon:'; add 'lon:' or write "
            "'coordinates: [lat, lon]'"
        ],
    ),
    (
        "id_escaping_the_site",
        {A: article("people:\n  - {name: Kem Sokha, id: ../../etc/passwd}\n")},
        [
            f"{A}:5:27: people[0].id '../../etc/passwd' is not a valid id; use lowercase "
            "letters, digits and hyphens, e.g. 'etc-passwd'"
        ],
    ),
    (
        "control_character_in_name",
        {A: article('people:\n  - name: "Kem\\0Sokha"\n')},
        [
            f"{A}:5:11: people[0].name contains an invisible control character; retype the "
            "value; remove characters copied from other programs"
        ],
    ),
    (
        "javascript_url",
        {A: article("url: javascript:alert(1)\n")},
        [
            f"{A}:4:6: url 'javascript:alert(1)' is not an http, https or mailto URL; give "
            "the full address starting with https://"
        ],
    ),
    (
        "not_a_boolean",
        {A: article("events:\n  - {name: Ban, date: 2017, scheduled: maybe}\n")},
        [
            f"{A}:5:40: events[0].scheduled should be true or false, not 'maybe'; write "
            "true or false"
        ],
    ),
    (
        "unknown_place_kind",
        # A name the gazetteer knows, so the place is located and only the kind is wrong.
        {A: article("places:\n  - {name: Kampot, kind: vilage}\n")},
        [
            f"{A}:5:26: places[0].kind 'vilage' is not one of the known values; did you mean "
            "'village'?"
        ],
    ),
    (
        "unknown_wikilink",
        {A: f"{HEAD}people: [Kem Sokha]\n---\nFirst.\n\nThen [[Kem Sokah]] spoke.\n"},
        [f"{A}:8:6: the link [[Kem Sokah]] names no entity; did you mean 'kem-sokha'?"],
    ),
    (
        "embargo_not_a_time",
        {A: article("embargo: tomorrow morning\n")},
        [
            f"{A}:4:10: embargo 'tomorrow morning' is not a date and time; write ISO 8601, "
            "e.g. 2017-11-16T09:00:00+07:00"
        ],
    ),
    (
        "entity_without_name",
        {A: article("people:\n  - role: President\n")},
        [
            f"{A}:5:5: people[0] has no 'name'; add 'name:' (the entity's name as the story "
            "spells it)"
        ],
    ),
    (
        "article_saved_as_markdown",
        {A: article(""), "dossier/articles/b.markdown": article("")},
        [
            "dossier/articles/b.markdown:1:1: the file is not read: only '.md' files in "
            "articles/ are; rename it to 'b.md'"
        ],
    ),
    (
        "misspelt_folder",
        {A: article(""), "dossier/peolpe/kem-sokha.md": "---\nname: Kem Sokha\n---\n"},
        [
            "dossier/peolpe/kem-sokha.md:1:1: the file is not read: the folder 'peolpe/' holds "
            "no sources; did you mean 'people'?"
        ],
    ),
    (
        "article_outside_any_folder",
        {A: article(""), "dossier/crackdown.md": article("")},
        [
            "dossier/crackdown.md:1:1: the file is not read: the top of the dossier folder "
            "holds no sources; move it into one of: articles/, people/, parties/, "
            "organizations/, places/, events/"
        ],
    ),
    (
        "reserved_id",
        {A: article("places:\n  - {name: Index, id: index}\n")},
        [f"{A}:5:23: the id 'index' is reserved for the site; give the entity another 'id:'"],
    ),
]


def _site(root: Path, files: dict[str, str | bytes]) -> Path:
    write(root / "mkdocs.yml", "site_name: Test\ntheme: mkdocs\nplugins: [search, dossier]\n")
    write(root / "docs/index.md", "# Home\n")
    (root / "dossier/articles").mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def test_corpus_is_large_and_distinct() -> None:
    assert len(CASES) >= 30
    assert len({name for name, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_command_prints_exact_problems(
    tmp_path: Path, monkeypatch, capsys, files, expected
) -> None:
    site = _site(tmp_path, files)
    monkeypatch.chdir(site)
    status = main(["check"])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == expected
    assert "Traceback" not in err


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_strict_build_fails_with_exact_problems(tmp_path: Path, files, expected) -> None:
    site = _site(tmp_path, files)
    result = mkdocs_build(site, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    prefix = "WARNING -  mkdocs_dossier: "
    warnings = [
        line[len(prefix) :] for line in result.stderr.splitlines() if line.startswith(prefix)
    ]
    assert warnings == expected


def _run_module(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier", "check"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


def test_module_check_prints_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    expected: list[str] = []
    for name, case_files, case_expected in CASES[:6]:
        for path, content in case_files.items():
            files[path.replace("/a.md", f"/{name}.md")] = content
        expected += [line.replace("/a.md", f"/{name}.md") for line in case_expected]
    result = _run_module(_site(tmp_path, files))
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == sorted(expected)
    assert result.stderr.strip() == f"{len(expected)} problems found"


def test_module_check_passes_a_clean_dossier(tmp_path: Path) -> None:
    result = _run_module(_site(tmp_path, {A: article("people: [Kem Sokha]\n")}))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr.strip() == "no problems in 1 article and 1 entity"


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        # A tag left open: Jinja's syntax error, at its line.
        (
            '{% extends "entity.md.j2" %}\n{% block summary %}\n{% if e.title %}\n{% endblock %}\n',
            4,
            "Encountered unknown tag 'endblock'",
        ),
        # A field that people do not have: an error while rendering, at its line.
        (
            '{% extends "entity.md.j2" %}\n{% block summary %}\n\n{{ e.no_such_field }}\n'
            "{% endblock %}\n",
            4,
            "'mkdocs_dossier.core.model.Entity object' has no attribute 'no_such_field'",
        ),
    ],
    ids=["syntax", "undefined"],
)
def test_override_template_mistake_fails_build_at_its_line(
    tmp_path: Path, template: str, line: int, message: str
) -> None:
    site = _site(tmp_path, {A: article("people: [Kem Sokha]\n")})
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "theme: mkdocs", "theme: {name: mkdocs, custom_dir: overrides}"
        ),
        encoding="utf-8",
    )
    write(site / "overrides/dossier/person.md.j2", template)
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    where = f"overrides/dossier/person.md.j2:{line}:1: the template person.md.j2 failed: "
    assert len(errors) == 1, result.stderr
    assert where in errors[0] and message in errors[0]
    assert errors[0].endswith(
        "; fix the template, or remove it from the theme's custom_dir to use the plugin's own"
    )


def test_error_outside_any_template_is_not_reported_as_a_template_mistake() -> None:
    from mkdocs_dossier.site.render import template_problem

    try:
        raise KeyError("people/nobody")
    except KeyError as err:
        assert template_problem(err, "person.md.j2") is None
