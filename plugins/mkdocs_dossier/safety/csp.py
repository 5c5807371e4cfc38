"""A Content-Security-Policy for every page: the second wall behind the sanitiser.

The sanitiser (``sanitize.py``) keeps scripts out of what editors' Markdown
becomes. Should something slip through it, the page's policy still stops it
running: scripts only from the site itself, plus the inline scripts the
theme wrote, each allowed by the SHA-256 of its exact text. The hashes are
computed from the finished page; inline scripts inside a generated page's
content (which comes from dossier/) are never hashed, so one that got there
is refused. A ``<meta http-equiv>`` policy is what a static site can set
itself; ``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored
there, so the host's headers must set those.

Nothing here knows MkDocs: the plugin gives the page, the part of it that is
dossier content, the tile server and the site owner's additions.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

#: Types of ``<script>`` a browser runs (absent, JavaScript, module); others
#: (``application/json``) are data and need no hash.
_RUNNABLE = frozenset(
    {
        "",
        "text/javascript",
        "application/javascript",
        "module",
        "text/ecmascript",
        "application/ecmascript",
    }
)

#: The policy every page starts from, before hashes, the theme's own
#: origins, the tile server and the site owner's additions. Styles may be
#: inline: the themes and Leaflet set them, and CSS runs no script.
BASE: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

#: Directives a ``<meta>`` policy cannot carry (the browser ignores them there).
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})

_DIRECTIVE = re.compile(r"[a-z][a-z-]*\Z")
#: Font files of a stylesheet from Google Fonts come from this host.
_FONT_HOSTS = {"fonts.googleapis.com": "https://fonts.gstatic.com"}


@dataclass(frozen=True)
class InlineScript:
    """One ``<script>`` of a page without ``src``: its text, as the browser hashes it."""

    text: str

    @property
    def source(self) -> str:
        """Its CSP source expression, ``'sha256-…'``."""
        digest = hashlib.sha256(self.text.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class Found:
    """The inline runnable scripts of a page, and the origins it loads scripts and styles from."""

    inline: list[InlineScript] = field(default_factory=list)
    script_origins: list[str] = field(default_factory=list)
    style_origins: list[str] = field(default_factory=list)


# Only the tags that matter are looked at (a full HTML parse of every page
# took 1.4 s a megabyte): comments are skipped, a script runs to the first
# </script (as the HTML parser reads it), attribute values may hold '>'.
_ATTRS = r"""((?:"[^"]*"|'[^']*'|[^'">])*)"""
_TAGS = re.compile(
    rf"<!--.*?(?:-->|\Z)|<script\b{_ATTRS}>|<link\b{_ATTRS}>",
    re.IGNORECASE | re.DOTALL,
)
#: Where a script's text ends. Searched for apart from its start tag: a lazy
#: ``(.*?)`` up to it tried this at every character, a third of a page's scan.
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_START = re.compile(r"<(?:!--|script\b|link\b)", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


def _attributes(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in _ATTR.findall(text):
        out.setdefault(name.lower(), unescape(value.strip("\"'") if value[:1] in "\"'" else value))
    return out


def _as_browser_reads(text: str) -> str:
    """Script text as the HTML parser gives it to the hash: newlines normalised, NUL replaced."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _origin(url: str) -> str:
    """``https://host[:port]`` of an absolute http(s) URL; empty for the site's own."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    if not parts.scheme and url.strip().startswith("//") and parts.netloc:
        return f"https://{parts.netloc.lower()}"
    return ""


def scan(html: str) -> Found:
    """The inline scripts and external origins of a page (or a piece of one)."""
    found = Found()
    at = 0
    while (start := _START.search(html, at)) is not None:
        match = _TAGS.match(html, start.start())
        if match is None:
            at = start.end()
            continue
        at = match.end()
        script, link = match.groups()
        if script is not None:
            end = _SCRIPT_END.search(html, at)
            body = html[at : end.start() if end else len(html)]
            at = end.end() if end else len(html)
            attrs = _attributes(script)
            if "src" in attrs:
                found.script_origins.append(_origin(attrs["src"]))
            elif attrs.get("type", "").strip().lower() in _RUNNABLE:
                found.inline.append(InlineScript(_as_browser_reads(body)))
        elif link is not None:
            attrs = _attributes(link)
            if "stylesheet" in attrs.get("rel", "").lower().split():
                found.style_origins.append(_origin(attrs.get("href", "")))
    return found


def tile_source(url_template: str | None) -> str | None:
    """The ``img-src`` source of a tile URL template: ``https://tile.example.org``.

    A ``{s}`` (any ``{…}``) as the host's first label stands for its
    subdomains: ``https://*.tile.example.org``.
    """
    if not url_template:
        return None
    parts = urlsplit(url_template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    first, _, rest = parts.netloc.partition(".")
    if "{" in rest:  # a placeholder deeper in the host: no source names it exactly
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{'*' if '{' in first else first}{'.' if rest else ''}{rest}"


def parse_extra(text: str) -> dict[str, tuple[str, ...]]:
    """The site owner's additions, written as a policy: ``script-src https://a; img-src https:``.

    Raises ValueError, saying what to write, for a malformed directive.
    """
    out: dict[str, tuple[str, ...]] = {}
    for part in text.split(";"):
        words = part.split()
        if not words:
            continue
        name, sources = words[0].lower(), tuple(words[1:])
        if not _DIRECTIVE.match(name):
            raise ValueError(f"'{words[0]}' is not a directive name; write e.g. 'img-src https:'")
        if name in HEADER_ONLY:
            raise ValueError(
                f"'{name}' has no effect in a page's <meta> policy; "
                "set it in the web server's Content-Security-Policy header"
            )
        if any("," in source for source in sources):
            raise ValueError(
                f"'{part.strip()}' has a comma; separate sources with spaces, directives with ';'"
            )
        out[name] = out.get(name, ()) + sources
    return out


@dataclass(frozen=True)
class SitePolicy:
    """What every page of one site allows, before its own inline scripts' hashes."""

    directives: dict[str, tuple[str, ...]]

    @classmethod
    def make(cls, tiles_url: str | None = None, extra: str = "") -> SitePolicy:
        directives = dict(BASE)
        tiles = tile_source(tiles_url)
        if tiles:
            directives["img-src"] += (tiles,)
        for name, sources in parse_extra(extra).items():
            base = directives.get(name, directives["default-src"] if name.endswith("-src") else ())
            directives[name] = _unique(base + sources)
        return cls(directives)

    def for_page(self, html: str, content: str = "", own: str = "") -> str:
        """The policy of one finished page.

        ``content`` is the part of it that holds dossier/ text, ``own`` the
        part of that a site editor wrote in docs/ (the page around the
        blocks filled in). Inline scripts of ``content`` that are not in
        ``own`` are left out of the hashes, so they do not run, and what
        they load from elsewhere is not allowed. The theme's own stylesheet
        and script origins (a CDN it loads from) are.
        """
        page = scan(html)
        inline = Counter(s.source for s in page.inline)
        scripts = Counter(page.script_origins)
        styles = Counter(page.style_origins)
        if content:
            untrusted, trusted = scan(content), scan(own)
            inline -= Counter(s.source for s in untrusted.inline) - Counter(
                s.source for s in trusted.inline
            )
            scripts -= Counter(untrusted.script_origins) - Counter(trusted.script_origins)
            styles -= Counter(untrusted.style_origins) - Counter(trusted.style_origins)
        fonts = [
            _FONT_HOSTS[urlsplit(o).netloc] for o in styles if urlsplit(o).netloc in _FONT_HOSTS
        ]
        directives = dict(self.directives)
        directives["script-src"] += (*inline, *filter(None, scripts))
        directives["style-src"] += tuple(filter(None, styles))
        directives["font-src"] += tuple(fonts)
        return _text(directives)


def _text(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} {' '.join(_unique(sources))}" for name, sources in directives.items())


def _unique(sources: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(sources))


_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)


def with_policy(html: str, policy: str) -> str:
    """``html`` with its policy as the first thing in ``<head>`` after the charset.

    A policy in a ``<meta>`` covers only what comes after it, so it goes
    before every script and stylesheet. A page without ``<head>`` is left as
    it is.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    charset = _CHARSET.match(html, head.end())
    at = charset.end() if charset is not None else head.end()
    return html[:at] + "\n" + _meta(policy) + html[at:]


def _meta(policy: str) -> str:
    # The attribute is double-quoted; a policy's quotes are single ones.
    text = policy.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f'<meta http-equiv="Content-Security-Policy" content="{text}">'


_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def allow_added_scripts(before: bytes, after: bytes) -> bytes:
    """``after`` (``before`` with scripts added to it) whose policy allows the added inline ones.

    ``mkdocs serve`` adds its live-reload script, inline, to every page it
    serves; without its hash in the policy, the preview would not reload.
    """
    text = after.decode("utf-8", errors="surrogateescape")
    meta = _META.search(text)
    if meta is None:
        return after
    added = Counter(s.source for s in scan(text).inline)
    added -= Counter(s.source for s in scan(before.decode("utf-8", errors="replace")).inline)
    if not added:
        return after
    directives: dict[str, tuple[str, ...]] = {}
    for part in unescape(meta.group(1)).split(";"):
        name, *sources = part.split()
        directives[name] = tuple(sources)
    directives["script-src"] = directives.get("script-src", ()) + tuple(added)
    out = text[: meta.start()] + _meta(_text(directives)) + text[meta.end() :]
    return out.encode("utf-8", errors="surrogateescape")
