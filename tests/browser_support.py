"""Pytest plugin for tests that look at the built site as readers do.

It serves the example site on a loopback port under the path of its
``site_url`` (``/cambodia-dossier/``), starts Debian's Chromium once per
session through Playwright, and answers every request that would leave the
machine itself: map tiles get a blank PNG, anything else is refused. So no
test needs the network, and every request is recorded for the privacy tests.

Missing Chromium (or Java, for the HTML checker) skips these tests with a
loud banner on a developer's machine, and fails them in CI (``CI=true``),
where a skip would hide that nothing was tested.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from struct import pack
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.pipeline import load_dossier

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))
#: Flags for a quiet, reproducible headless Chromium that phones nowhere.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
#: Where screenshots go, for people to look at (gitignored).
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

_missing: list[str] = []

PERSON = "people/kem-sokha/"
PARTY = "parties/cnrp/"
PLACE = "places/kampong-trach/"


@pytest.fixture(scope="session")
def dossier() -> Dossier:
    """The example dossier as the core reads it: what the pages should show."""
    return load_dossier(ROOT / "dossier")


def first_of_type(dossier: Dossier, etype: str) -> str:
    return f"{dossier.of_type(etype)[0].key}/"


def reader_pages(dossier: Dossier) -> list[str]:
    """One page of each kind a reader meets."""
    article = next(iter(dossier.articles))
    return [
        "",
        "people/",
        "places/",
        "events/",
        "articles/",
        PERSON,
        PARTY,
        PLACE,
        first_of_type(dossier, "organization"),
        first_of_type(dossier, "event"),
        f"articles/{article}/",
        "graph/",
    ]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(what: str, ok: bool, remedy: str) -> None:
    """Skip (locally) or fail (in CI) when a tool the test needs is missing."""
    if ok:
        return
    message = f"{what} is missing, so these tests did not run; {remedy}"
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    if message not in _missing:
        _missing.append(message)
    pytest.skip(f"!!! {message}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly, at the end of the run, which reader-facing tests were skipped."""
    for message in _missing:
        terminalreporter.write_sep("!", "SKIPPED BROWSER/STANDARDS TESTS", red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)


def blank_png(size: int = 256) -> bytes:
    """A fully transparent square PNG, the stand-in for every map tile."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00" * 4 * size for _ in range(size))
    header = pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


# -- serving ------------------------------------------------------------------


def site_url(mkdocs_yml: Path) -> str:
    """The ``site_url`` of a site, ending in ``/`` (``http://localhost/`` if unset)."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    url = config.get("site_url") or "http://localhost/"
    return url if url.endswith("/") else url + "/"


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site only under its site_url path, as its real web server would.

    ``sitemap.xml`` names pages by their absolute site_url addresses;
    mkdocs-material's instant navigation only intercepts links it finds there
    (matching scheme, host AND port), so the sitemap is served with site_url
    replaced by the loopback address, as if the site were deployed there.
    """

    prefix = "/"
    site_url = ""
    base = ""

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            self.send_error(404, "outside the site's path")
            return None
        if path.endswith("/sitemap.xml") and self.site_url:
            return self._sitemap()
        return super().send_head()

    def _sitemap(self) -> Any:
        file = Path(self.translate_path(self.path))
        if not file.is_file():
            return super().send_head()
        body = file.read_text(encoding="utf-8").replace(self.site_url, self.base).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read what they need from the browser."""


@dataclass
class Served:
    """A built site on a loopback port."""

    root: Path
    base: str  # http://127.0.0.1:PORT/cambodia-dossier/

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"


def serve(site_dir: Path, url: str) -> tuple[Served, Callable[[], None]]:
    """Serve ``site_dir`` on a loopback port under the path of ``url`` (its site_url)."""
    prefix = urlsplit(url).path or "/"
    handler_class = type("Handler", (_Handler,), {"prefix": prefix, "site_url": url})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler_class, directory=str(site_dir))
    )
    server.daemon_threads = True
    handler_class.base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return Served(site_dir, handler_class.base), stop


@pytest.fixture(scope="session")
def served_site(example_site: Path) -> Iterator[Served]:
    """The example site, built once, served under its site_url path."""
    served, stop = serve(example_site / "site", site_url(example_site / "mkdocs.yml"))
    yield served
    stop()


@pytest.fixture(scope="session")
def served_builtin_theme_site(example_site_builtin_theme: Path) -> Iterator[Served]:
    """The example site on MkDocs' own theme, served under its site_url path."""
    site = example_site_builtin_theme
    served, stop = serve(site / "site", site_url(site / "mkdocs.yml"))
    yield served
    stop()


# -- the browser --------------------------------------------------------------


@dataclass
class Traffic:
    """Every request the browser made, and those answered by the test itself."""

    requests: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.requests.clear()
        self.tiles.clear()
        self.refused.clear()


_TILE = re.compile(r"/\d+/\d+/\d+(@2x)?\.(png|jpe?g|webp)(\?.*)?$")


def _intercept(traffic: Traffic, local: str, tile: bytes) -> Callable[[Any], None]:
    """Route handler: local requests pass, tiles get a blank PNG, the rest is refused."""

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(local) or url.startswith(("data:", "blob:")):
            route.continue_()
        elif _TILE.search(urlsplit(url).path + ("?" + urlsplit(url).query)):
            traffic.tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=tile)
        else:
            traffic.refused.append(url)
            route.abort("blockedbyclient")

    return handle


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched once for the whole session.

    Playwright gives every launch a fresh temporary user-data-dir, and each
    context below is a separate, empty profile on top of it.
    """
    require(
        f"Chromium ({CHROMIUM})",
        CHROMIUM.exists(),
        "install it with `apt-get install chromium` (never `playwright install`)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        require("Playwright for Python", False, "pip install -e '.[test]'")
    downloads = tempfile.mkdtemp(prefix="dossier-pw-")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            downloads_path=downloads,
        )
        yield browser
        browser.close()
    shutil.rmtree(downloads, ignore_errors=True)


@pytest.fixture(scope="session")
def traffic() -> Traffic:
    return Traffic()


def new_context(browser: Any, served: Served, traffic: Traffic, **options: Any) -> Any:
    """A fresh, empty browser profile whose requests are recorded and kept local."""
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(**options)
    context.on("request", lambda request: traffic.requests.append(request.url))
    context.route("**/*", _intercept(traffic, served.origin + "/", blank_png()))
    return context


@pytest.fixture(scope="session")
def desktop(chromium: Any, served_site: Served, traffic: Traffic) -> Iterator[Any]:
    """A desktop-sized browser context shared by the session's tests."""
    context = new_context(chromium, served_site, traffic)
    yield context
    context.close()


@pytest.fixture(scope="session")
def mobile(chromium: Any, served_site: Served, traffic: Traffic) -> Iterator[Any]:
    """A phone-sized context (390x844, touch, mobile layout)."""
    context = new_context(
        chromium,
        served_site,
        traffic,
        viewport=MOBILE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context
    context.close()


@pytest.fixture(scope="session")
def no_js(chromium: Any, served_site: Served, traffic: Traffic) -> Iterator[Any]:
    """A context with JavaScript disabled, as some readers browse."""
    context = new_context(chromium, served_site, traffic, java_script_enabled=False)
    yield context
    context.close()


class Tab:
    """A browser page plus the console errors and page errors it collected."""

    def __init__(self, page: Any, served: Served) -> None:
        self.page = page
        self.served = served
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} at {message.location}")

    def open(self, path: str = "") -> Any:
        """Load a page of the site and wait until it and its scripts settled."""
        self.page.goto(self.served.url(path), wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def tab(desktop: Any, served_site: Served) -> Iterator[Tab]:
    """A fresh tab in the shared desktop context."""
    page = desktop.new_page()
    yield Tab(page, served_site)
    page.close()


@pytest.fixture
def mobile_tab(mobile: Any, served_site: Served) -> Iterator[Tab]:
    page = mobile.new_page()
    yield Tab(page, served_site)
    page.close()


@pytest.fixture
def no_js_tab(no_js: Any, served_site: Served) -> Iterator[Tab]:
    page = no_js.new_page()
    yield Tab(page, served_site)
    page.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# -- accessibility ------------------------------------------------------------


@dataclass(frozen=True)
class AllowedAxe:
    """An axe finding on a theme's own markup or colours."""

    rule: str
    selector: str  # CSS selector the node must match
    reason: str
    #: For colour contrast: the text colour (axe's ``fgColor``) that is the theme's.
    color: str | None = None


#: axe findings on the themes' own markup; none is ours.
THEME_AXE = (
    AllowedAxe(
        "aria-dialog-name",
        ".md-search",
        "mkdocs-material's search overlay has role=dialog but no accessible name "
        "(partials/search.html); the search input inside it is labelled 'Search'",
    ),
    AllowedAxe(
        "color-contrast",
        "a",
        "MkDocs' own theme (Bootswatch Cerulean) colours every link #2fa4e7: 2.8:1 on "
        "white, under WCAG's 4.5:1; a site that wants better sets its own link colour",
        color="#2fa4e7",
    ),
    # Moderate: a check of serious and critical findings only never meets it.
    AllowedAxe(
        "region",
        ".navbar-brand, .navbar-collapse",
        "MkDocs' own theme puts its site name and menu in a <div class=navbar>, not in a "
        "<header> or <nav> landmark (mkdocs/themes/mkdocs/base.html)",
    ),
)


def theme_axe(page: Any, rule: str, node: dict[str, Any]) -> bool:
    """Whether an axe finding's node is one of THEME_AXE's: the theme's, not ours."""
    target = node["target"][0]
    color = next((check["data"].get("fgColor") for check in node["any"] if check["data"]), None)
    return any(
        rule == allowed.rule
        and (allowed.color is None or allowed.color == color)
        and page.locator(target).first.evaluate("(el, s) => el.matches(s)", allowed.selector)
        for allowed in THEME_AXE
    )


def axe_findings(page: Any, impacts: tuple[str, ...] | None = None) -> list[str]:
    """axe-core's findings on the page as it is, but the themes' own (THEME_AXE).

    ``impacts``: only findings of these (``("serious", "critical")``); every one by default.
    Each is ``rule (impact): the node's HTML``.
    """
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{violation['id']} ({violation['impact']}): {node['html'][:120]}"
        for violation in Axe().run(page).response["violations"]
        if impacts is None or violation["impact"] in impacts
        for node in violation["nodes"]
        if not theme_axe(page, violation["id"], node)
    ]
