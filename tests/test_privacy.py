"""A reader's browser contacts nobody but the site itself.

Readers of a dossier may be watched; loading a page must not tell a font
service, an analytics host or a CDN who reads what. Every request Chromium
makes while pages load is recorded (requests that would leave the machine
are answered or refused by the test, so nothing actually leaves).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import Served, Tab, Traffic, new_context, reader_pages
from mkdocs_dossier.maps import tile_layer

pytestmark = pytest.mark.browser


@pytest.fixture
def recorded(chromium: Any, served_site: Served) -> Iterator[tuple[Tab, Traffic]]:
    """A fresh context whose requests alone are recorded."""
    traffic = Traffic()
    context = new_context(chromium, served_site, traffic)
    tab = Tab(context.new_page(), served_site)
    yield tab, traffic
    context.close()


def tile_request(url: str) -> bool:
    """A request for a map tile of the configured provider: the one allowed third party.

    Sites that must contact nobody set the plugin option ``tiles: none``.
    """
    template = tile_layer("OpenStreetMap.Mapnik")["url"]
    pattern = re.escape(template)
    for field, value in (
        ("s", "[a-z]"),
        ("z", r"\d+"),
        ("x", r"\d+"),
        ("y", r"\d+"),
        ("r", "(@2x)?"),
    ):
        pattern = pattern.replace(re.escape("{" + field + "}"), value)
    return re.fullmatch(pattern, url) is not None


def third_party(traffic: Traffic, served: Served) -> list[str]:
    return sorted(
        {
            url
            for url in traffic.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and not url.startswith(served.origin + "/")
            and not tile_request(url)
        }
    )


def test_pages_contact_no_third_party(recorded: tuple[Tab, Traffic], dossier: Any) -> None:
    tab, traffic = recorded
    for path in reader_pages(dossier):
        tab.open(path)
    assert len(traffic.requests) > len(reader_pages(dossier))  # pages, styles, scripts
    assert third_party(traffic, tab.served) == []
