"""Fixtures for the SMS channel tests: a store, editions, a channel and a fake gateway."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from gov_disclosure_sms.channel import SmsChannel, SmsSettings
from gov_disclosure_sms.tables import metadata
from pytest_httpserver import HTTPServer
from sms_testlib import DAYTIME, FakeGateway, make_context, make_edition
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from gov_disclosure.channels import PublishedEdition


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = create_engine(f"sqlite:///{tmp_path / 'store.db'}")
    metadata.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def edition() -> PublishedEdition:
    return make_edition()


@pytest.fixture
def make_channel(tmp_path: Path, engine: Engine) -> Callable[..., SmsChannel]:
    """Build a channel: ``make_channel(now=..., transport_obj=..., **settings)``."""
    built: list[SmsChannel] = []

    def build(now: datetime = DAYTIME, transport_obj: Any = None, **settings: Any) -> SmsChannel:
        settings.setdefault("backoff_seconds", 0.01)
        channel = SmsChannel(
            SmsSettings(**settings), make_context(tmp_path, engine, now), transport=transport_obj
        )
        built.append(channel)
        return channel

    yield build
    for channel in built:
        channel.close()


@pytest.fixture
def gateway(httpserver: HTTPServer) -> FakeGateway:
    fake = FakeGateway()
    httpserver.expect_request("/sms", method="POST").respond_with_handler(fake)
    return fake


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()
