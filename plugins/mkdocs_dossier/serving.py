"""``mkdocs serve``: a rebuild that fails leaves the last good site served.

MkDocs 1.6's server (``mkdocs/livereload``) builds into the folder it serves
and, while a rebuild runs, holds every request until the build's epoch is
"visible". A rebuild that raises never makes it visible: every request hangs
until a later build passes, and the folder holds what the failed build had
written so far (a page with a leaking name, or nothing at all once the leak
scan removed the site).

So after the first build, each rebuild goes into a staging folder beside
the served one (the plugin points ``site_dir`` there in ``on_config``), and
:meth:`StagedServe.build`, which the server calls instead of MkDocs'
builder, puts it in place only when the whole build passed, leak scan and
``--strict`` included. A failed rebuild is reported, its staging folder is
emptied, and the server goes on serving the site it served before; the
pages it serves say the rebuild failed (:meth:`StagedServe.banner`), and
the next save builds again.

For a dirty rebuild (``mkdocs serve --dirty``, ``dossier serve``) the
staging folder must first hold the served site: MkDocs keeps what it does
not build. The two folders swap places after each good build, so the
staging folder is one build behind and :func:`sync_tree` copies only the
files that build changed.
"""

from __future__ import annotations

import os
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

import click
from markupsafe import escape
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

#: What the served pages show while the last rebuild has failed: fixed at
#: the top, above the theme; the message is escaped text.
_BANNER = (
    '<div role="alert" data-dossier-rebuild-failed style="position:sticky;top:0;'
    "z-index:10000;margin:0;padding:.75em 1em;background:#7f1d1d;color:#fff;"
    'font:14px/1.4 sans-serif;white-space:pre-wrap">{}</div>'
)


class StagedServe:
    """Builds the served site's rebuilds aside and swaps in only those that pass."""

    def __init__(
        self,
        served: Path,
        *,
        dirty: bool,
        redact: Callable[[str], str],
        on_failure: Callable[[], None],
    ) -> None:
        #: The folder the server serves (its ``root``); only a good build lands there.
        self.served = served
        #: Where each rebuild is made: the plugin sets ``site_dir`` to it.
        self.staging = served.with_name(served.name + ".next")
        self.dirty = dirty
        #: Cleans a message of protected names (the plugin's, which knows them).
        self.redact = redact
        #: Told when a rebuild failed: the plugin's dirty-build state is the
        #: failed build's, not the served site's.
        self.on_failure = on_failure
        #: The last rebuild's failure, shown on the served pages until one passes.
        self.failure: str | None = None

    def wrap(self, builder: Callable[[], None]) -> Callable[[], None]:
        """The server's builder: MkDocs' ``builder`` run by :meth:`build`."""

        def build() -> None:
            self.build(builder)

        return build

    def build(self, builder: Callable[[], None]) -> None:
        """Run one rebuild into the staging folder; serve it only if it passed.

        Never raises: MkDocs' build loop would leave every request waiting.
        """
        self._prepare()
        try:
            builder()
        except Exception as err:  # whatever failed, the last good site stays
            self._failed(err)
            return
        self._swap()
        if self.failure is not None:
            log.info("the rebuild passed; serving the new site")
        self.failure = None

    def banner(self, html: bytes) -> bytes:
        """``html`` with the last failure shown at the top of its body, if a rebuild failed."""
        if self.failure is None:
            return html
        start = html.find(b"<body")
        end = html.find(b">", start) + 1 if start >= 0 else 0
        note = _BANNER.format(escape(self.failure)).encode("utf-8")
        return html[:end] + note + html[end:]

    def close(self) -> None:
        """Remove the staging folder (MkDocs removes the served one)."""
        shutil.rmtree(self.staging, ignore_errors=True)

    # -- steps ------------------------------------------------------------------

    def _prepare(self) -> None:
        """Make the staging folder hold what a rebuild starts from."""
        if self.dirty:
            sync_tree(self.served, self.staging)
        else:  # MkDocs empties the site folder of a clean build itself
            self.staging.mkdir(parents=True, exist_ok=True)

    def _failed(self, err: Exception) -> None:
        if isinstance(err, click.ClickException):
            # MkDocs' Abort: the error itself is logged above, in the build's words.
            what = err.format_message()
        else:
            # A crash is a bug; its traceback is for the developer, cleaned all the same.
            what = f"{type(err).__name__}: {err}"
            log.error(self.redact("".join(traceback.format_exception(err))).rstrip())
        shutil.rmtree(self.staging, ignore_errors=True)
        self.on_failure()
        self.failure = self.redact(
            f"{self.served.name}/: the rebuild failed ({what}); the server keeps serving "
            "the last site that built, nothing of the failed build; fix the problem "
            "reported above and save again"
        )
        log.error(self.failure)

    def _swap(self) -> None:
        """Put the staging folder in the served one's place; the old site becomes staging.

        The server holds requests while a build runs, so none sees the two renames.
        """
        old = self.served.with_name(self.served.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(self.served, old)
        os.replace(self.staging, self.served)
        os.replace(old, self.staging)


def sync_tree(source: Path, dest: Path) -> None:
    """Make ``dest`` a copy of ``source``, copying only files whose size or time differ.

    Times are kept (``copy2``): MkDocs' dirty build compares a page's
    source with its built file by modification time.
    """
    dest.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for top, dirs, names in os.walk(source):
        rel = Path(top).relative_to(source)
        (dest / rel).mkdir(exist_ok=True)
        wanted.update(rel / d for d in dirs)
        for name in names:
            wanted.add(rel / name)
            src, dst = Path(top, name), dest / rel / name
            if not _same(src, dst):
                shutil.copy2(src, dst)
    for top, dirs, names in os.walk(dest, topdown=False):
        rel = Path(top).relative_to(dest)
        for name in names:
            if rel / name not in wanted:
                (dest / rel / name).unlink()
        for name in dirs:
            if rel / name not in wanted:
                shutil.rmtree(dest / rel / name, ignore_errors=True)


def _same(src: Path, dst: Path) -> bool:
    try:
        a, b = src.stat(), dst.stat()
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
