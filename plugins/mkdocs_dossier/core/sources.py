"""Loading sources: files in ``dossier/`` become validated records.

The YAML is composed into nodes rather than loaded into Python values, so that
(1) every value keeps the line and column the editor wrote it at, and (2) the
schema, not YAML 1.1's guessing, decides types: ``NO``, ``on``, ``10:00`` and
``007`` stay the strings the editor typed wherever the schema says string.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

import frontmatter
import yaml

from mkdocs_dossier.core.errors import Pos, Problem, Problems, did_you_mean
from mkdocs_dossier.core.memo import Memo, fresh
from mkdocs_dossier.core.model import PartialDate, slugify
from mkdocs_dossier.core.schema import (
    ARTICLE_FIELDS,
    ENTITY_FIELDS,
    ENTITY_TYPES,
    RELATION_FIELDS,
    Field,
    entity_file_fields,
)

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_URL_SCHEMES = ("http://", "https://", "mailto:")
#: Characters no editor means to publish: C0 controls but tab and newline, DEL.
#: Characters that cannot appear in a URL as written (they are percent-encoded).
_NOT_IN_URL = re.compile(r"[\s<>\"`{}|\\^]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: What YAML itself refuses in a file: C0 controls but tab, newline and CR,
#: DEL and the C1 controls. Found before YAML reads the text, so each is
#: reported where it is, not at "position 47".
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# python-frontmatter's own boundary pattern decides what a delimiter line is.
_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


@dataclass
class Record:
    """A validated mapping: converted values and where each was written."""

    at: Pos
    values: dict[str, Any] = field(default_factory=dict)
    where: dict[str, Pos] = field(default_factory=dict)
    #: Where the mapping sits in its file, e.g. ``events[0]``; empty at top level.
    label: str = ""

    def path_of(self, name: str) -> str:
        """The label of one key, as problems name it: ``events[0].place``."""
        return f"{self.label}.{name}" if self.label else name

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def pos(self, name: str) -> Pos:
        return self.where.get(name, self.at)


@dataclass(frozen=True)
class Ref:
    """A reference to an entity by id, name or alias, as written."""

    text: str
    pos: Pos
    role: str | None = None
    #: Where it was written, as problems name it: ``events[0].place``.
    label: str = ""
    #: A participant's ``quote:`` and where it was written.
    quote: str | None = None
    quote_pos: Pos | None = None


@dataclass
class Source:
    """One Markdown file of the dossier, front matter validated."""

    path: str
    kind: str  # "article" or an entity type
    record: Record
    body: str
    body_line: int
    #: The front matter as written: with ``body_line``, all the record is made of.
    head: str = ""


class _Reader:
    """Converts YAML nodes to values according to the schema, collecting problems."""

    def __init__(self, path: str, line_offset: int, problems: Problems) -> None:
        self.path = path
        self.offset = line_offset
        self.problems = problems
        #: Positions of the items of the last list of strings read.
        self.item_positions: list[Pos] = []

    @staticmethod
    def is_null(node: yaml.Node) -> bool:
        """A YAML null (``~``, ``null``, nothing), the same from libyaml and PyYAML.

        PyYAML's own parser gives a plain scalar the style ``None``, libyaml
        gives it ``''``: both are plain, only quoted values are text.
        """
        return (
            isinstance(node, yaml.ScalarNode) and node.style in (None, "") and node.value in _NULLS
        )

    def pos(self, node: yaml.Node) -> Pos:
        mark = node.start_mark
        return Pos(self.path, mark.line + 1 + self.offset, mark.column + 1)

    def error(self, node: yaml.Node, message: str, remedy: str) -> None:
        self.problems.add(self.pos(node), message, remedy)

    def mapping(self, node: yaml.Node, fields: tuple[Field, ...], where: str) -> Record | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node,
                f"{where or 'the front matter'} should be a mapping of keys to values",
                "write one 'key: value' per line",
            )
            return None
        known = {f.name: f for f in fields}
        record = Record(self.pos(node), label=where)
        written: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            label = f"{where}.{key}" if where else str(key)
            if key not in known:
                hint = did_you_mean(str(key), known) or f"known keys are: {', '.join(known)}"
                self.error(key_node, f"unknown key '{key}' in {where or 'front matter'}", hint)
                continue
            if key in record.where:
                self.error(
                    key_node,
                    f"key '{key}' appears twice in {where or 'front matter'}",
                    "keep one of them",
                )
                continue
            written.add(key)
            reported = len(self.problems.items)
            value = self.value(value_node, known[key], label)
            empty = value is None or (isinstance(value, str) and not value.strip())
            if empty and known[key].required and len(self.problems.items) == reported:
                self.error(
                    value_node,
                    f"{label} is empty",
                    f"write it after '{key}:' ({known[key].doc.rstrip('.').lower()})",
                )
                continue
            if value is not None:
                record.values[key] = value
                record.where[key] = self.pos(value_node)
                if known[key].kind == "strlist":
                    for i, item_pos in enumerate(self.item_positions):
                        record.where[f"{key}[{i}]"] = item_pos
        self.pairs(node, record, written)
        for f in fields:
            # A key written with a bad value was reported already.
            if f.required and f.name not in written:
                self.error(
                    node,
                    f"{where or 'front matter'} has no '{f.name}'",
                    f"add '{f.name}:' ({f.doc.rstrip('.').lower()})",
                )
        return record

    def pairs(self, node: yaml.Node, record: Record, written: set[str]) -> None:
        """Keys that only make sense together: ``lat`` and ``lon``."""
        if ("lat" in written) != ("lon" in written):
            given, missing = ("lat", "lon") if "lat" in written else ("lon", "lat")
            self.problems.add(
                record.where.get(given, self.pos(node)),
                f"{record.path_of(given)} is given without '{missing}:'",
                f"add '{missing}:' or write 'coordinates: [lat, lon]'",
            )

    def scalar(self, node: yaml.Node, label: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(
                node,
                f"{label} should be a single value, not a list or mapping",
                "write it on one line after the colon",
            )
            return None
        if self.is_null(node):
            return None
        text = str(node.value)
        if _CONTROL.search(text):
            self.error(
                node,
                f"{label} contains an invisible control character",
                "retype the value; remove characters copied from other programs",
            )
            return None
        return text

    def value(self, node: yaml.Node, f: Field, label: str) -> Any:
        kind = f.kind
        if kind in ("strlist",):
            return self.strings(node, label)
        if kind == "participants":
            return self.refs(node, label, with_roles=True)
        if kind == "entities":
            return self.entities(node, f.target, label)
        if kind == "relations":
            return self.relations(node, label)
        if kind == "coords":
            return self.coords(node, label)
        text = self.scalar(node, label)
        if text is None:
            return None
        return self.convert(node, text, f, label)

    def convert(self, node: yaml.Node, text: str, f: Field, label: str) -> Any:
        kind = f.kind
        if kind == "str":
            return text
        if kind == "ref":
            return Ref(text, self.pos(node), label=label)
        if kind == "id":
            ident = slugify(text)
            if ident != text:
                self.error(
                    node,
                    f"{label} '{text}' is not a valid id",
                    f"use lowercase letters, digits and hyphens, e.g. '{ident}'",
                )
            return ident or None
        if kind == "bool":
            low = text.lower()
            if low in _TRUE | _FALSE:
                return low in _TRUE
            self.error(
                node, f"{label} should be true or false, not '{text}'", "write true or false"
            )
            return None
        if kind == "choice":
            if text in f.choices:
                return text
            hint = did_you_mean(text, f.choices) or f"use one of: {', '.join(f.choices)}"
            self.error(node, f"{label} '{text}' is not one of the known values", hint)
            return None
        if kind == "url":
            if _NOT_IN_URL.search(text):
                self.error(
                    node,
                    f"{label} '{text}' holds spaces, quotes or angle brackets",
                    "copy the address from the browser's address bar",
                )
                return None
            if text.lower().startswith(_URL_SCHEMES):
                return text
            self.error(
                node,
                f"{label} '{text}' is not an http, https or mailto URL",
                "give the full address starting with https://",
            )
            return None
        if kind in ("lat", "lon"):
            return self.coordinate(node, text, kind, label)
        if kind == "date":
            try:
                return PartialDate.parse(text)
            except ValueError as exc:
                what = "is not a date" if str(exc).startswith("'") else f"is impossible: {exc}"
                self.error(node, f"{label} '{text}' {what}", "write YYYY-MM-DD, YYYY-MM or YYYY")
                return None
        if kind == "datetime":
            return self.datetime(node, text, label)
        raise AssertionError(f"unknown field kind {kind}")

    def coordinate(self, node: yaml.Node, text: str, kind: str, label: str) -> float | None:
        limit = 90.0 if kind == "lat" else 180.0
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if math.isfinite(number) and -limit <= number <= limit:
            return number
        self.error(
            node,
            f"{label} '{text}' is not a {'latitude' if kind == 'lat' else 'longitude'}",
            f"give decimal degrees between -{limit:g} and {limit:g}",
        )
        return None

    def datetime(self, node: yaml.Node, text: str, label: str) -> dt.datetime | None:
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.error(
                node,
                f"{label} '{text}' is not a date and time",
                "write ISO 8601, e.g. 2017-11-16T09:00:00+07:00",
            )
            return None
        # A time without a zone is read as UTC, so every machine agrees.
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def coords(self, node: yaml.Node, label: str) -> tuple[float, float] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if items is None or len(items) != 2:
            self.error(node, f"{label} should be a list of two numbers", "write [lat, lon]")
            return None
        lat = self.coordinate(items[0], self._number_text(items[0]), "lat", f"{label}[0]")
        lon = self.coordinate(items[1], self._number_text(items[1]), "lon", f"{label}[1]")
        return (lat, lon) if lat is not None and lon is not None else None

    @staticmethod
    def _number_text(node: yaml.Node) -> str:
        """A scalar's text; a list or mapping where a number belongs, as YAML shows it."""
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"

    def items(self, node: yaml.Node, label: str) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if self.is_null(node):
            return []
        if isinstance(node, yaml.ScalarNode):
            return [node]  # a single value where a list is expected: be lenient
        self.error(node, f"{label} should be a list", "start each item with '- '")
        return []

    def strings(self, node: yaml.Node, label: str) -> list[str]:
        out, positions = [], []
        for i, item in enumerate(self.items(node, label)):
            text = self.scalar(item, f"{label}[{i}]")
            if text is not None:
                out.append(text)
                positions.append(self.pos(item))
        self.item_positions = positions
        return out

    def refs(self, node: yaml.Node, label: str, with_roles: bool) -> list[Ref]:
        out = []
        fields = (
            Field("id", "str", ""),
            Field("name", "str", ""),
            Field("role", "str", ""),
            Field("quote", "str", ""),
        )
        for i, item in enumerate(self.items(node, label)):
            where = f"{label}[{i}]"
            if isinstance(item, yaml.MappingNode) and with_roles:
                rec = self.mapping(item, fields, where)
                ref = rec and (rec.get("id") or rec.get("name"))
                if rec and ref:
                    by = "id" if rec.get("id") else "name"
                    quote = rec.get("quote")
                    out.append(
                        Ref(
                            ref,
                            rec.pos(by),
                            rec.get("role"),
                            f"{where}.{by}",
                            quote,
                            rec.pos("quote") if quote else None,
                        )
                    )
                elif rec:
                    self.error(item, f"{where} names no entity", "add 'id:' or 'name:'")
                continue
            text = self.scalar(item, where)
            if text is not None:
                out.append(Ref(text, self.pos(item), label=where))
        return out

    def entities(self, node: yaml.Node, etype: str, label: str) -> list[Record]:
        out = []
        for i, item in enumerate(self.items(node, label)):
            where = f"{label}[{i}]"
            if isinstance(item, yaml.ScalarNode):
                name = self.scalar(item, where)
                if name:
                    pos = self.pos(item)
                    out.append(Record(pos, {"name": name}, {"name": pos}, label=where))
                continue
            rec = self.mapping(item, ENTITY_FIELDS[etype], where)
            if rec and "name" in rec.values:
                out.append(rec)
        return out

    def relations(self, node: yaml.Node, label: str) -> list[Record]:
        out = []
        for i, item in enumerate(self.items(node, label)):
            rec = self.mapping(item, RELATION_FIELDS, f"{label}[{i}]")
            if rec and {"subject", "type", "object"} <= rec.values.keys():
                out.append(rec)
        return out


def decode(raw: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text with any BOM dropped and line endings made ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            Pos(path, line, col),
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "save it with UTF-8 encoding",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: str, problems: Problems) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from the body: (yaml, body, first body line)."""
    lines = text.split("\n")
    if not lines or not _BOUNDARY.fullmatch(lines[0]):
        problems.add(
            Pos(path, 1, 1),
            "the file has no front matter",
            "start it with a line '---', the YAML keys, and another '---'",
        )
        return None
    for i in range(1, len(lines)):
        if _BOUNDARY.fullmatch(lines[i]) or lines[i].rstrip() == "...":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    problems.add(
        Pos(path, 1, 1),
        "the front matter block is never closed",
        "add a line '---' after the last YAML key",
    )
    return None


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases: ``*name`` repeats (and can nest or
    loop) a value, which no annotation needs and which could make a small file
    expand without end."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases such as '*name' are not supported", event.start_mark
            )
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


#: libyaml's parser, when PyYAML was built with it.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)

#: PyYAML's description of a syntax error -> what an editor should do about it.
_YAML_REMEDIES = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "put quotes around a value that contains ': '"),
    ("aliases such as", "put quotes around a value that starts with '*'"),
    ("expected ',' or ']'", "close the list with ']' or quote the items"),
    ("expected ',' or '}'", "close the mapping with '}' or quote the values"),
    ("found unexpected end of stream", "close the quotes"),
    ("could not find expected ':'", "write one 'key: value' per line"),
    ("that cannot start any token", "put quotes around the value"),
    ("found duplicate anchor", "put quotes around values that start with '&'"),
    ("did not find expected key", "check the indentation: keys of one mapping line up"),
    ("did not find expected '-' indicator", "check the indentation of the list items"),
)


def _yaml_remedy(problem: str) -> str:
    for needle, remedy in _YAML_REMEDIES:
        if needle in problem:
            return remedy
    return "fix the YAML syntax (check indentation, colons and quotes)"


def compose(fm: str, path: str, problems: Problems) -> yaml.Node | Literal[False] | None:
    """The front matter's YAML node tree, or ``False`` after reporting why not.

    Positions are of the file: the YAML starts on line 2, after ``---``.
    """
    if bad := _UNREADABLE.search(fm):
        before = fm[: bad.start()]
        line = before.count("\n") + 2
        col = bad.start() - (before.rfind("\n") + 1) + 1
        problems.add(
            Pos(path, line, col),
            f"the front matter holds the invisible control character U+{ord(bad.group()):04X}",
            "retype the value; remove characters copied from other programs",
        )
        return False
    if _FAST_LOADER is not None and "*" not in fm:
        # Without a '*' there can be no alias, so libyaml composes the same
        # node tree, about twenty times faster. Any error is reported by the
        # pure-Python parser below, whose messages the remedies are written for.
        try:
            return yaml.compose(fm, Loader=_FAST_LOADER)  # type: ignore[no-any-return]
        except (yaml.YAMLError, RecursionError):
            pass
    try:
        return yaml.compose(fm, Loader=_Loader)  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        what = exc.problem or exc.context or "syntax error"
        problems.add(
            Pos(path, line, col),
            f"the front matter is not valid YAML: {what}",
            _yaml_remedy(what),
        )
    except yaml.YAMLError as exc:
        problems.add(
            Pos(path, 2, 1),
            f"the front matter is not valid YAML: {exc}",
            "fix the YAML syntax (check indentation, colons and quotes)",
        )
    except RecursionError:
        problems.add(
            Pos(path, 2, 1),
            "the front matter is nested too deeply",
            "write lists and mappings at most a few levels deep",
        )
    return False


def parse_source(raw: bytes, path: str, kind: str, problems: Problems) -> Source | None:
    """Parse one file's bytes into a Source; problems go to ``problems``."""
    text = decode(raw, path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(
            Pos(path, 1, 1), "the file is empty", "add front matter and text, or delete the file"
        )
        return None
    parts = split_front_matter(text, path, problems)
    if parts is None:
        return None
    fm, body, body_line = parts
    node = compose(fm, path, problems)
    if node is False:
        return None
    reader = _Reader(path, 1, problems)
    fields = ARTICLE_FIELDS if kind == "article" else entity_file_fields(kind)
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
        node.start_mark = yaml.Mark(path, 0, 0, 0, None, 0)
    record = reader.mapping(node, fields, "")
    if record is None:
        return None
    return Source(path, kind, record, body, body_line, fm)


def default_id(path: str) -> str:
    """The id a file gets when its front matter sets none: its slugified stem."""
    return slugify(Path(path).stem)


_FOLDERS = {"articles": "article", **ENTITY_TYPES}


def walk_files(base: Path) -> list[tuple[str, ...]]:
    """Every file under ``base`` as its path parts below it, sorted as paths sort.

    Folders linked into ``base`` are not entered, as with ``Path.rglob``;
    ``os.walk`` and string parts cost a fraction of ``pathlib``'s objects,
    and a ``mkdocs serve`` rebuild lists every file of the dossier.
    """
    found: list[tuple[str, ...]] = []
    for folder, _dirs, names in os.walk(base):
        below = os.path.relpath(folder, base)
        parts = () if below == os.curdir else tuple(below.split(os.sep))
        found.extend((*parts, name) for name in names)
    found.sort()
    return found


def _shown_prefix(root: Path) -> str:
    """What a source's display path starts with: the dossier folder's name."""
    return f"{root.name}/" if root.name else ""


def discover(root: Path) -> list[tuple[str, str, Path]]:
    """Every source file under ``root``, as (display path, kind, file), sorted."""
    prefix = _shown_prefix(root)
    out = []
    for folder, kind in _FOLDERS.items():
        base = root / folder
        if not base.is_dir():
            continue
        for parts in walk_files(base):
            if parts[-1].endswith(".md"):
                shown = f"{prefix}{folder}/{'/'.join(parts)}"
                out.append((shown, kind, base.joinpath(*parts)))
    return out


def suffix_of(name: str) -> str:
    """``Path(name).suffix``."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


#: Text files an editor may have meant as a source, but that are not read.
_MISNAMED = {".markdown", ".mdown", ".mkd", ".txt", ".yml", ".yaml"}
#: Markdown files at the top of the dossier folder that are notes, not sources.
_NOTES = {"readme.md", "index.md", "license.md", "changelog.md"}


def report_unread(root: Path, problems: Problems) -> None:
    """Say which files under ``root`` look like sources but are never read.

    An article saved as ``.markdown`` or put in ``peolpe/`` would otherwise
    vanish from the site without a word.
    """
    prefix = _shown_prefix(root)
    for parts in walk_files(root):
        if any(part.startswith(".") for part in parts):
            continue
        name = parts[-1]
        suffix = suffix_of(name).lower()
        folder = parts[0] if len(parts) > 1 else ""
        if folder in _FOLDERS:
            if suffix not in _MISNAMED:
                continue
            what = f"the file is not read: only '.md' files in {folder}/ are"
            remedy = f"rename it to '{name[: len(name) - len(suffix)]}.md'"
        elif suffix in {".md", ".markdown"} and (folder or name.lower() not in _NOTES):
            where = f"folder '{folder}/'" if folder else "top of the dossier folder"
            what = f"the file is not read: the {where} holds no sources"
            hint = did_you_mean(folder, _FOLDERS) if folder else ""
            remedy = hint or f"move it into one of: {', '.join(f'{f}/' for f in _FOLDERS)}"
        else:
            continue
        if root.joinpath(*parts).is_file():  # not a dangling link or a socket
            problems.add(Pos(prefix + "/".join(parts)), what, remedy)


def _not_regular(file: Path) -> str | None:
    """What ``file`` is if it is no regular file (after following links), else None."""
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        return "a link to a file that does not exist"
    except OSError as err:
        return f"unreadable ({err.strerror or err})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(file: Path, shown: str, problems: Problems) -> bytes | None:
    """The bytes of ``file``, or None after reporting why it is skipped.

    A named pipe would block the build for ever and a device could be read
    without end, so only regular files (or links to one) are ever opened.
    """
    what = _not_regular(file)
    if what is None:
        try:
            return file.read_bytes()
        except OSError as err:
            what = f"unreadable ({err.strerror or err})"
    problems.add(
        Pos(shown),
        f"the file is {what}; it is skipped",
        "replace it with the file itself, or remove it",
    )
    return None


def load_sources(root: Path, problems: Problems, memo: Memo = fresh) -> list[Source]:
    """Read and parse every source under ``root``; ``memo`` may keep each file's parse."""
    report_unread(root, problems)
    sources = []
    for shown, kind, file in discover(root):
        raw = read_regular(file, shown, problems)
        if raw is None:
            continue
        # Shared: nothing after parsing changes a source or its record; what
        # is made of them (articles, entities) is made anew from their values.
        made = partial(_parsed, raw, shown, kind)
        source, found = memo("source", (shown, kind, raw), made, shared=True)
        problems.extend(found)
        if source is not None:
            sources.append(source)
    return sources


def _parsed(raw: bytes, path: str, kind: str) -> tuple[Source | None, list[Problem]]:
    """One file's source and the problems it has: all it gives depends on these inputs."""
    problems = Problems()
    return parse_source(raw, path, kind, problems), problems.items
