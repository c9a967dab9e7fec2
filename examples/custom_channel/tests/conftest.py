"""Fixtures: a real SMTP server on localhost (aiosmtpd), an edition, a channel factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from email_testlib import RECIPIENTS, Server, make_context, make_edition, running_server
from gov_disclosure.channels import PublishedEdition

from gov_disclosure_email import EmailChannel, EmailSettings


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """An SMTP server on 127.0.0.1 with AUTH (no TLS), stopped after the test."""
    with running_server(auth_require_tls=False) as server:
        yield server


@pytest.fixture
def edition() -> PublishedEdition:
    return make_edition()


@pytest.fixture
def make_channel(tmp_path: Path, smtp_server: Server) -> Callable[..., EmailChannel]:
    """``make_channel(**settings)``: a channel pointed at the test server."""

    def build(**settings: Any) -> EmailChannel:
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": smtp_server.port,
            "sender": "gongkai@example.gov.cn",
            "recipients": RECIPIENTS,
            "timeout_seconds": 5,
        }
        values.update(settings)
        return EmailChannel(EmailSettings(**values), make_context(tmp_path))

    return build
