"""``dossier import``: a raw article as received becomes a dossier article.

A raw article is plain text as copied from a news site (a headline, an image
file name and its caption, paragraphs, a credit line, then the page's
furniture), or Markdown. What the text states becomes front matter; the
paragraphs become the body, in the text's own words.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from mkdocs_dossier.authoring.yamledit import Document
from mkdocs_dossier.core.model import PartialDate, slugify

#: An image file name at the start of a line, before the caption that follows it.
_IMAGE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|tiff?)\b\s*", re.IGNORECASE)
#: Lines a news page adds around every article: comment forms, page links.
_FURNITURE = re.compile(
    r"^(?:add (?:a |your )?comments?\b|view (?:full|desktop|mobile) site$|comments are approved"
    r"|leave a (?:comment|reply)|share (?:this|on)\b|print$|e-?mail$|tweet$|copyright\b|©"
    r"|related (?:stories|articles)$|read more$|subscribe\b)",
    re.IGNORECASE,
)
#: Where the comment form starts, everything after it is the page, not the article.
_TAIL = re.compile(r"^add (?:a |your )?comments?$", re.IGNORECASE)
#: RFA's credit line: "Reported by X. Translated by Y. Written in English by Z."
_CREDIT = re.compile(
    r"^(?:Reported|Written) by (?P<reporter>[^.]+(?:\.[^ .][^.]*)*)\.(?P<rest>.*)$"
)
_TRANSLATED = re.compile(r"\bTranslated(?: from \w+)? by (?P<name>[^.]+?)\.")
_WRITTEN = re.compile(r"\bWritten in English by (?P<name>[^.]+?)\.")
_BYLINE = re.compile(r"^By (?P<name>[A-Z][^\d,]{2,60}?)(?:,\s*(?P<source>[^\d]+))?$")
_URL = re.compile(r"^(?:URL:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)
_SOURCE = re.compile(r"^(?:Source|Publisher):\s*(?P<source>.+)$", re.IGNORECASE)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_MONTHS["sept"] = 9
#: "Nov. 14, 2017", "November 14, 2017", "14 November 2017", "2017-11-14".
_FULL_DATE = re.compile(
    r"\b(?:(?P<mon>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2}),? (?P<year>(?:19|20)\d\d)"
    r"|(?P<day2>\d{1,2}) (?P<mon2>[A-Z][a-z]{2,8})\.? (?P<year2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b"
)
#: Publishers whose credit line names them by their initials.
_PUBLISHERS = {"RFA": "Radio Free Asia"}


@dataclass
class Raw:
    """What a raw article states, and its body as Markdown blocks."""

    title: str = ""
    date: PartialDate | None = None
    source: str = ""
    url: str = ""
    byline: str = ""
    translator: str = ""
    blocks: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def full_date(text: str) -> PartialDate | None:
    """The first date with day, month and year written in ``text``."""
    for m in _FULL_DATE.finditer(text):
        if m.group("iso"):
            try:
                return PartialDate.parse(m.group("iso"))
            except ValueError:
                continue
        mon = (m.group("mon") or m.group("mon2")).lower()
        day, year = m.group("day") or m.group("day2"), m.group("year") or m.group("year2")
        if mon in _MONTHS:
            try:
                return PartialDate.parse(f"{year}-{_MONTHS[mon]:02d}-{int(day):02d}")
            except ValueError:
                continue
    return None


def _paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, each on one line (a raw text wraps nothing)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]


_MD_SPECIAL = re.compile(r"([\\`*_<>])")
_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|={3,}|-{3,})")


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as written (no emphasis, code, HTML or list)."""
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("](", "]\\(")
    return "\\" + text if _BLOCK_START.match(text) else text


def _is_heading(block: str, index: int) -> bool:
    """A short line without closing punctuation between paragraphs: a crosshead."""
    words = block.split()
    return (
        index > 0
        and len(words) <= 8
        and not re.search(r"[.!?:;,\"”’)]$", block)
        and block[:1].isupper()
    )


def _credit(block: str, raw: Raw) -> bool:
    """Read an RFA-style credit line into ``raw``; whether ``block`` was one."""
    m = _CREDIT.match(block)
    if not m:
        return False
    rest = m.group("rest") + " "
    translated, written = _TRANSLATED.search(rest), _WRITTEN.search(rest)
    if translated:
        raw.translator = translated.group("name").strip()
    raw.byline = (written.group("name") if written else m.group("reporter")).strip()
    for initials, name in _PUBLISHERS.items():
        if re.search(rf"\b{initials}\b", m.group("reporter")):
            raw.source = raw.source or name
    return True


def parse_text(text: str) -> Raw:
    """Read a raw plain-text article."""
    raw = Raw()
    blocks = _paragraphs(text)
    for i, block in enumerate(blocks):
        if _TAIL.match(block):
            break
        if not raw.title:
            raw.title = block
            continue
        if _FURNITURE.match(block):
            continue
        if m := _URL.match(block):
            raw.url = raw.url or m.group("url")
            continue
        if m := _SOURCE.match(block):
            raw.source = m.group("source").strip()
            continue
        if (m := _BYLINE.match(block)) and not raw.byline:
            raw.byline = m.group("name").strip()
            raw.source = raw.source or (m.group("source") or "").strip()
            continue
        if (d := full_date(block)) and _FULL_DATE.fullmatch(block.strip(" .")):
            raw.date = raw.date or d
            continue
        if image := _IMAGE.match(block):
            caption = block[image.end() :].strip()
            if caption:
                raw.date = raw.date or full_date(caption)
                raw.blocks.append(f"*{escape(caption)}*")
            continue
        if _credit(block, raw):
            raw.blocks.append(escape(block))
            continue
        raw.blocks.append(f"## {escape(block)}" if _is_heading(block, i) else escape(block))
    raw.date = raw.date or full_date(" ".join(raw.blocks[:2]))
    return raw


_MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*$")


def parse_markdown(text: str) -> Raw:
    """Read a raw Markdown article: its first ``#`` heading is the headline."""
    raw = Raw()
    kept: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").lstrip("\ufeff")):
        block = block.strip("\n")
        if not block.strip():
            continue
        flat = " ".join(block.split())
        if _TAIL.match(flat):
            break
        if not raw.title and (m := _MD_TITLE.match(flat)):
            raw.title = m.group(1)
            continue
        if _FURNITURE.match(flat) or re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", flat):
            continue
        if _credit(flat, raw):
            kept.append(block)
            continue
        if (m := _BYLINE.match(flat)) and not raw.byline:
            raw.byline = m.group("name").strip()
            continue
        if m := _URL.match(flat):
            raw.url = raw.url or m.group("url")
            continue
        kept.append(block)
    if not raw.title and kept:
        raw.title = re.sub(r"^#+\s*", "", " ".join(kept.pop(0).split()))
    raw.blocks = kept
    raw.date = full_date(" ".join(kept[:2]))
    return raw


def parse_raw(path: Path) -> Raw:
    """A raw article file: Markdown if its name says so, plain text otherwise."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".md", ".markdown"):
        return parse_markdown(text)
    return parse_text(text)


def initials(name: str) -> str:
    """'Radio Free Asia' -> 'rfa': how a publisher is abbreviated in ids."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in {"of", "the", "and"}]
    if len(words) == 1:
        return slugify(words[0])
    return "".join(w[0] for w in words).lower()


def default_id(raw: Raw) -> str:
    """``<publisher>-<date>-<first three words of the headline>``, as the example's."""
    parts = [initials(raw.source) if raw.source else "", raw.date.iso() if raw.date else ""]
    head = "-".join(slugify(raw.title).split("-")[:3])
    return "-".join(p for p in (*parts, head) if p) or "article"


def front_matter(raw: Raw, seed: str) -> CommentedMap:
    """The article's front matter: what the text states, in the documented key order."""
    front = CommentedMap()
    front["title"] = raw.title
    front["date"] = raw.date.first_day() if raw.date and raw.date.day else None
    if raw.date is None:
        front.yaml_add_eol_comment("the text states no date: write YYYY-MM-DD", "date")
    for key in ("source", "url", "byline", "translator"):
        if value := getattr(raw, key):
            front[key] = value
    front["seed"] = seed
    return front


def seed_path(raw_file: Path, site_root: Path) -> str:
    """The raw file as the site's folder sees it (``seeds/...``), else as given."""
    try:
        return raw_file.resolve().relative_to(site_root.resolve()).as_posix()
    except ValueError:
        return raw_file.as_posix()


def import_file(raw_file: Path, root: Path, ident: str | None = None) -> Path:
    """Write ``root/articles/<id>.md`` from ``raw_file``; never overwrite an article.

    Raises FileExistsError (the article is there) or ValueError (no headline).
    """
    raw = parse_raw(raw_file)
    if not raw.title:
        raise ValueError("the file holds no text")
    target = root / "articles" / f"{ident or default_id(raw)}.md"
    doc = Document(front_matter(raw, seed_path(raw_file, root.parent)), "\n" + raw.body)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": fails if it exists
        out.write(doc.text())
    return target
