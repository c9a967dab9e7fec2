"""Fixtures for the kiosk tests: a catalogue the tests change, a channel over it, servers."""

from __future__ import annotations

import functools
import threading
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from gov_disclosure_kiosk import KioskChannel, KioskSettings

from gov_disclosure.channels import ChannelContext
from testsupport.catalogue import Catalogue
from testsupport.samples import sample_editions

BASE_URL = "https://gk.example.gov.cn"
#: 2026-03-06: the 低保 notice (ends 03-12) and the tender notice (ends 03-08) are still up.
NOW = datetime(2026, 3, 6, 9, 30)


@pytest.fixture(autouse=True)
def trusted_office_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test office's signing key (where the channel looks for it), trusted by every
    kiosk of the test through ``$GOV_DISCLOSURE_KIOSK_TRUSTED_KEYS``, as a kiosk whose
    trusted-keys file was installed with it."""
    from gov_disclosure_kiosk import signing
    from gov_disclosure_kiosk.sync import TRUSTED_ENV

    key = signing.load_or_create(tmp_path / "data-private" / "kiosk-signing.key")
    trusted = tmp_path / "office-trusted-keys"
    trusted.write_text(signing.public_text(key) + "\n", encoding="ascii")
    monkeypatch.setenv(TRUSTED_ENV, str(trusted))
    return signing.public_text(key)


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return Catalogue(sample_editions(tmp_path / "attachments"))


@pytest.fixture
def context(tmp_path: Path, catalogue: Catalogue) -> ChannelContext:
    return ChannelContext(
        data_dir=tmp_path / "data",
        catalogue=catalogue,
        organization={"name": "示例镇人民政府"},
        site={"base_url": BASE_URL},
        now=lambda: NOW,
    )


@pytest.fixture
def make_channel(context: ChannelContext):
    def make(**settings: object) -> KioskChannel:
        return KioskChannel(KioskSettings(**settings), context)

    return make


@pytest.fixture
def channel(make_channel) -> KioskChannel:
    return make_channel(shards=8)


@pytest.fixture
def bundle(channel: KioskChannel) -> Path:
    """A built bundle of the sample catalogue."""
    return channel.rebuild().root


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve():
    """``serve(folder) -> base URL``: a real web server on 127.0.0.1 for the test's length."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
