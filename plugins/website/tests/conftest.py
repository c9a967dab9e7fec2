"""Fixtures: a channel over the sample catalogue of 示例镇, and a local web server."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gov_disclosure_website import WebsiteChannel, WebsiteSettings
from website_testlib import BASE_URL, ORGANIZATION, Catalogue

from gov_disclosure.channels import ChannelContext, PublishedEdition
from testsupport.samples import sample_editions


@pytest.fixture
def editions(tmp_path: Path) -> list[PublishedEdition]:
    return sample_editions(tmp_path / "stored")


@pytest.fixture
def catalogue(editions: list[PublishedEdition]) -> Catalogue:
    return Catalogue(editions)


@pytest.fixture
def make_channel(tmp_path: Path, catalogue: Catalogue) -> Callable[..., WebsiteChannel]:
    def make(out: str = "site", **settings: Any) -> WebsiteChannel:
        context = ChannelContext(
            data_dir=tmp_path,
            catalogue=catalogue.live,
            withdrawn=catalogue.withdrawn,
            organization=ORGANIZATION,
        )
        settings.setdefault("base_url", BASE_URL)
        return WebsiteChannel(WebsiteSettings(out_dir=tmp_path / out, **settings), context)

    return make


@pytest.fixture
def channel(make_channel: Callable[..., WebsiteChannel]) -> WebsiteChannel:
    ch = make_channel()
    ch.rebuild()
    return ch


@pytest.fixture
def site(channel: WebsiteChannel) -> Path:
    return channel.out_dir


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1 (a free port); returns the base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
